// `include:` in a model: other files whose element lists are merged into it. Pure: files are reached only
// through an IncludeReader the caller gives (the CLI's reads the disk, bounded), so that tests can use a map.
import { dirname, isAbsolute, join, normalize, posix, relative, resolve, sep } from 'node:path';
import type { BoundedRead } from '../util/read-bounded.js';
import { readFailureText } from '../util/read-bounded.js';
import { didYouMean } from '../util/suggest.js';
import { quote, type Diagnostic } from './diagnostics.js';
import { parseYamlBytes, type Path, type SourceLocation, type YamlSource } from './source.js';

/** The lists an included file may hold; each is appended to the including model's list of that name. */
export const INCLUDED_LISTS = ['boundaries', 'devices', 'edges', 'services', 'principals', 'flows', 'risks'] as const;
type ListKey = (typeof INCLUDED_LISTS)[number];
const FRAGMENT_KEYS: readonly string[] = [...INCLUDED_LISTS, 'include'];

export const INCLUDE_LIMITS = {
  /** Files in one model, the root included: a model split by site or product line stays far below. */
  maxFiles: 256,
  /** Include chains deeper than this are a mistake, not a structure. */
  maxDepth: 16,
};

export interface DirEntry {
  name: string;
  directory: boolean;
}

/** The file access includes need; paths are absolute. */
export interface IncludeReader {
  /** The path with symbolic links resolved; undefined when it does not exist. */
  realPath(path: string): string | undefined;
  /** Entries of a folder; [] when it cannot be listed. */
  list(dir: string): DirEntry[];
  read(path: string, maxBytes: number): BoundedRead;
  /** The path as messages show it. */
  shown(path: string): string;
}

export interface IncludeOptions {
  reader: IncludeReader;
  /** --allow-outside: included files may lie outside the root model's folder. */
  allowOutside?: boolean;
  /** Largest file read (each file). */
  maxBytes?: number;
}

/** A file that contributes to the model. */
interface Part {
  source: YamlSource;
  /** Absolute path (symbolic links resolved). */
  real: string;
  /** Relative to the root model's folder, '/'-separated; '' for the root. */
  included: string;
}

export type IncludeResult = { ok: true; source: YamlSource; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

const GLOB_CHARS = /[*?]/;

/**
 * Resolves the `include:` of a parsed root model (given by its absolute path): reads every included file,
 * depth first in the order written (a glob's matches sorted), and returns one source whose value has the
 * lists merged (the root's own items first) and whose `locate` answers in the file that holds the node.
 * A model without `include:` is returned as it is.
 */
export function resolveIncludes(root: YamlSource, rootPath: string, options: IncludeOptions): IncludeResult {
  const value = root.value;
  if (!isMapping(value) || !('include' in value)) return { ok: true, source: root, warnings: [] };
  const { reader } = options;
  const rootReal = reader.realPath(rootPath) ?? rootPath;
  const rootDir = dirname(rootPath);
  const rootRealDir = dirname(rootReal);
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const parts: Part[] = [{ source: root, real: rootReal, included: '' }];
  const firstSeen = new Map<string, SourceLocation>([[rootReal, { file: root.file, line: 1, column: 1 }]]);
  const at = (loc: SourceLocation, severity: 'error' | 'warning', code: string, message: string, hint?: string) => {
    (severity === 'error' ? errors : warnings).push({ file: loc.file, line: loc.line, column: loc.column, severity, code, message, ...(hint ? { hint } : {}) });
  };

  const outside = (path: string, real: string) => {
    const inside = (dir: string, p: string) => {
      const rel = relative(dir, p);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    };
    return !inside(rootDir, path) || !inside(rootRealDir, real);
  };

  /** Follows the `include:` list of one file; `stack` is the chain of real paths that led here. */
  const follow = (part: Part, path: string, stack: readonly string[]) => {
    const v = part.source.value as Record<string, unknown>;
    const list = v.include;
    if (list === undefined || list === null) return;
    const where = (p: Path) => part.source.locate(p);
    if (!Array.isArray(list)) {
      at(where(['include']), 'error', 'invalid-type', "'include' must be a list of file names or patterns", 'e.g. include: [devices.yaml, cloud/*.yaml]');
      return;
    }
    list.forEach((entry, i) => {
      const loc = where(['include', i]);
      if (typeof entry !== 'string' || entry.trim() === '' || entry.length > 1000) {
        at(loc, 'error', 'invalid-type', `include[${i}] must be a file name or pattern`);
        return;
      }
      if (isAbsolute(entry)) {
        at(loc, 'error', 'include-absolute', `include ${quote(entry)} is an absolute path`, "write it relative to the including file's folder");
        return;
      }
      const dir = dirname(path);
      const targets = GLOB_CHARS.test(entry) ? expandGlob(dir, entry, reader) : [resolve(dir, entry)];
      if (targets.length === 0) {
        at(loc, 'error', 'include-no-match', `include ${quote(entry)} matches no file`, 'patterns may use * and ? within a name and ** for any folders');
        return;
      }
      for (const target of targets) {
        const shown = reader.shown(target);
        if (!/\.ya?ml$/i.test(target)) {
          at(loc, 'error', 'include-not-yaml', `included file ${quote(shown)} is not named .yaml or .yml`, 'only model files can be included');
          continue;
        }
        const real = reader.realPath(target);
        if (real === undefined) {
          at(loc, 'error', 'include-missing', `included file ${quote(shown)} does not exist`);
          continue;
        }
        if (!options.allowOutside && outside(target, real)) {
          at(loc, 'error', 'include-outside', `included file ${quote(shown)} is outside the model's folder`, 'move it beside the model, or pass --allow-outside');
          continue;
        }
        if (stack.includes(real)) {
          const chain = [...stack.slice(stack.indexOf(real)), real].map((r) => reader.shown(r));
          at(loc, 'error', 'include-cycle', `include cycle: ${chain.join(' -> ')}`, 'a file may not include itself, directly or through others');
          continue;
        }
        const first = firstSeen.get(real);
        if (first) {
          at(loc, 'warning', 'include-repeated', `${quote(shown)} is already included (at ${first.file}:${first.line}:${first.column}); skipped here`);
          continue;
        }
        if (stack.length >= INCLUDE_LIMITS.maxDepth) {
          at(loc, 'error', 'include-too-deep', `includes are nested more than ${INCLUDE_LIMITS.maxDepth} levels deep`);
          continue;
        }
        if (parts.length >= INCLUDE_LIMITS.maxFiles) {
          at(loc, 'error', 'include-too-many', `a model may be made of at most ${INCLUDE_LIMITS.maxFiles} files`);
          return;
        }
        firstSeen.set(real, loc);
        const read = reader.read(target, options.maxBytes ?? Number.MAX_SAFE_INTEGER);
        if (!read.ok) {
          const why = read.reason === 'directory' ? 'is a folder' : readFailureText(read);
          at(loc, 'error', read.reason === 'too-large' ? 'too-large' : 'unreadable', `cannot include ${quote(shown)}: ${why}`);
          continue;
        }
        const parsed = parseYamlBytes(read.bytes, shown, options.maxBytes);
        if (!parsed.ok) {
          errors.push(...parsed.diagnostics);
          continue;
        }
        const rel = relative(rootDir, target).split(sep).join('/');
        const child: Part = { source: parsed.source, real, included: rel };
        if (!checkFragment(child.source, errors)) continue;
        parts.push(child);
        follow(child, target, [...stack, real]);
      }
    });
  };
  follow(parts[0]!, rootPath, [rootReal]);
  if (errors.length > 0) return { ok: false, diagnostics: [...errors, ...warnings] };
  return { ok: true, source: merge(parts), warnings };
}

/** An included file holds a mapping of element lists only: the solution is stated once, by the root. */
function checkFragment(source: YamlSource, errors: Diagnostic[]): boolean {
  const v = source.value;
  const at = (path: Path, code: string, message: string, hint?: string) => {
    const p = source.locate(path);
    errors.push({ file: p.file, line: p.line, column: p.column, severity: 'error', code, message, ...(hint ? { hint } : {}) });
  };
  if (!isMapping(v)) {
    at([], 'invalid-type', 'an included file holds a mapping of element lists', `e.g. devices: [...]; allowed keys: ${FRAGMENT_KEYS.join(', ')}`);
    return false;
  }
  let ok = true;
  for (const key of Object.keys(v)) {
    if (key === 'solution') {
      at([key], 'include-solution', "an included file may not state 'solution'", 'state it once, in the model that includes this file');
      ok = false;
    } else if (!FRAGMENT_KEYS.includes(key)) {
      at([key], 'unknown-key', `unknown key ${source.echo ? quote(key) : '(name not shown)'} in an included file`, (source.echo ? didYouMean(key, FRAGMENT_KEYS) : undefined) ?? `allowed: ${FRAGMENT_KEYS.join(', ')}`);
      ok = false;
    } else if (key !== 'include' && v[key] !== null && !Array.isArray(v[key])) {
      at([key], 'invalid-type', `'${key}' must be a list`);
      ok = false;
    }
  }
  return ok;
}

/** One source over all parts: the root's value with every part's lists appended, located per item. */
function merge(parts: readonly Part[]): YamlSource {
  const [root, ...rest] = parts;
  // `include` is resolved here; the model's schema never sees it.
  const { include: _resolved, ...value } = root!.source.value as Record<string, unknown>;
  /** For each list: where each merged item came from (part, index in that part's list). */
  const origin = new Map<ListKey, Array<{ part: Part; index: number }>>();
  for (const key of INCLUDED_LISTS) {
    const own = value[key];
    // A root list of the wrong type is left alone: the schema reports it where it is.
    if (own !== undefined && own !== null && !Array.isArray(own)) continue;
    const items: unknown[] = Array.isArray(own) ? [...own] : [];
    const from = items.map((_, index) => ({ part: root!, index }));
    for (const part of rest) {
      const theirs = (part.source.value as Record<string, unknown>)[key];
      if (!Array.isArray(theirs)) continue;
      theirs.forEach((item, index) => {
        items.push(item);
        from.push({ part, index });
      });
    }
    if (items.length > 0 || own !== undefined) value[key] = items;
    origin.set(key, from);
  }
  return {
    file: root!.source.file,
    value,
    echo: parts.every((p) => p.source.echo),
    files: parts.map((p) => p.source.file),
    locate(path: Path): SourceLocation {
      const [key, index, ...tail] = path;
      const o = typeof index === 'number' ? origin.get(key as ListKey)?.[index] : undefined;
      if (!o) return root!.source.locate(path);
      const local = [key!, o.index, ...tail];
      const loc = o.part.source.locate(local);
      return o.part.included === '' ? loc : { ...loc, included: o.part.included, path: local };
    },
  };
}

/**
 * How outputs record the file of a location: the root model's recorded path, or for a node in an
 * included file that file's path relative to the root's folder, joined onto the root's folder.
 */
export function recordedFileOf(rootRecorded: string, loc: SourceLocation): string {
  return loc.included === undefined ? rootRecorded : posix.normalize(posix.join(posix.dirname(rootRecorded), loc.included));
}

/**
 * Files matching a pattern relative to `dir`: `*` and `?` within one name (not matching a leading dot),
 * `**` as a whole segment for any number of folders. Sorted by code point, so a run is reproducible.
 */
export function expandGlob(dir: string, pattern: string, reader: Pick<IncludeReader, 'list'>): string[] {
  const segments = normalize(pattern).split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  const found = new Set<string>();
  const walk = (base: string, i: number, visited: number) => {
    if (visited > 10_000) return; // a pathological tree; what was found so far is reported
    if (i === segments.length) {
      found.add(base);
      return;
    }
    const seg = segments[i]!;
    if (seg === '**') {
      walk(base, i + 1, visited + 1);
      for (const e of reader.list(base)) if (e.directory && !e.name.startsWith('.')) walk(join(base, e.name), i, visited + 1);
      return;
    }
    if (!GLOB_CHARS.test(seg)) {
      const next = join(base, seg);
      if (i === segments.length - 1) {
        if (reader.list(base).some((e) => e.name === seg && !e.directory)) found.add(next);
      } else walk(next, i + 1, visited + 1);
      return;
    }
    const re = segmentRegex(seg);
    const last = i === segments.length - 1;
    for (const e of reader.list(base)) {
      if (!re.test(e.name) || e.directory === last) continue;
      walk(join(base, e.name), i + 1, visited + 1);
    }
  };
  walk(dir, 0, 0);
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function segmentRegex(seg: string): RegExp {
  const body = seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^(?!\\.)${body}$`);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
