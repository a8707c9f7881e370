// The catalog's alias table: a decision naming a removed or renamed control still applies, with a warning.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltInCatalog } from '../src/catalog/cache.js';
import { BUILT_IN_CATALOG_DIR, loadCatalogDir } from '../src/catalog/load.js';
import { knownIds } from '../src/cli/inputs.js';
import { assess } from '../src/engine/assess.js';
import { loadModel } from '../src/model/load.js';
import { builtInCatalog } from './helpers/model.js';

const SAMPLE = readFileSync('samples/cold-chain.yaml', 'utf8');
// Before the sample's CONN-002 decision expires.
const TODAY = '2026-01-15';

function assessed(text: string) {
  const catalog = builtInCatalog();
  const r = loadModel(new TextEncoder().encode(text), 'cold-chain.yaml', knownIds(catalog));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return { loaded: r.loaded, a: assess(r.loaded, catalog, { today: TODAY }) };
}

describe('catalog aliases', () => {
  it('the built-in catalog maps the folded controls to the ones that replaced them', () => {
    const direct = loadCatalogDir(BUILT_IN_CATALOG_DIR);
    expect(direct.ok && direct.catalog.aliases?.['AUTH-010']).toBe('CONN-002');
    const cached = loadBuiltInCatalog();
    expect(cached.ok && cached.catalog.aliases).toEqual(direct.ok ? direct.catalog.aliases : undefined);
  });

  it('a decision naming an old id applies to the new one, with a warning naming it', () => {
    const line = SAMPLE.split('\n').findIndex((l) => l.includes('control: CONN-002')) + 1;
    expect(line).toBeGreaterThan(0);
    const now = assessed(SAMPLE);
    const old = assessed(SAMPLE.replace('control: CONN-002', 'control: AUTH-010'));
    expect(old.loaded.warnings.filter((d) => d.code === 'renamed-id').map((d) => `${d.line}:${d.column} ${d.message} (${d.hint})`)).toEqual([
      `${line}:5 control 'AUTH-010' is now 'CONN-002'; the decision applies to CONN-002 (write control: CONN-002)`,
    ]);
    const statuses = (x: typeof now) => x.a.findings.map((f) => `${f.control}@${f.element}=${f.status}`);
    expect(statuses(old)).toEqual(statuses(now));
    expect(statuses(old)).toContain('CONN-002@reefer-telematics-gen1=accepted');
  });

  it('an unknown id that is no alias is still an error', () => {
    const catalog = builtInCatalog();
    const r = loadModel(new TextEncoder().encode(SAMPLE.replace('control: CONN-002', 'control: CONN-099')), 'm.yaml', knownIds(catalog));
    expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).toEqual(['dangling-reference']);
  });
});

describe('alias table validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iotsec-aliases-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('an alias that is still an id, or points nowhere, is a located error', () => {
    cpSync(BUILT_IN_CATALOG_DIR, dir, { recursive: true });
    const manifest = readFileSync(join(dir, 'catalog.yaml'), 'utf8').replace(/^aliases:\n/m, 'aliases:\n  CONN-001: CONN-002\n  OLD-001: GONE-001\n');
    writeFileSync(join(dir, 'catalog.yaml'), manifest);
    const r = loadCatalogDir(dir);
    const lineOf = (s: string) => manifest.split('\n').findIndex((l) => l.startsWith(s)) + 1;
    expect(r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`)).toEqual([
      `${lineOf('  CONN-001:')}:3 invalid-alias: alias 'CONN-001' is still an id of the catalog`,
      `${lineOf('  OLD-001:')}:3 invalid-alias: alias 'OLD-001' points at 'GONE-001', which is not a control or threat of the catalog`,
    ]);
  });
});
