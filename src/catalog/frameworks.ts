// Compliance frameworks as data (catalogs/frameworks.yaml): their names and clause ids, for the report's
// compliance section and for checking that controls cite clauses that exist.
import { join } from 'node:path';
import { z } from 'zod';
import { compareDiagnostics, type Diagnostic } from '../model/diagnostics.js';
import type { Path, YamlSource } from '../model/source.js';
import { structureDiagnostics } from '../model/structure.js';
import { FRAMEWORK_IDS, type Control } from './control.js';
import { PACKAGE_ROOT, parseFile } from './load.js';

export const FRAMEWORKS_FILE = join(PACKAGE_ROOT, 'catalogs', 'frameworks.yaml');

export const FrameworkClause = z.strictObject({
  id: z.string().min(1).describe('Clause id exactly as controls cite it, e.g. "5.4-4", CR1.2, IM-8'),
  title: z.string().min(1).describe('Short paraphrase of the clause'),
  status: z.string().min(1).optional().describe('Status code where the framework has one (ETSI: M, R, MC, RC)'),
});
export type FrameworkClause = z.output<typeof FrameworkClause>;

export const Framework = z.strictObject({
  id: z.enum(FRAMEWORK_IDS),
  name: z.string().min(1).describe('Full title with version'),
  url: z.url().optional(),
  note: z.string().min(1).optional().describe('Caveats: version pinned, numbering differences'),
  clauses: z.array(FrameworkClause).min(1),
});
export type Framework = z.output<typeof Framework>;

export const FrameworksFile = z.strictObject({
  frameworks: z.array(Framework).min(1),
});
export type FrameworksFile = z.output<typeof FrameworksFile>;

export type FrameworksResult = { ok: true; frameworks: Framework[] } | { ok: false; diagnostics: Diagnostic[] };

function at(source: YamlSource, path: Path, code: string, message: string): Diagnostic {
  const p = source.locate(path);
  return { file: source.file, line: p.line, column: p.column, severity: 'error', code, message };
}

/** What the schema cannot say: each framework once, all of FRAMEWORK_IDS present, clause ids unique. */
function semanticDiagnostics(value: FrameworksFile, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  value.frameworks.forEach((fw, i) => {
    if (seen.has(fw.id)) out.push(at(source, ['frameworks', i, 'id'], 'duplicate-id', `framework '${fw.id}' is listed twice`));
    seen.add(fw.id);
    const clauses = new Set<string>();
    fw.clauses.forEach((c, j) => {
      if (clauses.has(c.id)) out.push(at(source, ['frameworks', i, 'clauses', j, 'id'], 'duplicate-id', `clause '${c.id}' is listed twice in ${fw.id}`));
      clauses.add(c.id);
    });
  });
  for (const id of FRAMEWORK_IDS) {
    if (!seen.has(id)) out.push(at(source, ['frameworks'], 'missing-framework', `framework '${id}' is not listed`));
  }
  return out;
}

/** Reads and validates the frameworks file; every problem is reported with file:line:col. */
export function loadFrameworks(file: string = FRAMEWORKS_FILE): FrameworksResult {
  const { source, diagnostics } = parseFile(file);
  if (!source) return { ok: false, diagnostics };
  const r = FrameworksFile.safeParse(source.value);
  if (!r.success) return { ok: false, diagnostics: structureDiagnostics(FrameworksFile, source, r.error.issues).sort(compareDiagnostics) };
  const sem = semanticDiagnostics(r.data, source);
  if (sem.length > 0) return { ok: false, diagnostics: sem.sort(compareDiagnostics) };
  return { ok: true, frameworks: r.data.frameworks };
}

export interface UnknownClauses {
  control: string;
  framework: string;
  /** Clause ids the control cites that the framework does not list (all of them when the framework is unknown). */
  clauses: string[];
}

/** Controls citing clause ids that do not exist in `frameworks`, in control order. Pure. */
export function unknownClauses(controls: readonly Pick<Control, 'id' | 'frameworks'>[], frameworks: readonly Framework[]): UnknownClauses[] {
  const known = new Map<string, Set<string>>(frameworks.map((f) => [f.id, new Set(f.clauses.map((c) => c.id))]));
  const out: UnknownClauses[] = [];
  for (const c of controls) {
    for (const [fw, ids] of Object.entries(c.frameworks ?? {})) {
      const clauses = known.get(fw);
      const bad = (ids ?? []).filter((id) => !clauses?.has(id));
      if (bad.length > 0) out.push({ control: c.id, framework: fw, clauses: bad });
    }
  }
  return out;
}

