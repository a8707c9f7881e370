// Build step (`npm run build`): writes the built-in catalog's snapshot (cache.ts) next to the compiled
// code. A catalog with problems gets no snapshot: every run then parses it and reports them.
import { rmSync } from 'node:fs';
import { writeFileAtomic } from '../util/files.js';
import { CATALOG_SNAPSHOT_FILE, catalogSnapshot } from './cache.js';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir } from './load.js';

const r = loadCatalogDir(BUILT_IN_CATALOG_DIR);
if (r.ok) writeFileAtomic(CATALOG_SNAPSHOT_FILE, catalogSnapshot(BUILT_IN_CATALOG_DIR, r.catalog));
else rmSync(CATALOG_SNAPSHOT_FILE, { force: true });
