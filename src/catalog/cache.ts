// The built-in catalog and frameworks, validated once at build time. Parsing their ~140 YAML files with
// source positions and validating them took ≈ 200 ms of every run (40 % of `assess --format json` on
// a small model), and the frameworks another ≈ 100 ms of every report; reading the snapshot takes a
// few ms. The snapshot is used only while it matches the files byte for byte (their SHA-256, with the
// tool version): an edited, added or removed file means the YAML is parsed as before, so a control
// added as YAML needs no rebuild.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { displayPath } from '../util/paths.js';
import { TOOL_VERSION } from '../util/version.js';
import { FRAMEWORKS_FILE, loadFrameworks, type Framework, type FrameworksResult } from './frameworks.js';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir, PACKAGE_ROOT, type Catalog, type CatalogResult, type ControlOrigin } from './load.js';

/** Bumped when the snapshot's shape changes. */
const SNAPSHOT_FORMAT = 2;

export const SNAPSHOT_FILE = join(PACKAGE_ROOT, 'dist', 'catalog-snapshot.json');

export interface SnapshotSources {
  /** The catalog folder (catalog.yaml, controls/, threats/). */
  dir: string;
  frameworksFile: string;
  snapshotFile: string;
}

const BUILT_IN: SnapshotSources = { dir: BUILT_IN_CATALOG_DIR, frameworksFile: FRAMEWORKS_FILE, snapshotFile: SNAPSHOT_FILE };

interface Snapshot {
  format: number;
  fingerprint: string;
  catalog: Omit<Catalog, 'origins'> & { origins: Array<[string, ControlOrigin]> };
  frameworks: Framework[];
}

/** SHA-256 over the tool version and every file the loaders read (names and bytes). */
export function fingerprint(s: Pick<SnapshotSources, 'dir' | 'frameworksFile'>): string {
  const h = createHash('sha256').update(`${SNAPSHOT_FORMAT}\0${TOOL_VERSION}\0`);
  const add = (name: string, file: string) => {
    h.update(`${name}\0`);
    h.update(readFileSync(file));
    h.update('\0');
  };
  add('frameworks', s.frameworksFile);
  add('catalog.yaml', join(s.dir, 'catalog.yaml'));
  for (const sub of ['controls', 'threats']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(s.dir, sub)).filter((f) => f.endsWith('.yaml')).sort();
    } catch {
      // A missing folder is the loader's to report.
    }
    for (const f of names) add(`${sub}/${f}`, join(s.dir, sub, f));
  }
  return h.digest('hex');
}

/** The snapshot of a catalog and frameworks that loaded without problems (origins relative to the folder). */
export function snapshotText(s: Pick<SnapshotSources, 'dir' | 'frameworksFile'>, catalog: Catalog, frameworks: Framework[]): string {
  const origins = [...catalog.origins].map(([id, o]): [string, ControlOrigin] => [id, { ...o, file: relative(s.dir, resolve(o.file)) }]);
  const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, fingerprint: fingerprint(s), catalog: { ...catalog, origins }, frameworks };
  return JSON.stringify(snapshot);
}

const read = new Map<string, Snapshot | undefined>();

/** The snapshot when it matches the files (read and checked once per process and file). */
function matchingSnapshot(s: SnapshotSources): Snapshot | undefined {
  if (read.has(s.snapshotFile)) return read.get(s.snapshotFile);
  let snapshot: Snapshot | undefined;
  try {
    const candidate = JSON.parse(readFileSync(s.snapshotFile, 'utf8')) as Snapshot;
    if (candidate.format === SNAPSHOT_FORMAT && candidate.fingerprint === fingerprint(s)) snapshot = candidate;
  } catch {
    snapshot = undefined;
  }
  read.set(s.snapshotFile, snapshot);
  return snapshot;
}

/** The built-in catalog folder: from the snapshot when it matches the files, else parsed and validated. */
export function loadBuiltInCatalog(s: SnapshotSources = BUILT_IN): CatalogResult {
  const c = matchingSnapshot(s)?.catalog;
  if (!c) return loadCatalogDir(s.dir);
  return { ok: true, catalog: { ...c, origins: new Map(c.origins.map(([id, o]) => [id, { ...o, file: displayPath(join(s.dir, o.file)) }])) }, warnings: [] };
}

/** The built-in frameworks: from the snapshot when it matches the files, else parsed and validated. */
export function loadBuiltInFrameworks(s: SnapshotSources = BUILT_IN): FrameworksResult {
  const f = matchingSnapshot(s)?.frameworks;
  return f ? { ok: true, frameworks: f } : loadFrameworks(s.frameworksFile);
}
