import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltInCatalog, loadBuiltInFrameworks, snapshotText, type SnapshotSources } from '../src/catalog/cache.js';
import { FRAMEWORKS_FILE, loadFrameworks } from '../src/catalog/frameworks.js';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir, type Catalog } from '../src/catalog/load.js';

const work = mkdtempSync(join(tmpdir(), 'iotsec-snapshot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function parsed(dir: string): Catalog {
  const r = loadCatalogDir(dir);
  if (!r.ok) throw new Error('catalog does not load');
  return r.catalog;
}

describe('built-in catalog snapshot', () => {
  const dir = join(work, 'azure-iot');
  cpSync(BUILT_IN_CATALOG_DIR, dir, { recursive: true });
  const frameworksFile = join(work, 'frameworks.yaml');
  cpSync(FRAMEWORKS_FILE, frameworksFile);
  const frameworks = () => {
    const r = loadFrameworks(frameworksFile);
    if (!r.ok) throw new Error('frameworks do not load');
    return r.frameworks;
  };
  const snapshot = join(work, 'snapshot.json');
  writeFileSync(snapshot, snapshotText({ dir, frameworksFile }, parsed(dir), frameworks()));
  // Each case reads its own copy: a process reads a snapshot file once.
  let copies = 0;
  const sources = (text = readFileSync(snapshot, 'utf8')): SnapshotSources => {
    const snapshotFile = join(work, `copy-${++copies}.json`);
    writeFileSync(snapshotFile, text);
    return { dir, frameworksFile, snapshotFile };
  };

  it('gives the same catalog and frameworks as parsing the YAML, origins included', () => {
    const s = sources();
    const r = loadBuiltInCatalog(s);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.catalog).toEqual(parsed(dir));
    const f = loadBuiltInFrameworks(s);
    expect(f.ok && f.frameworks).toEqual(frameworks());
  });

  it('is used while the files match: a snapshot with a marked title is what loads', () => {
    const marked = JSON.parse(readFileSync(snapshot, 'utf8')) as { catalog: Catalog };
    marked.catalog.controls[0]!.title = 'from the snapshot';
    const r = loadBuiltInCatalog(sources(JSON.stringify(marked)));
    expect(r.ok && r.catalog.controls[0]!.title).toBe('from the snapshot');
  });

  it('is ignored once a catalog file changes: the edited YAML is what loads', () => {
    const first = parsed(dir).controls[0]!;
    const file = join(dir, 'controls', `${first.id}.yaml`);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^title: .*$/m, 'title: Edited after the build'));
    try {
      const r = loadBuiltInCatalog(sources());
      expect(r.ok && r.catalog.controls[0]!.title).toBe('Edited after the build');
    } finally {
      writeFileSync(file, text);
    }
  });

  it('is ignored once the frameworks file changes', () => {
    const text = readFileSync(frameworksFile, 'utf8');
    writeFileSync(frameworksFile, text.replace("Passwords are unique per device", "Edited title"));
    try {
      const f = loadBuiltInFrameworks(sources());
      expect(JSON.stringify(f.ok && f.frameworks)).toContain('Edited title');
    } finally {
      writeFileSync(frameworksFile, text);
    }
  });

  it('is ignored when missing or unreadable', () => {
    for (const s of [{ dir, frameworksFile, snapshotFile: join(work, 'none.json') }, sources('{')]) {
      const r = loadBuiltInCatalog(s);
      expect(r.ok && r.catalog).toEqual(parsed(dir));
    }
  });
});
