// `iotsec scan` and `assess --code` / `code:` end to end: the lines users read, drift in the JSON, exit codes,
// and code paths that are refused before anything is written.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { errorsOf, sarifValidator } from './helpers/output.js';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = relative(process.cwd(), join(ROOT, 'samples', 'cold-chain-code.yaml'));
const DEVICE = relative(process.cwd(), join(ROOT, 'samples', 'code', 'cold-chain-device'));

describe('iotsec scan', () => {
  it('prints one line per fact, file:line:col: fact: value (collector), with secrets masked', async () => {
    const r = await cli('scan', DEVICE);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${DEVICE}/src/telemetry.ts:5:16: device-auth: symmetric-key (device-auth) — connects with a SharedAccessKey connection string`);
    expect(r.out.some((l) => /config\.ts:7:36: hardcoded-secret: shared-access-key \(hardcoded-secret\) — .*q3Vx…\(44 chars\)$/.test(l))).toBe(true);
    expect(r.out.join('\n')).not.toContain('q3Vx8PZr');
    expect(r.err).toEqual(['3 files scanned, 5 facts']);
  });

  it('--format json lists the collectors and the facts', async () => {
    const r = await cli('scan', DEVICE, '--format', 'json');
    const doc = JSON.parse(r.out.join('\n'));
    expect(doc.files).toBe(3);
    expect(doc.collectors.map((c: { id: string }) => c.id)).toEqual(['device-auth', 'hardcoded-secret', 'service-auth', 'tls-weakened', 'transport']);
    expect(doc.facts[0]).toMatchObject({ fact: 'hardcoded-secret', location: { file: `${DEVICE}/src/config.ts`, line: 7, column: 36 } });
  });

  it('refuses a folder that does not exist (exit 2, one line)', async () => {
    const r = await cli('scan', 'no/such/folder');
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['iotsec: no/such/folder: no such file or folder']);
  });
});

describe('assess with code', () => {
  it('the sample shows drift in the JSON, and --fail-on high counts it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'iotsec-ev-'));
    const r = await cli('assess', SAMPLE, '--format', 'json', '-o', out, '--date', '2026-12-08', '--fail-on', 'high');
    expect(r.code).toBe(1);
    expect(r.err.at(-1)).toMatch(/6 drift findings/);
    const doc = JSON.parse(readFileSync(join(out, 'cold-chain-code.json'), 'utf8'));
    expect(doc.drift.map((d: { id: string }) => d.id)).toEqual([
      'alerts-read:auth', 'coldroom-sensor:identity.method', 'coldroom-sensor:identity.storage', 'coldroom-telemetry:auth', 'coldroom-telemetry:protocol', 'event-hubs:localAuth',
    ]);
    const method = doc.drift.find((d: { id: string }) => d.id === 'coldroom-sensor:identity.method');
    expect(method.severity).toBe('high');
    expect(method.controls).toContain('CONN-002');
    expect(method.stated.location).toEqual({ file: SAMPLE, line: 36, column: 7 });
    expect(method.observed.location).toEqual({ file: `${DEVICE}/src/telemetry.ts`, line: 5, column: 16 });
    expect(doc.facts.find((f: { fact: string }) => f.fact === 'tls-weakened')).toMatchObject({ element: 'coldroom-sensor', value: 'reject-unauthorized-false', note: 'says nothing the model records', source: 'code' });
    const sdk = doc.findings.find((f: { id: string }) => f.id === 'DEV-008@coldroom-sensor');
    expect(sdk.provenance).toMatchObject({ source: 'code', collector: 'device-auth' });
  });

  it('the SARIF carries each drift at the model and at the code, and validates against SARIF 2.1.0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'iotsec-ev-'));
    const r = await cli('assess', SAMPLE, '--format', 'sarif', '-o', out, '--date', '2026-12-08');
    expect(r.code).toBe(0);
    const log = JSON.parse(readFileSync(join(out, 'cold-chain-code.sarif'), 'utf8'));
    const v = sarifValidator();
    expect(v(log), errorsOf(v)).toBe(true);
    const run = log.runs[0];
    const drift = run.results.filter((x: { ruleId: string }) => x.ruleId === 'IOTSEC-DRIFT');
    expect(drift).toHaveLength(6);
    expect(run.tool.driver.rules[drift[0].ruleIndex].id).toBe('IOTSEC-DRIFT');
    const method = drift.find((x: { properties: { id: string } }) => x.properties.id === 'coldroom-sensor:identity.method');
    expect(method.level).toBe('error');
    expect(method.locations.map((l: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }) => [l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine])).toEqual([
      [SAMPLE, 36],
      [`${DEVICE}/src/telemetry.ts`, 5],
    ]);
    expect(method.message.text).toContain('SharedAccessKey');
  });

  it('--code dir=element folds code into a model without code: entries', async () => {
    const d = mkdtempSync(join(tmpdir(), 'iotsec-ev-'));
    const model = join(d, 'm.yaml');
    writeFileSync(model, 'solution: { name: s }\ndevices:\n  - id: dev\n    identity: { method: tpm }\n');
    const r = await cli('assess', model, '--format', 'json', '-o', d, '--code', `${DEVICE}=dev`);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(d, 'm.json'), 'utf8'));
    expect(doc.drift.map((x: { id: string }) => x.id)).toEqual(['dev:identity.method']);
    const bad = await cli('assess', model, '--format', 'json', '-o', d, '--code', `${DEVICE}=nobody`);
    expect(bad.code).toBe(2);
    expect(bad.err.at(-1)).toMatch(/has no element 'nobody'$/);
  });

  it('code: outside the model folder or missing is refused with its place, and nothing is written', async () => {
    const d = mkdtempSync(join(tmpdir(), 'iotsec-ev-'));
    mkdirSync(join(d, 'models'));
    mkdirSync(join(d, 'elsewhere'));
    const model = join(d, 'models', 'm.yaml');
    writeFileSync(model, 'solution: { name: s }\ndevices:\n  - id: dev\n    code: ../elsewhere\n  - id: dev2\n    code: [missing]\n');
    const out = join(d, 'out');
    const r = await cli('assess', model, '--format', 'json', '-o', out);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/m\.yaml:4:5: error: code path '\.\.\/elsewhere' of 'dev' is outside the model's folder/);
    expect(r.err[1]).toMatch(/m\.yaml:6:12: error: code path 'missing' of 'dev2' does not exist/);
    expect(() => readdirSync(out)).toThrow();
    const allowed = await cli('assess', model.replace('m.yaml', 'm.yaml'), '--format', 'json', '-o', out, '--allow-outside');
    expect(allowed.err.join('\n')).not.toMatch(/outside the model's folder/);
  });
});
