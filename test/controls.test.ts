// One table-driven test for every control: its fixture lists the exact element ids per status.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { assess } from '../src/engine/assess.js';
import { builtInCatalog, known, loadText } from './helpers/model.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'controls');
const STATUSES = ['met', 'gap', 'unknown', 'not-applicable', 'accepted'] as const;

interface FixtureCase {
  model: unknown;
  expect: Partial<Record<(typeof STATUSES)[number], string[]>>;
  today?: string;
}
/** One model with its expectations, or several (`cases:`) when one model cannot show every status (e.g. solution-level controls). */
type Fixture = FixtureCase | { cases: FixtureCase[] };

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
    const cases = 'cases' in fixture ? fixture.cases : [fixture];
    // Every control must be shown met, gap and unknown (across its cases).
    for (const s of ['met', 'gap', 'unknown'] as const) {
      expect(cases.flatMap((c) => c.expect[s] ?? []), `${id} fixture lacks a ${s} case`).not.toHaveLength(0);
    }
    const control = catalog.controls.find((c) => c.id === id)!;
    cases.forEach((fc, n) => {
      const r = loadText(stringify(fc.model), `${id}.yaml`, known(catalog));
      if (!r.ok) throw new Error(`case ${n}: ` + r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
      const a = assess(r.loaded, { ...catalog, controls: [control] }, { today: fc.today ?? '2026-11-23' });
      const actual: Record<string, string[]> = {};
      for (const s of STATUSES) actual[s] = a.findings.filter((f) => f.status === s).map((f) => f.element).sort();
      const expected: Record<string, string[]> = {};
      for (const s of STATUSES) expected[s] = [...(fc.expect[s] ?? [])].sort();
      expect(actual, `${id} case ${n}`).toEqual(expected);
    });
  });
});
