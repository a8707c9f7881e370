// One table-driven test for every control: its fixture lists the exact element ids per status.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { assess } from '../src/engine/assess.js';
import { builtInCatalog, known, loadText } from './helpers/model.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'controls');
const STATUSES = ['met', 'gap', 'unknown', 'not-applicable', 'accepted'] as const;

interface Fixture {
  model: unknown;
  expect: Partial<Record<(typeof STATUSES)[number], string[]>>;
  today?: string;
}

const catalog = builtInCatalog();

describe('every control has a fixture', () => {
  it.each(catalog.controls.map((c) => c.id))('%s has test/fixtures/controls/<id>.yaml', (id) => {
    expect(existsSync(join(FIXTURES, `${id}.yaml`))).toBe(true);
  });
  it('no fixture without a control', () => {
    const ids = new Set(catalog.controls.map((c) => c.id));
    const orphans = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).filter((id) => !ids.has(id));
    expect(orphans).toEqual([]);
  });
});

describe('control fixtures', () => {
  const ids = catalog.controls.map((c) => c.id).filter((id) => existsSync(join(FIXTURES, `${id}.yaml`)));
  it.each(ids)('%s: exact element ids per status', (id) => {
    const fixture = parse(readFileSync(join(FIXTURES, `${id}.yaml`), 'utf8')) as Fixture;
    // Every control must be shown met, gap and unknown.
    for (const s of ['met', 'gap', 'unknown'] as const) expect(fixture.expect[s] ?? [], `${id} fixture lacks a ${s} case`).not.toHaveLength(0);
    const r = loadText(stringify(fixture.model), `${id}.yaml`, known(catalog));
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
    const control = catalog.controls.find((c) => c.id === id)!;
    const a = assess(r.loaded, { ...catalog, controls: [control] }, { today: fixture.today ?? '2026-11-23' });
    const actual: Record<string, string[]> = {};
    for (const s of STATUSES) actual[s] = a.findings.filter((f) => f.status === s).map((f) => f.element).sort();
    const expected: Record<string, string[]> = {};
    for (const s of STATUSES) expected[s] = [...(fixture.expect[s] ?? [])].sort();
    expect(actual).toEqual(expected);
  });
});
