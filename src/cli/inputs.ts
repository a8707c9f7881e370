// Reading the run's inputs from disk: catalogs and model files. Errors become InputError with locations.
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir, loadCatalogFile, mergeCatalogFile, repeatedCatalogFiles, type Catalog } from '../catalog/load.js';
import { InputError, UsageError, type Diagnostic } from '../model/diagnostics.js';
import { detectLogo, LOGO_MAX_BYTES, LOGO_MEDIA_TYPE, type LogoImage } from '../report/logo.js';
import { loadModel, type LoadResult } from '../model/load.js';
import type { KnownIds } from '../model/references.js';
import { displayPath } from '../util/paths.js';

export function loadCatalogs(extraFiles: readonly string[] = []): Catalog {
  const base = loadCatalogDir(BUILT_IN_CATALOG_DIR);
  if (!base.ok) throw new InputError(base.diagnostics);
  let catalog = base.catalog;
  const repeated = repeatedCatalogFiles(extraFiles);
  if (repeated.length > 0) throw new InputError(repeated);
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

/**
 * Reads at most `limit` bytes of a regular file; undefined when it holds more. Opened once and checked
 * on that descriptor, so a FIFO, a device or a directory is refused without reading from it.
 */
function readBounded(file: string, limit: number): Uint8Array | undefined {
  // Non-blocking: opening a FIFO must not wait for a writer.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: st.isDirectory() ? 'EISDIR' : 'ENOTREG' });
    const buf = Buffer.alloc(limit + 1);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buf, size, buf.length - size, null);
      if (n === 0) break;
      size += n;
      if (size > limit) return undefined;
    }
    return buf.subarray(0, size);
  } finally {
    closeSync(fd);
  }
}

const UNREADABLE: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'is a folder, not an image', ENOTREG: 'not a regular file', EACCES: 'permission denied' };

/** The --logo file: PNG, JPEG or SVG, recognised by content; a UsageError (exit 2, one line) otherwise. */
export function readLogo(file: string): LogoImage {
  const shown = displayPath(file);
  let bytes: Uint8Array | undefined;
  try {
    bytes = readBounded(file, LOGO_MAX_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`--logo ${shown}: cannot read it (${UNREADABLE[code] ?? (code || String(err))})`);
  }
  if (bytes === undefined) throw new UsageError(`--logo ${shown}: larger than ${LOGO_MAX_BYTES / (1024 * 1024)} MB; use a smaller image`);
  const kind = detectLogo(bytes);
  if (!kind.ok) throw new UsageError(`--logo ${shown}: ${kind.reason}`);
  return { file: shown, type: kind.type, mediaType: LOGO_MEDIA_TYPE[kind.type], bytes };
}
