// The built-in catalog, validated once at build time. Parsing its ~140 YAML files with source positions
// and validating them took ≈ 200 ms of every run (40 % of `assess --format json` on a small model);
// reading the snapshot takes a few ms. The snapshot is used only while it matches the catalog files
// byte for byte (their SHA-256, with the tool version): an edited, added or removed file means the
// YAML is parsed as before, so a control added as YAML needs no rebuild.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { displayPath } from '../util/paths.js';
import { TOOL_VERSION } from '../util/version.js';
import { loadCatalogDir, PACKAGE_ROOT, type Catalog, type CatalogResult, type ControlOrigin } from './load.js';

/** Bumped when the snapshot's shape changes. */
const SNAPSHOT_FORMAT = 1;

export const CATALOG_SNAPSHOT_FILE = join(PACKAGE_ROOT, 'dist', 'catalog-snapshot.json');

interface Snapshot {
  format: number;
  fingerprint: string;
  catalog: Omit<Catalog, 'origins'> & { origins: Array<[string, ControlOrigin]> };
}

/** SHA-256 over the tool version and every file the catalog folder's loader reads (names and bytes). */
export function catalogFingerprint(dir: string): string {
  const h = createHash('sha256').update(`${SNAPSHOT_FORMAT}\0${TOOL_VERSION}\0`);
  const add = (rel: string) => {
    h.update(`${rel}\0`);
    h.update(readFileSync(join(dir, rel)));
    h.update('\0');
  };
  add('catalog.yaml');
  for (const sub of ['controls', 'threats']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, sub)).filter((f) => f.endsWith('.yaml')).sort();
    } catch {
      // A missing folder is the loader's to report.
    }
    for (const f of names) add(`${sub}/${f}`);
  }
  return h.digest('hex');
}

/** The snapshot of a catalog folder that loaded without problems (origins relative to the folder). */
export function catalogSnapshot(dir: string, catalog: Catalog): string {
  const origins = [...catalog.origins].map(([id, o]): [string, ControlOrigin] => [id, { ...o, file: relative(dir, resolve(o.file)) }]);
  const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, fingerprint: catalogFingerprint(dir), catalog: { ...catalog, origins } };
  return JSON.stringify(snapshot);
}

function readSnapshot(dir: string, file: string): Catalog | undefined {
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch {
    return undefined;
  }
  let fingerprint: string;
  try {
    fingerprint = catalogFingerprint(dir);
  } catch {
    return undefined;
  }
  if (snapshot.format !== SNAPSHOT_FORMAT || snapshot.fingerprint !== fingerprint) return undefined;
  const c = snapshot.catalog;
  return { ...c, origins: new Map(c.origins.map(([id, o]) => [id, { ...o, file: displayPath(join(dir, o.file)) }])) };
}

/** The built-in catalog folder: from its snapshot when that matches the files, else parsed and validated. */
export function loadBuiltInCatalog(dir: string, snapshotFile = CATALOG_SNAPSHOT_FILE): CatalogResult {
  const catalog = readSnapshot(dir, snapshotFile);
  return catalog ? { ok: true, catalog, warnings: [] } : loadCatalogDir(dir);
}
