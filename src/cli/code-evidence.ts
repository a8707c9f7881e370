// Evidence from code for one model: the folders `--code dir=id` names and the model's own `code:` entries are
// read (bounded), scanned and mapped to properties. I/O lives here; ts-morph is loaded only when there is code.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Diagnostic } from '../model/diagnostics.js';
import { InputError, UsageError } from '../model/diagnostics.js';
import type { LoadedModel } from '../model/load.js';
import type { ElementFact, PropertyEvidence } from '../model/provenance.js';
import type { Unmapped } from '../evidence/to-properties.js';
import { displayPath, isInsideFolder } from '../util/paths.js';

export interface CodeArgument {
  dir: string;
  element: string;
}

/** `--code <dir>=<element-id>`: the last `=` splits, so a folder may hold one. */
export function parseCodeArgument(value: string, previous: CodeArgument[] = []): CodeArgument[] {
  const at = value.lastIndexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError('expected <dir>=<element-id>, e.g. src/device=reefer-telematics');
  return [...previous, { dir: value.slice(0, at), element: value.slice(at + 1) }];
}

export interface CodeEvidence {
  observations: PropertyEvidence[];
  /** Every fact per element, with a note when it maps to no property. */
  facts: ElementFact[];
  unmapped: Unmapped[];
  /** Files not read and why, one line each (said on standard error). */
  skipped: string[];
}


/** Where the code of each element is: --code first, then `code:` in the model (checked against the model's folder). */
function codeRoots(modelFile: string, loaded: LoadedModel, args: readonly CodeArgument[], allowOutside: boolean): Array<{ root: string; element: string }> {
  const roots: Array<{ root: string; element: string }> = [];
  for (const a of args) {
    if (!loaded.index.byId.has(a.element)) throw new UsageError(`--code ${a.dir}=${a.element}: ${displayPath(modelFile)} has no element '${a.element}'`);
    if (!existsSync(a.dir)) throw new UsageError(`--code ${a.dir}=${a.element}: no such file or folder`);
    roots.push({ root: resolve(a.dir), element: a.element });
  }
  const base = dirname(resolve(modelFile));
  const problems: Diagnostic[] = [];
  for (const e of loaded.index.byId.values()) {
    const list = e.data.code as string[] | undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((p, i) => {
      const root = resolve(base, p);
      const at = loaded.source.locate([...e.path, 'code', ...(Array.isArray(rawCode(loaded, e.path)) ? [i] : [])]);
      const where = { file: loaded.source.file, line: at.line, column: at.column, severity: 'error' as const };
      if (!allowOutside && !isInsideFolder(base, root)) problems.push({ ...where, code: 'code-outside', message: `code path '${p}' of '${e.id}' is outside the model's folder`, hint: 'move the code beside the model, or pass --allow-outside' });
      else if (!existsSync(root)) problems.push({ ...where, code: 'code-missing', message: `code path '${p}' of '${e.id}' does not exist`, hint: 'paths are relative to the model file' });
      else roots.push({ root, element: e.id });
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  return roots;
}

function rawCode(loaded: LoadedModel, path: readonly (string | number)[]): unknown {
  let at: unknown = loaded.source.value;
  for (const s of [...path, 'code']) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s as string] : undefined;
  return at;
}

/** Recorded paths: relative to the working folder when inside it, else to the scanned folder's parent (never absolute). */
function recordBase(root: string): string {
  const cwd = process.cwd();
  const rel = relative(cwd, root);
  return rel.startsWith('..') || isAbsolute(rel) ? dirname(root) : cwd;
}

export async function codeEvidence(modelFile: string, loaded: LoadedModel, args: readonly CodeArgument[], allowOutside: boolean): Promise<CodeEvidence | undefined> {
  const roots = codeRoots(modelFile, loaded, args, allowOutside);
  if (roots.length === 0) return undefined;
  const [{ readSourceTree }, { scanSources }, { factsToProperties }] = await Promise.all([
    import('../evidence/source-files.js'),
    import('../evidence/scan.js'),
    import('../evidence/to-properties.js'),
  ]);
  const out: CodeEvidence = { observations: [], facts: [], unmapped: [], skipped: [] };
  for (const { root, element } of roots) {
    const tree = readSourceTree(root, recordBase(root));
    out.skipped.push(...tree.skipped.map((s) => `${s} (code of ${element})`));
    const facts = scanSources(tree.files);
    const mapped = factsToProperties(facts, element, loaded.index);
    out.observations.push(...mapped.observations);
    out.unmapped.push(...mapped.unmapped);
    const notes = new Map(mapped.unmapped.map((u) => [u.fact, u.reason]));
    for (const f of facts) {
      const note = notes.get(f);
      out.facts.push({ element, fact: f.fact, value: f.value, detail: f.detail, provenance: { source: 'code', location: f.location, collector: f.collector }, ...(note !== undefined ? { note } : {}) });
    }
  }
  return out;
}

