// Test helpers: load models and catalogs from strings, without the CLI.
import { stringify } from 'yaml';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir, type Catalog } from '../../src/catalog/load.js';
import { assess, type Assessment } from '../../src/engine/assess.js';
import { loadModel, type LoadResult } from '../../src/model/load.js';
import type { KnownIds } from '../../src/model/references.js';

let cached: Catalog | undefined;
export function builtInCatalog(): Catalog {
  if (cached) return cached;
  const r = loadCatalogDir(BUILT_IN_CATALOG_DIR);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
  cached = r.catalog;
  return cached;
}

export function known(catalog: Catalog = builtInCatalog()): KnownIds {
  return { controls: new Set(catalog.controls.map((c) => c.id)), threats: new Set((catalog.threats ?? []).map((t) => t.id)) };
}

export function loadText(text: string, file = 'model.yaml', ids: KnownIds = known()): LoadResult {
  return loadModel(new TextEncoder().encode(text), file, ids);
}

export function loadObject(model: unknown, file = 'model.yaml'): LoadResult {
  return loadText(stringify(model), file);
}

export function assessText(text: string, today = '2026-11-23', catalog: Catalog = builtInCatalog()): Assessment {
  const r = loadText(text, 'model.yaml', known(catalog));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
  return assess(r.loaded, catalog, { today });
}
