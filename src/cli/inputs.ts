// Reading the run's inputs from disk: catalogs and model files. Errors become InputError with locations.
import { loadBuiltInCatalog } from '../catalog/cache.js';
import { loadCatalogFile, mergeCatalogFile, repeatedCatalogFiles, type Catalog } from '../catalog/load.js';
import { InputError, UsageError, type Diagnostic } from '../model/diagnostics.js';
import { detectLogo, LOGO_MAX_BYTES, LOGO_MEDIA_TYPE, type LogoImage } from '../report/logo.js';
import { readdirSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IncludeReader } from '../model/include.js';
import { loadModel, type LoadResult } from '../model/load.js';
import type { KnownIds } from '../model/references.js';
import { SOURCE_LIMITS } from '../model/source.js';
import { displayPath, recordedPath } from '../util/paths.js';
import { readFailureText, readFileBounded, sizeInWords } from '../util/read-bounded.js';

export function loadCatalogs(extraFiles: readonly string[] = []): Catalog {
  const base = loadBuiltInCatalog();
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
  return { controls: new Set(catalog.controls.map((c) => c.id)), threats: new Set((catalog.threats ?? []).map((t) => t.id)), aliases: new Map(Object.entries(catalog.aliases ?? {})) };
}

export interface ModelInput {
  file: string;
  bytes: Uint8Array;
  /** Absolute paths of the files the model includes, as read (what --watch watches besides the model). */
  files?: string[];
  result: LoadResult;
}

/** Largest model file read by default: a 10,000-element model is about 2 MB. --max-model-size raises it. */
export const DEFAULT_MAX_MODEL_BYTES = SOURCE_LIMITS.maxBytes;

/** The disk as `include:` sees it: every read bounded, nothing followed that does not exist. */
export const DISK_INCLUDE_READER: IncludeReader = {
  realPath(path) {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, directory: e.isDirectory() }));
    } catch {
      return [];
    }
  },
  read: readFileBounded,
  shown: displayPath,
};

export interface ReadModelOptions {
  /** --allow-outside: a model may include files outside its own folder. */
  allowOutside?: boolean;
}

/**
 * What a model's digest covers: its own bytes, and with `include:` every included file's name and bytes
 * after them (in the order read), so that the SHA-256 recorded in outputs changes when any of them does.
 */
function modelBytesOf(rootBytes: Uint8Array, included: ReadonlyArray<[string, Uint8Array]>): Uint8Array {
  if (included.length === 0) return rootBytes;
  return Buffer.concat([rootBytes, ...included.flatMap(([path, bytes]) => [new TextEncoder().encode(`\u0000${recordedPath(path)}\u0000`), bytes])]);
}

/** Reads (at most `maxBytes`) and loads one model; a file that cannot be read is a located diagnostic. */
export function readModel(file: string, known: KnownIds, maxBytes: number = DEFAULT_MAX_MODEL_BYTES, options: ReadModelOptions = {}): ModelInput {
  const read = readFileBounded(file, maxBytes);
  if (!read.ok) {
    const code = read.reason === 'too-large' ? 'too-large' : read.reason === 'missing' ? 'unreadable' : 'not-a-file';
    const hint = read.reason === 'too-large' ? { hint: 'raise the limit with --max-model-size <MB>' } : {};
    const message = read.reason === 'directory' ? 'is a folder, not a model file' : readFailureText(read);
    return { file, bytes: new Uint8Array(), result: { ok: false, diagnostics: [{ file: displayPath(file), line: 1, column: 1, severity: 'error', code: read.reason === 'denied' || read.reason === 'unreadable' ? 'unreadable' : code, message, ...hint }] } };
  }
  const included: Array<[string, Uint8Array]> = [];
  const reader: IncludeReader = {
    ...DISK_INCLUDE_READER,
    read(path, limit) {
      const r = readFileBounded(path, limit);
      if (r.ok) included.push([path, r.bytes]);
      return r;
    },
  };
  const include = { path: resolve(file), reader, ...(options.allowOutside ? { allowOutside: true } : {}) };
  const result = loadModel(read.bytes, displayPath(file), known, { maxBytes, include });
  return { file, bytes: modelBytesOf(read.bytes, included), result, ...(included.length > 0 ? { files: included.map(([f]) => f) } : {}) };
}

/** The --logo file: PNG, JPEG or SVG, recognised by content; a UsageError (exit 2, one line) otherwise. */
export function readLogo(file: string): LogoImage {
  const shown = displayPath(file);
  const read = readFileBounded(file, LOGO_MAX_BYTES);
  if (!read.ok) {
    if (read.reason === 'too-large') throw new UsageError(`--logo ${shown}: larger than ${sizeInWords(LOGO_MAX_BYTES)}; use a smaller image`);
    throw new UsageError(`--logo ${shown}: cannot read it (${read.reason === 'directory' ? 'is a folder, not an image' : readFailureText(read)})`);
  }
  const kind = detectLogo(read.bytes);
  if (!kind.ok) throw new UsageError(`--logo ${shown}: ${kind.reason}`);
  return { file: shown, type: kind.type, mediaType: LOGO_MEDIA_TYPE[kind.type], bytes: read.bytes };
}
