// `include:` — merged lists, every location in the file that holds it, cycles, outside paths, duplicates.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModel } from '../src/cli/inputs.js';
import { expandGlob, recordedFileOf } from '../src/model/include.js';
import { formatDiagnostic } from '../src/model/diagnostics.js';
import { cli } from './helpers/cli.js';
import { known, loadText } from './helpers/model.js';

const DIR = 'test/fixtures/include';
const at = (...parts: string[]) => join(DIR, ...parts);
const lines = (file: string, opts = {}) => {
  const r = readModel(file, known(), undefined, opts);
  return r.result.ok ? r.result.loaded.warnings.map(formatDiagnostic) : r.result.diagnostics.map(formatDiagnostic);
};

describe('include: merging', () => {
  it('merges the included lists after the root’s own, globs sorted', () => {
    const r = readModel(at('site', 'model.yaml'), known());
    if (!r.result.ok) throw new Error(r.result.diagnostics.map(formatDiagnostic).join('\n'));
    const { model, source } = r.result.loaded;
    expect(model.devices?.map((d) => d.id)).toEqual(['sensor']);
    expect(model.services?.map((s) => s.id)).toEqual(['hub']);
    expect(model.flows?.map((f) => f.id)).toEqual(['telemetry']);
    expect(source.files).toEqual([at('site', 'model.yaml'), at('site', 'devices.yaml'), at('site', 'cloud', 'hub.yaml'), at('site', 'cloud', 'routes.yaml')]);
    expect(r.files?.map((f) => relative(process.cwd(), f))).toEqual([at('site', 'devices.yaml'), at('site', 'cloud', 'hub.yaml'), at('site', 'cloud', 'routes.yaml')]);
  });

  it('locates each element in the file that holds it', () => {
    const r = readModel(at('site', 'model.yaml'), known());
    if (!r.result.ok) throw new Error('invalid');
    const { source } = r.result.loaded;
    expect(source.locate(['devices', 0, 'identity', 'keyScope'])).toEqual({ file: at('site', 'devices.yaml'), included: 'devices.yaml', path: ['devices', 0, 'identity', 'keyScope'], line: 8, column: 7 });
    expect(source.locate(['services', 0, 'publicNetworkAccess'])).toEqual({ file: at('site', 'cloud', 'hub.yaml'), included: 'cloud/hub.yaml', path: ['services', 0, 'publicNetworkAccess'], line: 5, column: 5 });
    expect(source.locate(['boundaries', 1])).toEqual({ file: at('site', 'model.yaml'), line: 9, column: 5 });
    expect(source.locate(['solution', 'name'])).toEqual({ file: at('site', 'model.yaml'), line: 3, column: 3 });
  });

  it('the digest covers the included files', () => {
    const root = readFileSync(at('site', 'model.yaml'));
    expect(readModel(at('site', 'model.yaml'), known()).bytes.byteLength).toBeGreaterThan(root.byteLength);
  });

  it('records an included file relative to the root model’s recorded path', () => {
    expect(recordedFileOf('models/site.yaml', { file: 'x', line: 1, column: 1 })).toBe('models/site.yaml');
    expect(recordedFileOf('models/site.yaml', { file: 'x', line: 1, column: 1, included: 'cloud/hub.yaml' })).toBe('models/cloud/hub.yaml');
    expect(recordedFileOf('site.yaml', { file: 'x', line: 1, column: 1, included: '../shared/a.yaml' })).toBe('../shared/a.yaml');
  });
});

describe('include: errors point into the file that holds them', () => {
  it('schema errors in the root and in an included file', () => {
    expect(lines(at('located', 'model.yaml'))).toEqual([
      `${at('located', 'devices.yaml')}:4:7: error: devices[0].identity.method is 'telepathy'; expected one of x509-ca, x509-self-signed, symmetric-key, tpm, none`,
      `${at('located', 'model.yaml')}:3:3: error: solution.environment is 'moon'; expected one of production, staging, development, test`,
    ]);
  });

  it('a duplicate id across files names both places', () => {
    expect(lines(at('duplicate', 'model.yaml'))).toEqual([
      `${at('duplicate', 'more.yaml')}:4:5: error: duplicate id 'sensor' (already used by device at ${at('duplicate', 'model.yaml')}:5:5) (ids are unique across all element kinds)`,
    ]);
  });

  it('an include cycle is an error naming the chain', () => {
    expect(lines(at('cycle', 'model.yaml'))).toEqual([
      `${at('cycle', 'b.yaml')}:2:5: error: include cycle: ${at('cycle', 'a.yaml')} -> ${at('cycle', 'b.yaml')} -> ${at('cycle', 'a.yaml')} (a file may not include itself, directly or through others)`,
    ]);
  });

  it('a file outside the model’s folder needs --allow-outside', () => {
    expect(lines(at('outside', 'model', 'model.yaml'))).toEqual([
      `${at('outside', 'model', 'model.yaml')}:3:11: error: included file '${at('outside', 'shared.yaml')}' is outside the model's folder (move it beside the model, or pass --allow-outside)`,
    ]);
    const r = readModel(at('outside', 'model', 'model.yaml'), known(), undefined, { allowOutside: true });
    expect(r.result.ok && r.result.loaded.model.devices?.map((d) => d.id)).toEqual(['shared-sensor']);
  });

  it('missing files, empty globs, other file types and a solution in an included file', () => {
    expect(lines(at('broken', 'model.yaml'))).toEqual([
      `${at('broken', 'extra.yaml')}:1:1: error: an included file may not state 'solution' (state it once, in the model that includes this file)`,
      `${at('broken', 'model.yaml')}:3:23: error: included file '${at('broken', 'missing.yaml')}' does not exist`,
      `${at('broken', 'model.yaml')}:3:37: error: include 'nothing/*.yaml' matches no file (patterns may use * and ? within a name and ** for any folders)`,
      `${at('broken', 'model.yaml')}:3:53: error: included file '${at('broken', 'notes.txt')}' is not named .yaml or .yml (only model files can be included)`,
    ]);
  });

  it('a symbolic link inside the folder that leads outside is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotsec-include-'));
    const other = mkdtempSync(join(tmpdir(), 'iotsec-include-other-'));
    try {
      writeFileSync(join(other, 'far.yaml'), 'devices:\n  - id: far\n');
      symlinkSync(join(other, 'far.yaml'), join(dir, 'near.yaml'));
      writeFileSync(join(dir, 'model.yaml'), 'solution:\n  name: Link\ninclude: [near.yaml]\n');
      expect(lines(join(dir, 'model.yaml'))).toEqual([expect.stringMatching(/:3:11: error: included file '.*near\.yaml' is outside the model's folder/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a file included twice is read once, with a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotsec-include-'));
    try {
      mkdirSync(join(dir, 'parts'));
      writeFileSync(join(dir, 'parts', 'a.yaml'), 'devices:\n  - id: a\n');
      writeFileSync(join(dir, 'model.yaml'), 'solution:\n  name: Twice\ninclude: [parts/a.yaml, "parts/*.yaml"]\n');
      const r = readModel(join(dir, 'model.yaml'), known());
      expect(r.result.ok && r.result.loaded.model.devices?.map((d) => d.id)).toEqual(['a']);
      expect(r.result.ok && r.result.loaded.warnings.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:25 include-repeated']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a model loaded without a file system cannot include', () => {
    const r = loadText('solution:\n  name: x\ninclude: [a.yaml]\n');
    expect(r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:1 include-unsupported']);
  });
});

describe('globs', () => {
  const tree: Record<string, Array<{ name: string; directory: boolean }>> = {
    '/m': [{ name: 'b.yaml', directory: false }, { name: 'a.yaml', directory: false }, { name: '.hidden.yaml', directory: false }, { name: 'sub', directory: true }],
    '/m/sub': [{ name: 'c.yaml', directory: false }, { name: 'deep', directory: true }],
    '/m/sub/deep': [{ name: 'd.yml', directory: false }],
  };
  const list = (d: string) => tree[d] ?? [];
  it('matches within a name, sorted, skipping dot files', () => expect(expandGlob('/m', '*.yaml', { list })).toEqual(['/m/a.yaml', '/m/b.yaml']));
  it('** spans folders', () => expect(expandGlob('/m', '**/*.y?l', { list })).toEqual(['/m/sub/deep/d.yml']));
  it('** includes the folder itself', () => expect(expandGlob('/m', 'sub/**/*.yaml', { list })).toEqual(['/m/sub/c.yaml']));
});

describe('assess with includes', () => {
  const out = mkdtempSync(join(tmpdir(), 'iotsec-include-out-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  it('JSON and SARIF locations name the included file', async () => {
    const r = await cli('assess', at('site', 'model.yaml'), '-f', 'json,sarif', '-o', out, '--date', '2026-12-01');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const files = new Set(json.findings.map((f: { location: { file: string } }) => f.location.file));
    expect([...files].sort()).toEqual([at('site', 'cloud', 'hub.yaml'), at('site', 'cloud', 'routes.yaml'), at('site', 'devices.yaml'), at('site', 'model.yaml')].sort());
    const sensor = json.findings.find((f: { element: string }) => f.element === 'sensor');
    expect(sensor.location.file).toBe(at('site', 'devices.yaml'));
    const sarif = JSON.parse(readFileSync(join(out, 'model.sarif'), 'utf8'));
    const run = sarif.runs[0];
    const uris = run.artifacts.map((x: { location: { uri: string } }) => x.location.uri);
    expect(uris[0]).toBe(at('site', 'model.yaml'));
    expect([...uris].sort()).toEqual([...files].sort());
    for (const res of run.results) {
      const loc = res.locations[0].physicalLocation.artifactLocation;
      expect(uris[loc.index]).toBe(loc.uri);
    }
    const onSensor = run.results.find((x: { locations: Array<{ logicalLocations: Array<{ name: string }> }> }) => x.locations[0].logicalLocations[0].name === 'sensor');
    expect(onSensor.locations[0].physicalLocation.artifactLocation.uri).toBe(at('site', 'devices.yaml'));
  });

  it('CSV, OSCAL and Markdown name the included file too', async () => {
    const r = await cli('assess', at('site', 'model.yaml'), '-f', 'csv,oscal,md', '-o', out, '--date', '2026-12-01');
    expect(r.code).toBe(0);
    const csv = readFileSync(join(out, 'model.findings.csv'), 'utf8').split('\r\n').filter((l) => l.startsWith('CONN-') || l.startsWith('DEV-'));
    const sensorRows = csv.filter((l) => l.includes('@sensor,'));
    expect(sensorRows.length).toBeGreaterThan(0);
    for (const row of sensorRows) expect(row).toContain(`,${at('site', 'devices.yaml')},`);
    const oscal = readFileSync(join(out, 'model.oscal.json'), 'utf8');
    expect(oscal).toContain(`"href": "${at('site', 'devices.yaml')}#L`);
    expect(oscal).toContain(`"href": "${at('site', 'cloud', 'hub.yaml')}#L`);
    const md = readFileSync(join(out, 'model.md'), 'utf8');
    expect(md).toMatch(/\| devices\\\.yaml:8 \|/); // Markdown punctuation escaped
  });

  it('decisions in an included file: the register and the renamed-id warning point there', async () => {
    const r = await cli('decisions', at('decided', 'model.yaml'), '--date', '2026-12-01', '--expiring', '30d');
    expect(r.out).toEqual([expect.stringMatching(new RegExp(`^${at('decided', 'decisions.yaml')}:3:5: expiring: accepted CONN-002 on sensor, expires in 19 days`))]);
    const assessed = await cli('assess', at('decided', 'model.yaml'), '-f', 'json', '-o', out, '--date', '2026-12-01');
    expect(assessed.err).toContain(`${at('decided', 'decisions.yaml')}:3:5: warning: control 'AUTH-010' is now 'CONN-002'; the decision applies to CONN-002 (write control: CONN-002)`);
    const csv = await cli('decisions', at('decided', 'model.yaml'), '--date', '2026-12-01', '--format', 'csv');
    expect(csv.out.join('\n')).toContain(`${at('decided', 'model.yaml')},${at('decided', 'decisions.yaml')}:3,`);
  });

  it('validate reports an outside include and exits 2; --allow-outside lets it through', async () => {
    const refused = await cli('validate', at('outside', 'model', 'model.yaml'));
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/outside the model's folder/);
    const allowed = await cli('validate', at('outside', 'model', 'model.yaml'), '--allow-outside');
    expect(allowed.code).toBe(0);
  });
});

