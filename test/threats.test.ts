// Threats: one table-driven test over every threat's fixture, then the engine's rules (scope of
// mitigating findings, decisions on threats, expiry, warnings), the JSON contract, loading, and --fail-on.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Control, type Control as ControlT } from '../src/catalog/control.js';
import { loadCatalogDir, type Catalog } from '../src/catalog/load.js';
import { Threat, type Threat as ThreatT } from '../src/catalog/threat.js';
import { assess, type Assessment } from '../src/engine/assess.js';
import { THREAT_STATUSES } from '../src/engine/threats.js';
import { loadModel } from '../src/model/load.js';
import { renderJson } from '../src/output/json.js';
import { cli } from './helpers/cli.js';
import { assessText, builtInCatalog, known, loadText } from './helpers/model.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'threats');
const KEYS = [...THREAT_STATUSES, 'absent'] as const;
type Key = (typeof KEYS)[number];

interface Case {
  model: unknown;
  expect: Partial<Record<Key, string[]>>;
  today?: string;
}
type Fixture = Case | { cases: Case[] };

const catalog = builtInCatalog();

/** Element ids per threat status, and `absent` for elements of the threat's kinds it does not apply to. */
function statusesOf(a: Assessment, threat: ThreatT): Record<Key, string[]> {
  const out = Object.fromEntries(KEYS.map((k) => [k, [] as string[]])) as Record<Key, string[]>;
  const applied = new Set<string>();
  for (const t of a.threats.filter((x) => x.threat === threat.id)) {
    out[t.status].push(t.element);
    applied.add(t.element);
  }
  const kinds = new Set<string>(threat.appliesTo.kinds);
  out.absent = a.loaded.index.all.filter((e) => kinds.has(e.kind) && !applied.has(e.id)).map((e) => e.id);
  for (const k of KEYS) out[k].sort();
  return out;
}

describe('every threat has a fixture', () => {
  it('the library covers every STRIDE letter and every element kind', () => {
    expect(new Set(catalog.threats.map((t) => t.stride))).toEqual(new Set(['S', 'T', 'R', 'I', 'D', 'E']));
    expect(new Set(catalog.threats.flatMap((t) => t.appliesTo.kinds))).toEqual(
      new Set(['solution', 'boundary', 'device', 'edge', 'service', 'enrollment-group', 'principal', 'flow']),
    );
    expect(catalog.threats.length).toBeGreaterThanOrEqual(30);
  });
  it.each(catalog.threats.map((t) => t.id))('%s has test/fixtures/threats/<id>.yaml', (id) => {
    expect(existsSync(join(FIXTURES, `${id}.yaml`))).toBe(true);
  });
  it('no fixture without a threat', () => {
    const ids = new Set(catalog.threats.map((t) => t.id));
    expect(readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe('threat fixtures', () => {
  const ids = catalog.threats.map((t) => t.id).filter((id) => existsSync(join(FIXTURES, `${id}.yaml`)));
  it.each(ids)('%s: exact element ids per status', (id) => {
    const threat = catalog.threats.find((t) => t.id === id)!;
    const fixture = parse(readFileSync(join(FIXTURES, `${id}.yaml`), 'utf8')) as Fixture;
    const cases = 'cases' in fixture ? fixture.cases : [fixture];
    const seen = new Set<Key>();
    cases.forEach((c, i) => {
      const r = loadText(stringify(c.model), `${id}.yaml`, known(catalog));
      if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
      const a = assess(r.loaded, { ...catalog, threats: [threat] }, { today: c.today ?? '2026-11-23' });
      const expected = Object.fromEntries(KEYS.map((k) => [k, [...(c.expect[k] ?? [])].sort()]));
      expect(statusesOf(a, threat), `${id} case ${i + 1}`).toEqual(expected);
      for (const k of KEYS) if ((c.expect[k] ?? []).length) seen.add(k);
    });
    // Every threat is shown open, mitigated, unverified and accepted; one with a condition also not applying.
    for (const k of ['open', 'mitigated', 'unverified', 'accepted'] as const) expect(seen.has(k), `${id} fixture lacks a ${k} case`).toBe(true);
    if (threat.appliesTo.when) expect(seen.has('absent'), `${id} fixture lacks an element it does not apply to`).toBe(true);
  });
});

// ---- The engine on a small catalog of its own --------------------------------------------------

function control(partial: Record<string, unknown>): ControlT {
  return Control.parse({
    title: 't', area: 'device', severity: 'high', stride: ['S'],
    source: { document: 'doc', section: 'sec', quote: 'q' }, rationale: 'r', remediation: ['fix'],
    ...partial,
  });
}

function threat(partial: Record<string, unknown>): ThreatT {
  return Threat.parse({ title: 'test threat', stride: 'S', description: 'd', likelihood: 'medium', impact: 'high', ...partial });
}

const keyScope = control({ id: 'TEST-001', appliesTo: { kinds: ['device'] }, check: { path: 'identity.keyScope', equals: 'per-device' } });
const tls = control({ id: 'TEST-002', appliesTo: { kinds: ['flow'] }, check: { path: 'tls', in: ['1.2', '1.3'] } });
const hubTls = control({ id: 'TEST-003', appliesTo: { kinds: ['service'], when: { path: 'type', equals: 'iot-hub' } }, check: { path: 'minTls', in: ['1.2', '1.3'] } });
const broker = control({ id: 'TEST-004', appliesTo: { kinds: ['edge'] }, check: { path: 'broker.authorization', equals: 'least-privilege' } });

const spoof = threat({
  id: 'THR-901', appliesTo: { kinds: ['device'] }, mitigations: ['TEST-001', 'TEST-004'],
  description: '{name} ({id}, a {kind}) is impersonated',
});
const sniff = threat({
  id: 'THR-902', stride: 'I', appliesTo: { kinds: ['flow'], when: { path: '$crossesBoundary', equals: true } }, mitigations: ['TEST-002', 'TEST-003', 'TEST-001'],
  description: '{name} from {from} to {to} is read',
});

function catalogOf(controls: ControlT[], threats: ThreatT[]): Catalog {
  return { name: 'test', version: '1', documents: [], controls, origins: new Map(), threats };
}

const cat = catalogOf([keyScope, tls, hubTls, broker], [spoof, sniff]);

function run(text: string, c: Catalog = cat, today = '2026-11-23') {
  const ids = { controls: new Set(c.controls.map((x) => x.id)), threats: new Set(c.threats.map((t) => t.id)) };
  const bytes = new TextEncoder().encode(text);
  const r = loadModel(bytes, 'm.yaml', ids);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return { a: assess(r.loaded, c, { today }), bytes };
}

const model = `solution: { name: threats }
boundaries:
  - { id: site, kind: site }
  - { id: cloud, kind: cloud }
devices:
  - { id: good, name: Good sensor, boundary: site, identity: { keyScope: per-device } }
  - { id: bad, boundary: site, identity: { keyScope: shared } }
  - { id: quiet, boundary: site }
  - { id: behind, identity: { keyScope: per-device } }
edges:
  - { id: gw, boundary: site, gatewayFor: [behind], broker: { authorization: broad } }
services:
  - { id: hub, boundary: cloud, type: iot-hub, minTls: "1.2" }
flows:
  - { id: f-good, name: Good telemetry, from: good, to: hub, tls: "1.2" }
  - { id: f-bad, from: bad, to: hub, tls: "1.2" }
  - { id: f-local, from: quiet, to: gw }
`;

const byId = (a: Assessment) => Object.fromEntries(a.threats.map((t) => [`${t.threat}@${t.element}`, t]));

describe('threat status from mitigating findings', () => {
  it('mitigated, open, unverified; scope includes the gateway of a device and the ends of a flow', () => {
    const { a } = run(model);
    const t = byId(a);
    expect(t['THR-901@good']!.status).toBe('mitigated');
    expect(t['THR-901@bad']!.status).toBe('open');
    expect(t['THR-901@quiet']!.status).toBe('unverified');
    // `behind` is met itself, but its gateway's broker is a gap.
    expect(t['THR-901@behind']!.status).toBe('open');
    expect(t['THR-901@behind']!.mitigations).toEqual([
      { control: 'TEST-001', element: 'behind', status: 'met' },
      { control: 'TEST-004', element: 'gw', status: 'gap' },
    ]);
    // A flow counts its own findings and those of both ends: the source device's key scope is a gap.
    expect(t['THR-902@f-good']!.status).toBe('mitigated');
    expect(t['THR-902@f-bad']!.status).toBe('open');
    expect(t['THR-902@f-bad']!.mitigations.map((m) => `${m.control}@${m.element}:${m.status}`)).toEqual([
      'TEST-001@bad:gap', 'TEST-002@f-bad:met', 'TEST-003@hub:met',
    ]);
    // f-local stays inside the site: the threat does not arise.
    expect(t['THR-902@f-local']).toBeUndefined();
  });

  it('open, with the reason, when none of the mitigating controls applies; assumed when the condition is unknown', () => {
    const c = catalogOf([hubTls], [threat({ id: 'THR-903', appliesTo: { kinds: ['service'], when: { path: 'publicNetworkAccess', equals: true } }, mitigations: ['TEST-003'] })]);
    const { a } = run('solution: { name: x }\nservices:\n  - { id: store, type: storage, publicNetworkAccess: true }\n  - { id: hub, type: iot-hub }\n  - { id: private, type: iot-hub, publicNetworkAccess: false }\n', c);
    const t = byId(a);
    expect(t['THR-903@store']).toMatchObject({
      status: 'open', basis: 'none', applicability: 'applies',
      reason: 'Open: no mitigating control of the catalog applies to the service store; nothing mitigates this threat there.',
      mitigations: [{ control: 'TEST-003', element: 'store', status: 'not-applicable' }],
    });
    // Nothing met: the residual risk is the inherent risk.
    expect(t['THR-903@store']!.residual).toEqual(t['THR-903@store']!.inherent);
    expect(t['THR-903@hub']).toMatchObject({ status: 'unverified', applicability: 'assumed', basis: 'controls' });
    expect(t['THR-903@hub']!.reason).toBe('Unverified: no mitigating control has a gap, but the model does not say enough to decide TEST-003 on the service hub.');
    expect(t['THR-903@private']).toBeUndefined();
  });

  it('mitigatedWhen decides on the element\'s own facts only where no mitigating control applies', () => {
    const own = threat({
      id: 'THR-904', stride: 'I', appliesTo: { kinds: ['flow'] }, mitigations: ['TEST-003'],
      mitigatedWhen: { path: 'tls', in: ['1.2', '1.3'] },
    });
    const { a } = run(`solution: { name: x }
services:
  - { id: hub, type: iot-hub, minTls: "1.0" }
  - { id: a, type: storage }
  - { id: b, type: storage }
flows:
  - { id: to-hub, from: a, to: hub, tls: "1.2" }
  - { id: tls12, from: a, to: b, tls: "1.2" }
  - { id: plain, from: a, to: b, tls: none }
  - { id: silent, from: a, to: b }
`, catalogOf([hubTls], [own]));
    const t = byId(a);
    // A control applies (the hub's minimum TLS): it decides, whatever the flow states.
    expect(t['THR-904@to-hub']).toMatchObject({ status: 'open', basis: 'controls' });
    expect(t['THR-904@tls12']).toMatchObject({ status: 'mitigated', basis: 'element' });
    expect(t['THR-904@tls12']!.reason).toBe("Mitigated: no mitigating control of the catalog applies to the flow tls12, but its own properties show the threat mitigated (the TLS version of the flow is TLS 1.2 (expected TLS 1.2 or TLS 1.3)).");
    // Mitigated on its own facts: three levels down, as when every control is met.
    expect(t['THR-904@tls12']!.residual.likelihood).toBe('low');
    expect(t['THR-904@plain']).toMatchObject({ status: 'open', basis: 'element' });
    expect(t['THR-904@plain']!.reason).toContain('the TLS version of the flow is no TLS (plaintext)');
    expect(t['THR-904@plain']!.residual).toEqual(t['THR-904@plain']!.inherent);
    expect(t['THR-904@silent']).toMatchObject({ status: 'unverified', basis: 'element' });
    expect(t['THR-904@silent']!.reason).toContain('the TLS version of the flow is not stated in the model');
  });

  it('a live decision on the threat keeps the reason it was open for', () => {
    const { a } = run(model + 'risks:\n  - { threat: THR-901, element: bad, status: accepted, justification: pilot, owner: ops, expires: 2999-01-01 }\n');
    expect(byId(a)['THR-901@bad']!.reason).toBe('Accepted: a live risk decision covers it (accepted; owner ops; until 2999-01-01). Without it: a mitigating control has a gap (TEST-001 on the device bad).');
  });

  it('descriptions name the element, and for flows its ends', () => {
    const t = byId(run(model).a);
    expect(t['THR-901@good']!.description).toBe('Good sensor (good, a device) is impersonated');
    expect(t['THR-902@f-good']!.description).toBe('Good telemetry from Good sensor to hub is read');
  });

  it('a live decision on every gap of its controls makes a threat accepted', () => {
    const { a } = run(model + 'risks:\n  - { control: TEST-001, element: bad, status: accepted, justification: lab, expires: 2999-01-01 }\n');
    const t = byId(a);
    expect(t['THR-901@bad']).toMatchObject({ status: 'accepted', acceptedFrom: 'open' });
    expect(t['THR-902@f-bad']).toMatchObject({ status: 'accepted', acceptedFrom: 'open' });
  });
});

describe('decisions on threats', () => {
  it('a live decision on a threat accepts its open instances; element narrows it', () => {
    const { a } = run(model + 'risks:\n  - { threat: THR-901, element: bad, status: accepted, justification: pilot, owner: ops, expires: 2999-01-01 }\n  - { threat: THR-902, status: mitigated, justification: VPN }\n');
    const t = byId(a);
    expect(t['THR-901@bad']).toMatchObject({ status: 'accepted', acceptedFrom: 'open', decision: 0 });
    expect(t['THR-901@quiet']!.status).toBe('unverified');
    expect(t['THR-901@behind']!.status).toBe('open');
    expect(t['THR-902@f-bad']).toMatchObject({ status: 'accepted', decision: 1 });
    expect(t['THR-902@f-good']!.status).toBe('mitigated');
    expect(a.decisions.map((o) => [o.index, o.state, o.covers])).toEqual([
      [0, 'live', ['THR-901@bad']],
      [1, 'live', ['THR-902@f-bad']],
    ]);
    expect(a.warnings).toEqual([]);
  });

  it('an expired decision stops applying and is reported where it expires', () => {
    const text = model + 'risks:\n  - { threat: THR-901, element: bad, status: accepted, justification: pilot, expires: 2026-01-31 }\n';
    const { a } = run(text);
    expect(byId(a)['THR-901@bad']).toMatchObject({ status: 'open', decision: 0 });
    expect(a.decisions[0]).toMatchObject({ state: 'expired', covers: ['THR-901@bad'] });
    expect(a.warnings.map((w) => `${w.line}:${w.column} ${w.code}: ${w.message}`)).toEqual([
      "19:78 decision-expired: risk decision for threat 'THR-901' expired on 2026-01-31; its threats count again",
    ]);
    // The day it expires it still holds.
    expect(byId(run(text, cat, '2026-01-31').a)['THR-901@bad']!.status).toBe('accepted');
  });

  it('a decision that matches nothing is a warning with its location, not an error', () => {
    const { a } = run(model + 'risks:\n  - { threat: THR-901, element: good, status: accepted, justification: already fine }\n  - { threat: THR-902, element: f-local, status: false-positive, justification: x }\n');
    expect(a.warnings.map((w) => `${w.line}:${w.column} ${w.code}: ${w.message}`)).toEqual([
      "19:5 decision-matches-nothing: risk decision for threat 'THR-901' on 'good' matches no open or unverified threat",
      "20:5 decision-matches-nothing: risk decision for threat 'THR-902' on 'f-local' matches no open or unverified threat",
    ]);
    expect(byId(a)['THR-901@good']!.status).toBe('mitigated');
  });

  it('a decision naming an unknown threat is a validation error with a suggestion', () => {
    const r = loadText('solution: { name: x }\nrisks:\n  - { threat: THR-0001, status: accepted, justification: j }\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toBe("threat 'THR-0001' is not in the threat library");
    expect(loadText('solution: { name: x }\nrisks:\n  - { threat: THR-001, status: accepted, justification: j }\n').ok).toBe(true);
  });
});

describe('JSON and summary', () => {
  it('threats[] and the STRIDE summary, byte-identical across runs', () => {
    const one = run(model);
    const two = run(model);
    const j1 = renderJson(one.a, { modelBytes: one.bytes });
    expect(renderJson(two.a, { modelBytes: two.bytes })).toBe(j1);
    const doc = JSON.parse(j1);
    expect(doc.catalog).toMatchObject({ threats: 2 });
    expect(doc.threats.map((t: { id: string }) => t.id)).toEqual([
      'THR-901@good', 'THR-901@bad', 'THR-901@quiet', 'THR-901@behind', 'THR-902@f-good', 'THR-902@f-bad',
    ]);
    expect(doc.threats[1]).toEqual({
      id: 'THR-901@bad', threat: 'THR-901', title: 'test threat', stride: 'S', element: 'bad', elementKind: 'device',
      status: 'open', applicability: 'applies', basis: 'controls', reason: 'Open: a mitigating control has a gap (TEST-001 on the device bad).',
      description: 'bad (bad, a device) is impersonated',
      inherentRisk: { likelihood: 'medium', impact: 'high', score: 6, level: 'high' },
      residualRisk: { likelihood: 'medium', impact: 'high', score: 6, level: 'high' },
      factors: { exposure: [], criticalData: [] },
      mitigations: [{ control: 'TEST-001', element: 'bad', status: 'gap', frameworks: {} }],
      references: [],
      location: { file: 'm.yaml', line: 7, column: 5 },
    });
    expect(doc.stride.byLetter.S).toEqual({ open: 2, unverified: 1, accepted: 0, mitigated: 1 });
    expect(doc.stride.byStatus).toEqual({ open: 3, unverified: 1, accepted: 0, mitigated: 2 });
    expect(doc.stride.byElement[0]).toEqual({
      element: 'good', elementKind: 'device',
      threats: { S: 1, T: 0, R: 0, I: 0, D: 0, E: 0 }, open: { S: 0, T: 0, R: 0, I: 0, D: 0, E: 0 },
    });
  });

  it('a met mitigating control lowers residual risk; exposure and critical data raise inherent risk', () => {
    const { a } = run(`solution: { name: r }
devices:
  - { id: d, count: 5000, deployment: public, identity: { keyScope: per-device } }
services:
  - { id: hub, type: iot-hub, minTls: "1.0" }
flows:
  - { id: f, from: d, to: hub, tls: "1.2", network: internet, data: [telemetry, commands] }
`);
    const t = byId(a);
    // medium likelihood + 1 (internet, public, large fleet: one level however many), high impact + 1 (commands).
    expect(t['THR-901@d']!.factors).toEqual({ exposure: ['internet', 'public-deployment', 'large-fleet'], criticalData: ['commands'] });
    expect(t['THR-901@d']!.inherent).toEqual({ likelihood: 'high', impact: 'critical', score: 12, level: 'critical' });
    // 1 of 1 met: three levels down.
    expect(t['THR-901@d']!.residual).toEqual({ likelihood: 'low', impact: 'critical', score: 4, level: 'medium' });
    // 2 of 3 met (flow TLS, device key scope; hub TLS 1.0 is a gap): two levels down, and open.
    expect(t['THR-902@f']).toMatchObject({ status: 'open', inherent: { level: 'critical' }, residual: { likelihood: 'low', impact: 'critical', level: 'medium' } });
  });
});

// ---- Loading the threat library ------------------------------------------------------------------

function catalogDir(threats: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iotsec-threats-'));
  writeFileSync(join(dir, 'catalog.yaml'), 'name: t\nversion: "1"\n');
  mkdirSync(join(dir, 'controls'));
  writeFileSync(join(dir, 'controls', 'DEV-001.yaml'), stringify({ ...keyScope, id: 'DEV-001' }));
  mkdirSync(join(dir, 'threats'));
  for (const [f, text] of Object.entries(threats)) writeFileSync(join(dir, 'threats', f), text);
  return dir;
}

const goodThreat = `id: THR-001
title: t
stride: S
appliesTo: { kinds: [device] }
description: "{name} is spoofed"
likelihood: medium
impact: high
mitigations: [DEV-001]
`;

describe('loading threats', () => {
  it('loads threats/<ID>.yaml next to the controls', () => {
    const r = loadCatalogDir(catalogDir({ 'THR-001.yaml': goodThreat }));
    expect(r.ok && r.catalog.threats.map((t) => t.id)).toEqual(['THR-001']);
  });
  it('reports unknown mitigations, bad fields, placeholders and file names with file:line:col', () => {
    const r = loadCatalogDir(catalogDir({
      'THR-001.yaml': goodThreat.replace('[DEV-001]', '[DEV-001, DEV-0O2]'),
      'THR-002.yaml': goodThreat.replace('THR-001', 'THR-002').replace('stride: S', 'stride: X'),
      'THR-003.yaml': goodThreat.replace('THR-001', 'THR-003').replace('{name} is spoofed', '{name} talks to {to}'),
      'THR-009.yaml': goodThreat.replace('THR-001', 'THR-004'),
      'THR-005.yaml': goodThreat.replace('THR-001', 'THR-005').replace('{ kinds: [device] }', '{ kinds: [device], when: { path: $nope, equals: 1 } }'),
    }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.diagnostics.map((d) => `${d.file.split('/').pop()}:${d.line}:${d.column}: ${d.message}`);
    expect(lines).toContain("THR-001.yaml:8:24: mitigation 'DEV-0O2' is not a control of the catalog");
    expect(lines).toContain("THR-002.yaml:3:1: stride is 'X'; expected one of S, T, R, I, D, E");
    expect(lines).toContain('THR-003.yaml:5:1: description: {to} is only available when the threat applies to flows alone');
    expect(lines).toContain("THR-009.yaml:1:1: threat 'THR-004' is in THR-009.yaml; name the file THR-004.yaml");
    expect(lines).toContain("THR-005.yaml:4:39: unknown fact '$nope'");
  });
});

// ---- --fail-on through the CLI -------------------------------------------------------------------

describe('--fail-on gates on open threats', () => {
  // A device whose only gap is DEV-053 (medium severity): its open token-replay threat (THR-002) has
  // high residual risk, so the threat gates at high while no gap does.
  const base = `solution: { name: gate }
devices:
  - id: sensor
    identity: { method: symmetric-key, keyScope: per-device, tokenTtlMinutes: 1440 }
`;
  const tmp = () => mkdtempSync(join(tmpdir(), 'iotsec-gate-'));
  const write = (dir: string, text: string) => {
    const f = join(dir, 'gate.yaml');
    writeFileSync(f, text);
    return f;
  };

  it('the model behind these tests: one medium gap, THR-002 open with high residual risk', () => {
    const r = loadText(base);
    if (!r.ok) throw new Error('model');
    const a = assess(r.loaded, catalog, { today: '2026-11-23' });
    expect(a.findings.filter((f) => f.status === 'gap').map((f) => `${f.control}:${f.severity}`)).toEqual(['DEV-053:medium']);
    const open = a.threats.filter((t) => t.status === 'open');
    expect(open.map((t) => `${t.threat}:${t.residual.level}`)).toContain('THR-002:high');
    expect(open.every((t) => t.residual.level !== 'critical')).toBe(true);
  });

  it('exit 1 at or below the residual risk of an open threat, 0 above it', async () => {
    const d = tmp();
    const f = write(d, base);
    const high = await cli('assess', f, '-o', d, '--fail-on', 'high', '--date', '2026-11-23');
    expect(high.code).toBe(1);
    expect(high.err.at(-1)).toMatch(/^iotsec: \d+ open threats? with residual risk at or above 'high' \(--fail-on\)$/);
    expect((await cli('assess', f, '-o', d, '--fail-on', 'critical', '--date', '2026-11-23')).code).toBe(0);
    expect((await cli('assess', f, '-o', d, '--date', '2026-11-23')).code).toBe(0);
  });

  it('accepted threats do not gate; an expired acceptance gates again', async () => {
    const d = tmp();
    const gatingHigh = `  - { threat: THR-002, status: accepted, justification: lab, owner: ops, expires: EXP }\n`;
    const r = loadText(base);
    if (!r.ok) throw new Error('model');
    const highOpen = [...new Set(assess(r.loaded, catalog, { today: '2026-11-23' }).threats.filter((t) => t.status === 'open' && ['high', 'critical'].includes(t.residual.level)).map((t) => t.threat))];
    const risks = 'risks:\n' + highOpen.map((id) => gatingHigh.replace('THR-002', id)).join('');
    const live = write(d, base + risks.replaceAll('EXP', '2999-01-01'));
    expect((await cli('assess', live, '-o', d, '--fail-on', 'high', '--date', '2026-11-23')).code).toBe(0);
    const expired = write(d, base + risks.replaceAll('EXP', '2026-01-01'));
    const run2 = await cli('assess', expired, '-o', d, '--fail-on', 'high', '--date', '2026-11-23');
    expect(run2.code).toBe(1);
    expect(run2.err.some((l) => l.includes('decision-expired') || l.includes('expired on 2026-01-01'))).toBe(true);
  });

  it('the JSON written by assess carries threats and the STRIDE summary', async () => {
    const d = tmp();
    const f = write(d, base);
    await cli('assess', f, '-o', d, '--date', '2026-11-23');
    const doc = JSON.parse(readFileSync(join(d, 'gate.json'), 'utf8'));
    expect(doc.threats.find((t: { id: string }) => t.id === 'THR-002@sensor')).toMatchObject({ status: 'open', stride: 'S' });
    expect(Object.keys(doc.stride)).toEqual(['byStatus', 'byLetter', 'byElement']);
  });
});

describe('catalog threats', () => {
  it('lists the library in id order, as text and as JSON', async () => {
    const text = await cli('catalog', 'threats');
    expect(text.code).toBe(0);
    expect(text.out[0]).toMatch(/^THR-001 {2}S {2}device/);
    expect(text.out.at(-1)).toMatch(new RegExp(`^${catalog.threats.length} threats \\(`));
    const json = JSON.parse((await cli('catalog', 'threats', '--format', 'json')).out.join('\n'));
    expect(json.threats.map((t: { id: string }) => t.id)).toEqual(catalog.threats.map((t) => t.id).sort());
  });
});

// ---- No threat is "not applicable": a sweep over every threat and every kind of element -----------

/** Models with elements of every kind, bare and with a spread of properties, under each architecture. */
function sweepModels(): unknown[] {
  const methods = [undefined, 'x509-ca', 'x509-self-signed', 'symmetric-key', 'tpm', 'none'];
  const deviceKinds = [undefined, 'sensor', 'legacy', 'constrained'];
  const devices = methods.flatMap((method, i) => deviceKinds.map((kind, j) => ({
    id: `d-${i}-${j}`,
    ...(kind ? { kind } : {}),
    ...((i + j) % 2 === 0 ? { boundary: 'net' } : {}),
    ...(i % 3 === 0 ? { deployment: ['public', 'supervised', 'secured'][j % 3] } : {}),
    ...(method ? { identity: { method, ...(j % 2 ? { keyScope: 'shared', storage: 'file' } : {}) } } : {}),
    ...(j === 3 ? { tls: { minVersion: '1.2' }, software: { updates: 'none', patched: false } } : {}),
  })));
  const serviceTypes = [undefined, 'iot-hub', 'iot-central', 'dps', 'event-hubs', 'service-bus', 'storage', 'cosmos-db', 'stream-analytics', 'data-explorer', 'functions', 'app-service', 'logic-apps', 'key-vault', 'other'];
  const services = serviceTypes.map((type, i) => ({
    id: `s-${i}`,
    ...(type ? { type } : {}),
    ...(i % 2 ? { boundary: 'cloud', localAuth: true, publicNetworkAccess: true } : {}),
    ...(type === 'dps' || type === 'iot-central' ? { enrollmentGroups: [{ id: `g-${i}-sas`, attestation: 'sas' }, { id: `g-${i}-x509`, attestation: 'x509', certificate: 'c' }, { id: `g-${i}-bare` }] } : {}),
    ...(type === 'iot-hub' || type === 'event-hubs' ? { exports: [{ to: 's-6', auth: 'connection-string' }, { to: 's-7' }] } : {}),
  }));
  const principals = [undefined, 'user', 'group', 'service-principal', 'managed-identity', 'api-token'].map((kind, i) => ({
    id: `p-${i}`,
    ...(kind ? { kind } : {}),
    ...(i % 2 ? { assignments: [{ role: 'Contributor', scope: 'subscription' }, { role: 'Reader', on: 's-1' }] } : {}),
  }));
  const edges = [
    { id: 'e-bare' },
    { id: 'e-ops', boundary: 'net', runtime: 'iot-operations', broker: { authorization: 'broad' }, gatewayFor: ['d-2-2'] },
    { id: 'e-edge', boundary: 'net', runtime: 'iot-edge', networkSegmented: true, gatewayFor: ['d-0-2', 'd-5-2'], opcua: { trustedServersOnly: true } },
  ];
  const ends: Array<[string, string]> = [['d-0-2', 'e-edge'], ['e-edge', 'd-5-2'], ['d-1-1', 's-1'], ['s-1', 's-6'], ['p-1', 's-1'], ['e-ops', 's-4'], ['e-bare', 'd-0-0']];
  const flows = ends.flatMap(([from, to], i) =>
    [undefined, 'mqtt', 'https', 'opc-ua', 'modbus'].flatMap((protocol, j) =>
      [undefined, 'none', '1.2'].map((tls, k) => ({
        id: `f-${i}-${j}-${k}`, from, to,
        ...(protocol ? { protocol } : {}),
        ...(tls ? { tls } : {}),
        ...(protocol === 'opc-ua' ? { securityMode: ['none', 'sign', 'sign-and-encrypt'][k] } : {}),
        ...((i + k) % 2 ? { auth: ['none', 'x509', 'connection-string', 'managed-identity'][(i + j) % 4] } : {}),
        ...(k > 0 ? { data: (j % 2 ? ['telemetry'] : ['telemetry', 'commands']) } : {}),
        ...(i % 3 === 0 ? { network: ['lan', 'internet', 'private-link'][k] } : {}),
      })),
    ),
  );
  const boundaries = [{ id: 'site', kind: 'site' }, { id: 'net', kind: 'network', inside: 'site' }, { id: 'cloud', kind: 'cloud' }, { id: 'web', kind: 'internet' }, { id: 'bare' }];
  const base = { boundaries, devices, edges, services, principals, flows };
  return [
    { solution: { name: 'bare' }, devices: [{ id: 'd' }], edges: [{ id: 'e' }], services: [{ id: 's', enrollmentGroups: [{ id: 'g' }] }], principals: [{ id: 'p' }], boundaries: [{ id: 'b' }], flows: [{ id: 'f', from: 'd', to: 's' }] },
    { solution: { name: 'spread' }, ...base },
    { solution: { name: 'spread-cloud', architecture: 'cloud', environment: 'production' }, ...base },
    { solution: { name: 'spread-edge', architecture: 'edge', environment: 'development' }, ...base },
  ];
}

function fixtureModels(): Array<{ name: string; model: unknown; today?: string }> {
  const out: Array<{ name: string; model: unknown; today?: string }> = [];
  for (const dir of ['threats', 'controls']) {
    const folder = join(import.meta.dirname, 'fixtures', dir);
    for (const f of readdirSync(folder).filter((x) => x.endsWith('.yaml')).sort()) {
      const fx = parse(readFileSync(join(folder, f), 'utf8')) as Fixture;
      ('cases' in fx ? fx.cases : [fx]).forEach((c, i) => out.push({ name: `${dir}/${f}#${i + 1}`, model: c.model, ...(c.today ? { today: c.today } : {}) }));
    }
  }
  return out;
}

describe('sweep: every threat on every kind of element', () => {
  const samplesDir = join(import.meta.dirname, '..', 'samples');
  const inputs: Array<{ name: string; text: string; today?: string }> = [
    ...sweepModels().map((m, i) => ({ name: `sweep#${i + 1}`, text: stringify(m) })),
    ...fixtureModels().map((f) => ({ name: f.name, text: stringify(f.model), ...(f.today ? { today: f.today } : {}) })),
    ...readdirSync(samplesDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ name: `samples/${f}`, text: readFileSync(join(samplesDir, f), 'utf8') })),
  ];
  const byThreat = new Map(catalog.threats.map((t) => [t.id, t]));
  const statuses = new Set<string>(THREAT_STATUSES);

  it.each(inputs.map((i) => [i.name, i] as const))('%s: no threat instance is not applicable; one that no control judges is decided by its own facts or open', (_name, input) => {
    const r = loadText(input.text, 'sweep.yaml', known(catalog));
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
    const a = assess(r.loaded, catalog, { today: input.today ?? '2026-11-23' });
    const problems: string[] = [];
    for (const t of a.threats) {
      const key = `${t.threat}@${t.element}`;
      const th = byThreat.get(t.threat)!;
      if (!statuses.has(t.status)) problems.push(`${key}: status ${t.status}`);
      if (!th.appliesTo.kinds.includes(t.elementKind)) problems.push(`${key}: on a ${t.elementKind}`);
      if (!/^(Open|Unverified|Accepted|Mitigated): \S/.test(t.reason)) problems.push(`${key}: reason '${t.reason}'`);
      const anyApplies = t.mitigations.some((m) => m.status !== 'not-applicable');
      if (anyApplies && t.basis !== 'controls') problems.push(`${key}: a control applies but the basis is ${t.basis}`);
      if (!anyApplies) {
        if (th.mitigatedWhen && t.basis !== 'element') problems.push(`${key}: has mitigatedWhen but the basis is ${t.basis}`);
        if (!th.mitigatedWhen && (t.basis !== 'none' || (t.status !== 'open' && t.status !== 'accepted'))) problems.push(`${key}: nothing mitigates it but it is ${t.status} (${t.basis})`);
        if (t.basis === 'none' && !t.reason.includes('nothing mitigates this threat')) problems.push(`${key}: reason does not say nothing mitigates it`);
      }
    }
    // The summary counts every instance, under the four statuses only.
    expect(Object.keys(a.stride.byStatus)).toEqual([...THREAT_STATUSES]);
    expect(Object.values(a.stride.byStatus).reduce((x, y) => x + y, 0)).toBe(a.threats.length);
    expect(problems).toEqual([]);
  });

  it('the generated models reach every threat and every element kind', () => {
    const seen = new Set<string>();
    const kinds = new Set<string>();
    for (const m of sweepModels()) {
      const r = loadText(stringify(m), 'sweep.yaml', known(catalog));
      if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
      const a = assess(r.loaded, catalog, { today: '2026-11-23' });
      for (const t of a.threats) {
        seen.add(t.threat);
        kinds.add(t.elementKind);
      }
    }
    expect(catalog.threats.map((t) => t.id).filter((id) => !seen.has(id))).toEqual([]);
    expect([...kinds].sort()).toEqual(['boundary', 'device', 'edge', 'enrollment-group', 'flow', 'principal', 'service', 'solution']);
  });
});

// ---- The example: a plaintext Modbus flow inside one OT network ---------------------------

describe('a plaintext, unauthenticated Modbus flow between a gateway and a PLC inside one OT network', () => {
  const ot = (flow: string) => `solution: { name: plant, architecture: cloud, environment: production }
boundaries:
  - { id: ot, name: OT cell, kind: network }
devices:
  - { id: plc, name: Refrigeration PLC, boundary: ot, kind: legacy }
edges:
  - { id: gw, name: Field gateway, boundary: ot, runtime: iot-edge, gatewayFor: [plc], networkSegmented: true }
flows:
  - { id: modbus, name: Modbus polling, from: gw, to: plc, protocol: modbus, port: 502, network: lan, data: [telemetry, commands], ${flow} }
`;

  it('THR-070 (eavesdropping) is open, with the reason in words; no control of the catalog judges the flow', () => {
    const a = assessText(ot('tls: none, auth: none'));
    const t = a.threats.find((x) => x.threat === 'THR-070' && x.element === 'modbus')!;
    expect(t).toMatchObject({ status: 'open', basis: 'element', applicability: 'applies' });
    expect(t.reason).toBe("Open: no mitigating control of the catalog applies to the flow Modbus polling, and its own properties leave the threat open (the TLS version of the flow is no TLS (plaintext) (expected TLS 1.2 or TLS 1.3)).");
    expect(t.mitigations.every((m) => m.status === 'not-applicable')).toBe(true);
    // The new field-protocol control judges where the flow runs: one segmented boundary, behind the gateway.
    expect(a.findings.find((f) => f.control === 'CONN-013' && f.element === 'modbus')!.status).toBe('met');
    // The PLC has no identity of its own: no key theft, SAS replay or revocation threat on it, and no identity control.
    expect(a.threats.filter((x) => x.element === 'plc').map((x) => x.threat)).not.toContain('THR-001');
    expect(a.threats.filter((x) => x.element === 'plc' && ['THR-001', 'THR-002', 'THR-003', 'THR-009', 'THR-011'].includes(x.threat))).toEqual([]);
    expect(a.findings.filter((f) => f.element === 'plc' && ['CONN-001', 'DEV-011', 'DEV-012', 'DEV-053', 'DEV-054'].includes(f.control)).map((f) => f.status)).toEqual(['not-applicable', 'not-applicable', 'not-applicable', 'not-applicable', 'not-applicable']);
  });

  it('with TLS 1.2 and authentication (Modbus/TCP Security) THR-070 and THR-071 are mitigated', () => {
    const a = assessText(ot('tls: "1.2", auth: x509'));
    const find = (id: string) => a.threats.find((x) => x.threat === id && x.element === 'modbus')!;
    expect(find('THR-070')).toMatchObject({ status: 'mitigated', basis: 'element' });
    expect(find('THR-071')).toMatchObject({ status: 'mitigated', basis: 'element' });
    expect(a.findings.find((f) => f.control === 'CONN-013' && f.element === 'modbus')!.status).toBe('not-applicable');
  });

  it('across a zone boundary, or behind an unsegmented gateway, the field protocol is a gap', () => {
    const crossing = assessText(ot('tls: none, auth: none').replace('{ id: gw, name: Field gateway, boundary: ot', '{ id: gw, name: Field gateway, boundary: dmz').replace('boundaries:\n', 'boundaries:\n  - { id: dmz, kind: network }\n'));
    expect(crossing.findings.find((f) => f.control === 'CONN-013' && f.element === 'modbus')!.status).toBe('gap');
    const flat = assessText(ot('tls: none, auth: none').replace('networkSegmented: true', 'networkSegmented: false'));
    expect(flat.findings.find((f) => f.control === 'CONN-013' && f.element === 'modbus')!.status).toBe('gap');
    // The OT network's lateral-movement threat counts the field protocol's finding.
    expect(flat.threats.find((x) => x.threat === 'THR-080' && x.element === 'ot')!.status).toBe('open');
  });
});
