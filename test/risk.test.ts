// The risk formula (src/engine/risk.ts, explained in docs/methodology.md): its matrix, adjustments and edge cases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVELS, type Level } from '../src/catalog/threat.js';
import { buildContext } from '../src/engine/context.js';
import {
  compareRisk, inherentRisk, LEVEL_RANK, mitigationSteps, rating, residualRisk, RISK_MATRIX, riskFactors, riskLevel, type RiskFactors,
} from '../src/engine/risk.js';
import { loadText } from './helpers/model.js';

const none: RiskFactors = { exposure: [], criticalData: [] };

describe('the 4×4 matrix', () => {
  it('maps likelihood × impact as stated in docs/methodology.md', () => {
    const rows = LEVELS.map((l) => LEVELS.map((i) => riskLevel(l, i)).join(' '));
    expect(rows).toEqual([
      'low low medium medium',
      'low medium high high',
      'medium high high critical',
      'medium high critical critical',
    ]);
  });
  it('follows the product of the ranks: 1–2 low, 3–4 medium, 6–9 high, 12–16 critical', () => {
    const band = (p: number): Level => (p <= 2 ? 'low' : p <= 4 ? 'medium' : p <= 9 ? 'high' : 'critical');
    for (const l of LEVELS) for (const i of LEVELS) expect(RISK_MATRIX[l][i]).toBe(band(LEVEL_RANK[l] * LEVEL_RANK[i]));
  });
  it('is the matrix docs/methodology.md shows', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'methodology.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => /^\| \*\*(low|medium|high|critical)\*\* \|/.test(l));
    expect(rows.map((l) => l.split('|').slice(2, 6).map((c) => c.trim()).join(' '))).toEqual(
      LEVELS.map((l) => LEVELS.map((i) => riskLevel(l, i)).join(' ')),
    );
  });
  it('is symmetric and never falls when likelihood or impact rises', () => {
    for (const l of LEVELS) {
      for (const i of LEVELS) {
        expect(riskLevel(l, i)).toBe(riskLevel(i, l));
        const up = (x: Level) => LEVELS[Math.min(3, LEVEL_RANK[x])]!;
        expect(LEVEL_RANK[riskLevel(up(l), i)]).toBeGreaterThanOrEqual(LEVEL_RANK[riskLevel(l, i)]);
        expect(LEVEL_RANK[riskLevel(l, up(i))]).toBeGreaterThanOrEqual(LEVEL_RANK[riskLevel(l, i)]);
      }
    }
  });
});

describe('inherent risk', () => {
  it('is the threat rating when nothing is exposed or critical', () => {
    expect(inherentRisk('medium', 'high', none)).toEqual({ likelihood: 'medium', impact: 'high', score: 6, level: 'high' });
    expect(inherentRisk('low', 'low', none)).toEqual({ likelihood: 'low', impact: 'low', score: 1, level: 'low' });
  });
  it('exposure adds one likelihood level however many factors hold', () => {
    expect(inherentRisk('low', 'medium', { exposure: ['internet'], criticalData: [] }).likelihood).toBe('medium');
    expect(inherentRisk('low', 'medium', { exposure: ['internet', 'large-fleet'], criticalData: [] }).likelihood).toBe('medium');
    expect(inherentRisk('low', 'medium', { exposure: ['internet', 'public-deployment', 'large-fleet'], criticalData: [] }).likelihood).toBe('medium');
  });
  it('never goes beyond critical', () => {
    expect(inherentRisk('critical', 'critical', { exposure: ['internet', 'public-deployment'], criticalData: ['firmware', 'personal'] })).toEqual(rating('critical', 'critical'));
    expect(inherentRisk('high', 'medium', { exposure: ['internet', 'public-deployment'], criticalData: [] }).likelihood).toBe('critical');
  });
  it('critical data adds one impact level however many kinds are carried', () => {
    expect(inherentRisk('medium', 'medium', { exposure: [], criticalData: ['commands'] }).impact).toBe('high');
    expect(inherentRisk('medium', 'medium', { exposure: [], criticalData: ['commands', 'credentials', 'firmware', 'personal'] }).impact).toBe('high');
  });
});

describe('residual risk', () => {
  it('one likelihood level per third of the mitigating controls met, rounded down', () => {
    expect([0, 1, 2, 3].map((m) => mitigationSteps(m, 3))).toEqual([0, 1, 2, 3]);
    expect([0, 1, 2, 3, 4].map((m) => mitigationSteps(m, 4))).toEqual([0, 0, 1, 2, 3]);
    expect([0, 1, 2, 3, 4, 5].map((m) => mitigationSteps(m, 5))).toEqual([0, 0, 1, 1, 2, 3]);
    expect([0, 1].map((m) => mitigationSteps(m, 1))).toEqual([0, 3]);
  });
  it('nothing to count lowers nothing; more met than relevant counts as all', () => {
    expect(mitigationSteps(0, 0)).toBe(0);
    expect(mitigationSteps(2, 0)).toBe(0);
    expect(mitigationSteps(5, 3)).toBe(3);
  });
  it('never drops below low likelihood, and leaves impact as it is', () => {
    const inherent = inherentRisk('medium', 'critical', none);
    expect(residualRisk(inherent, 3, 3)).toEqual({ likelihood: 'low', impact: 'critical', score: 4, level: 'medium' });
    expect(residualRisk(inherentRisk('critical', 'critical', none), 3, 3)).toEqual({ likelihood: 'low', impact: 'critical', score: 4, level: 'medium' });
    expect(residualRisk(inherentRisk('critical', 'critical', none), 2, 3)).toEqual({ likelihood: 'medium', impact: 'critical', score: 8, level: 'high' });
    expect(residualRisk(inherent, 0, 3)).toEqual(inherent);
  });
  it('orders ratings by level, then score, then likelihood', () => {
    const list = [rating('low', 'critical'), rating('critical', 'critical'), rating('medium', 'high'), rating('high', 'medium'), rating('high', 'high')];
    expect(list.sort(compareRisk).map((r) => `${r.likelihood}/${r.impact}`)).toEqual([
      'critical/critical', 'high/high', 'high/medium', 'medium/high', 'low/critical',
    ]);
  });
});

describe('exposure and criticality of elements', () => {
  const text = `solution: { name: factors }
boundaries:
  - { id: net, kind: internet }
  - { id: hall, kind: site }
devices:
  - { id: kiosk, boundary: hall, deployment: public, count: 999 }
  - { id: meters, boundary: hall, count: 1000, identity: { enrollmentGroup: grp } }
  - { id: one }
edges:
  - { id: gw, boundary: hall, gatewayFor: [kiosk, one] }
services:
  - id: dps
    type: dps
    enrollmentGroups:
      - { id: grp, attestation: x509 }
  - { id: hub, type: iot-hub }
  - { id: web, type: app-service, boundary: net }
principals:
  - { id: ops, kind: user }
flows:
  - { id: f1, from: meters, to: hub, network: internet, data: [telemetry, firmware] }
  - { id: f2, from: kiosk, to: gw, network: lan, data: [personal] }
  - { id: f3, from: ops, to: hub, data: [commands] }
`;
  const r = loadText(text);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const ctx = buildContext(r.loaded.model, r.loaded.index);
  const f = (id: string) => riskFactors(r.loaded.index.byId.get(id)!, ctx);

  it('a device: its own deployment and count, the flows from or to it', () => {
    expect(f('kiosk')).toEqual({ exposure: ['public-deployment'], criticalData: ['personal'] });
    expect(f('meters')).toEqual({ exposure: ['internet', 'large-fleet'], criticalData: ['firmware'] });
    expect(f('one')).toEqual(none);
  });
  it('a flow: its network and data, and the devices at its ends', () => {
    expect(f('f1')).toEqual({ exposure: ['internet', 'large-fleet'], criticalData: ['firmware'] });
    expect(f('f2')).toEqual({ exposure: ['public-deployment'], criticalData: ['personal'] });
    expect(f('f3')).toEqual({ exposure: [], criticalData: ['commands'] });
  });
  it('an edge: its gateway devices and flow peers; a device without a count counts as one', () => {
    // kiosk 999 + one (unstated: 1) = 1000.
    expect(f('gw')).toEqual({ exposure: ['public-deployment', 'large-fleet'], criticalData: ['personal'] });
  });
  it('a service: devices with a flow to it; its boundary kind', () => {
    expect(f('hub')).toEqual({ exposure: ['internet', 'large-fleet'], criticalData: ['commands', 'firmware'] });
    expect(f('web')).toEqual({ exposure: ['internet'], criticalData: [] });
    expect(f('dps')).toEqual(none);
  });
  it('an enrollment group: its enrolled devices and their flows', () => {
    expect(f('grp')).toEqual({ exposure: ['internet', 'large-fleet'], criticalData: ['firmware'] });
  });
  it('a boundary: what it contains; the solution: everything; a principal: its own flows only', () => {
    expect(f('hall')).toEqual({ exposure: ['internet', 'public-deployment', 'large-fleet'], criticalData: ['firmware', 'personal'] });
    expect(f('net')).toEqual({ exposure: ['internet'], criticalData: [] });
    expect(f('solution')).toEqual({ exposure: ['internet', 'public-deployment', 'large-fleet'], criticalData: ['commands', 'firmware', 'personal'] });
    expect(f('ops')).toEqual({ exposure: [], criticalData: ['commands'] });
  });
});
