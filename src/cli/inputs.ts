// Reading the run's inputs from disk: catalogs and model files. Errors become InputError with locations.
import { readFileSync } from 'node:fs';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir, loadCatalogFile, mergeCatalogFile, type Catalog } from '../catalog/load.js';
import { InputError, type Diagnostic } from '../model/diagnostics.js';
import { loadModel, type LoadResult } from '../model/load.js';
import type { KnownIds } from '../model/references.js';
import { displayPath } from '../util/paths.js';

export function loadCatalogs(extraFiles: readonly string[] = []): Catalog {
  const base = loadCatalogDir(BUILT_IN_CATALOG_DIR);
  if (!base.ok) throw new InputError(base.diagnostics);
  let catalog = base.catalog;
  const problems: Diagnostic[] = [];
  for (const f of extraFiles) {
    const merged = mergeCatalogFile(catalog, loadCatalogFile(f, new Set(catalog.origins.keys())));
    problems.push(...merged.diagnostics);
    catalog = merged.catalog;
  }
  if (problems.some((d) => d.severity === 'error')) throw new InputError(problems);
  return catalog;
}

export function knownIds(catalog: Catalog): KnownIds {
  return { controls: new Set(catalog.controls.map((c) => c.id)), threats: new Set((catalog.threats ?? []).map((t) => t.id)) };
}

export interface ModelInput {
  file: string;
  bytes: Uint8Array;
  result: LoadResult;
}

export function readModel(file: string, known: KnownIds): ModelInput {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a model file' : `cannot read file (${code ?? String(err)})`;
    return { file, bytes: new Uint8Array(), result: { ok: false, diagnostics: [{ file: displayPath(file), line: 1, column: 1, severity: 'error', code: 'unreadable', message }] } };
  }
  return { file, bytes, result: loadModel(bytes, displayPath(file), known) };
}
