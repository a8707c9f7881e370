// Loading a model: bytes → YAML → schema → references → consistency. Pure: the caller reads the file.
import { compareDiagnostics, type Diagnostic } from './diagnostics.js';
import { consistencyDiagnostics } from './consistency.js';
import { indexElements, type ElementIndex } from './elements.js';
import { referenceDiagnostics, withRenamedIds, type KnownIds } from './references.js';
import { SolutionModel } from './schema.js';
import { resolveIncludes, type IncludeOptions } from './include.js';
import { parseYamlBytes, type YamlSource } from './source.js';
import { structureDiagnostics } from './structure.js';

export interface LoadedModel {
  model: SolutionModel;
  source: YamlSource;
  index: ElementIndex;
  /** Warnings only: a loaded model has no errors. */
  warnings: Diagnostic[];
}

export type LoadResult = { ok: true; loaded: LoadedModel } | { ok: false; diagnostics: Diagnostic[] };

/** `include:` needs the model's absolute path and a way to read the included files (see include.ts). */
export interface LoadIncludes extends Omit<IncludeOptions, 'maxBytes'> {
  path: string;
}

export function loadModel(bytes: Uint8Array, file: string, known: KnownIds, limits: { maxBytes?: number; include?: LoadIncludes } = {}): LoadResult {
  const parsed = parseYamlBytes(bytes, file, limits.maxBytes);
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  const included = withIncludes(parsed.source, limits);
  if (!included.ok) return { ok: false, diagnostics: included.diagnostics.sort(compareDiagnostics) };
  const { source } = included;
  const result = SolutionModel.safeParse(source.value);
  if (!result.success) {
    const structural = structureDiagnostics(SolutionModel, source, result.error.issues);
    return { ok: false, diagnostics: [...structural, ...lenientReferences(source, known, structural)].sort(compareDiagnostics) };
  }
  const { model, warnings: renamed } = withRenamedIds(result.data, source, known);
  const index = indexElements(model);
  const errors = referenceDiagnostics(model, index, source, known);
  const warnings = [...included.warnings, ...renamed, ...consistencyDiagnostics(model, source)];
  if (errors.length > 0) return { ok: false, diagnostics: [...errors, ...warnings].sort(compareDiagnostics) };
  return { ok: true, loaded: { model, source, index, warnings: warnings.sort(compareDiagnostics) } };
}

/**
 * Reference problems in a document that also has schema errors, so that one run reports both.
 * Best effort on the raw value: whatever the schema already flagged (same place) is not repeated.
 */
function lenientReferences(source: YamlSource, known: KnownIds, structural: Diagnostic[]): Diagnostic[] {
  const raw = source.value as SolutionModel;
  if (raw === null || typeof raw !== 'object' || typeof raw.solution !== 'object' || raw.solution === null) return [];
  try {
    const taken = new Set(structural.map((d) => `${d.line}:${d.column}`));
    return referenceDiagnostics(raw, indexElements(raw), source, known).filter((d) => !taken.has(`${d.line}:${d.column}`));
  } catch {
    return []; // the shape is too far off to follow references; the schema errors say why
  }
}

function withIncludes(root: YamlSource, limits: { maxBytes?: number; include?: LoadIncludes }) {
  const value = root.value;
  const wants = value !== null && typeof value === 'object' && !Array.isArray(value) && 'include' in value;
  if (!wants) return { ok: true as const, source: root, warnings: [] };
  if (!limits.include) {
    const p = root.locate(['include']);
    return { ok: false as const, diagnostics: [{ file: p.file, line: p.line, column: p.column, severity: 'error' as const, code: 'include-unsupported', message: 'this model includes other files, which cannot be read here', hint: 'assess or validate the model file itself' }] };
  }
  const { path, ...options } = limits.include;
  return resolveIncludes(root, path, { ...options, ...(limits.maxBytes !== undefined ? { maxBytes: limits.maxBytes } : {}) });
}
