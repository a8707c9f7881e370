// Phase 1 of validation: the shape of the document (zod), every problem with its position.
import type { z } from 'zod';
import { didYouMean } from '../util/suggest.js';
import type { Diagnostic } from './diagnostics.js';
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

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  return String(value);
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
    out.push({ file: source.file, line: p.line, column: p.column, severity: 'error', code, message, ...(hint ? { hint } : {}) });
  };
  for (const issue of issues) {
    const path = issue.path as PropertyKey[] as Path;
    const where = formatPath(path);
    const actual = valueAt(source.value, path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, path);
      for (const key of issue.keys) {
        at([...path, key], 'unknown-key', `unknown key '${key}' in ${where}`, didYouMean(key, allowed) ?? (allowed.length ? `allowed: ${allowed.join(', ')}` : undefined));
      }
      continue;
    }
    const all = expectedValues(issue);
    // "1.2" and 1.2 are both accepted for TLS versions; list each value once.
    const values = [...new Set(all)].filter((v) => !(/^\d+$/.test(v) && all.includes(Number(v).toFixed(1))));
    if (values.length > 0) {
      const hint = typeof actual === 'string' ? didYouMean(actual, values) : undefined;
      at(path, 'invalid-value', `${where} is ${describe(actual)}; expected one of ${values.join(', ')}`, hint);
      continue;
    }
    if (issue.code === 'invalid_type' && actual === undefined) {
      at(path, 'missing-property', `${where} is required`);
      continue;
    }
    if (issue.code === 'invalid_type') {
      at(path, 'invalid-type', `${where} is ${describe(actual)}; expected ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected}`);
      continue;
    }
    at(path, 'invalid-value', `${where}: ${issue.message}`);
  }
  return out;
}
