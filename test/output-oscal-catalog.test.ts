// `iotsec catalog export --format oscal`: the catalog as an OSCAL 1.0.6 catalog. The catalog schema itself is
// not vendored (only assessment results are in ../shared/reference/schemas); its building blocks are: the
// metadata, parts, properties, links and back-matter resources are validated against the 1.0.6 definitions
// the assessment-results schema carries, and the catalog's own shape (groups, controls, ids) is checked here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { oscalCatalog } from '../src/output/oscal-catalog.js';
import { cli } from './helpers/cli.js';
import { builtInCatalog } from './helpers/model.js';
import { ROOT } from './helpers/output.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'schemas', 'oscal_assessment-results_schema-1.0.6.json'), 'utf8')) as { $id: string };
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema(schema);
const part = (name: string) => {
  const v = ajv.getSchema(`${schema.$id}#${name}`);
  if (!v) throw new Error(`no ${name} in the schema`);
  return v;
};
const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

describe('catalog export --format oscal', () => {
  const doc = oscalCatalog(builtInCatalog(), '2026-12-01').catalog;
  const controls = doc.groups.flatMap((g) => g.controls);

  it('holds every control once, in a group per area, with valid ids', () => {
    expect(controls.map((c) => c.id).sort()).toEqual(builtInCatalog().controls.map((c) => c.id).sort());
    for (const c of controls) {
      expect(c.id).toMatch(TOKEN);
      expect(c.title.length).toBeGreaterThan(0);
      for (const p of c.parts) expect(p.id).toMatch(TOKEN);
    }
    expect(doc.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('metadata, parts, properties, links and resources validate against the OSCAL 1.0.6 definitions', () => {
    const check = (name: string, value: unknown) => {
      const v = part(name);
      expect(v(value), `${name}: ${JSON.stringify(v.errors?.slice(0, 3))}`).toBe(true);
    };
    check('assembly_oscal-metadata_metadata', doc.metadata);
    for (const c of controls) {
      for (const p of c.parts) check('assembly_oscal-catalog-common_part', p);
      for (const p of c.props) check('assembly_oscal-metadata_property', p);
      for (const l of c.links ?? []) check('assembly_oscal-metadata_link', l);
    }
    check('assembly_oscal-metadata_back-matter', doc['back-matter']);
    // And the validator is not a formality.
    expect(part('assembly_oscal-metadata_property')({ name: 'x y', value: '' })).toBe(false);
  });

  it('a control carries its statement, remediation, source passage, severity and framework clauses', () => {
    const c = controls.find((x) => x.id === 'CONN-002')!;
    expect(c.parts.map((p) => p.name)).toEqual(['statement', 'guidance', 'source']);
    expect(c.props.find((p) => p.name === 'severity')?.value).toBe(builtInCatalog().controls.find((x) => x.id === 'CONN-002')!.severity);
    expect(c.props.some((p) => p.name === 'framework-clause' && p.class === 'etsi-en-303-645')).toBe(true);
  });

  it('the CLI writes it, the same bytes for the same date', async () => {
    const one = await cli('catalog', 'export', '--format', 'oscal', '--date', '2026-12-01');
    const two = await cli('catalog', 'export', '--format', 'oscal', '--date', '2026-12-01');
    expect(one.code).toBe(0);
    expect(one.out.join('\n')).toBe(two.out.join('\n'));
    expect(JSON.parse(one.out.join('\n')).catalog.metadata['last-modified']).toBe('2026-12-01T00:00:00Z');
    expect((await cli('catalog', 'export', '--format', 'xml')).code).toBe(2);
  });
});
