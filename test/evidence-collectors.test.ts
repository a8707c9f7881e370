// The collectors on annotated fixture projects (test/fixtures/code/<case>/): a line ending in
// `// expect: fact=value …` must yield exactly those facts; every other line must yield none.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../src/evidence/collectors/index.js';
import { formatFact } from '../src/evidence/scan.js';
import { scanSources } from '../src/evidence/scan.js';
import { readSourceTree } from '../src/evidence/source-files.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'code');
const CASES = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

function expected(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  const out: string[] = [];
  for (const f of files) {
    f.text.split('\n').forEach((line, i) => {
      const m = /\/\/ expect: (.+)$/.exec(line);
      if (m) for (const pair of m[1]!.trim().split(/\s+/)) out.push(`${f.path}:${i + 1}: ${pair.replace('=', ': ')}`);
    });
  }
  return out.sort();
}

const scanned = new Map(
  CASES.map((c) => {
    const tree = readSourceTree(join(ROOT, c), join(ROOT, c));
    return [c, { tree, facts: scanSources(tree.files) }] as const;
  }),
);

describe('collectors on annotated fixtures', () => {
  it.each(CASES)('%s: the facts found are exactly the annotated ones', (c) => {
    const { tree, facts } = scanned.get(c)!;
    expect(tree.skipped).toEqual([]);
    const found = facts.map((f) => `${f.location.file}:${f.location.line}: ${f.fact}: ${f.value}`).sort();
    expect(found).toEqual(expected(tree.files));
  });

  it('every collector and every fact it declares has a positive case, and every case a negative line', () => {
    const all = [...scanned.values()].flatMap((s) => s.facts);
    for (const c of COLLECTORS) {
      for (const fact of c.meta.facts) expect(all.some((f) => f.collector === c.meta.id && f.fact === fact), `${c.meta.id}: ${fact}`).toBe(true);
    }
    for (const [c, s] of scanned) {
      const lines = s.tree.files.flatMap((f) => f.text.split('\n').filter((l) => /\S/.test(l) && !l.includes('// expect:')));
      expect(lines.length, c).toBeGreaterThan(0);
    }
    // Ids are unique and the list is sorted (docs and tests read it in this order).
    const ids = COLLECTORS.map((c) => c.meta.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('never prints a secret: only a masked prefix of each literal key', () => {
    const text = [...scanned.values()].flatMap((s) => s.facts.map(formatFact)).join('\n');
    for (const secret of ['AAAAbbbbCCCCddddEEEEffff0000111122223333444=', 'KKKKllllMMMMnnnnOOOOpppp==', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'ZZZZyyyyXXXXwwww1234', 'OOOOwwwwNNNNeeeeRRRR1234', 'abcdefghijklmnop']) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(0, 8));
    }
    expect(text).toContain('AAAA…(44 chars)');
  });

  it('is deterministic whatever order the files come in', () => {
    const files = readSourceTree(join(ROOT, 'reexports'), join(ROOT, 'reexports')).files;
    expect(JSON.stringify(scanSources([...files].reverse()))).toBe(JSON.stringify(scanSources(files)));
  });
});

describe('source tree reading', () => {
  it('skips node_modules and hidden folders, and says what it does not read', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const d = mkdtempSync(join(tmpdir(), 'iotsec-scan-'));
    mkdirSync(join(d, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(d, '.git'));
    writeFileSync(join(d, 'node_modules', 'x', 'a.js'), "const k = 'SharedAccessKey=AAAAAAAAAAAAAAAA';");
    writeFileSync(join(d, '.git', 'b.js'), "const k = 'SharedAccessKey=AAAAAAAAAAAAAAAA';");
    writeFileSync(join(d, 'big.ts'), 'x'.repeat(2000));
    writeFileSync(join(d, 'ok.ts'), 'export const a = 1;');
    writeFileSync(join(d, 'notes.txt'), 'SharedAccessKey=AAAAAAAAAAAAAAAA');
    const tree = readSourceTree(d, d, { maxFiles: 10, maxFileBytes: 1000, maxTotalBytes: 10_000 });
    expect(tree.files.map((f) => f.path)).toEqual(['ok.ts']);
    expect(tree.skipped).toEqual(['big.ts: is larger than 1 KB (the limit)']);
    const capped = readSourceTree(d, d, { maxFiles: 0, maxFileBytes: 1000, maxTotalBytes: 10_000 });
    expect(capped.skipped[0]).toMatch(/^2 more files not read: more than 0 source files$/);
  });
});
