import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessmentJson, renderJsonChunks } from '../src/output/json.js';
import { writeFileAtomic } from '../src/util/files.js';
import { jsonPieces, TextChunks } from '../src/util/text-chunks.js';
import { assessText } from './helpers/model.js';

const work = mkdtempSync(join(tmpdir(), 'iotsec-json-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = ['cold-chain', 'smart-building', 'smart-factory', 'hardened'];

describe('JSON written in pieces', () => {
  it('is byte for byte what JSON.stringify(value, null, 2) gives, on awkward values', () => {
    const values: Array<Record<string, unknown>> = [
      {},
      { a: [] },
      { a: undefined, b: () => 1, c: null },
      { list: [1, 'two', { three: [3, { four: '4\n"quoted"' }] }, null, [], {}], after: { x: [] }, last: 'é⟨U+202E⟩' },
      { only: [{ a: 1 }] },
    ];
    for (const v of values) expect([...jsonPieces(v)].join('')).toBe(JSON.stringify(v, null, 2) + '\n');
  });

  it.each(SAMPLES)('%s: the pieces make the same JSON as one JSON.stringify', (name) => {
    const text = readFileSync(new URL(`../samples/${name}.yaml`, import.meta.url), 'utf8');
    const a = assessText(text);
    const options = { modelBytes: new TextEncoder().encode(text), file: `${name}.yaml` };
    const whole = JSON.stringify(assessmentJson(a, options), null, 2) + '\n';
    const chunks = renderJsonChunks(a, options);
    expect(String(chunks)).toBe(whole);
    // Written piece by piece (batched), the file holds the same bytes.
    const file = join(work, `${name}.json`);
    writeFileAtomic(file, chunks);
    expect(readFileSync(file, 'utf8')).toBe(whole);
  });

  it('writes many small pieces in batches: every piece lands, in order', () => {
    const file = join(work, 'many.txt');
    const pieces = new TextChunks(function* () {
      for (let i = 0; i < 300_000; i++) yield `${i}\n`;
    });
    writeFileAtomic(file, pieces);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.length).toBe(300_001);
    expect(lines[299_999]).toBe('299999');
  });
});
