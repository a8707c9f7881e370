// Models nobody wrote: the samples with properties removed (partial models, as users start them) or
// with values, keys and list items garbled (broken models). Whatever comes in, `assess` answers with
// exit 0, 1 or 2 and one located line per problem: never an internal error or a stack trace.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli } from './helpers/cli.js';

const SAMPLES = ['cold-chain', 'smart-factory', 'smart-building'].map((f) => parse(readFileSync(join(import.meta.dirname, '..', 'samples', `${f}.yaml`), 'utf8')) as unknown);
const dir = mkdtempSync(join(tmpdir(), 'iotsec-mutated-'));

/** A small deterministic generator (same models on every run). */
function generator(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Keys that hold the model together; removing the others only makes properties unknown. */
const STRUCTURAL = new Set(['id', 'from', 'to', 'boundary', 'inside', 'kind', 'name', 'solution', 'on', 'gatewayFor', 'enrollmentGroup', 'linkedHubs', 'control', 'threat', 'element', 'status', 'justification', 'owner', 'expires', 'usedBy', 'role', 'scope']);
const ODD_VALUES: unknown[] = [null, 0, -1, 1e12, '', 'x', true, [], {}, [1], { a: 1 }, '2026-13-45', 'none', '1.0', '../../etc/passwd', '<script>', 'iot-hub', 'device', 'solution'];

function strip(node: unknown, rnd: () => number): void {
  if (Array.isArray(node)) return node.forEach((x) => strip(x, rnd));
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!STRUCTURAL.has(k) && rnd() < 0.15) delete o[k];
    else strip(o[k], rnd);
  }
}

function garble(node: unknown, rnd: () => number): void {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  if (Array.isArray(node)) {
    if (node.length > 0 && rnd() < 0.3) node.splice(Math.floor(rnd() * node.length), 1);
    if (node.length > 0 && rnd() < 0.2) node.push(structuredClone(pick(node)));
    for (const x of node) if (rnd() < 0.3) garble(x, rnd);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const r = rnd();
    if (r < 0.02) delete o[k];
    else if (r < 0.04) o[k] = structuredClone(pick(ODD_VALUES));
    else if (r < 0.06 && typeof o[k] === 'string') o[k] = pick(['', `${o[k] as string}x`, (o[k] as string).toUpperCase()]);
    else if (r < 0.07) o[`${k}_`] = o[k];
    else if (o[k] !== null && typeof o[k] === 'object' && rnd() < 0.5) garble(o[k], rnd);
  }
}

async function assessMutant(kind: 'partial' | 'broken', seed: number): Promise<{ code: number; err: string[] }> {
  const rnd = generator(seed);
  const model = structuredClone(SAMPLES[seed % SAMPLES.length]);
  if (kind === 'partial') strip(model, rnd);
  else for (let i = 0; i < 2; i++) garble(model, rnd);
  const file = join(dir, `${kind}-${seed}.yaml`);
  writeFileSync(file, stringify(model));
  return cli('assess', file, '--format', 'json', '-o', join(dir, 'out'), '--date', '2026-11-23');
}

function expectCleanAnswer(r: { code: number; err: string[] }): void {
  expect([0, 1, 2]).toContain(r.code);
  for (const line of r.err) {
    expect(line).not.toMatch(/^\s+at |TypeError|ReferenceError|Cannot read|undefined is not|internal error/);
    expect(line.includes('\n')).toBe(false);
  }
  if (r.code === 2) expect(r.err.some((l) => /\.yaml:\d+:\d+: error: /.test(l))).toBe(true);
}

/** Exit codes of `count` mutants of one kind, each checked for a clean answer. */
async function assessMutants(kind: 'partial' | 'broken', count = 45): Promise<number[]> {
  const codes: number[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const r = await assessMutant(kind, seed);
    expectCleanAnswer(r);
    codes.push(r.code);
  }
  return codes;
}

describe('mutated sample models', () => {
  it('partial models (properties removed) are assessed: unknowns, never a crash', async () => {
    const codes = await assessMutants('partial');
    // The generator must produce assessable models, or this test proves nothing.
    expect(codes.filter((c) => c !== 2).length).toBeGreaterThan(10);
  });

  it('broken models (values, keys and list items garbled) get located errors, never a crash', async () => {
    const codes = await assessMutants('broken');
    expect(codes.filter((c) => c === 2).length).toBeGreaterThan(20);
  });
});
