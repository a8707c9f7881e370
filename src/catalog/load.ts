// Loading catalogs from disk: the built-in one (a folder, one control or threat per file) and users'
// own (a file with `controls:` and/or `threats:`), validated with the same schemas and reported with
// file:line:col.
import { readdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath } from '../util/paths.js';
import { readFailureText, readFileBounded } from '../util/read-bounded.js';
import type { z } from 'zod';
import { compareDiagnostics, quote, type Diagnostic } from '../model/diagnostics.js';
import { parseYamlBytes, SOURCE_LIMITS, type Path, type YamlSource } from '../model/source.js';
import { structureDiagnostics } from '../model/structure.js';
import { FACTS, REFERENCE_FIELDS } from '../engine/context.js';
import { PREDICATES } from '../engine/predicates/index.js';
import { didYouMean } from '../util/suggest.js';
import { Control } from './control.js';
import { CatalogManifest, type GuidanceDocument } from './manifest.js';
import { CatalogFile, Threat } from './threat.js';

export interface ControlOrigin {
  file: string;
  line: number;
  column: number;
}

export interface Catalog {
  name: string;
  version: string;
  documents: GuidanceDocument[];
  controls: Control[];
  origins: Map<string, ControlOrigin>;
  /** The threat library: threats/<ID>.yaml, then users' threats (--catalog). */
  threats: Threat[];
  /** Removed or renamed ids (catalog.yaml `aliases`) → the id that replaced each. */
  aliases?: Record<string, string>;
}

export type CatalogResult = { ok: true; catalog: Catalog; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Folder of the package (holding catalogs/, templates/), from the compiled or source file. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILT_IN_CATALOG_DIR = join(PACKAGE_ROOT, 'catalogs', 'azure-iot');

/** A YAML file with source positions, or why it could not be read or parsed (file:line:col). */
export function parseFile(file: string): { source?: YamlSource; diagnostics: Diagnostic[] } {
  // Bounded: a FIFO, a device or a huge file is refused without reading it whole.
  const read = readFileBounded(file, SOURCE_LIMITS.maxBytes);
  if (!read.ok) {
    return { diagnostics: [{ file: displayPath(file), line: 1, column: 1, severity: 'error', code: read.reason === 'too-large' ? 'too-large' : 'unreadable', message: readFailureText(read) }] };
  }
  const parsed = parseYamlBytes(read.bytes, displayPath(file));
  return parsed.ok ? { source: parsed.source, diagnostics: [] } : { diagnostics: parsed.diagnostics };
}

/** Names a `$fact` path segment may use. */
const FACT_NAMES = [...Object.keys(FACTS), ...REFERENCE_FIELDS];

/** Checks what the schema cannot: predicate names and `$fact` names exist. */
function semanticDiagnostics(value: unknown, base: Path, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, path: Path) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...path, i]));
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'predicate' && typeof x === 'string' && !PREDICATES.has(x)) {
        const p = source.locate([...path, k]);
        out.push({ file: source.file, line: p.line, column: p.column, severity: 'error', code: 'unknown-predicate', message: `unknown predicate '${x}'`, ...hint(didYouMean(x, [...PREDICATES.keys()])) });
      }
      if (k === 'path' && typeof x === 'string') {
        for (const fact of x.split('.').filter((seg) => seg.startsWith('$')).map((seg) => seg.slice(1))) {
          if (FACT_NAMES.includes(fact)) continue;
          const p = source.locate([...path, k]);
          out.push({ file: source.file, line: p.line, column: p.column, severity: 'error', code: 'unknown-fact', message: `unknown fact '$${fact}'`, ...hint(didYouMean(fact, FACT_NAMES)) });
        }
      }
      walk(x, [...path, k]);
    }
  };
  walk(value, base);
  return out;
}

function hint(h: string | undefined): { hint?: string } {
  return h ? { hint: h } : {};
}

/**
 * One record (control or threat) at `path` of a file: schema, then predicate and fact names.
 * Problems go to `diagnostics`; undefined when there was one.
 */
function parseRecord<S extends z.ZodType>(schema: S, source: YamlSource, value: unknown, path: Path, diagnostics: Diagnostic[]): z.output<S> | undefined {
  const r = schema.safeParse(value);
  if (!r.success) {
    // Paths are reported from the file's root, so hints look keys up in the whole-file schema.
    diagnostics.push(...structureDiagnostics(path.length === 0 ? schema : CatalogFile, source, r.error.issues.map((iss) => ({ ...iss, path: [...path, ...iss.path] }))));
    return undefined;
  }
  const sem = semanticDiagnostics(value, path, source);
  if (sem.length) {
    diagnostics.push(...sem);
    return undefined;
  }
  return r.data;
}

interface ParsedList<T> {
  records: T[];
  origins: Map<string, ControlOrigin>;
  diagnostics: Diagnostic[];
}

/** The list under `key` of a user's catalog file: each record parsed by `parseOne`, ids unique in the file. */
function parseList<T extends { id: string }>(source: YamlSource, key: 'controls' | 'threats', parseOne: (item: unknown, path: Path, diagnostics: Diagnostic[]) => T | undefined): ParsedList<T> {
  const what = key === 'controls' ? 'control' : 'threat';
  const records: T[] = [];
  const origins = new Map<string, ControlOrigin>();
  const diagnostics: Diagnostic[] = [];
  const list = (source.value as Record<string, unknown>)[key];
  (Array.isArray(list) ? list : []).forEach((item: unknown, i: number) => {
    const path = [key, i];
    const record = parseOne(item, path, diagnostics);
    if (!record) return;
    const p = source.locate([...path, 'id']);
    if (origins.has(record.id)) {
      diagnostics.push({ file: source.file, line: p.line, column: p.column, severity: 'error', code: 'duplicate-id', message: `duplicate ${what} id '${record.id}'` });
      return;
    }
    origins.set(record.id, { file: source.file, line: p.line, column: p.column });
    records.push(record);
  });
  return { records, origins, diagnostics };
}

/** What a user's catalog file holds, validated; threats' mitigations are checked against `knownControls` and the file's own controls. */
export interface CatalogFileContent {
  controls: Control[];
  origins: Map<string, ControlOrigin>;
  threats: Threat[];
  threatOrigins: Map<string, ControlOrigin>;
  diagnostics: Diagnostic[];
}

const CATALOG_FILE_KEYS = ['controls', 'threats'];

/** A user's catalog file: `controls: [ … ]` and/or `threats: [ … ]`. */
export function loadCatalogFile(file: string, knownControls: ReadonlySet<string> = new Set()): CatalogFileContent {
  const empty = (diagnostics: Diagnostic[]): CatalogFileContent => ({ controls: [], origins: new Map(), threats: [], threatOrigins: new Map(), diagnostics });
  const { source, diagnostics } = parseFile(file);
  if (!source) return empty(diagnostics);
  const v = source.value as Record<string, unknown> | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !(Array.isArray(v.controls) || Array.isArray(v.threats))) {
    return empty([{ file: source.file, line: 1, column: 1, severity: 'error', code: 'invalid-catalog', message: "a catalog file holds a list under 'controls:', 'threats:' or both" }]);
  }
  const extra: Diagnostic[] = [];
  for (const k of Object.keys(v)) {
    const p = source.locate([k]);
    if (!CATALOG_FILE_KEYS.includes(k)) extra.push({ file: source.file, line: p.line, column: p.column, severity: 'error', code: 'unknown-key', message: `unknown key '${k}' in catalog file`, ...hint(didYouMean(k, CATALOG_FILE_KEYS)) });
    else if (!Array.isArray(v[k])) extra.push({ file: source.file, line: p.line, column: p.column, severity: 'error', code: 'invalid-type', message: `'${k}' must be a list` });
  }
  const c = parseList(source, 'controls', (item, path, d) => parseRecord(Control, source, item, path, d));
  const controlIds = new Set([...knownControls, ...c.origins.keys()]);
  const t = parseList(source, 'threats', (item, path, d) => parseThreat(source, item, path, controlIds, d));
  return { controls: c.records, origins: c.origins, threats: t.records, threatOrigins: t.origins, diagnostics: [...extra, ...c.diagnostics, ...t.diagnostics] };
}

/** The built-in catalog folder: catalog.yaml plus controls/<ID>.yaml, one control per file. */
export function loadCatalogDir(dir: string): CatalogResult {
  const diagnostics: Diagnostic[] = [];
  const m = parseFile(join(dir, 'catalog.yaml'));
  diagnostics.push(...m.diagnostics);
  let manifest: CatalogManifest | undefined;
  if (m.source) {
    const r = CatalogManifest.safeParse(m.source.value);
    if (r.success) manifest = r.data;
    else diagnostics.push(...structureDiagnostics(CatalogManifest, m.source, r.error.issues));
  }
  const controls: Control[] = [];
  const origins = new Map<string, ControlOrigin>();
  const controlDir = join(dir, 'controls');
  const files = readdirSync(controlDir).filter((f) => f.endsWith('.yaml')).sort();
  for (const f of files) {
    const { source, diagnostics: d } = parseFile(join(controlDir, f));
    diagnostics.push(...d);
    if (!source) continue;
    const c = parseRecord(Control, source, source.value, [], diagnostics);
    if (!c) continue;
    if (`${c.id}.yaml` !== f) {
      diagnostics.push({ file: source.file, line: 1, column: 1, severity: 'error', code: 'file-name', message: `control '${c.id}' is in ${f}; name the file ${c.id}.yaml` });
    }
    if (origins.has(c.id)) continue;
    const p = source.locate(['id']);
    origins.set(c.id, { file: source.file, line: p.line, column: p.column });
    controls.push(c);
  }
  const threats = loadThreatDir(join(dir, 'threats'), new Set(origins.keys()), diagnostics);
  if (manifest && m.source) diagnostics.push(...aliasDiagnostics(manifest.aliases, m.source, new Set([...origins.keys(), ...threats.map((t) => t.id)])));
  if (diagnostics.length > 0 || !manifest) return { ok: false, diagnostics: diagnostics.sort(compareDiagnostics) };
  const aliases = Object.keys(manifest.aliases).length > 0 ? { aliases: manifest.aliases } : {};
  return { ok: true, catalog: { name: manifest.name, version: manifest.version, documents: manifest.documents, controls, origins, threats, ...aliases }, warnings: [] };
}

/** An alias names an id no longer in the catalog and points at one that is (never at another alias). */
function aliasDiagnostics(aliases: Record<string, string>, source: YamlSource, ids: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [old, now] of Object.entries(aliases)) {
    const at = (path: Path, message: string, extra?: string) => {
      const p = source.locate(path);
      out.push({ file: p.file, line: p.line, column: p.column, severity: 'error', code: 'invalid-alias', message, ...hint(extra) });
    };
    if (ids.has(old)) at(['aliases', old], `alias '${old}' is still an id of the catalog`, 'an alias is for an id that was removed or renamed');
    if (!ids.has(now)) at(['aliases', old], `alias '${old}' points at '${now}', which is not a control or threat of the catalog`, didYouMean(now, [...ids]));
  }
  return out;
}

/**
 * One threat at `path` of a file (see parseRecord) whose mitigations name controls of `controlIds`.
 */
function parseThreat(source: YamlSource, value: unknown, path: Path, controlIds: ReadonlySet<string>, diagnostics: Diagnostic[]): Threat | undefined {
  const threat = parseRecord(Threat, source, value, path, diagnostics);
  if (!threat) return undefined;
  let ok = true;
  threat.mitigations.forEach((m, i) => {
    if (controlIds.has(m)) return;
    ok = false;
    const p = source.locate([...path, 'mitigations', i]);
    diagnostics.push({ file: source.file, line: p.line, column: p.column, severity: 'error', code: 'dangling-reference', message: `mitigation '${m}' is not a control of the catalog`, ...hint(didYouMean(m, [...controlIds])) });
  });
  return ok ? threat : undefined;
}

/**
 * The threat library: threats/<ID>.yaml, one threat per file, validated like controls; every
 * mitigation must name a control of the catalog. A missing folder is an empty library.
 */
export function loadThreatDir(threatDir: string, controlIds: ReadonlySet<string>, diagnostics: Diagnostic[]): Threat[] {
  let files: string[];
  try {
    files = readdirSync(threatDir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
  const threats: Threat[] = [];
  for (const f of files) {
    const { source, diagnostics: d } = parseFile(join(threatDir, f));
    diagnostics.push(...d);
    if (!source) continue;
    const t = parseThreat(source, source.value, [], controlIds, diagnostics);
    if (!t) continue;
    if (`${t.id}.yaml` !== f) {
      diagnostics.push({ file: source.file, line: 1, column: 1, severity: 'error', code: 'file-name', message: `threat '${t.id}' is in ${f}; name the file ${t.id}.yaml` });
      continue;
    }
    // File names are unique and must be the id: no two threats of the folder share one.
    threats.push(t);
  }
  return threats;
}

/** Adds a user's controls and threats after the catalog's own; an id already taken is an error. */
export function mergeCatalogFile(base: Catalog, extra: CatalogFileContent): { catalog: Catalog; diagnostics: Diagnostic[] } {
  const diagnostics = [...extra.diagnostics];
  const taken = (o: ControlOrigin, what: string, id: string, example: string): Diagnostic => ({
    file: o.file, line: o.line, column: o.column, severity: 'error', code: 'duplicate-id', message: `${what} id '${id}' is already in the catalog`, hint: `ids are never reused; pick a new id such as ${example}`,
  });
  const controls = [...base.controls];
  const origins = new Map(base.origins);
  for (const c of extra.controls) {
    const o = extra.origins.get(c.id)!;
    if (origins.has(c.id)) {
      diagnostics.push(taken(o, 'control', c.id, 'CUSTOM-001'));
      continue;
    }
    origins.set(c.id, o);
    controls.push(c);
  }
  const threats = [...base.threats];
  const threatIds = new Set(threats.map((t) => t.id));
  for (const t of extra.threats) {
    if (threatIds.has(t.id)) {
      diagnostics.push(taken(extra.threatOrigins.get(t.id)!, 'threat', t.id, 'THR-ACME-001'));
      continue;
    }
    threatIds.add(t.id);
    threats.push(t);
  }
  return { catalog: { ...base, controls, origins, threats }, diagnostics };
}

/**
 * Catalog files passed more than once (by the same or another path to the same file): one error for each
 * repeat, instead of a "duplicate id" for every control and threat it holds.
 */
export function repeatedCatalogFiles(files: readonly string[]): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const f of files) {
    let real: string;
    try {
      real = realpathSync(f);
    } catch {
      real = resolve(f); // unreadable: reported when it is loaded
    }
    const first = seen.get(real);
    if (first === undefined) {
      seen.set(real, f);
      continue;
    }
    const same = displayPath(first) === displayPath(f) ? 'twice' : `twice, as ${quote(displayPath(f))}; it is the same file as ${quote(displayPath(first))}`;
    out.push({ file: displayPath(f), line: 1, column: 1, severity: 'error', code: 'repeated-catalog', message: `catalog file given ${same}`, hint: 'pass each --catalog file once' });
  }
  return out;
}
