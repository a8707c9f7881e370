// Phase 1 of validation: the shape of the document (zod), every problem with its position.
import type { z } from 'zod';
import { didYouMean } from '../util/suggest.js';
import { quote, type Diagnostic } from './diagnostics.js';
import type { Path, YamlSource } from './source.js';

export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(document)';
}

type AnySchema = z.core.$ZodType;

/** The object keys a schema accepts at `path`, for "did you mean" hints. */
function keysAt(schema: AnySchema, path: Path): string[] {
  let s: AnySchema | undefined = schema;
  const unwrap = (t: AnySchema | undefined): AnySchema | undefined => {
    let cur = t;
    for (let i = 0; cur && i < 10; i++) {
      const def = cur._zod.def as unknown as Record<string, unknown> & { type: string };
      if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') cur = def.innerType as AnySchema;
      else if (def.type === 'pipe') cur = def.in as AnySchema;
      else break;
    }
    return cur;
  };
  for (const seg of path) {
    s = unwrap(s);
    if (!s) return [];
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    if (typeof seg === 'number' && def.type === 'array') s = def.element as AnySchema;
    else if (typeof seg === 'string' && def.type === 'object') s = (def.shape as Record<string, AnySchema>)[seg];
    else return [];
  }
  s = unwrap(s);
  const def = s?._zod.def as unknown as (Record<string, unknown> & { type: string }) | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/**
 * A value in words for a message. Text is quoted only from files that are YAML by name: a secret file
 * (`.env`, a key) passed by mistake must not end up in a CI log, so its values are described by type.
 */
function describe(value: unknown, echo: boolean): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return echo ? quote(value.length > 60 ? value.slice(0, 57) + '...' : value) : 'text';
  return echo ? String(value) : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : 'a value';
}

function expectedValues(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_value') return issue.values.map(String);
  if (issue.code === 'invalid_union') return issue.errors.flatMap((branch) => branch.flatMap(expectedValues));
  return [];
}

/** Turns zod issues into positioned diagnostics. */
export function structureDiagnostics(schema: AnySchema, source: YamlSource, issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: Path, code: string, message: string, hint?: string) => {
    const p = source.locate(path);
    out.push({ file: p.file, line: p.line, column: p.column, severity: 'error', code, message, ...(hint ? { hint } : {}) });
  };
  const echo = source.echo;
  for (const issue of issues) {
    const path = issue.path as PropertyKey[] as Path;
    if (path.length === 0 && issue.code === 'invalid_type' && (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value))) {
      // Not a mapping at all: most likely not a model (or not YAML). Its content is never repeated.
      const what = source.value === null || source.value === undefined ? 'nothing' : Array.isArray(source.value) ? 'a list' : 'a single value, not a mapping';
      at(path, 'not-a-mapping', `file holds ${what}; expected a YAML mapping`, 'is this the right file?');
      continue;
    }
    // In an included file, the path as that file has it.
    const where = formatPath(source.locate(path).path ?? path);
    const actual = valueAt(source.value, path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, path);
      for (const key of issue.keys) {
        at([...path, key], 'unknown-key', `unknown key ${echo ? quote(key) : '(name not shown)'} in ${where}`, (echo ? didYouMean(key, allowed) : undefined) ?? (allowed.length ? `allowed: ${allowed.join(', ')}` : undefined));
      }
      continue;
    }
    const all = expectedValues(issue);
    // "1.2" and 1.2 are both accepted for TLS versions; list each value once.
    const values = [...new Set(all)].filter((v) => !(/^\d+$/.test(v) && all.includes(Number(v).toFixed(1))));
    if (values.length > 0) {
      const hint = typeof actual === 'string' && echo ? didYouMean(actual, values) : undefined;
      at(path, 'invalid-value', `${where} is ${describe(actual, echo)}; expected one of ${values.join(', ')}`, hint);
      continue;
    }
    if (issue.code === 'invalid_type' && actual === undefined) {
      at(path, 'missing-property', `${where} is required`);
      continue;
    }
    if (issue.code === 'invalid_type') {
      at(path, 'invalid-type', `${where} is ${describe(actual, echo)}; expected ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected}`);
      continue;
    }
    // A refinement that asks for it (params.showValue: an id with an invisible character, a date, a catalog
    // pattern) says which text it refused.
    const shows = issue.code === 'custom' && (issue.params as { showValue?: boolean } | undefined)?.showValue === true;
    const which = shows && typeof actual === 'string' && echo ? ` is ${describe(actual, echo)}` : '';
    at(path, 'invalid-value', `${where}${which}: ${issue.message}`);
  }
  return out;
}
