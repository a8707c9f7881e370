// One status per element, everywhere: the inventory, the diagram colours, the STRIDE matrix, the threat lists,
// the appendix and the compliance summary all come from one place (element-status.ts) and agree, on every
// held sample and the small test model.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFrameworks } from '../src/catalog/frameworks.js';
import { elementStatuses, shownOn } from '../src/report/element-status.js';
import { mermaidId } from '../src/report/mermaid.js';
import { buildReportView } from '../src/report/view-model.js';
import { assessText } from './helpers/model.js';
import { SMALL_MODEL, viewOptions } from './helpers/report.js';

const SAMPLES = join(import.meta.dirname, '..', 'samples');
const frameworks = (() => {
  const r = loadFrameworks();
  if (!r.ok) throw new Error('frameworks.yaml does not load');
  return r.frameworks;
})();
const models: Array<[string, string]> = [
  ['small test model', SMALL_MODEL],
  ...readdirSync(SAMPLES).filter((f) => f.endsWith('.yaml')).sort().map((f): [string, string] => [f, readFileSync(join(SAMPLES, f), 'utf8')]),
];

describe.each(models)('%s: every section agrees on each element', (_name, text) => {
  const a = assessText(text, '2026-12-07');
  const view = buildReportView(a, frameworks, viewOptions({ rowCap: 100_000 }));
  const statuses = elementStatuses(a);
  const toneOf = (id: string) => statuses.get(shownOn(a.loaded.index.byId.get(id), id))?.tone ?? 'none';

  it('an element with an open threat or a gap is never shown as all met', () => {
    for (const t of a.threats) {
      if (t.status !== 'open') continue;
      const tone = toneOf(t.element);
      expect(['critical', 'high', 'medium', 'low'], `${t.threat}@${t.element} is open but the element is ${tone}`).toContain(tone);
    }
    for (const f of a.findings) if (f.status === 'gap') expect(['critical', 'high', 'medium', 'low']).toContain(toneOf(f.element));
  });

  it('the inventory, flow table, STRIDE matrix and appendix show the same status chip', () => {
    const seen = new Map<string, string>();
    const note = (id: string, cls: string, where: string) => {
      expect(cls, `${id} in ${where}`).toBe(`tone-${toneOf(id)}`);
      seen.set(id, cls);
    };
    for (const r of view.architecture.inventory) note(r.ref.id, r.tone.cls, 'inventory');
    for (const r of view.architecture.flows) note(r.ref.id, r.tone.cls, 'flow table');
    for (const r of view.threats.matrix) note(r.element.id, r.status.cls, 'STRIDE matrix');
    for (const r of view.appendix.elements) note(r.ref.id, r.status.cls, 'appendix');
    expect(seen.size).toBeGreaterThan(0);
  });

  it('diagram nodes are coloured by the same status', () => {
    const toneClass = new Map<string, string>();
    for (const d of view.architecture.sources) {
      for (const m of d.source.matchAll(/^\s*class (\S+) tone_(\w+)$/gm)) for (const key of m[1]!.split(',')) toneClass.set(key, m[2]!);
    }
    let checked = 0;
    for (const e of a.loaded.index.all) {
      if (!['device', 'edge', 'service', 'principal'].includes(e.kind)) continue;
      const key = mermaidId('n', e.id);
      if (!view.architecture.sources.some((d) => d.source.includes(key))) continue; // collapsed into a summary node
      const tone = toneOf(e.id);
      const drawn = toneClass.get(key);
      if (['critical', 'high', 'medium', 'low'].includes(tone)) expect(drawn, `${e.id} drawn`).toBe(tone);
      else expect(drawn, `${e.id} drawn`).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('the STRIDE matrix counts the open threats the threat lists show', () => {
    const open = new Map<string, number>();
    for (const t of a.threats) if (t.status === 'open') open.set(t.element, (open.get(t.element) ?? 0) + 1);
    for (const r of view.threats.matrix) expect(r.cells.reduce((n, c) => n + c.open, 0), r.element.id).toBe(open.get(r.element.id) ?? 0);
    for (const r of view.appendix.elements) expect(r.open, r.ref.id).toBe(open.get(r.ref.id) ?? 0);
    const listed = view.threats.groups.reduce((n, g) => n + g.open, 0);
    expect(listed).toBe([...open.values()].reduce((n, x) => n + x, 0));
  });

  it('the compliance summary columns add up to the covered clauses', () => {
    for (const f of view.compliance.frameworks) {
      expect(f.gap + f.unknown + f.accepted + f.met + f.notApplicable, f.id).toBe(f.covered);
      expect(f.rows.length + f.notApplicableIds.length, f.id).toBe(f.covered);
    }
  });

  it('the executive summary counts what the threat model lists', () => {
    expect(view.summary.openThreats).toBe(a.threats.filter((t) => t.status === 'open').length);
    expect(view.summary.topOpen.every((r) => r.status.cls === 'th-open')).toBe(true);
  });
});
