// Every validation error and warning kind, with its exact line and column.
import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/model/load.js';
import { SOURCE_LIMITS } from '../src/model/source.js';
import { known, loadText } from './helpers/model.js';

function problems(text: string): string[] {
  const r = loadText(text);
  if (r.ok) return r.loaded.warnings.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  return r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
}

const header = 'solution:\n  name: demo\n';

describe('YAML and schema errors', () => {
  it('reports a YAML syntax error with its position', () => {
    expect(problems(header + 'devices:\n  - id: a\n    name: [unclosed\n')).toEqual([
      expect.stringMatching(/^6:1 error yaml-syntax: /),
    ]);
  });

  it('refuses duplicate keys', () => {
    expect(problems(header + '  name: again\n')).toEqual([expect.stringMatching(/^3:3 error duplicate-key: /)]);
  });

  it('reports an unknown key with a did-you-mean hint, at the key', () => {
    expect(problems(header + 'devices:\n  - id: a\n    identity:\n      keyscope: shared\n')).toEqual([
      "6:7 error unknown-key: unknown key 'keyscope' in devices[0].identity (did you mean 'keyScope'?)",
    ]);
  });

  it('reports an unknown top-level key', () => {
    expect(problems(header + 'device:\n  - id: a\n')).toEqual([
      "3:1 error unknown-key: unknown key 'device' in (document) (did you mean 'devices'?)",
    ]);
  });

  it('reports a value outside an enumeration with a hint', () => {
    expect(problems(header + 'devices:\n  - id: a\n    kind: sensr\n')).toEqual([
      "5:5 error invalid-value: devices[0].kind is 'sensr'; expected one of sensor, actuator, gateway, legacy, constrained (did you mean 'sensor'?)",
    ]);
  });

  it('accepts TLS versions written as numbers or strings, and rejects others', () => {
    expect(problems(header + 'devices:\n  - id: a\n    tls: { minVersion: 1.2 }\n  - id: b\n    tls: { minVersion: "1.3" }\n')).toEqual([]);
    expect(problems(header + 'devices:\n  - id: a\n    tls: { minVersion: 2.0 }\n')).toEqual([
      '5:12 error invalid-value: devices[0].tls.minVersion is 2; expected one of 1.0, 1.1, 1.2, 1.3',
    ]);
  });

  it('reports a wrong type', () => {
    expect(problems(header + 'devices:\n  - id: a\n    count: many\n')).toEqual([
      "5:5 error invalid-type: devices[0].count is 'many'; expected number",
    ]);
  });

  it('reports missing required properties', () => {
    expect(problems('solution:\n  owner: x\ndevices:\n  - name: nameless\n')).toEqual([
      '1:1 error missing-property: solution.name is required',
      '4:5 error missing-property: devices[0].id is required',
    ]);
  });

  it('reports an empty file and a non-mapping document', () => {
    expect(problems('')).toEqual(['1:1 error empty: file is empty']);
    expect(problems('- a\n- b\n')).toEqual(['1:1 error not-a-mapping: file holds a list; expected a YAML mapping (is this the right file?)']);
  });

  it('reports several problems in one run, schema and references together', () => {
    const out = problems(header + 'devices:\n  - id: a\n    kind: sensr\n    boundary: nowhere\n');
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/^6:5 error dangling-reference: boundary 'nowhere' does not exist/);
  });
});

describe('references', () => {
  const model = `solution:
  name: refs
boundaries:
  - { id: site, kind: site }
  - { id: inner, inside: outer }
devices:
  - { id: d1, boundary: sit, identity: { enrollmentGroup: grp } }
edges:
  - { id: gw, gatewayFor: [d2] }
services:
  - id: dps
    type: dps
    linkedHubs: [hubb]
    exports: [{ to: store }]
    sharedAccessPolicies: [{ name: p, usedBy: [app] }]
principals:
  - { id: ops, assignments: [{ role: Reader, on: hub }] }
flows:
  - { id: f1, from: d1, to: hub }
  - { id: f2, from: site, to: d1 }
risks:
  - { control: CONN-02, justification: why, status: accepted }
  - { control: CONN-002, element: d9, justification: why, status: accepted }
  - { justification: why, status: accepted }
`;
  it('reports every dangling reference with its position and a hint', () => {
    expect(problems(model)).toEqual([
      "5:18 error dangling-reference: boundary 'outer' does not exist",
      "7:15 error dangling-reference: boundary 'sit' does not exist (did you mean 'site'?)",
      "7:42 error dangling-reference: enrollment group 'grp' does not exist",
      "9:28 error dangling-reference: device 'd2' does not exist (did you mean 'd1'?)",
      "13:18 error dangling-reference: linked hub 'hubb' does not exist",
      "14:17 error dangling-reference: export destination 'store' does not exist",
      "15:48 error dangling-reference: principal 'app' does not exist (did you mean 'ops'?)",
      "17:46 error dangling-reference: service 'hub' does not exist",
      "19:25 error dangling-reference: flow target 'hub' does not exist",
      "20:15 error wrong-reference-kind: flow source 'site' is boundary, expected device or edge or service or principal",
      "22:7 error dangling-reference: control 'CONN-02' is not in the catalog (did you mean 'CONN-002'?)",
      "23:26 error dangling-reference: element 'd9' does not exist (did you mean 'd1'?)",
      '24:5 error missing-property: risks[2] names neither a control nor a threat ("add \'control: <id>\' or \'threat: <id>\'")'.replace('("', '(').replace('")', ')'),
    ]);
  });

  it('reports duplicate ids across element kinds, and the reserved id', () => {
    expect(problems(header + 'devices:\n  - id: x\nservices:\n  - id: x\n  - id: solution\n')).toEqual([
      "6:5 error duplicate-id: duplicate id 'x' (already used by device at line 4) (ids are unique across all element kinds)",
      "7:5 error reserved-id: id 'solution' is reserved for the solution itself (choose another id)",
    ]);
  });

  it('reports enrollment group ids in the same id space', () => {
    expect(problems(header + 'devices:\n  - id: g\nservices:\n  - id: c\n    enrollmentGroups: [{ id: g }]\n')).toEqual([
      "7:26 error duplicate-id: duplicate id 'g' (already used by device at line 4) (ids are unique across all element kinds)",
    ]);
  });

  it('reports a cycle in inside once', () => {
    expect(problems(header + 'boundaries:\n  - { id: a, inside: c }\n  - { id: b, inside: a }\n  - { id: c, inside: b }\n')).toEqual([
      '4:14 error boundary-cycle: boundaries are nested in a cycle: a -> c -> b -> a',
    ]);
  });
});

describe('consistency warnings', () => {
  it('DPS linked to a hub that denies shared access policies', () => {
    expect(problems(header + 'services:\n  - { id: hub, type: iot-hub, localAuth: false }\n  - { id: dps, type: dps, linkedHubs: [hub] }\n')).toEqual([
      expect.stringMatching(/^5:40 warning dps-hub-local-auth-denied: DPS 'dps' is linked to IoT hub 'hub'/),
    ]);
  });
  it('device flow authenticated with Entra ID', () => {
    expect(problems(header + 'devices:\n  - id: d\nservices:\n  - id: hub\nflows:\n  - { id: f, from: d, to: hub, auth: entra }\n')).toEqual([
      expect.stringMatching(/^8:32 warning device-entra-auth: /),
    ]);
  });
  it('Entra group assigned an IoT Central role', () => {
    expect(problems(header + 'services:\n  - { id: app, type: iot-central }\nprincipals:\n  - id: g\n    kind: group\n    assignments: [{ role: Operator, on: app }]\n')).toEqual([
      expect.stringMatching(/^8:19 warning central-entra-group: group 'g' is assigned the IoT Central role 'Operator'/),
    ]);
  });
  it('device id with characters outside letters, digits and -', () => {
    expect(problems(header + 'devices:\n  - id: dev_01\n')).toEqual([
      expect.stringMatching(/^4:5 warning device-id-characters: device id 'dev_01'/),
    ]);
  });
  it('the same certificate in two X.509 enrollment groups', () => {
    expect(problems(header + 'services:\n  - id: app\n    enrollmentGroups:\n      - { id: a, attestation: x509, certificate: root }\n      - { id: b, attestation: x509, certificate: root }\n')).toEqual([
      expect.stringMatching(/^7:37 warning shared-group-certificate: enrollment group 'b' uses certificate 'root'/),
    ]);
  });
  it('software TPM in production, but not in development', () => {
    expect(problems(header + '  environment: production\ndevices:\n  - { id: d, identity: { softwareTpm: true } }\n')).toEqual([
      expect.stringMatching(/^5:26 warning software-tpm-production: device 'd' uses a software-emulated TPM in production/),
    ]);
    expect(problems(header + '  environment: development\ndevices:\n  - { id: d, identity: { softwareTpm: true } }\n')).toEqual([]);
    // An IoT Edge device's identity too.
    expect(problems(header + '  environment: production\nedges:\n  - { id: gw, runtime: iot-edge, identity: { softwareTpm: true } }\n')).toEqual([
      expect.stringMatching(/^5:46 warning software-tpm-production: IoT Edge device 'gw' uses a software-emulated TPM in production/),
    ]);
  });
});

describe('hostile input', () => {
  it('refuses an alias bomb', () => {
    const bomb = ['solution: { name: x }', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(',')}]`);
    const out = problems(bomb.join('\n') + '\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\d+:\d+ error alias-limit: /);
  });
  it('refuses deep nesting', () => {
    const deep = header + 'x: ' + '['.repeat(200) + ']'.repeat(200) + '\n';
    expect(problems(deep)).toEqual([expect.stringMatching(/error too-deep: nesting is deeper than 64 levels/)]);
  });
  it('survives pathological nesting without a stack overflow', () => {
    const deep = 'x: ' + '['.repeat(100_000) + '\n';
    const out = problems(deep);
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]).toMatch(/error/);
  });
  it('refuses files over the size limit', () => {
    const big = new Uint8Array(SOURCE_LIMITS.maxBytes + 1).fill(0x20);
    const r = loadModel(big, 'big.yaml', known());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.code).toBe('too-large');
  });
  it('refuses non-UTF-8 bytes, located at the first bad byte', () => {
    const r = loadModel(new Uint8Array([0x73, 0x6f, 0x6c, 0xff, 0xfe, 0x0a]), 'latin.yaml', known());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['1:4 not-utf8']);
  });
  it('refuses several documents in one file', () => {
    expect(problems(header + '---\nsolution: { name: b }\n')).toEqual([
      '3:1 error multiple-documents: file holds more than one YAML document (keep one model per file)',
    ]);
  });
});
