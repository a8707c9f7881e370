// assess --format with the data formats: every file next to the others as <model><suffix>, listed on
// standard output, byte-identical across runs; --csv-bom; an output that would overwrite an input is refused.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { ROOT } from './helpers/output.js';

const ALL = 'json,sarif,oscal,csv,xlsx,md,otm';

describe('assess --format ' + ALL, () => {
  it('writes every format next to the others, the same bytes twice, and gates with --fail-on', async () => {
    const d = mkdtempSync(join(tmpdir(), 'iotsec-outputs-'));
    const model = join(d, 'cold-chain.yaml');
    copyFileSync(join(ROOT, 'samples', 'cold-chain.yaml'), model);
    const run = () => cli('assess', model, '--format', ALL, '-o', join(d, 'out'), '--date', '2026-12-01', '--fail-on', 'high');
    const first = await run();
    expect(first.code).toBe(1); // the sample has high gaps
    const files = ['cold-chain.findings.csv', 'cold-chain.json', 'cold-chain.md', 'cold-chain.oscal.json', 'cold-chain.otm.json', 'cold-chain.sarif', 'cold-chain.threats.csv', 'cold-chain.xlsx'];
    expect(readdirSync(join(d, 'out')).sort()).toEqual(files);
    expect(first.out.map((l) => l.split('/').at(-1)).sort()).toEqual(files);
    const bytes = files.map((f) => readFileSync(join(d, 'out', f)));
    await run();
    files.forEach((f, i) => expect(readFileSync(join(d, 'out', f)).equals(bytes[i]!), f).toBe(true));
    // The JSON's compliance block has the frameworks' names from catalogs/frameworks.yaml.
    expect(JSON.parse(bytes[1]!.toString()).compliance[0].name).not.toBe(JSON.parse(bytes[1]!.toString()).compliance[0].id);
  }, 60_000);

  it('--csv-bom starts both CSV files with a byte order mark', async () => {
    const d = mkdtempSync(join(tmpdir(), 'iotsec-outputs-'));
    const model = join(d, 'm.yaml');
    copyFileSync(join(ROOT, 'samples', 'smart-factory.yaml'), model);
    expect((await cli('assess', model, '--format', 'csv', '--csv-bom', '-o', d)).code).toBe(0);
    for (const f of ['m.findings.csv', 'm.threats.csv']) expect(readFileSync(join(d, f)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('refuses, before writing anything, an output that would overwrite an input', async () => {
    const d = mkdtempSync(join(tmpdir(), 'iotsec-outputs-'));
    const model = join(d, 'm.yaml');
    copyFileSync(join(ROOT, 'samples', 'smart-factory.yaml'), model);
    copyFileSync(join(ROOT, 'samples', 'smart-factory.yaml'), join(d, 'm.otm.json'));
    const r = await cli('assess', model, join(d, 'm.otm.json'), '--format', 'otm', '-o', d);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/would overwrite an input file/);
  });

  it('rejects an unknown format and names the known ones', async () => {
    const r = await cli('assess', 'x.yaml', '--format', 'sarif,docx');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/sarif, oscal, csv, xlsx, md, otm/);
  });

  it('iotsec schema assessment prints the JSON output\'s schema', async () => {
    const r = await cli('schema', 'assessment');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.join('\n')).title).toBe('iotsec assessment (JSON output)');
    expect((await cli('schema', 'nonsense')).code).toBe(2);
  });
});

describe('assess: outputs of two models that would share a file name', () => {
  it('x.otm.yaml --format json and x.yaml --format otm would both write x.otm.json: refused before writing', async () => {
    const d = mkdtempSync(join(tmpdir(), 'iotsec-outputs-'));
    copyFileSync(join(ROOT, 'samples', 'smart-factory.yaml'), join(d, 'x.yaml'));
    copyFileSync(join(ROOT, 'samples', 'smart-factory.yaml'), join(d, 'x.otm.yaml'));
    const r = await cli('assess', join(d, 'x.yaml'), join(d, 'x.otm.yaml'), '--format', 'json,otm', '-o', join(d, 'out'));
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/would both write .*x\.otm\.json/);
    expect(readdirSync(d)).not.toContain('out');
  });
});
