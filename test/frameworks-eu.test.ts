// The EU Cyber Resilience Act (Annex I) and EN 18031-1 as frameworks: their clause ids, the controls mapped to
// them, and their place in the report's compliance section like the other frameworks.
import { describe, expect, it } from 'vitest';
import { loadFrameworks, unknownClauses } from '../src/catalog/frameworks.js';
import { buildReportView } from '../src/report/view-model.js';
import { assessText, builtInCatalog } from './helpers/model.js';
import { SMALL_MODEL, viewOptions } from './helpers/report.js';

const r = loadFrameworks();
if (!r.ok) throw new Error('frameworks.yaml does not load');
const frameworks = r.frameworks;
const catalog = builtInCatalog();
const clauseIds = (id: string) => frameworks.find((f) => f.id === id)?.clauses.map((c) => c.id) ?? [];
const mapped = (id: string) => catalog.controls.filter((c) => (c.frameworks as Record<string, string[] | undefined>)[id] !== undefined).map((c) => c.id);

describe('EU Cyber Resilience Act, Annex I', () => {
  it('lists Part I point 1 and 2(a) to (m), and Part II points 1 to 8, each with a title', () => {
    const letters = 'abcdefghijklm'.split('').map((l) => `I.2(${l})`);
    expect(clauseIds('eu-cra')).toEqual(['I.1', ...letters, ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `II.${n}`)]);
    expect(frameworks.find((f) => f.id === 'eu-cra')!.note).toMatch(/2024\/2847|Annex I/);
  });
  it('is mapped from controls whose text supports it, with no unknown clause', () => {
    expect(mapped('eu-cra').length).toBeGreaterThanOrEqual(20);
    expect(unknownClauses(catalog.controls, frameworks)).toEqual([]);
    const cited = (clause: string) => catalog.controls.filter((c) => (c.frameworks as Record<string, string[] | undefined>)['eu-cra']?.includes(clause)).map((c) => c.id);
    expect(cited('I.2(d)')).toContain('CONN-001');
    expect(cited('I.2(a)')).toEqual(['DEV-013', 'EDGE-011']);
  });
});

describe('EN 18031-1', () => {
  it('lists only requirement ids verified from a public source, and says so', () => {
    expect(clauseIds('en-18031-1')).toEqual(['GEC-1']);
    expect(frameworks.find((f) => f.id === 'en-18031-1')!.note).toContain('verified');
    expect(mapped('en-18031-1').sort()).toEqual(['DEV-013', 'EDGE-011']);
  });
});

describe("the report's compliance section", () => {
  it('has a section for each, like the other frameworks', () => {
    const view = buildReportView(assessText(SMALL_MODEL), frameworks, viewOptions({}));
    const sections = view.compliance.frameworks.map((f) => [f.id, f.short]);
    expect(sections).toContainEqual(['eu-cra', 'EU CRA Annex I']);
    expect(sections).toContainEqual(['en-18031-1', 'EN 18031-1']);
    const cra = view.compliance.frameworks.find((f) => f.id === 'eu-cra')!;
    expect(cra.total).toBe(22);
    expect(cra.covered).toBeGreaterThan(8);
  });
});
