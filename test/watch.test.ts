// assess --watch, JSON only (no browser): a change to the model or a file it includes rewrites the
// output, an error is printed without ending the watch, and SIGINT stops it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = resolve('dist/cli/main.js');
const HAS_DIST = existsSync(MAIN);

describe.skipIf(!HAS_DIST)('assess --watch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iotsec-watch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-renders on change, survives an error, stops on SIGINT', async () => {
    writeFileSync(join(dir, 'model.yaml'), 'solution:\n  name: Watched\ninclude: [devices.yaml]\n');
    writeFileSync(join(dir, 'devices.yaml'), 'devices:\n  - id: first\n');
    const child = spawn(process.execPath, [MAIN, 'assess', 'model.yaml', '--watch', '-f', 'json', '-o', 'out', '--date', '2026-12-01'], {
      cwd: dir,
      env: { ...process.env, CI: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    /** Waits until stderr has `count` lines matching `re`. */
    const until = async (re: RegExp, count: number) => {
      const deadline = Date.now() + 30_000;
      while ((stderr.match(new RegExp(re.source, 'gm')) ?? []).length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} x${count}; stderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const devices = () => JSON.parse(readFileSync(join(dir, 'out', 'model.json'), 'utf8')).findings.map((f: { element: string }) => f.element);
    try {
      await until(/^iotsec: rendered in .*; watching 2 files \(Ctrl-C stops\)$/, 1);
      expect(devices()).toContain('first');
      expect(stdout).toBe('out/model.json\n');

      // A change to the included file: rendered again, the JSON rewritten.
      writeFileSync(join(dir, 'devices.yaml'), 'devices:\n  - id: second\n');
      await until(/^iotsec: devices\.yaml changed$/, 1);
      await until(/^iotsec: rendered in /, 2);
      expect(devices()).toContain('second');
      expect(devices()).not.toContain('first');

      // An error: printed with its location, the watch goes on.
      writeFileSync(join(dir, 'devices.yaml'), 'devices:\n  - id: third\n    kind: toaster\n');
      await until(/^iotsec: failed in /, 1);
      expect(stderr).toMatch(/^devices\.yaml:3:5: error: devices\[0\]\.kind is 'toaster'/m);
      expect(child.exitCode).toBeNull();

      // Fixed in the model itself: rendered again.
      writeFileSync(join(dir, 'devices.yaml'), 'devices:\n  - id: fourth\n');
      await until(/^iotsec: rendered in /, 3);
      expect(devices()).toContain('fourth');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/iotsec: stopped by SIGINT/);
  });
});
