// SIGKILL (no handler runs: an out-of-memory kill, a CI runner torn down) at random points during a
// batch of JSON, HTML and PDF outputs leaves only complete files: every output present parses or is a
// whole PDF, and the only other names are hidden temporary files (.<name>.<random>.tmp), never an
// output's name. The points are drawn from a seed printed with the test, to replay a failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, copySamples, eventually, HAS_BUILD, NO_BUILD, processesMentioning, scratch, start } from './io-built-cli.js';

/** mulberry32: a small seeded generator, so a failing run can be replayed with IOTSEC_KILL_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks every output in `out` is whole; returns their names. */
function checkComplete(out: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(out);
  } catch {
    return [];
  }
  const outputs = names.filter((f) => !(f.startsWith('.') && f.endsWith('.tmp')));
  for (const f of outputs) {
    expect(f).toMatch(/^[abc]\.(json|html|pdf)$/);
    const file = join(out, f);
    const bytes = readFileSync(file);
    if (f.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8')), f).not.toThrow();
    if (f.endsWith('.html')) expect(bytes.toString('utf8').trimEnd(), f).toMatch(/<\/html>$/);
    if (f.endsWith('.pdf')) {
      expect(bytes.subarray(0, 5).toString('latin1'), f).toBe('%PDF-');
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), f).toMatch(/^Pages:\s+\d+/m);
    }
  }
  return outputs;
}

describe.skipIf(!HAS_BUILD || !CHROMIUM)(`SIGKILL during a batch${HAS_BUILD ? '' : ` (${NO_BUILD})`}`, () => {
  const seed = Number(process.env.IOTSEC_KILL_SEED ?? Date.now() % 100_000);
  it(`leaves only complete outputs (seed ${seed})`, async () => {
    const next = random(seed);
    const d = scratch();
    const models = copySamples(d, ['a', 'b', 'c']);
    const tmp = join(d, 'tmp');
    mkdirSync(tmp);
    // Three kills: early (reading, launching), during the first reports, later in the batch.
    for (const [from, to] of [[0.3, 2.5], [2.5, 6], [6, 10]] as const) {
      const out = join(d, `out-${from}`);
      const at = Math.round((from + next() * (to - from)) * 1000);
      const c = start(['assess', ...models, '--format', 'json,html,pdf', '-o', out], { env: { TMPDIR: tmp } });
      await new Promise((r) => setTimeout(r, at));
      c.child.kill('SIGKILL');
      await c.exited;
      checkComplete(out);
      // The browser exits as its control pipe closes; its folder stays (nothing can run after SIGKILL).
      expect(await eventually(() => processesMentioning(tmp).length === 0, 5000), `browser left after a kill at ${at} ms`).toBe(true);
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp);
    }
  }, 30_000);
});
