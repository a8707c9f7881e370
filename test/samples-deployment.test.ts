// The sample deployment exports and their acceptance list (samples/deployment/README.md) must stay true to each
// other and to the models: every row names an element the model has, states what the model states, and points at
// the raw value the export holds. The matcher's own tests read the same rows; this keeps them from going stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SolutionModel } from '../src/model/schema.js';
import { loadText } from './helpers/model.js';

const SAMPLES = join(import.meta.dirname, '..', 'samples');
const DEPLOYMENT = join(SAMPLES, 'deployment');
const README = readFileSync(join(DEPLOYMENT, 'README.md'), 'utf8');

interface Row {
  section: string;
  heading: string;
  element: string;
  property: string;
  modelSays: string;
  pointer: string;
  raw: string;
}

/** The README's `## <file>` sections, `### <kind>` tables, and their rows. */
function rows(): Row[] {
  const out: Row[] = [];
  let section = '';
  let heading = '';
  for (const line of README.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    else if (line.startsWith('### ')) heading = line.slice(4).trim();
    else if (heading && line.startsWith('| ') && !line.startsWith('| Element') && !line.startsWith('| ---')) {
      const cells = line.slice(2, -2).split(' | ').map((c) => c.trim());
      const where = /^`([^`]+)` = `(.+)`$/.exec(cells[4] ?? '');
      if (!where) throw new Error(`row without "\`pointer\` = \`raw\`": ${line}`);
      const plain = (s: string) => s.replace(/ †$/, '').trim();
      out.push({ section, heading, element: plain(cells[0]!), property: plain(cells[1]!), modelSays: cells[2]!, pointer: where[1]!, raw: where[2]! });
    }
  }
  return out;
}

/** Which model and export file a row is about. */
function filesOf(row: Row): { model: string; exportFile: string } {
  if (row.section.startsWith('cold-chain')) return { model: 'cold-chain.yaml', exportFile: 'cold-chain.arm.json' };
  if (row.section.startsWith('smart-building')) return { model: 'smart-building.yaml', exportFile: 'smart-building.tfplan.json' };
  if (row.section.startsWith('smart-factory')) {
    return { model: 'smart-factory.yaml', exportFile: row.property.startsWith('assignment') ? 'smart-factory.roles.graph.json' : 'smart-factory.graph.json' };
  }
  if (row.section.startsWith('hardened')) return { model: 'hardened.yaml', exportFile: 'hardened.bicep.json' };
  throw new Error(`unknown section ${row.section}`);
}

const models = new Map<string, SolutionModel>();
function model(file: string): SolutionModel {
  let m = models.get(file);
  if (!m) {
    const r = loadText(readFileSync(join(SAMPLES, file), 'utf8'), file);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
    m = r.loaded.model;
    models.set(file, m);
  }
  return m;
}

const exportsRead = new Map<string, unknown>();
function exported(file: string): unknown {
  if (!exportsRead.has(file)) exportsRead.set(file, JSON.parse(readFileSync(join(DEPLOYMENT, file), 'utf8')));
  return exportsRead.get(file);
}

/** RFC 6901. */
function at(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object' || !(key in cur)) throw new Error(`${pointer}: no '${key}'`);
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function element(m: SolutionModel, id: string): Record<string, unknown> | undefined {
  const all = [...(m.services ?? []), ...(m.edges ?? []), ...(m.principals ?? [])] as Array<Record<string, unknown>>;
  return all.find((e) => e['id'] === id);
}

function stated(el: Record<string, unknown>, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), el);
}

/** The "Model says" cell as a value: `—` unstated, a JSON literal, or a bare word or list as the model writes it. */
function modelSays(cell: string): unknown {
  const s = cell.replace(/^`|`$/g, '');
  if (s === '—') return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

const all = rows();
// A property the simple comparison can read: a (dotted) model property, not a policy, export or role assignment.
const simple = (p: string) => /^[A-Za-z]+(\.[A-Za-z]+)?$/.test(p) && p !== 'linkedHubs';

describe('sample deployment exports and their acceptance list', () => {
  it('has drift, fills and agreements for each of the three samples', () => {
    for (const sample of ['cold-chain', 'smart-building', 'smart-factory']) {
      const mine = all.filter((r) => r.section.startsWith(sample));
      expect(mine.filter((r) => r.heading === 'Drift').length, sample).toBeGreaterThanOrEqual(2);
      expect(mine.filter((r) => r.heading === 'Fills').length, sample).toBeGreaterThanOrEqual(3);
      expect(mine.filter((r) => r.heading.startsWith('Agrees')).length, sample).toBeGreaterThanOrEqual(10);
    }
  });

  it('hardened: the reference model drifted in exactly one place, and lists what stays unresolved', () => {
    const mine = all.filter((r) => r.section.startsWith('hardened'));
    expect(mine.filter((r) => r.heading === 'Drift').map((r) => `${r.element}:${r.property}`)).toEqual(['key-vault:publicNetworkAccess']);
    expect(mine.filter((r) => r.heading.startsWith('Unknown')).length).toBeGreaterThanOrEqual(1);
    expect(mine.filter((r) => r.heading === 'Fills').length).toBeGreaterThanOrEqual(3);
    expect(mine.filter((r) => r.heading.startsWith('Agrees')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(all.map((r) => [`${r.section} · ${r.heading} · ${r.element} ${r.property}`, r] as const))('%s: the export holds the raw value', (_, row) => {
    const { exportFile } = filesOf(row);
    expect(at(exported(exportFile), row.pointer)).toEqual(JSON.parse(row.raw));
  });

  it.each(all.filter((r) => !r.element.startsWith('(')).map((r) => [`${r.section} · ${r.element} ${r.property}`, r] as const))(
    '%s: the element is in the model and states what the row says',
    (_, row) => {
      const el = element(model(filesOf(row).model), row.element);
      expect(el, `${row.element} in ${filesOf(row).model}`).toBeDefined();
      if (!simple(row.property)) return;
      const value = stated(el!, row.property);
      const says = modelSays(row.modelSays);
      expect(Array.isArray(value) ? value.join(', ') : value).toEqual(says);
      // Drift contradicts a stated value; a fill answers an unstated one.
      if (row.heading === 'Drift') expect(value).toBeDefined();
      if (row.heading === 'Fills') expect(value).toBeUndefined();
    },
  );

  it('every service and IoT Operations instance with a resourceName has a resource of that name in its export', () => {
    const cases: Array<[string, string[]]> = [
      ['cold-chain.yaml', ['cold-chain.arm.json']],
      ['smart-building.yaml', ['smart-building.tfplan.json']],
      ['smart-factory.yaml', ['smart-factory.graph.json']],
      ['hardened.yaml', ['hardened.bicep.json']],
    ];
    for (const [file, exportFiles] of cases) {
      const m = model(file);
      const text = exportFiles.map((f) => readFileSync(join(DEPLOYMENT, f), 'utf8')).join('\n');
      const named = [...(m.services ?? []), ...(m.edges ?? [])].filter((e) => e.resourceName);
      expect(named.length, file).toBeGreaterThan(0);
      for (const e of named) expect(text, `${file}: ${e.id}`).toContain(`"${e.resourceName}"`);
    }
  });

  it('every principal with an objectId has a role assignment for it in its export, or one whose principal is unresolved', () => {
    const cases: Array<[string, string]> = [
      ['cold-chain.yaml', 'cold-chain.arm.json'],
      ['smart-building.yaml', 'smart-building.tfplan.json'],
      ['smart-factory.yaml', 'smart-factory.roles.graph.json'],
      ['hardened.yaml', 'hardened.bicep.json'],
    ];
    for (const [file, exportFile] of cases) {
      const text = readFileSync(join(DEPLOYMENT, exportFile), 'utf8');
      for (const p of model(file).principals ?? []) {
        if (!p.objectId) continue;
        // mi-dashboard's only assignment names its principal with reference(...): listed as Unknown in the README.
        if (p.id === 'mi-dashboard') expect(text).toContain('.identity.principalId]');
        else expect(text, `${file}: ${p.id}`).toContain(`"${p.objectId}"`);
      }
    }
  });
});
