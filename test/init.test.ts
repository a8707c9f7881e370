import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { STARTER_TEMPLATES, starterModel } from '../src/model/starter.js';
import { SolutionModel } from '../src/model/schema.js';
import { cli } from './helpers/cli.js';
import { assessText, loadText } from './helpers/model.js';

const work = mkdtempSync(join(tmpdir(), 'iotsec-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every property name of each top-level section's items (one level of nesting included), from the schema. */
function schemaProperties(section: string): string[] {
  const root = z.toJSONSchema(SolutionModel, { io: 'input' }) as { properties: Record<string, { items?: { properties: Record<string, { properties?: object; items?: { properties?: object } }> } }> };
  const items = root.properties[section]!.items!.properties;
  return Object.entries(items).flatMap(([k, v]) => [k, ...Object.keys(v.properties ?? v.items?.properties ?? {})]);
}

describe('starter models', () => {
  it.each(STARTER_TEMPLATES)('%s: validates without warnings and assesses', (template) => {
    const text = starterModel(template, 'Starter');
    const r = loadText(text, `${template}.yaml`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.loaded.warnings).toEqual([]);
    const a = assessText(text);
    expect(a.findings.length).toBeGreaterThan(0);
  });

  it.each(STARTER_TEMPLATES)('%s: every optional property of every section is written out, stated or as a comment', (template) => {
    const text = starterModel(template, 'Starter');
    for (const section of ['boundaries', 'devices', 'edges', 'services', 'principals', 'flows']) {
      for (const prop of schemaProperties(section)) expect(text, `${section}: ${prop}`).toMatch(new RegExp(`(^|[\\s#-])${prop}:`, 'm'));
    }
  });

  it('uncommenting a property gives YAML in the right place: the stated identity keeps its commented siblings inside it', () => {
    const text = starterModel('cloud', 'Starter');
    const uncommented = text.replace('      # storage: hsm | tpm | secure-element | file', '      storage: tpm');
    const model = parse(uncommented) as { devices: Array<{ identity: Record<string, unknown> }> };
    expect(model.devices[0]!.identity).toEqual({ method: 'x509-ca', storage: 'tpm' });
  });

  it('quotes a hostile name as YAML data', () => {
    const name = 'x: y\n# not a comment "quoted" ⟨';
    const r = loadText(starterModel('edge', name));
    expect(r.ok && r.loaded.model.solution.name).toBe(name);
  });
});

describe('iotsec init', () => {
  it('writes the starter, asks nothing without a terminal, and never overwrites', async () => {
    const file = join(work, 'plant.yaml');
    const run = await cli('init', file, '--template', 'edge', '--name', 'Plant 7');
    expect(run.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('name: Plant 7');
    expect(text).toContain('runtime: iot-edge');
    expect((await cli('validate', file)).code).toBe(0);
    const again = await cli('init', file, '--template', 'cloud');
    expect(again.code).toBe(2);
    expect(again.err[0]).toMatch(/plant\.yaml already exists; init never overwrites/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses to write through an existing file of any kind, and prints to standard output with -', async () => {
    const existing = join(work, 'existing.yaml');
    writeFileSync(existing, 'keep me');
    expect((await cli('init', existing)).code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const out = await cli('init', '-', '--template', 'central');
    expect(out.code).toBe(0);
    expect(out.out.join('\n')).toContain('type: iot-central');
    expect((await cli('init', '-', '--template', 'fog')).code).toBe(2);
  });
});
