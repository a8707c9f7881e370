// iotsec.config.yaml: found upward or named with --config, validated with locations, flags win.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findConfig, readConfig } from '../src/cli/config.js';
import { InputError, formatDiagnostic } from '../src/model/diagnostics.js';
import { cli } from './helpers/cli.js';

const SAMPLE = resolve('samples/cold-chain.yaml');
const root = mkdtempSync(join(tmpdir(), 'iotsec-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configIn(dir: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'iotsec.config.yaml');
  writeFileSync(file, text);
  return file;
}

function problems(file: string): string[] {
  try {
    readConfig(file);
    return [];
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics.map((d) => formatDiagnostic(d).replace(/^.*iotsec\.config\.yaml:/, ''));
    throw err;
  }
}

describe('reading a configuration', () => {
  it('resolves paths against its own folder', () => {
    const file = configIn(join(root, 'read'), 'catalogs: [extra/catalog.yaml]\noutput: reports\nformats: [json, sarif]\npaper: letter\nfailOn: high\nbranding:\n  title: Quarterly review\n  classification: Confidential\n  logo: brand/logo.png\n');
    expect(readConfig(file).values).toEqual({
      catalog: [join(root, 'read', 'extra', 'catalog.yaml')],
      format: ['json', 'sarif'],
      output: join(root, 'read', 'reports'),
      paper: 'letter',
      failOn: 'high',
      title: 'Quarterly review',
      classification: 'Confidential',
      logo: join(root, 'read', 'brand', 'logo.png'),
    });
  });

  it('reports every problem with its line and column, and suggests a key', () => {
    const file = configIn(join(root, 'bad'), 'formts: [json]\npaper: a3\nfailOn: severe\nbranding:\n  titel: x\n');
    expect(problems(file)).toEqual([
      "1:1: error: unknown key 'formts' in (document) (did you mean 'formats'?)",
      "2:1: error: paper is 'a3'; expected one of a4, letter (did you mean 'a4'?)",
      "3:1: error: failOn is 'severe'; expected one of never, critical, high, medium, low (did you mean 'never'?)",
      "5:3: error: unknown key 'titel' in branding (did you mean 'title'?)",
    ]);
  });

  it('a file of comments only configures nothing', () => {
    expect(readConfig(configIn(join(root, 'empty'), '# nothing yet\n')).values).toEqual({});
  });

  it('is found in the folder or the nearest one above', () => {
    const file = configIn(join(root, 'up'), 'paper: letter\n');
    mkdirSync(join(root, 'up', 'a', 'b'), { recursive: true });
    expect(findConfig(join(root, 'up', 'a', 'b'))).toBe(file);
    expect(findConfig(join(root, 'up'))).toBe(file);
  });
});

describe('assess with a configuration', () => {
  it('uses its formats, output folder and --fail-on', async () => {
    const dir = join(root, 'project');
    const file = configIn(dir, 'formats: [json]\noutput: reports\nfailOn: low\n');
    const r = await cli('assess', SAMPLE, '--config', file, '--date', '2026-12-01');
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'reports', 'cold-chain.json'))).toBe(true);
    expect(existsSync(join(dir, 'reports', 'cold-chain.html'))).toBe(false);
    expect(r.err.join('\n')).toMatch(/at or above 'low' \(--fail-on\)/);
  });

  it('flags on the command line win over it', async () => {
    const dir = join(root, 'project2');
    const file = configIn(dir, 'formats: [json]\noutput: reports\nfailOn: low\n');
    const other = join(root, 'other');
    const r = await cli('assess', SAMPLE, '--config', file, '--fail-on', 'never', '-f', 'sarif', '-o', other, '--date', '2026-12-01');
    expect(r.code).toBe(0);
    expect(existsSync(join(other, 'cold-chain.sarif'))).toBe(true);
    expect(existsSync(join(other, 'cold-chain.json'))).toBe(false);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('is found upward from the working directory', async () => {
    const dir = join(root, 'found');
    configIn(dir, 'formats: [md]\noutput: md-out\n');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const before = process.cwd();
    process.chdir(join(dir, 'sub'));
    try {
      const r = await cli('assess', SAMPLE, '--date', '2026-12-01');
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'md-out', 'cold-chain.md'), 'utf8')).toMatch(/Nordfrost/);
    } finally {
      process.chdir(before);
    }
  });

  it('a bad configuration stops the run with exit 2 and located lines, before anything is written', async () => {
    const dir = join(root, 'broken');
    const file = configIn(dir, 'formats: [jsn]\noutput: reports\n');
    const r = await cli('assess', SAMPLE, '--config', file);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([expect.stringMatching(/iotsec\.config\.yaml:1:11: error: formats\[0\] is 'jsn'; expected one of .* \(did you mean 'json'\?\)$/)]);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('--config naming no file is a usage error', async () => {
    const r = await cli('assess', SAMPLE, '--config', join(root, 'nope.yaml'));
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/--config .*nope\.yaml: no such file/);
  });
});
