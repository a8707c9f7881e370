// Meta-test over the built-in catalog: every control is well-formed, traceable to a verbatim passage of the
// guidance, mapped to framework clauses that exist, and every guidance section is covered or explained.
// Each check lists the offending control ids, and one broken control file does not hide the others: the
// checks run over every file that parses, even when the catalog as a whole does not load.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS, Control, FRAMEWORK_IDS, SEVERITIES, STRIDE } from '../src/catalog/control.js';
import { catalogCoverage, untracedControls } from '../src/catalog/coverage.js';
import { loadFrameworks, unknownClauses, type Framework } from '../src/catalog/frameworks.js';
import { BUILT_IN_CATALOG_DIR, type Catalog } from '../src/catalog/load.js';
import { CatalogManifest } from '../src/catalog/manifest.js';
import { parseYamlBytes } from '../src/model/source.js';
import { builtInCatalog } from './helpers/model.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const SEEDS = path.join(repoRoot, '..', 'shared', 'seeds');
const CONTROLS_DIR = path.join(BUILT_IN_CATALOG_DIR, 'controls');
const MAX_QUOTE_WORDS = 25;

type Raw = Record<string, unknown>;
interface RawControl {
  file: string;
  value: Raw;
}
interface Passage {
  document: string;
  section: string;
  quote: string;
}

// ---- loading, tolerant of broken files ----------------------------------------------------------------

const rawControls: RawControl[] = [];
const unparsable: string[] = [];
for (const f of readdirSync(CONTROLS_DIR).filter((x) => x.endsWith('.yaml')).sort()) {
  const r = parseYamlBytes(readFileSync(path.join(CONTROLS_DIR, f)), f);
  if (!r.ok) unparsable.push(`${f}: ${r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  else if (r.source.value === null || typeof r.source.value !== 'object' || Array.isArray(r.source.value)) unparsable.push(`${f}: not a mapping`);
  else rawControls.push({ file: f, value: r.source.value as Raw });
}
const idOf = (c: RawControl): string => (typeof c.value.id === 'string' ? c.value.id : `(${c.file})`);

let loadError: string | undefined;
let catalog: Catalog;
try {
  catalog = builtInCatalog();
} catch (err) {
  // Fall back to every control that passes the schema on its own, so the other checks still say something.
  loadError = err instanceof Error ? err.message : String(err);
  const manifestSource = parseYamlBytes(readFileSync(path.join(BUILT_IN_CATALOG_DIR, 'catalog.yaml')), 'catalog.yaml');
  const manifest = manifestSource.ok ? CatalogManifest.safeParse(manifestSource.source.value) : undefined;
  const controls = rawControls.flatMap((c) => {
    const r = Control.safeParse(c.value);
    return r.success ? [r.data] : [];
  });
  const seen = new Set<string>();
  const unique = controls.filter((c) => !seen.has(c.id) && seen.add(c.id));
  catalog = {
    name: manifest?.success ? manifest.data.name : 'unknown',
    version: manifest?.success ? manifest.data.version : 'unknown',
    documents: manifest?.success ? manifest.data.documents : [],
    controls: unique,
    origins: new Map(),
  };
}

const frameworksResult = loadFrameworks();
const frameworks: Framework[] = frameworksResult.ok ? frameworksResult.frameworks : [];

/** Collapses whitespace runs to one space, on quote and document alike. */
const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();

const seedText = new Map<string, string>();
function seed(file: string): string | undefined {
  if (!seedText.has(file)) {
    try {
      seedText.set(file, normalise(readFileSync(path.join(SEEDS, file), 'utf8')));
    } catch {
      return undefined;
    }
  }
  return seedText.get(file);
}

function passages(c: RawControl): Array<{ where: string; p: Partial<Passage> }> {
  const out: Array<{ where: string; p: Partial<Passage> }> = [];
  if (c.value.source && typeof c.value.source === 'object') out.push({ where: 'source', p: c.value.source as Partial<Passage> });
  if (Array.isArray(c.value.alsoCovers)) c.value.alsoCovers.forEach((p, i) => out.push({ where: `alsoCovers[${i}]`, p: (p ?? {}) as Partial<Passage> }));
  return out;
}

/** The longest start of the quote found in the text: tells the author where the quote stops matching. */
function matchingPrefix(quote: string, text: string): string {
  const words = quote.split(' ');
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (text.includes(words.slice(0, mid).join(' '))) lo = mid;
    else hi = mid - 1;
  }
  return words.slice(0, lo).join(' ');
}

const nonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
const nonEmptyList = (v: unknown): boolean => Array.isArray(v) && v.length > 0;
const nonEmptyMap = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0;

const REQUIRED: Record<string, (v: unknown) => boolean> = {
  id: nonEmptyString,
  title: nonEmptyString,
  area: nonEmptyString,
  appliesTo: nonEmptyMap,
  check: nonEmptyMap,
  severity: nonEmptyString,
  stride: nonEmptyList,
  source: nonEmptyMap,
  rationale: nonEmptyString,
  remediation: nonEmptyList,
  references: nonEmptyList,
  frameworks: nonEmptyMap,
};

// ---- the checks ----------------------------------------------------------------------------------------

describe('built-in catalog', () => {
  it('has controls', () => {
    expect(rawControls.length).toBeGreaterThan(0);
  });

  it('every control file parses as YAML', () => {
    expect(unparsable, 'control files that are not YAML mappings').toEqual([]);
  });

  it('loads with the control schema (builtInCatalog)', () => {
    expect(loadError, 'loading catalogs/azure-iot failed').toBeUndefined();
  });

  it('control ids are unique and match file names', () => {
    const problems: string[] = [];
    const byId = new Map<string, string[]>();
    for (const c of rawControls) {
      const id = c.value.id;
      if (typeof id !== 'string') {
        problems.push(`${c.file}: no id`);
        continue;
      }
      if (`${id}.yaml` !== c.file) problems.push(`${id}: in ${c.file}, expected ${id}.yaml`);
      byId.set(id, [...(byId.get(id) ?? []), c.file]);
    }
    for (const [id, files] of byId) if (files.length > 1) problems.push(`${id}: duplicate id in ${files.join(', ')}`);
    expect(problems, 'controls with a bad or duplicate id').toEqual([]);
  });

  it('every required field is present and non-empty (including references and frameworks)', () => {
    const problems = rawControls.flatMap((c) => {
      const missing = Object.entries(REQUIRED)
        .filter(([k, ok]) => !ok(c.value[k]))
        .map(([k]) => k);
      return missing.length ? [`${idOf(c)}: ${missing.join(', ')}`] : [];
    });
    expect(problems, 'controls with missing or empty fields').toEqual([]);
  });

  it('every control passes the schema on its own', () => {
    const problems = rawControls.flatMap((c) => {
      const r = Control.safeParse(c.value);
      return r.success ? [] : [`${idOf(c)}: ${r.error.issues.map((i) => `${i.path.join('.') || '(control)'} ${i.message}`).join('; ')}`];
    });
    expect(problems, 'controls failing the schema').toEqual([]);
  });

  it('severities, areas and STRIDE letters are valid', () => {
    const problems = rawControls.flatMap((c) => {
      const bad: string[] = [];
      if (!(SEVERITIES as readonly unknown[]).includes(c.value.severity)) bad.push(`severity '${String(c.value.severity)}'`);
      if (!(AREAS as readonly unknown[]).includes(c.value.area)) bad.push(`area '${String(c.value.area)}'`);
      const stride = Array.isArray(c.value.stride) ? c.value.stride : [];
      const wrong = stride.filter((s) => !(STRIDE as readonly unknown[]).includes(s));
      if (stride.length === 0) bad.push('no STRIDE letter');
      if (wrong.length) bad.push(`STRIDE ${wrong.map(String).join(', ')}`);
      if (new Set(stride).size !== stride.length) bad.push('repeated STRIDE letter');
      return bad.length ? [`${idOf(c)}: ${bad.join('; ')}`] : [];
    });
    expect(problems, 'controls with invalid severity, area or STRIDE').toEqual([]);
  });

  it('rationale and remediation steps are non-empty', () => {
    const problems = rawControls.flatMap((c) => {
      const bad: string[] = [];
      if (!nonEmptyString(c.value.rationale)) bad.push('rationale');
      const rem = c.value.remediation;
      if (!Array.isArray(rem) || rem.length === 0) bad.push('remediation');
      else rem.forEach((s, i) => !nonEmptyString(typeof s === 'string' ? s : (s as { step?: unknown } | null)?.step) && bad.push(`remediation[${i}]`));
      return bad.length ? [`${idOf(c)}: empty ${bad.join(', ')}`] : [];
    });
    expect(problems, 'controls with empty rationale or remediation').toEqual([]);
  });
});

describe('traceability to the guidance', () => {
  const documents = new Map(catalog.documents.map((d) => [d.title, d]));

  it('catalog.yaml lists a seed file that exists for every document', () => {
    const missing = catalog.documents.filter((d) => seed(d.file) === undefined).map((d) => `${d.title}: ${d.file}`);
    expect(catalog.documents.length).toBeGreaterThan(0);
    expect(missing, `documents whose file is not in ${SEEDS}`).toEqual([]);
  });

  it('every quote is at most 25 words', () => {
    const problems = rawControls.flatMap((c) =>
      passages(c)
        .filter(({ p }) => typeof p.quote === 'string' && p.quote.trim().split(/\s+/).length > MAX_QUOTE_WORDS)
        .map(({ where, p }) => `${idOf(c)} ${where}: ${p.quote!.trim().split(/\s+/).length} words`),
    );
    expect(problems, 'quotes over 25 words').toEqual([]);
  });

  it('every source.quote and alsoCovers[].quote occurs verbatim in its document', () => {
    const problems = rawControls.flatMap((c) =>
      passages(c).flatMap(({ where, p }) => {
        if (typeof p.quote !== 'string' || typeof p.document !== 'string') return [`${idOf(c)} ${where}: no document or quote`];
        const doc = documents.get(p.document);
        if (!doc) return [`${idOf(c)} ${where}: unknown document '${p.document}'`];
        const text = seed(doc.file);
        if (text === undefined) return [`${idOf(c)} ${where}: cannot read ${doc.file}`];
        const quote = normalise(p.quote);
        if (text.includes(quote)) return [];
        return [`${idOf(c)} ${where}: quote not in ${doc.file}: "${quote}" (matches up to: "${matchingPrefix(quote, text)}")`];
      }),
    );
    expect(problems, 'quotes not found verbatim (whitespace collapsed) in the seed document').toEqual([]);
  });

  it('every source and alsoCovers section is listed in catalog.yaml', () => {
    const known = new Set(catalog.documents.flatMap((d) => d.sections.map((s) => `${d.title}\u0000${s.title}`)));
    const problems = rawControls.flatMap((c) =>
      passages(c)
        .filter(({ p }) => !known.has(`${p.document}\u0000${p.section}`))
        .map(({ where, p }) => `${idOf(c)} ${where}: '${p.document}' > '${p.section}'`),
    );
    expect(problems, 'passages citing a document/section not listed in catalog.yaml').toEqual([]);
    expect(untracedControls(catalog), 'untracedControls()').toEqual([]);
  });

  it('every section of catalog.yaml is covered by a control or marked notCheckable', () => {
    const uncovered = catalogCoverage(catalog)
      .filter((r) => r.controls.length === 0 && !r.notCheckable)
      .map((r) => `${r.document} > ${r.section}`);
    expect(uncovered, 'sections with no control and no notCheckable reason').toEqual([]);
  });
});

describe('framework mappings', () => {
  it('catalogs/frameworks.yaml loads and lists every framework id', () => {
    expect(frameworksResult.ok ? [] : frameworksResult.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([]);
    expect(frameworks.map((f) => f.id).sort()).toEqual([...FRAMEWORK_IDS].sort());
  });

  it('every framework clause id a control cites exists in frameworks.yaml', () => {
    const mapped = rawControls
      .filter((c) => nonEmptyMap(c.value.frameworks))
      .map((c) => ({ id: idOf(c), frameworks: c.value.frameworks as Control['frameworks'] }));
    const problems = unknownClauses(mapped, frameworks).map((u) => `${u.control}: ${u.framework} ${u.clauses.join(', ')}`);
    expect(problems, 'controls citing clause ids not in catalogs/frameworks.yaml').toEqual([]);
  });

  it('unknownClauses reports unknown clauses and unknown frameworks', () => {
    const fw: Framework[] = [{ id: 'mcsb', name: 'MCSB', clauses: [{ id: 'IM-8', title: 't' }] }];
    const controls = [
      { id: 'A-001', frameworks: { mcsb: ['IM-8', 'IM-99'] } },
      { id: 'B-001', frameworks: { mcsb: ['IM-8'] } },
      { id: 'C-001', frameworks: { 'nist-ir-8259a': ['DI'] } },
    ] as Array<Pick<Control, 'id' | 'frameworks'>>;
    expect(unknownClauses(controls, fw)).toEqual([
      { control: 'A-001', framework: 'mcsb', clauses: ['IM-99'] },
      { control: 'C-001', framework: 'nist-ir-8259a', clauses: ['DI'] },
    ]);
  });

  it('loadFrameworks reports a broken file with file:line:col', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iotsec-fw-'));
    const file = path.join(dir, 'frameworks.yaml');
    writeFileSync(file, ['frameworks:', '  - id: mcsb', '    name: MCSB', '    clauses:', '      - { id: IM-8, titel: x }', ''].join('\n'));
    const r = loadFrameworks(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.some((d) => d.line === 5 && /titel/.test(d.message))).toBe(true);
    expect(r.diagnostics.every((d) => d.file.endsWith('frameworks.yaml') && d.line >= 1 && d.column >= 1)).toBe(true);
  });
});
