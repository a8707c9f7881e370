import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogSnapshot, loadBuiltInCatalog } from '../src/catalog/cache.js';
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
  const snapshot = join(work, 'snapshot.json');
  writeFileSync(snapshot, catalogSnapshot(dir, parsed(dir)));

  it('gives the same catalog as parsing the YAML, origins included', () => {
    const r = loadBuiltInCatalog(dir, snapshot);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.catalog).toEqual(parsed(dir));
  });

  it('is used while the files match: a snapshot with a marked title is what loads', () => {
    const marked = JSON.parse(readFileSync(snapshot, 'utf8')) as { catalog: Catalog };
    marked.catalog.controls[0]!.title = 'from the snapshot';
    const file = join(work, 'marked.json');
    writeFileSync(file, JSON.stringify(marked));
    const r = loadBuiltInCatalog(dir, file);
    expect(r.ok && r.catalog.controls[0]!.title).toBe('from the snapshot');
  });

  it('is ignored once a catalog file changes: the edited YAML is what loads', () => {
    const first = parsed(dir).controls[0]!;
    const file = join(dir, 'controls', `${first.id}.yaml`);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^title: .*$/m, 'title: Edited after the build'));
    try {
      const r = loadBuiltInCatalog(dir, snapshot);
      expect(r.ok && r.catalog.controls[0]!.title).toBe('Edited after the build');
    } finally {
      writeFileSync(file, text);
    }
  });

  it('is ignored when missing or unreadable', () => {
    writeFileSync(join(work, 'broken.json'), '{');
    for (const f of [join(work, 'none.json'), join(work, 'broken.json')]) {
      const r = loadBuiltInCatalog(dir, f);
      expect(r.ok && r.catalog).toEqual(parsed(dir));
    }
  });
});
