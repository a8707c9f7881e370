// Loading a model: bytes → YAML → schema → references → consistency. Pure: the caller reads the file.
import { compareDiagnostics, type Diagnostic } from './diagnostics.js';
import { consistencyDiagnostics } from './consistency.js';
import { indexElements, type ElementIndex } from './elements.js';
import { referenceDiagnostics, type KnownIds } from './references.js';
import { SolutionModel } from './schema.js';
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

export function loadModel(bytes: Uint8Array, file: string, known: KnownIds): LoadResult {
  const parsed = parseYamlBytes(bytes, file);
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  const { source } = parsed;
  const result = SolutionModel.safeParse(source.value);
  if (!result.success) {
    return { ok: false, diagnostics: structureDiagnostics(SolutionModel, source, result.error.issues).sort(compareDiagnostics) };
  }
  const model = result.data;
  const index = indexElements(model);
  const errors = referenceDiagnostics(model, index, source, known);
  const warnings = consistencyDiagnostics(model, source);
  if (errors.length > 0) return { ok: false, diagnostics: [...errors, ...warnings].sort(compareDiagnostics) };
  return { ok: true, loaded: { model, source, index, warnings: warnings.sort(compareDiagnostics) } };
}
