// The executive summary's judgement: confirmed (open) risks before assumed (unverified) ones, fleets counted,
// and every unknown turned into a question in plain words.
import { describe, expect, it } from 'vitest';
import { buildReportView } from '../src/report/view-model.js';
import { assessText } from './helpers/model.js';
import { viewOptions } from './helpers/report.js';

const FLEET = `
solution: { name: Fleet, architecture: cloud, environment: production }
boundaries:
  - { id: field, kind: site }
  - { id: azure, kind: cloud }
devices:
  - { id: big, name: Meters, boundary: field, count: 48000, identity: { method: symmetric-key, keyScope: shared, storage: file } }
  - { id: one, name: Lab meter, boundary: field, identity: { method: symmetric-key, keyScope: shared, storage: file } }
  - { id: quiet, name: Unknown sensor, boundary: field }
services:
  - { id: hub, name: Hub, boundary: azure, type: iot-hub, minTls: "1.2" }
flows:
  - { id: f-big, from: big, to: hub, protocol: mqtt, tls: "1.2", auth: sas }
  - { id: f-one, from: one, to: hub, protocol: mqtt, tls: "1.2", auth: sas }
`;

describe('top risks and fix list', () => {
  const a = assessText(FLEET, '2026-12-07');
  const v = buildReportView(a, [], viewOptions());
  const s = v.summary;

  it('lists open threats apart from unverified ones: an unverified threat never pushes out an open one', () => {
    const open = a.threats.filter((t) => t.status === 'open');
    const unverified = a.threats.filter((t) => t.status === 'unverified');
    expect(open.length).toBeGreaterThan(0);
    expect(unverified.length).toBeGreaterThan(0);
    expect(s.topOpen.length).toBe(Math.min(10, open.length));
    expect(s.topOpen.every((r) => r.status.cls === 'th-open')).toBe(true);
    expect(s.topUnverified.every((r) => r.status.cls === 'th-unverified')).toBe(true);
    // Every open critical or high threat is shown when there are at most ten of them.
    const severe = open.filter((t) => t.residual.level === 'critical' || t.residual.level === 'high');
    if (severe.length <= 10) for (const t of severe) expect(s.topOpen.some((r) => r.id === t.threat && r.element.id === t.element)).toBe(true);
  });

  it('shows fleet sizes and ranks the larger fleet first at the same risk', () => {
    const rows = s.topOpen.filter((r) => r.id === 'THR-001');
    expect(rows.map((r) => r.element.id)).toEqual(['big', 'one']);
    expect(rows[0]!.reach).toBe('48,000 devices');
    expect(rows[1]!.reach).toBe('');
    const shared = s.fixFirst.find((f) => f.id === 'CONN-002')!;
    expect(shared.reach).toBe('2 elements · 48,001 devices');
    expect(shared.effort).toMatch(/change$/);
    expect(shared.owner).toBe('the device team');
  });

  it('opens with a narrative: what the solution is, the posture, the things to do first', () => {
    expect(s.story.what).toBe('Fleet is a cloud-based IoT solution with 48,002 devices in 3 device groups, 1 cloud service (IoT Hub) and 2 data flows.');
    expect(s.story.posture).toMatch(/^Its security needs (urgent )?attention: /);
    expect(s.story.first.length).toBe(3);
    for (const f of s.story.first) expect(f.how).toMatch(/^A (configuration|code|hardware|process) change, usually owned by (the cloud team|the device team|operations)$/);
  });
});

describe('questions for the architect', () => {
  const a = assessText(FLEET, '2026-12-07');
  const v = buildReportView(a, [], viewOptions());
  const q = v.questions;

  it('turns every unknown into a question grouped by element, the property in small print', () => {
    const unknownElements = new Set(a.findings.filter((f) => f.status === 'unknown').map((f) => f.element));
    for (const id of unknownElements) if (id !== 'solution') expect(q.groups.some((g) => g.element.id === id), id).toBe(true);
    const quiet = q.groups.find((g) => g.element.id === 'quiet')!;
    const storage = quiet.questions.find((x) => x.property === 'identity.storage')!;
    expect(storage.text).toMatch(/^Where is the device credential stored.*\?$/);
    expect(storage.controls.map((c) => c.id)).toContain('DEV-011');
    // One question per missing property, however many controls need it.
    const props = quiet.questions.map((x) => x.property).filter(Boolean);
    expect(new Set(props).size).toBe(props.length);
  });

  it('writes questions in plain words: no property paths, no tool names', () => {
    for (const g of q.groups) {
      for (const x of g.questions) {
        expect(x.text).toMatch(/\?$/);
        expect(x.text).not.toMatch(/\b[a-z]+\.[a-z][A-Za-z]*\b|\b[a-z]+[A-Z][A-Za-z]*\b|iotsec|risks\[\]/);
      }
    }
  });
});
