// `npm pack` gives a package that works on its own: installed into an empty prefix, its `iotsec` assesses
// a sample. Needs npm and the registry (or npm's cache): it runs where `npm ci` ran, as in CI.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/catalog/load.js';

const work = mkdtempSync(join(tmpdir(), 'iotsec-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('installs globally into an empty prefix and assesses a sample to JSON, SARIF and Markdown', () => {
    expect(existsSync(join(PACKAGE_ROOT, 'dist', 'cli', 'main.js')), 'npm run build first (npm test does)').toBe(true);
    const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: PACKAGE_ROOT, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
    const info = JSON.parse(packed) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = info[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/catalog-snapshot.json');
    expect(files.some((f) => f.startsWith('catalogs/azure-iot/controls/'))).toBe(true);
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);
    const prefix = join(work, 'prefix');
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, info[0]!.filename)], {
      encoding: 'utf8',
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', npm_config_loglevel: 'error' },
      timeout: 240_000,
    });
    expect(install.status, install.stderr).toBe(0);
    const bin = join(prefix, 'bin', 'iotsec');
    const out = join(work, 'out');
    const run = spawnSync(bin, ['assess', join(PACKAGE_ROOT, 'samples', 'smart-factory.yaml'), '--format', 'json,sarif,md', '--date', '2026-11-23', '-o', out], { cwd: work, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'smart-factory.json'), 'utf8')) as { findings: unknown[] };
    expect(json.findings.length).toBeGreaterThan(100);
    expect(existsSync(join(out, 'smart-factory.sarif'))).toBe(true);
  }, 300_000);
});
