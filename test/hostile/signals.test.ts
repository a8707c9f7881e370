// SIGTERM, SIGINT and SIGHUP (a CI cancel, Ctrl-C, a closed terminal) in any command and at any point:
// exit 128 + the signal's number, one quiet line (no "internal error", no stack trace), only complete
// files that were listed, and no browser process or profile folder left behind.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticModel } from '../../src/bench/synthetic.js';
import { CHROMIUM, copySamples, errLines, eventually, HAS_BUILD, NO_BUILD, processesMentioning, scratch, STACK, start } from './io-built-cli.js';

const CODE = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
const STOPPED = (sig: string) => `iotsec: stopped by ${sig}: the files listed above are complete; nothing else was written`;

/** Every file in `out` was listed on stdout, and the listed ones are complete. */
function onlyListedCompleteFiles(out: string, stdout: string): void {
  let present: string[] = [];
  try {
    present = readdirSync(out);
  } catch {
    // no output folder: nothing was written
  }
  const listed = stdout.split('\n').filter(Boolean).map((l) => l.split('/').at(-1));
  expect(present.sort()).toEqual([...listed].sort());
  for (const f of present) {
    const bytes = readFileSync(join(out, f));
    if (f.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8'))).not.toThrow();
    if (f.endsWith('.html')) expect(bytes.toString('utf8').trimEnd()).toMatch(/<\/html>$/);
    if (f.endsWith('.pdf')) expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
  }
}

describe.skipIf(!HAS_BUILD || !CHROMIUM)(`a signal while the browser starts${HAS_BUILD ? '' : ` (${NO_BUILD})`}`, () => {
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${sig}: exit ${CODE[sig]}, the browser and its folder are gone`, async () => {
      const d = scratch();
      const tmp = join(d, 'tmp');
      mkdirSync(tmp);
      const models = copySamples(d, ['a', 'b']);
      const out = join(d, 'out');
      const c = start(['assess', ...models, '--format', 'json,html,pdf', '-o', out], { env: { TMPDIR: tmp } });
      // The session folder appears just before the browser is launched.
      expect(await eventually(() => readdirSync(tmp).some((f) => f.startsWith('iotsec-browser-')), 15_000)).toBe(true);
      c.child.kill(sig);
      const { code } = await c.exited;
      // Leftovers first: they are what a stop must not leave (a process killed by the signal, as
      // without handlers, would also be reported by a shell as 128 + n).
      expect(await eventually(() => processesMentioning(tmp).length === 0)).toBe(true);
      expect(readdirSync(tmp)).toEqual([]);
      expect(code).toBe(CODE[sig]);
      expect(c.stderr()).not.toMatch(STACK);
      expect(errLines(c.stderr()).at(-1)).toBe(STOPPED(sig));
      onlyListedCompleteFiles(out, c.stdout());
    }, 20_000);
  }

  it('SIGINT after the first files are written: exit 130, those files complete, nothing half-written', async () => {
    const d = scratch();
    const tmp = join(d, 'tmp');
    mkdirSync(tmp);
    const models = copySamples(d, ['a', 'b']);
    const out = join(d, 'out');
    const c = start(['assess', ...models, '--format', 'json,html,pdf', '-o', out], { env: { TMPDIR: tmp } });
    expect(await eventually(() => c.stdout().includes('a.html'), 20_000)).toBe(true);
    c.child.kill('SIGINT');
    const { code } = await c.exited;
    expect(code).toBe(130);
    expect(c.stderr()).not.toMatch(STACK);
    onlyListedCompleteFiles(out, c.stdout());
    expect(await eventually(() => processesMentioning(tmp).length === 0)).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  }, 30_000);
});

describe.skipIf(!HAS_BUILD)('a signal in a command without a browser', () => {
  it('validate, SIGINT between two large models: exit 130, one quiet line', async () => {
    const d = scratch();
    const big = join(d, 'big.yaml');
    writeFileSync(big, syntheticModel(8000));
    const c = start(['validate', big, big, big]);
    // Once the first model is reported valid, the second is under way.
    expect(await eventually(() => c.stdout().includes('valid'), 15_000)).toBe(true);
    c.child.kill('SIGINT');
    const { code, signal } = await c.exited;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(c.stderr()).not.toMatch(STACK);
    expect(errLines(c.stderr()).filter((l) => l.startsWith('iotsec:'))).toEqual([STOPPED('SIGINT')]);
    expect(c.stdout().split('\n').filter(Boolean).length).toBeLessThan(3);
  }, 20_000);

  it('assess --format json, SIGTERM mid-batch: exit 143, the files written are complete and listed', async () => {
    const d = scratch();
    const big = join(d, 'big.yaml');
    writeFileSync(big, syntheticModel(2000));
    const models = [big, ...copySamples(d, ['b', 'c', 'e'])];
    const out = join(d, 'out');
    const c = start(['assess', ...models, '--format', 'json', '-o', out]);
    expect(await eventually(() => c.stdout().includes('big.json'), 15_000)).toBe(true);
    c.child.kill('SIGTERM');
    const { code } = await c.exited;
    expect(code).toBe(143);
    expect(c.stderr()).not.toMatch(STACK);
    onlyListedCompleteFiles(out, c.stdout());
  }, 20_000);
});
