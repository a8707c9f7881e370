// The samples are what users read first: every one must validate, with only its documented warnings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadText } from './helpers/model.js';

const SAMPLES = join(import.meta.dirname, '..', 'samples');
const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.yaml')).sort();

describe('samples', () => {
  it('there are at least three', () => expect(files.length).toBeGreaterThanOrEqual(3));
  it.each(files)('%s validates and points editors at the JSON Schema', (f) => {
    const text = readFileSync(join(SAMPLES, f), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/iotsec-model.schema.json');
    const r = loadText(text, f);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
    expect(r.ok).toBe(true);
  });
});
