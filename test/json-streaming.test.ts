import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessmentJson, renderJsonChunks } from '../src/output/json.js';
import { writeFileAtomic } from '../src/util/files.js';
import { JsonLines, jsonPieces, TextChunks } from '../src/util/text-chunks.js';
import { assessText } from './helpers/model.js';

const work = mkdtempSync(join(tmpdir(), 'iotsec-json-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = ['cold-chain', 'smart-building', 'smart-factory', 'hardened'];

describe('JSON written in pieces', () => {
  it('lays out one item per line: objects indented down to the first array, each array item compact', () => {
    const v = { a: 1, list: [{ b: [1, 2], c: 'x' }, 2], nested: { arr: [{ d: null }], empty: [], obj: {} }, none: [], last: 'é' };
    expect([...jsonPieces(v)].join('')).toBe(
      [
        '{',
        '  "a": 1,',
        '  "list": [',
        '    {"b":[1,2],"c":"x"},',
        '    2',
        '  ],',
        '  "nested": {',
        '    "arr": [',
        '      {"d":null}',
        '    ],',
        '    "empty": [],',
        '    "obj": {}',
        '  },',
        '  "none": [],',
        '  "last": "é"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('holds the same value as JSON.stringify on awkward values', () => {
    const values: Array<Record<string, unknown>> = [
      {},
      { a: [] },
      { a: undefined, b: () => 1, c: null, d: { e: undefined, f: [undefined, () => 2] } },
      { list: [1, 'two', { three: [3, { four: '4\n"quoted"' }] }, null, [], {}], after: { x: [] }, last: 'é⟨U+202E⟩' },
      { only: [{ a: 1 }] },
      { lines: new JsonLines(2, () => ['{"x":1}', '[2]']), empty: new JsonLines(0, () => []) },
    ];
    for (const v of values) {
      const text = [...jsonPieces(v)].join('');
      expect(text.endsWith('}\n')).toBe(true);
      const plain = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x instanceof JsonLines ? [...x.lines()].map((l) => JSON.parse(l) as unknown) : x]));
      expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(plain));
    }
  });

  it.each(SAMPLES)('%s: the file holds the value assessmentJson gives, keys in the same order, one finding or threat per line', (name) => {
    const text = readFileSync(new URL(`../samples/${name}.yaml`, import.meta.url), 'utf8');
    const a = assessText(text);
    const options = { modelBytes: new TextEncoder().encode(text), file: `${name}.yaml` };
    const value = assessmentJson(a, options);
    const chunks = renderJsonChunks(a, options);
    const whole = String(chunks);
    expect(JSON.stringify(JSON.parse(whole))).toBe(JSON.stringify(value));
    // Each finding and threat is one line that parses on its own (grep and line diffs see whole items).
    const lines = whole.split('\n');
    for (const f of value.findings) expect(lines).toContain(`    ${JSON.stringify(f)},`.slice(0, f === value.findings.at(-1) ? -1 : undefined));
    expect(lines.filter((l) => /^    \{"id":"[^"]*@/.test(l)).length).toBe(value.findings.length + value.threats.length);
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

  it('writes multi-byte text across batch ends and pieces larger than a batch, byte for byte', () => {
    const file = join(work, 'wide.txt');
    const pieces = ['é€😀'.repeat(100_000), ...Array.from({ length: 50_000 }, (_, i) => `${i}·€😀\n`), 'x'.repeat(3_000_000), 'end'];
    writeFileAtomic(file, new TextChunks(() => pieces));
    expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
  });
});
