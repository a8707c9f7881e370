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
import { builtInCatalog, known, loadText } from './helpers/model.js';

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

  it('not-applicable when none of the mitigating controls applies; assumed when the condition is unknown', () => {
    const c = catalogOf([hubTls], [threat({ id: 'THR-903', appliesTo: { kinds: ['service'], when: { path: 'publicNetworkAccess', equals: true } }, mitigations: ['TEST-003'] })]);
    const { a } = run('solution: { name: x }\nservices:\n  - { id: store, type: storage, publicNetworkAccess: true }\n  - { id: hub, type: iot-hub }\n  - { id: private, type: iot-hub, publicNetworkAccess: false }\n', c);
    const t = byId(a);
    expect(t['THR-903@store']).toMatchObject({ status: 'not-applicable', applicability: 'applies', mitigations: [{ control: 'TEST-003', element: 'store', status: 'not-applicable' }] });
    expect(t['THR-903@hub']).toMatchObject({ status: 'unverified', applicability: 'assumed' });
    expect(t['THR-903@private']).toBeUndefined();
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
      status: 'open', applicability: 'applies', description: 'bad (bad, a device) is impersonated',
      inherentRisk: { likelihood: 'medium', impact: 'high', score: 6, level: 'high' },
      residualRisk: { likelihood: 'medium', impact: 'high', score: 6, level: 'high' },
      factors: { exposure: [], criticalData: [] },
      mitigations: [{ control: 'TEST-001', element: 'bad', status: 'gap' }],
      references: [],
      location: { file: 'm.yaml', line: 7, column: 5 },
    });
    expect(doc.stride.byLetter.S).toEqual({ open: 2, unverified: 1, accepted: 0, mitigated: 1, 'not-applicable': 0 });
    expect(doc.stride.byStatus).toEqual({ open: 3, unverified: 1, accepted: 0, mitigated: 2, 'not-applicable': 0 });
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
