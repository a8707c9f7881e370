// The provenance core: evidence fills what the model leaves unstated, stated values win, contradictions
// are drift tied to the controls that read the property, and findings say where a judged value came from.
import { describe, expect, it } from 'vitest';
import { Control, type Control as ControlT } from '../src/catalog/control.js';
import type { Catalog } from '../src/catalog/load.js';
import { assess } from '../src/engine/assess.js';
import { driftMessage } from '../src/engine/drift.js';
import { loadModel } from '../src/model/load.js';
import { renderJson } from '../src/output/json.js';
import { AssessmentJson } from '../src/output/json-schema.js';
import { mergeEvidence } from '../src/model/merge-evidence.js';
import type { PropertyEvidence } from '../src/model/provenance.js';

function control(partial: Record<string, unknown>): ControlT {
  return Control.parse({
    id: 'TEST-001', title: 'test control', area: 'device', severity: 'medium', stride: ['S'],
    source: { document: 'doc', section: 'sec', quote: 'q' }, rationale: 'r', remediation: ['fix'], ...partial,
  });
}

const x509 = control({ id: 'TEST-001', appliesTo: { kinds: ['device'] }, check: { path: 'identity.method', in: ['x509-ca', 'x509-self-signed'] } });
const tls = control({ id: 'TEST-002', appliesTo: { kinds: ['flow'] }, check: { path: 'tls', in: ['1.2', '1.3'] } });
const catalog: Catalog = { name: 'test', version: '1', documents: [], controls: [x509, tls], origins: new Map() };

const MODEL = `solution: { name: s }
devices:
  - id: stated
    identity: { method: x509-ca }
  - id: silent
services:
  - id: hub
    type: iot-hub
flows:
  - { id: f1, from: silent, to: hub }
`;

function load(text = MODEL) {
  const r = loadModel(new TextEncoder().encode(text), 'm.yaml', { controls: new Set(['TEST-001', 'TEST-002']), threats: new Set() });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.loaded;
}

function observed(element: string, property: string, value: string, line = 14, extra: Partial<PropertyEvidence> = {}): PropertyEvidence {
  return { element, property, value, observed: 'connects with a SharedAccessKey connection string', provenance: { source: 'code', location: { file: 'src/device.ts', line, column: 7 }, collector: 'device-auth' }, ...extra };
}

describe('mergeEvidence', () => {
  it('fills unstated properties without touching the model, and keeps stated ones', () => {
    const loaded = load();
    const before = JSON.stringify(loaded.model);
    const m = mergeEvidence(loaded.index, [observed('silent', 'identity.method', 'symmetric-key'), observed('stated', 'identity.method', 'symmetric-key')]);
    expect((m.index.byId.get('silent')!.data.identity as { method: string }).method).toBe('symmetric-key');
    expect((m.index.byId.get('stated')!.data.identity as { method: string }).method).toBe('x509-ca');
    expect(m.filled.get('silent')?.get('identity.method')?.location.line).toBe(14);
    expect(m.drift).toHaveLength(1);
    expect(m.drift[0]).toMatchObject({ element: 'stated', property: 'identity.method', stated: 'x509-ca', statedPath: ['devices', 0, 'identity', 'method'] });
    expect(JSON.stringify(loaded.model)).toBe(before);
    expect(loaded.index.byId.get('silent')!.data.identity).toBeUndefined();
  });

  it('does not fill a property observations disagree on, and says so', () => {
    const m = mergeEvidence(load().index, [observed('silent', 'identity.method', 'symmetric-key'), observed('silent', 'identity.method', 'tpm', 20)]);
    expect(m.index.byId.get('silent')!.data.identity).toBeUndefined();
    expect(m.contested).toHaveLength(1);
  });

  it('an observation of several possible values fills nothing but contradicts a value outside them', () => {
    const oneOf = (el: string) => ({ element: el, property: 'identity.method', oneOf: ['x509-ca', 'x509-self-signed'], observed: 'uses an X.509 certificate', provenance: { source: 'code' as const, location: { file: 'a.ts', line: 1, column: 1 }, collector: 'device-auth' } });
    const m = mergeEvidence(load().index, [oneOf('silent'), oneOf('stated')]);
    expect(m.index.byId.get('silent')!.data.identity).toBeUndefined();
    expect(m.drift).toHaveLength(0);
    const withSas = load(MODEL.replace('method: x509-ca', 'method: symmetric-key'));
    expect(mergeEvidence(withSas.index, [oneOf('stated')]).drift).toHaveLength(1);
  });

  it('keeps observations of unknown elements apart and is independent of input order', () => {
    const list = [observed('nobody', 'identity.method', 'tpm'), observed('silent', 'identity.method', 'tpm', 3), observed('stated', 'identity.method', 'tpm', 2)];
    const a = mergeEvidence(load().index, list);
    const b = mergeEvidence(load().index, [...list].reverse());
    expect(a.orphans.map((o) => o.element)).toEqual(['nobody']);
    expect(JSON.stringify({ ...a, index: undefined, filled: [...a.filled] })).toBe(JSON.stringify({ ...b, index: undefined, filled: [...b.filled] }));
  });
});

describe('assess with evidence', () => {
  it('without evidence nothing changes (no origin, no drift)', () => {
    const a = assess(load(), catalog, { today: '2026-12-01' });
    expect(a.drift).toBeUndefined();
    expect(a.findings.every((f) => f.origin === undefined)).toBe(true);
    expect(a.findings.find((f) => f.element === 'silent')!.status).toBe('unknown');
  });

  it('a finding decided by a filled value says where it came from', () => {
    const a = assess(load(), catalog, { today: '2026-12-01', evidence: [observed('silent', 'identity.method', 'symmetric-key'), observed('f1', 'tls', '1.0', 30)] });
    const silent = a.findings.find((f) => f.control === 'TEST-001' && f.element === 'silent')!;
    expect(silent.status).toBe('gap');
    expect(silent.origin).toEqual({ source: 'code', location: { file: 'src/device.ts', line: 14, column: 7 }, collector: 'device-auth' });
    expect(silent.reason).toContain('from code at src/device.ts:14:7 (device-auth)');
    expect(silent.unstated).toBeUndefined();
    const flow = a.findings.find((f) => f.control === 'TEST-002')!;
    expect(flow.status).toBe('gap');
    expect(flow.origin?.location.line).toBe(30);
    // The stated element is judged on what the model says, and its finding carries no origin.
    const stated = a.findings.find((f) => f.control === 'TEST-001' && f.element === 'stated')!;
    expect(stated.status).toBe('met');
    expect(stated.origin).toBeUndefined();
  });

  it('a contradiction is a high-severity drift finding with both places, the control and a sentence', () => {
    const a = assess(load(), catalog, { today: '2026-12-01', evidence: [observed('stated', 'identity.method', 'symmetric-key'), observed('stated', 'identity.method', 'symmetric-key', 40)] });
    expect(a.drift).toHaveLength(1);
    const d = a.drift![0]!;
    expect(d).toMatchObject({ id: 'stated:identity.method', severity: 'high', controls: ['TEST-001'], stated: { value: 'x509-ca', location: { file: 'm.yaml', line: 4, column: 17 } } });
    expect(d.alsoAt.map((p) => p.location.line)).toEqual([40]);
    expect(driftMessage(d, 'm.yaml')).toMatch(/^stated: the model says .* is .*X\.509.* \(m\.yaml:4:17\); src\/device\.ts:14:7 connects with a SharedAccessKey connection string \(code: .*, device-auth\)$/);
  });
});

describe('JSON with evidence', () => {
  const evidence = [observed('stated', 'identity.method', 'symmetric-key'), observed('silent', 'identity.method', 'symmetric-key', 20), observed('ghost', 'tls', '1.0', 2)];
  const json = (ev?: PropertyEvidence[]) => {
    const loaded = load();
    return JSON.parse(renderJson(assess(loaded, catalog, { today: '2026-12-01', ...(ev ? { evidence: ev } : {}) }), { modelBytes: new TextEncoder().encode(MODEL), file: 'm.yaml' }));
  };

  it('has drift, evidence with effects and finding provenance, and keeps to its contract', () => {
    const doc = json(evidence);
    expect(AssessmentJson.safeParse(doc).success).toBe(true);
    expect(doc.drift.map((d: { id: string }) => d.id)).toEqual(['stated:identity.method']);
    expect(doc.drift[0].observed).toMatchObject({ source: 'code', location: { file: 'src/device.ts', line: 14, column: 7 }, collector: 'device-auth', value: 'symmetric-key' });
    expect(doc.evidence.map((e: { element: string; effect: string }) => `${e.element}:${e.effect}`)).toEqual(['ghost:no-element', 'silent:filled', 'stated:contradicts']);
    const f = doc.findings.find((x: { id: string }) => x.id === 'TEST-001@silent');
    expect(f.provenance).toEqual({ source: 'code', location: { file: 'src/device.ts', line: 20, column: 7 }, collector: 'device-auth' });
  });

  it('without evidence has neither array, and is byte-identical across runs with it', () => {
    const doc = json();
    expect(doc.drift).toBeUndefined();
    expect(doc.evidence).toBeUndefined();
    expect(JSON.stringify(json(evidence))).toBe(JSON.stringify(json([...evidence].reverse())));
  });
});
