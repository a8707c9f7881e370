// Meta-test over the built-in catalog: every control is well-formed, traceable to a verbatim passage of the
// guidance, mapped to framework clauses that exist, and every guidance section is covered or explained.
// Each check lists the offending control ids, and one broken control file does not hide the others: the
// checks run over every file that parses, even when the catalog as a whole does not load.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AREAS, Control, FRAMEWORK_IDS, PRODUCTS, SEVERITIES, STRIDE } from '../src/catalog/control.js';
import { catalogCoverage, untracedControls } from '../src/catalog/coverage.js';
import { loadFrameworks, unknownClauses, type Framework } from '../src/catalog/frameworks.js';
import { BUILT_IN_CATALOG_DIR, type Catalog } from '../src/catalog/load.js';
import { CatalogManifest } from '../src/catalog/manifest.js';
import { SolutionModel } from '../src/model/schema.js';
import { parseYamlBytes } from '../src/model/source.js';
import { assess } from '../src/engine/assess.js';
import { productsOf, tailoredSteps } from '../src/engine/remediation.js';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { builtInCatalog, known, loadText } from './helpers/model.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const SEEDS = path.join(repoRoot, '..', 'shared', 'seeds');
/** The guidance documents sit in ../shared beside the checkout in CI; a clone of this repository alone has none. */
const HAS_SEEDS = existsSync(SEEDS);
const NO_SEEDS = `skipped: ${SEEDS} is not beside this checkout (CI has it)`;
if (!HAS_SEEDS) console.warn(`catalog-meta: traceability to the guidance ${NO_SEEDS}`);
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
    threats: [],
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

  it('every built-in control says the rough effort of its fix and who usually owns it', () => {
    const missing = rawControls.filter((c) => {
      const fix = c.value.fix as { effort?: unknown; owner?: unknown } | undefined;
      return !fix || typeof fix.effort !== 'string' || typeof fix.owner !== 'string';
    });
    expect(missing.map(idOf), 'controls without fix: { effort, owner }').toEqual([]);
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

describe.skipIf(!HAS_SEEDS)(`traceability to the guidance${HAS_SEEDS ? '' : ` (${NO_SEEDS})`}`, () => {
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

// ---- client-facing words ----------------------------------------------------------------------------------
// Rationale, remediation steps and threat descriptions are printed in the client's report; how the model's
// author records a fix belongs in `inModel`. The vocabulary of the model is read from its zod schema, so a
// property added to the model is checked without editing this file.

interface ModelVocabulary {
  /** Every property name of the model (solution, devices[], edges[], …, nested mappings too). */
  keys: Set<string>;
  /** Dotted paths of nested properties, each with every shorter tail (identity.storage, solution.practices.ossReviewed, practices.ossReviewed). */
  paths: Set<string>;
  /** Property names whose value is a list (written `exports[]`). */
  lists: Set<string>;
  /** Enumerated values per property name (kind → constrained, legacy, …). */
  values: Map<string, Set<string>>;
}

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  type?: string | string[];
};

function modelVocabulary(): ModelVocabulary {
  const v: ModelVocabulary = { keys: new Set(), paths: new Set(), lists: new Set(), values: new Map() };
  const enumValues = (s: JsonSchema): string[] => [
    ...(s.enum ?? []).filter((x): x is string => typeof x === 'string'),
    ...(typeof s.const === 'string' ? [s.const] : []),
    ...[...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap(enumValues),
    ...(s.items ? enumValues(s.items) : []),
  ];
  const walk = (s: JsonSchema, trail: string[]): void => {
    for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) walk(alt, trail);
    if (s.items) walk(s.items, trail);
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      v.keys.add(key);
      const here = [...trail, key];
      for (let i = 0; i < here.length - 1; i++) v.paths.add(here.slice(i).join('.'));
      const isList = (c: JsonSchema): boolean => c.type === 'array' || (c.anyOf ?? []).some(isList);
      if (isList(child)) v.lists.add(key);
      const values = enumValues(child);
      if (values.length) v.values.set(key, new Set([...(v.values.get(key) ?? []), ...values]));
      // Lists of elements (devices, services, …) start a new element: their paths read from the element.
      walk(child, isList(child) && trail.length === 0 ? [] : here);
    }
  };
  walk(z.toJSONSchema(SolutionModel, { io: 'input' }) as JsonSchema, []);
  return v;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What in `text` reads as the model's mechanics rather than English; empty when the text is clean. */
function modelMechanics(text: string, v: ModelVocabulary): string[] {
  const found: string[] = [];
  const add = (m: RegExpMatchArray | null): void => void (m && found.push(m[0].trim()));
  for (const p of v.paths) add(text.match(new RegExp(`(?<![\\w.])${escapeRe(p)}(?![\\w])`)));
  for (const k of v.keys) {
    // camelCase property names (rotationDays, gatewayFor); Azure's own ARM paths (properties.publicNetworkAccess) stay.
    if (/[a-z][A-Z]/.test(k)) add(text.match(new RegExp(`(?<![\\w.])(?<!properties\\.)${k}(?!\\w)`)));
    add(text.match(new RegExp('`' + escapeRe(k) + '`')));
  }
  for (const k of v.lists) add(text.match(new RegExp(`\\b${escapeRe(k)}\\[\\]`)));
  for (const [k, values] of v.values) {
    for (const x of values) {
      // A property and its value written as in YAML ("deployment: public", "state kind constrained").
      if (!/^[a-z][\w-]*$/.test(k) || !/[a-z]/i.test(x)) continue;
      add(text.match(new RegExp(`\\b${escapeRe(k)}: +${escapeRe(x)}\\b(?!-)`)));
      add(text.match(new RegExp(`\\b(state|set|record|write)s? +${escapeRe(k)} +(to +|as +)?${escapeRe(x)}\\b(?!-)`, 'i')));
      // A value token with a hyphen, in backticks or alone in parentheses ((x509-ca), `device-update`).
      if (x.includes('-')) add(text.match(new RegExp(`[\`(]${escapeRe(x)}[\`)]`)));
    }
  }
  add(text.match(/risks\[\]/));
  add(text.match(/\biotsec\b/i));
  add(text.match(/\b(in|from) the model\b/i));
  add(text.match(/\bthe model (can|cannot|can't|only|does|states?)\b/i));
  add(text.match(/\bthe check (is|follows|reads)\b/i));
  return [...new Set(found)];
}

describe('client-facing text', () => {
  const vocabulary = modelVocabulary();

  it('the model vocabulary is read from the schema', () => {
    for (const k of ['rotationDays', 'gatewayFor', 'certificateSource', 'practices', 'networkSegmented']) expect(vocabulary.keys).toContain(k);
    for (const p of ['identity.storage', 'hardware.encryptedStorage', 'solution.practices.ossReviewed', 'practices.ossReviewed', 'broker.authentication'])
      expect(vocabulary.paths).toContain(p);
    expect(vocabulary.lists).toContain('exports');
    expect(vocabulary.values.get('kind')).toContain('constrained');
  });

  it('modelMechanics flags model mechanics and leaves English and Azure terms alone', () => {
    const flagged = (s: string) => modelMechanics(s, vocabulary);
    expect(flagged('Record identity.rotationDays.')).toEqual(['identity.rotationDays']);
    expect(flagged('Set certificateSource to provider.')).toContain('certificateSource');
    expect(flagged('Record the decision under risks[].')).toEqual(['risks[]']);
    expect(flagged('State kind constrained.')).toEqual(['State kind constrained']);
    expect(flagged('Public covers deployment: public.')).toEqual(['deployment: public']);
    expect(flagged('Create an X.509 enrollment group.')).toEqual([]);
    expect(flagged('Record `expires` on the principal.')).toEqual(['`expires`']);
    expect(flagged('Certificates (x509-ca) scale best.')).toEqual(['(x509-ca)']);
    expect(flagged('Each exports[].to is followed.')).toContain('exports[]');
    expect(flagged('The model can only attest the practice.')).toEqual(['The model can']);
    expect(flagged('Record in the model which boundary each element sits in.')).toEqual(['in the model']);
    expect(flagged('Run a threat model with iotsec.')).toEqual(['iotsec']);
    expect(flagged('az iot hub update --set properties.publicNetworkAccess=Disabled (Networking > Public access).')).toEqual([]);
    expect(flagged('Give every device its own per-device key; use a user-assigned managed identity.')).toEqual([]);
    expect(flagged('In each BrokerListener port, set tls.mode to Automatic.')).toEqual([]);
    expect(flagged('Run a threat model of the solution.')).toEqual([]);
  });

  it('rationale and remediation steps of every control are free of model mechanics (those go in inModel)', () => {
    const problems = rawControls.flatMap((c) => {
      const texts: Array<[string, unknown]> = [['rationale', c.value.rationale]];
      if (Array.isArray(c.value.remediation))
        c.value.remediation.forEach((s, i) => texts.push([`remediation[${i}]`, typeof s === 'string' ? s : (s as { step?: unknown } | null)?.step]));
      return texts.flatMap(([where, t]) => {
        const hits = typeof t === 'string' ? modelMechanics(t, vocabulary) : [];
        return hits.length ? [`${idOf(c)} ${where}: ${hits.join(', ')}`] : [];
      });
    });
    expect(problems, 'client-facing text naming model properties, risks[], iotsec or "the model"').toEqual([]);
  });

  it('threat descriptions are free of model mechanics', () => {
    const dir = path.join(BUILT_IN_CATALOG_DIR, 'threats');
    const problems = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .flatMap((f) => {
        const r = parseYamlBytes(readFileSync(path.join(dir, f)), f);
        const d = r.ok ? (r.source.value as Raw | null)?.description : undefined;
        const hits = typeof d === 'string' ? modelMechanics(d, vocabulary) : [];
        return hits.length ? [`${f}: ${hits.join(', ')}`] : [];
      });
    expect(problems).toEqual([]);
  });
});

// ---- remediation tailored by product ------------------------------------------------------------------------
// A step with `for:` is shown only for elements that use one of those products (src/report/remediation.ts). On
// every held model (the control fixtures and the samples), an element that has a gap or an unknown and uses a
// known product must get at least one step that fits it: no element falls back to the steps written for other
// products.

describe('remediation tailored by product', () => {
  const productSteps = (c: Control) => c.remediation.filter((r) => r.for !== undefined);

  it('every for: names known products, once each', () => {
    const problems = catalog.controls.flatMap((c) =>
      productSteps(c).flatMap((r, i) => {
        const bad = r.for!.filter((p) => !(PRODUCTS as readonly string[]).includes(p));
        const repeated = new Set(r.for).size !== r.for!.length;
        return bad.length || repeated ? [`${c.id} step ${i}: ${bad.join(', ')}${repeated ? ' (repeated)' : ''}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('for every product a control names, its tailored steps are that product\'s and the generic ones', () => {
    const problems = catalog.controls.flatMap((c) => {
      const products = new Set(productSteps(c).flatMap((r) => r.for!));
      return [...products].flatMap((p) => {
        const shown = tailoredSteps(c, new Set([p]));
        const wrong = shown.filter((r) => r.for !== undefined && !r.for.includes(p));
        return shown.length === 0 || wrong.length ? [`${c.id} for ${p}: ${shown.length} steps, ${wrong.length} of other products`] : [];
      });
    });
    expect(problems).toEqual([]);
  });

  it('on every fixture and sample, an element with a gap or an unknown gets a step that fits its products', () => {
    const models: Array<{ name: string; text: string; today?: string }> = [];
    const fixtures = path.join(repoRoot, 'test', 'fixtures', 'controls');
    for (const f of readdirSync(fixtures).filter((x) => x.endsWith('.yaml')).sort()) {
      const fx = parseYaml(readFileSync(path.join(fixtures, f), 'utf8')) as { model?: unknown; today?: string; cases?: Array<{ model: unknown; today?: string }> };
      const cases = fx.cases ?? [{ model: fx.model, today: fx.today }];
      cases.forEach((k, n) => models.push({ name: `${f}#${n}`, text: stringifyYaml(k.model), today: k.today }));
    }
    const samples = path.join(repoRoot, 'samples');
    for (const f of readdirSync(samples).filter((x) => x.endsWith('.yaml')).sort()) models.push({ name: `samples/${f}`, text: readFileSync(path.join(samples, f), 'utf8') });
    expect(models.length).toBeGreaterThan(catalog.controls.length);

    const byId = new Map(catalog.controls.map((c) => [c.id, c]));
    const problems = new Set<string>();
    let checked = 0;
    for (const m of models) {
      const r = loadText(m.text, m.name, known(catalog));
      if (!r.ok) continue; // fixture models that must not load are the control tests' business
      const a = assess(r.loaded, catalog, { today: m.today ?? '2026-11-23' });
      for (const f of a.findings) {
        if (f.status !== 'gap' && f.status !== 'unknown') continue;
        const control = byId.get(f.control);
        const element = r.loaded.index.byId.get(f.element);
        if (!control || !element || productSteps(control).length === 0) continue;
        const products = productsOf(r.loaded.index, element);
        if (products.size === 0) continue;
        checked++;
        const fits = control.remediation.some((s) => s.for === undefined || s.for.some((p) => products.has(p)));
        if (!fits) problems.add(`${control.id} on ${element.kind} using ${[...products].sort().join(', ')} (${m.name})`);
      }
    }
    expect(checked, 'findings with product-specific steps checked').toBeGreaterThan(50);
    expect([...problems].sort(), 'elements that would only get other products\' steps').toEqual([]);
  });
});
