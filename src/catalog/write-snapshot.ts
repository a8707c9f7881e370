// Build step (`npm run build`): writes the built-in catalog's and frameworks' snapshot (cache.ts) next
// to the compiled code. With problems in either there is no snapshot: every run parses them and
// reports the problems.
import { rmSync } from 'node:fs';
import { writeFileAtomic } from '../util/files.js';
import { SNAPSHOT_FILE, snapshotText } from './cache.js';
import { FRAMEWORKS_FILE, loadFrameworks } from './frameworks.js';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir } from './load.js';

const catalog = loadCatalogDir(BUILT_IN_CATALOG_DIR);
const frameworks = loadFrameworks(FRAMEWORKS_FILE);
if (catalog.ok && frameworks.ok) writeFileAtomic(SNAPSHOT_FILE, snapshotText({ dir: BUILT_IN_CATALOG_DIR, frameworksFile: FRAMEWORKS_FILE }, catalog.catalog, frameworks.frameworks));
else rmSync(SNAPSHOT_FILE, { force: true });
