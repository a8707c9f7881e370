// The engine on small catalogs of its own: statuses, reasons, locations, decisions, determinism.
import { describe, expect, it } from 'vitest';
import { Control, type Control as ControlT } from '../src/catalog/control.js';
import type { Catalog } from '../src/catalog/load.js';
import { assess } from '../src/engine/assess.js';
import { renderJson } from '../src/output/json.js';
import { loadModel } from '../src/model/load.js';

function control(partial: Record<string, unknown>): ControlT {
  return Control.parse({
    id: 'TEST-001',
    title: 'test control',
    area: 'device',
    severity: 'high',
    stride: ['S'],
    source: { document: 'doc', section: 'sec', quote: 'q' },
    rationale: 'r',
    remediation: ['fix'],
    ...partial,
  });
}

function catalogOf(...controls: ControlT[]): Catalog {
  return { name: 'test', version: '1', documents: [], controls, origins: new Map() };
}

function run(text: string, cat: Catalog, today = '2026-11-23') {
  const ids = { controls: new Set(cat.controls.map((c) => c.id)), threats: new Set<string>() };
  const bytes = new TextEncoder().encode(text);
  const r = loadModel(bytes, 'm.yaml', ids);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return { a: assess(r.loaded, cat, { today }), bytes };
}

const keyScope = control({
  id: 'TEST-001',
  appliesTo: { kinds: ['device'], when: { path: 'kind', notEquals: 'legacy' } },
  check: { path: 'identity.keyScope', equals: 'per-device' },
});

const model = `solution:
  name: engine
devices:
  - id: good
    kind: sensor
    identity:
      keyScope: per-device
  - id: bad
    kind: sensor
    identity:
      keyScope: shared
  - id: silent
    kind: actuator
  - id: old
    kind: legacy
  - id: maybe
    kind: legacy
`;

describe('statuses', () => {
  it('met, gap, unknown and not-applicable with reasons and locations', () => {
    const { a } = run(model, catalogOf(keyScope));
    const by = Object.fromEntries(a.findings.map((f) => [f.element, f]));
    expect(by.good!.status).toBe('met');
    expect(by.bad!.status).toBe('gap');
    expect(by.bad!.reason).toBe('the scope of the device key is shared between devices (expected unique to each device)');
    expect(a.loaded.source.locate(by.bad!.path)).toEqual({ file: 'm.yaml', line: 11, column: 7 });
    expect(by.silent!.status).toBe('unknown');
    expect(by.silent!.reason).toBe('the scope of the device key is not stated in the model');
    expect(a.loaded.source.locate(by.silent!.path)).toEqual({ file: 'm.yaml', line: 12, column: 5 });
    expect(by.old!.status).toBe('not-applicable');
    expect(a.summary.byStatus).toMatchObject({ met: 1, gap: 1, unknown: 1, 'not-applicable': 2 });
  });

  it('an unknown applicability condition makes the status unknown, never met', () => {
    const c = control({ appliesTo: { kinds: ['device'], when: { path: 'deployment', equals: 'public' } }, check: { path: 'hardware.tamperDetection', equals: true } });
    const { a } = run('solution: { name: x }\ndevices:\n  - { id: d, hardware: { tamperDetection: true } }\n', catalogOf(c));
    expect(a.findings[0]).toMatchObject({ status: 'unknown', reason: 'it is not clear whether this applies: the physical exposure of the device is not stated in the model' });
  });

  it('three-valued all / any / not', () => {
    const c = control({
      appliesTo: { kinds: ['device'] },
      check: { any: [{ path: 'hardware.tpm', equals: true }, { all: [{ path: 'hardware.hsm', equals: true }, { not: { path: 'identity.storage', equals: 'file' } }] }] },
    });
    const text = `solution: { name: x }
devices:
  - { id: tpm, hardware: { tpm: true } }
  - { id: hsm, hardware: { tpm: false, hsm: true }, identity: { storage: hsm } }
  - { id: file, hardware: { tpm: false, hsm: true }, identity: { storage: file } }
  - { id: half, hardware: { tpm: false, hsm: true } }
  - { id: none, hardware: { tpm: false, hsm: false } }
  - { id: tpm-unknown, hardware: { hsm: false } }
`;
    const { a } = run(text, catalogOf(c));
    expect(Object.fromEntries(a.findings.map((f) => [f.element, f.status]))).toEqual({
      tpm: 'met', hsm: 'met', file: 'gap', half: 'unknown', none: 'gap', 'tpm-unknown': 'unknown',
    });
    expect(a.findings.find((f) => f.element === 'file')!.reason).toBe('the presence of a TPM: no (expected yes); where the device credential is stored is a file (expected not a file)');
  });

  it('every / some over lists, and $facts across elements', () => {
    const exportsMi = control({ appliesTo: { kinds: ['service'], when: { path: 'exports', exists: true } }, check: { every: { path: 'exports', check: { path: 'auth', equals: 'managed-identity' } } } });
    const flowTls = control({ id: 'TEST-002', appliesTo: { kinds: ['flow'], when: { path: '$crossesBoundary', equals: true } }, check: { path: 'tls', in: ['1.2', '1.3'] } });
    const text = `solution: { name: x }
boundaries: [{ id: site }, { id: cloud }]
devices: [{ id: d, boundary: site }, { id: e, boundary: site }, { id: loose }]
services:
  - { id: ok, boundary: cloud, exports: [{ to: st, auth: managed-identity }] }
  - { id: cs, exports: [{ to: st, auth: managed-identity }, { to: st, auth: connection-string }] }
  - { id: unk, exports: [{ to: st }] }
  - { id: st, boundary: cloud }
flows:
  - { id: up, from: d, to: ok, tls: "1.2" }
  - { id: old, from: d, to: ok, tls: "1.0" }
  - { id: local, from: d, to: e }
  - { id: where, from: loose, to: ok, tls: none }
`;
    const { a } = run(text, catalogOf(exportsMi, flowTls));
    expect(a.findings.map((f) => `${f.control}@${f.element}=${f.status}`)).toEqual([
      'TEST-001@ok=met', 'TEST-001@cs=gap', 'TEST-001@unk=unknown', 'TEST-001@st=not-applicable',
      'TEST-002@up=met', 'TEST-002@old=gap', 'TEST-002@local=not-applicable', 'TEST-002@where=unknown',
    ]);
    expect(a.findings[1]!.reason).toBe('how a data export authenticates is a connection string (expected a managed identity)');
  });

  it('architecture excludes controls of the other tab', () => {
    const edgeOnly = control({ appliesTo: { kinds: ['device'], architecture: 'edge' }, check: { path: 'count', gte: 1 } });
    const { a } = run('solution: { name: x, architecture: cloud }\ndevices: [{ id: d, count: 3 }]\n', catalogOf(edgeOnly));
    expect(a.findings[0]!.status).toBe('not-applicable');
    const both = run('solution: { name: x }\ndevices: [{ id: d, count: 3 }]\n', catalogOf(edgeOnly)).a;
    expect(both.findings[0]!.status).toBe('met');
  });
});

describe('risk decisions', () => {
  const text = (expires: string) => `${model}risks:
  - { control: TEST-001, element: bad, status: accepted, justification: compensated by network isolation, owner: ciso, expires: ${expires} }
  - { control: TEST-001, element: good, status: false-positive, justification: nothing to accept }
`;
  it('a live decision turns a gap into accepted', () => {
    const { a } = run(text('2027-01-31'), catalogOf(keyScope));
    const bad = a.findings.find((f) => f.element === 'bad')!;
    expect(bad).toMatchObject({ status: 'accepted', acceptedFrom: 'gap', decision: 0 });
    expect(a.decisions[0]).toMatchObject({ state: 'live', covers: ['TEST-001@bad'] });
  });
  it('an expired decision stops applying and is reported', () => {
    const { a } = run(text('2026-11-22'), catalogOf(keyScope));
    expect(a.findings.find((f) => f.element === 'bad')!.status).toBe('gap');
    expect(a.decisions[0]!.state).toBe('expired');
    expect(a.warnings.map((w) => `${w.line}:${w.column} ${w.code}`)).toContain('19:120 decision-expired');
  });
  it('a decision expiring today still applies', () => {
    const { a } = run(text('2026-11-23'), catalogOf(keyScope));
    expect(a.findings.find((f) => f.element === 'bad')!.status).toBe('accepted');
  });
  it('a decision that matches nothing is a warning with its location, not an error', () => {
    const { a } = run(text('2027-01-31'), catalogOf(keyScope));
    expect(a.warnings.map((w) => `${w.line}:${w.column} ${w.code}`)).toEqual(['20:5 decision-matches-nothing']);
  });
  it('a renewed decision listed after the expired one it replaces applies', () => {
    const text = `${model}risks:
  - { control: TEST-001, element: bad, status: accepted, justification: first, expires: 2026-01-31 }
  - { control: TEST-001, element: bad, status: accepted, justification: renewed, expires: 2027-01-31 }
`;
    const { a } = run(text, catalogOf(keyScope));
    expect(a.findings.find((f) => f.element === 'bad')).toMatchObject({ status: 'accepted', decision: 1 });
    expect(a.decisions.map((d) => [d.index, d.state, d.covers])).toEqual([[0, 'expired', []], [1, 'live', ['TEST-001@bad']]]);
  });
  it('a decision without element covers every gap and unknown of the control', () => {
    const { a } = run(`${model}risks:\n  - { control: TEST-001, status: mitigated, justification: WAF }\n`, catalogOf(keyScope));
    expect(a.findings.filter((f) => f.status === 'accepted').map((f) => f.element)).toEqual(['bad', 'silent']);
  });
});

describe('JSON output', () => {
  it('is byte-identical across runs and carries the contract fields', () => {
    const one = run(model, catalogOf(keyScope));
    const two = run(model, catalogOf(keyScope));
    const j1 = renderJson(one.a, { modelBytes: one.bytes });
    expect(renderJson(two.a, { modelBytes: two.bytes })).toBe(j1);
    const doc = JSON.parse(j1);
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'tool', 'solution', 'model', 'catalog', 'summary', 'findings', 'threats', 'stride', 'compliance', 'decisions', 'warnings']);
    expect(doc.findings[0]).toEqual({
      id: 'TEST-001@good', control: 'TEST-001', title: 'test control', area: 'device', element: 'good', elementKind: 'device',
      status: 'met', severity: 'high', stride: ['S'], reason: 'the scope of the device key is unique to each device (expected unique to each device)',
      location: { file: 'm.yaml', line: 7, column: 7 }, source: { document: 'doc', section: 'sec' },
      frameworks: {}, remediation: [], references: [],
    });
    expect(doc.findings.map((f: { status: string }) => f.status)).not.toContain('not-applicable');
    expect(doc.summary.bySeverity.high).toEqual({ gap: 1, unknown: 1, accepted: 0, met: 1, 'not-applicable': 2 });
  });
  it('records a date only when asked', () => {
    const { a, bytes } = run(model, catalogOf(keyScope));
    expect(renderJson(a, { modelBytes: bytes })).not.toMatch(/assessmentDate/);
    expect(JSON.parse(renderJson(a, { modelBytes: bytes, assessmentDate: '2026-11-23' })).assessmentDate).toBe('2026-11-23');
  });
});
