// assess --deployment end to end on the samples: the drift planted in each sample export (the acceptance list
// in samples/deployment/README.md) is found, nothing else contradicts the model, unknowns fall, and every
// observation is located by file, line, JSON pointer and resource. Bad exports are input errors (exit 2).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

interface Result {
  summary: { byStatus: Record<string, number> };
  drift: Array<{ id: string; observed: { location: { file: string; line: number; pointer?: string; resource?: string } } }>;
  evidence: Array<{ element: string; property: string; value: unknown; effect: string }>;
}

const SAMPLES = [
  { model: 'cold-chain', exports: ['cold-chain.arm.json'] },
  { model: 'smart-building', exports: ['smart-building.tfplan.json'] },
  { model: 'smart-factory', exports: ['smart-factory.graph.json', 'smart-factory.roles.graph.json'] },
  { model: 'hardened', exports: ['hardened.bicep.json'] },
];

/** Rows of a table under `### <heading>` in the README section of an export file: [element, property]. */
function readmeRows(file: string, heading: string): Array<[string, string]> {
  const text = readFileSync('samples/deployment/README.md', 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith(file));
  if (section === undefined) return [];
  const table = section.split(/^### /m).find((s) => s.startsWith(heading)) ?? '';
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Element') && !l.startsWith('| ---'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => [c[1]!.replace(/\s*†$/, ''), c[2]!]);
}

async function assessJson(model: string, exports: readonly string[]): Promise<{ result: Result; err: string[]; code: number }> {
  const out = mkdtempSync(join(tmpdir(), 'iotsec-dep-'));
  const args = exports.flatMap((e) => ['--deployment', `samples/deployment/${e}`]);
  const r = await cli('assess', `samples/${model}.yaml`, ...args, '--format', 'json', '-o', out, '-q', '--date', '2026-12-01');
  return { result: JSON.parse(readFileSync(join(out, `${model}.json`), 'utf8')) as Result, err: r.err, code: r.code };
}

describe('assess --deployment on the samples', () => {
  for (const s of SAMPLES) {
    it(`${s.model}: finds the planted drift, fills unknowns, locates every observation`, async () => {
      const before = await assessJson(s.model, []);
      const after = await assessJson(s.model, s.exports);
      expect(after.code).toBe(0);
      const planted = s.exports.flatMap((e) => readmeRows(e, 'Drift')).map(([el, p]) => `${el}:${p}`);
      const found = after.result.drift.map((d) => d.id);
      expect(found).toEqual(expect.arrayContaining(planted));
      // Beyond the planted list, only what the sample's plan adds on purpose (a Service Bus data role while the model says no Entra ID).
      expect(found.filter((id) => !planted.includes(id))).toEqual(s.model === 'smart-building' ? ['service-bus:entraAuth'] : []);
      expect(after.result.summary.byStatus.unknown).toBeLessThanOrEqual(before.result.summary.byStatus.unknown!);
      const fills = s.exports.flatMap((e) => readmeRows(e, 'Fills')).filter(([, p]) => !p.includes('[') && !p.startsWith('assignment'));
      const filled = new Set(after.result.evidence.filter((e) => e.effect === 'filled').map((e) => `${e.element}:${e.property}`));
      // Every fill of a property the tables read (the README marks the rest †; those that came true count too).
      expect(fills.filter(([el, p]) => filled.has(`${el}:${p}`)).length).toBeGreaterThanOrEqual(Math.ceil(fills.length / 2));
      for (const d of after.result.drift) {
        expect(s.exports.map((e) => `samples/deployment/${e}`)).toContain(d.observed.location.file);
        expect(d.observed.location.pointer).toMatch(/^\//);
        expect(d.observed.location.resource).toBeTruthy();
        expect(d.observed.location.line).toBeGreaterThan(1);
      }
      expect(after.err.join('\n')).toMatch(/evidence: \d+ from \d deployment files? \(\d+ resources? matched\)/);
    }, 60_000);
  }

  it('cold-chain: fewer unknowns, and the fills the README lists for it', async () => {
    const before = await assessJson('cold-chain', []);
    const after = await assessJson('cold-chain', ['cold-chain.arm.json']);
    expect(after.result.summary.byStatus.unknown).toBeLessThan(before.result.summary.byStatus.unknown!);
    const filled = after.result.evidence.filter((e) => e.effect === 'filled').map((e) => `${e.element}:${e.property}=${String(e.value)}`);
    expect(filled).toEqual(expect.arrayContaining(['alert-functions:diagnostics=true', 'alert-functions:publicNetworkAccess=false', 'dps:privateEndpoint=false', 'key-vault:ipFilter=true', 'cosmos-db:minTls=1.2', 'event-hubs:ipFilter=true']));
    // Resource types no table reads are counted in one warning, not dropped silently.
    expect(after.err.join('\n')).toMatch(/cold-chain\.arm\.json:1:1: warning: \d+ resources of types iotsec does not read were ignored: .*microsoft\.eventhub\/namespaces\/eventhubs \(1\)/);
    // The JSON with deployment provenance (pointer, resource, the unresolved effect) keeps to its published schema.
    const { assessmentValidator, errorsOf } = await import('./helpers/output.js');
    const v = assessmentValidator();
    expect(v(after.result), errorsOf(v)).toBe(true);
    // A parameter without a default is unresolved: it neither fills nor contradicts.
    expect(after.result.evidence.find((e) => e.element === 'dps' && e.property === 'publicNetworkAccess')?.effect).toBe('unresolved');
  }, 60_000);

  it('hardened: one drift (the key vault opened to the public network), and a parameter without a default stays unresolved', async () => {
    const after = await assessJson('hardened', ['hardened.bicep.json']);
    expect(after.result.drift.map((d) => d.id)).toEqual(['key-vault:publicNetworkAccess']);
    expect(after.result.drift[0]!.observed.location.pointer).toBe('/resources/keyVault/properties/publicNetworkAccess');
    const adx = after.result.evidence.find((e) => e.element === 'line-analytics' && e.property === 'publicNetworkAccess');
    expect(adx?.effect).toBe('unresolved');
    // The reference has no unknowns to fill: 0 before, 0 after.
    expect(after.result.summary.byStatus.unknown).toBe(0);
  }, 60_000);
});

describe('bad deployment exports are input errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iotsec-bad-dep-'));
  const cases: Array<[string, string, RegExp]> = [
    ['malformed.json', '{\n  "resources": [\n    { "type": "Microsoft.Devices/IotHubs", \n  ]\n}\n', /malformed\.json:4:\d+: error/],
    ['shape.json', '{ "hello": "world" }\n', /shape\.json:1:1: error: .*(ARM|Resource Graph|Terraform)/],
  ];
  for (const [name, text, pattern] of cases) {
    it(`${name}: exit 2, one located line, nothing written`, async () => {
      const file = join(dir, name);
      writeFileSync(file, text);
      const out = join(dir, `out-${name}`);
      const r = await cli('assess', 'samples/cold-chain.yaml', '--deployment', file, '--format', 'json', '-o', out, '-q');
      expect(r.code).toBe(2);
      expect(r.err.join('\n')).toMatch(pattern);
      expect(r.err.join('\n')).not.toMatch(/\n\s+at /);
    });
  }

  it('a missing export is an input error naming it', async () => {
    const r = await cli('assess', 'samples/cold-chain.yaml', '--deployment', join(dir, 'nope.json'), '--format', 'json', '-o', join(dir, 'o'), '-q');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/nope\.json:1:1: error: deployment export no such file/);
  });
});

describe('init --from: a starter model from deployment exports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iotsec-init-from-'));
  for (const s of SAMPLES) {
    it(`${s.model}: writes a model that validates, with the exported services, principals and TODOs`, async () => {
      const file = join(dir, `${s.model}.yaml`);
      const r = await cli('init', '--from', ...s.exports.map((e) => `samples/deployment/${e}`), file);
      expect(r.code, r.err.join('\n')).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^# TODO: devices and fleets/m);
      const v = await cli('validate', file);
      expect(v.code, v.err.join('\n')).toBe(0);
      // Every service the sample names by resourceName is in the scaffold, with that name.
      // (Services of type `other`, such as an Azure Monitor workspace, have no table: they are not scaffolded.)
      const names = [...readFileSync(`samples/${s.model}.yaml`, 'utf8').matchAll(/^\s+type: (\S+)\n\s+resourceName: (\S+)/gm)].filter((m) => m[1] !== 'other').map((m) => m[2]!);
      expect(names.length).toBeGreaterThan(1);
      const exported = s.exports.map((e) => readFileSync(`samples/deployment/${e}`, 'utf8')).join('\n');
      for (const n of names.filter((x) => exported.includes(`"${x}"`) || exported.includes(`/${x}"`))) expect(text).toMatch(new RegExp(`^\\s+(resourceName: ${n}|azureResourceId: .*/${n})$`, 'm'));
      // Assessing the scaffold with the same exports finds no drift: it states what they say.
      const out = join(dir, `out-${s.model}`);
      const a = await cli('assess', file, ...s.exports.flatMap((e) => ['--deployment', `samples/deployment/${e}`]), '--format', 'json', '-o', out, '-q');
      expect(a.code).toBe(0);
      const result = JSON.parse(readFileSync(join(out, `${s.model}.json`), 'utf8')) as Result;
      expect(result.drift).toEqual([]);
    }, 60_000);
  }

  it('never overwrites a file, and refuses --template with --from', async () => {
    const file = join(dir, 'exists.yaml');
    writeFileSync(file, 'x: 1\n');
    const r = await cli('init', '--from', 'samples/deployment/cold-chain.arm.json', file);
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('x: 1\n');
    const t = await cli('init', '--template', 'cloud', '--from', 'samples/deployment/cold-chain.arm.json', join(dir, 'new.yaml'));
    expect(t.code).toBe(2);
  });
});

describe('the report with deployment evidence', () => {
  it('section 8 says where the evidence came from, drift first, with the export file and pointer', async () => {
    const out = mkdtempSync(join(tmpdir(), 'iotsec-dep-html-'));
    const r = await cli('assess', 'samples/cold-chain.yaml', '--deployment', 'samples/deployment/cold-chain.arm.json', '--format', 'html', '-o', out, '-q', '--date', '2026-12-01');
    expect(r.code, r.err.join('\n')).toBe(0);
    const html = readFileSync(join(out, 'cold-chain.html'), 'utf8');
    const section = html.slice(html.indexOf('<section class="section" id="evidence">'));
    expect(section).toContain('8</span> Evidence from the deployment</h1>');
    expect(section).toContain('<th>The deployment has</th>');
    expect(section).toContain('<th>Deployed</th>');
    expect(section.indexOf('id="drift"')).toBeLessThan(section.indexOf('id="evidence-elements"'));
    expect(section).toMatch(/samples\/deployment\/cold-chain\.arm\.json:\d+/);
    expect(section).toContain('Cannot be resolved offline');
    // The executive summary says it too, before anything rests on the model.
    expect(html.indexOf('The deployment contradicts 3 values the model states')).toBeLessThan(html.indexOf('id="evidence"'));
  }, 120_000);
});

describe('the Markdown summary with drift', () => {
  it('lists the drift before the threats, each with both places', async () => {
    const out = mkdtempSync(join(tmpdir(), 'iotsec-dep-md-'));
    const r = await cli('assess', 'samples/cold-chain.yaml', '--deployment', 'samples/deployment/cold-chain.arm.json', '--format', 'md', '-o', out, '-q');
    expect(r.code).toBe(0);
    const md = readFileSync(join(out, 'cold-chain.md'), 'utf8');
    expect(md).toContain('### Drift: the model and the evidence disagree (3)');
    expect(md.indexOf('### Drift')).toBeLessThan(md.indexOf('### Top open threats'));
    expect(md).toMatch(/\| yes \(line \d+\) \| no \| deployment: `samples\/deployment\/cold-chain\.arm\.json:\d+:\d+` \|/);
  });
});

describe('OSCAL assessment results with drift', () => {
  it('each drift is an observation with both places as evidence and an open risk; the document stays schema-valid', async () => {
    const { oscalValidator, errorsOf } = await import('./helpers/output.js');
    const out = mkdtempSync(join(tmpdir(), 'iotsec-dep-oscal-'));
    const r = await cli('assess', 'samples/cold-chain.yaml', '--deployment', 'samples/deployment/cold-chain.arm.json', '--format', 'oscal', '-o', out, '-q', '--date', '2026-12-01');
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'cold-chain.oscal.json'), 'utf8')) as { 'assessment-results': { results: Array<{ observations: Array<{ title: string; 'relevant-evidence': Array<{ description: string }> }>; risks: Array<{ title: string; status: string }> }> } };
    const v = oscalValidator();
    expect(v(doc), errorsOf(v)).toBe(true);
    const result = doc['assessment-results'].results[0]!;
    const drift = result.observations.filter((o) => o.title.startsWith('Drift: '));
    expect(drift.map((o) => o.title).sort()).toEqual(['Drift: ipFilter on archive-storage', 'Drift: localAuth on event-hubs', 'Drift: publicNetworkAccess on cosmos-db']);
    for (const o of drift) {
      expect(o['relevant-evidence'][0]!.description).toMatch(/^samples\/cold-chain\.yaml:\d+:\d+$/);
      expect(o['relevant-evidence'][1]!.description).toMatch(/^samples\/deployment\/cold-chain\.arm\.json:\d+:\d+ \(\/resources\//);
    }
    expect(result.risks.filter((x) => x.title.startsWith('The model and the deployment disagree')).map((x) => x.status)).toEqual(['open', 'open', 'open']);
  });
});

describe('spreadsheets with drift', () => {
  it('CSV writes <model>.drift.csv and XLSX a Drift sheet when the run had evidence, neither without', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const out = mkdtempSync(join(tmpdir(), 'iotsec-dep-csv-'));
    const r = await cli('assess', 'samples/cold-chain.yaml', '--deployment', 'samples/deployment/cold-chain.arm.json', '--format', 'csv,xlsx', '-o', out, '-q', '--date', '2026-12-01');
    expect(r.code).toBe(0);
    const csv = readFileSync(join(out, 'cold-chain.drift.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toMatch(/^Id,Element,Element name,Property,Severity,Model says,File,Line,Evidence shows,Source,Evidence file,Evidence line,Pointer,Resource/);
    expect(csv.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['archive-storage:ipFilter', 'cosmos-db:publicNetworkAccess', 'event-hubs:localAuth']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, 'cold-chain.xlsx')) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Drift');
    expect(wb.getWorksheet('Drift')!.rowCount).toBe(4);
    const plain = mkdtempSync(join(tmpdir(), 'iotsec-nodep-csv-'));
    await cli('assess', 'samples/cold-chain.yaml', '--format', 'csv', '-o', plain, '-q');
    expect(existsSync(join(plain, 'cold-chain.drift.csv'))).toBe(false);
  });
});

describe('a hardened model the deployment contradicts', () => {
  it('is not summarised in green: the summary warns and says why', async () => {
    const out = mkdtempSync(join(tmpdir(), 'iotsec-dep-hardened-'));
    const r = await cli('assess', 'samples/hardened.yaml', '--deployment', 'samples/deployment/hardened.bicep.json', '--format', 'html', '-o', out, '-q', '--date', '2026-12-01');
    expect(r.code, r.err.join('\n')).toBe(0);
    const html = readFileSync(join(out, 'hardened.html'), 'utf8');
    expect(html).toContain('class="story story-warn"');
    expect(html).toContain('The deployment contradicts 1 value the model states');
  }, 120_000);
});

describe('deployment: in the model', () => {
  it('reads the exports the model lists (relative to it), and refuses one outside its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotsec-dep-key-'));
    const model = readFileSync('samples/cold-chain.yaml', 'utf8');
    writeFileSync(join(dir, 'export.arm.json'), readFileSync('samples/deployment/cold-chain.arm.json'));
    writeFileSync(join(dir, 'model.yaml'), `${model}\ndeployment: [export.arm.json]\n`);
    const out = join(dir, 'out');
    const r = await cli('assess', join(dir, 'model.yaml'), '--format', 'json', '-o', out, '-q');
    expect(r.code, r.err.join('\n')).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as Result;
    expect(result.drift.map((d) => d.id).sort()).toEqual(['archive-storage:ipFilter', 'cosmos-db:publicNetworkAccess', 'event-hubs:localAuth']);
    writeFileSync(join(dir, 'outside.yaml'), `${model}\ndeployment: ../elsewhere.json\n`);
    const o = await cli('assess', join(dir, 'outside.yaml'), '--format', 'json', '-o', out, '-q');
    expect(o.code).toBe(2);
    expect(o.err.join('\n')).toMatch(/outside\.yaml:\d+:\d+: error: deployment file '\.\.\/elsewhere\.json' is outside the model's folder/);
    writeFileSync(join(dir, 'missing.yaml'), `${model}\ndeployment: [nope.json]\n`);
    const m = await cli('assess', join(dir, 'missing.yaml'), '--format', 'json', '-o', out, '-q');
    expect(m.code).toBe(2);
    expect(m.err.join('\n')).toMatch(/missing\.yaml:\d+:\d+: error: deployment file 'nope\.json' does not exist/);
    // validate says so too, before anyone runs assess.
    const v = await cli('validate', join(dir, 'missing.yaml'));
    expect(v.code).toBe(2);
    expect(v.err.join('\n')).toMatch(/missing\.yaml:\d+:\d+: error: deployment file 'nope\.json' does not exist/);
    expect((await cli('validate', join(dir, 'model.yaml'))).code).toBe(0);
  });
});
