// The report's Evidence section: only with evidence, drift first with both places, per-element effects,
// facts without a model property; escaped like everything else; absent (and the report unchanged) without.
import { describe, expect, it } from 'vitest';
import { loadFrameworks } from '../src/catalog/frameworks.js';
import { assess } from '../src/engine/assess.js';
import type { ElementFact, PropertyEvidence } from '../src/model/provenance.js';
import { compileTemplates, readTemplates } from '../src/report/html.js';
import { buildReportView } from '../src/report/view-model.js';
import { builtInCatalog, loadText } from './helpers/model.js';
import { SMALL_MODEL, viewOptions } from './helpers/report.js';

const frameworks = (() => {
  const f = loadFrameworks();
  if (!f.ok) throw new Error('frameworks.yaml does not load');
  return f.frameworks;
})();

const code = (line: number) => ({ source: 'code' as const, location: { file: 'src/<dev>.ts', line, column: 3 }, collector: 'device-auth' });
const evidence: PropertyEvidence[] = [
  { element: 'cameras', property: 'identity.method', value: 'symmetric-key', observed: 'connects with a <b>SharedAccessKey</b> connection string', provenance: code(14) },
  { element: 'cameras', property: 'software.sdk', value: 'azure-iot', observed: 'uses the Azure IoT device SDK', provenance: code(14) },
  { element: 'sensors', property: 'tls.minVersion', value: '1.2', observed: "sets minVersion: 'TLSv1.2'", provenance: code(20) },
];
const facts: ElementFact[] = [{ element: 'cameras', fact: 'tls-weakened', value: 'reject-unauthorized-false', detail: 'sets rejectUnauthorized: false', provenance: code(30), note: 'says nothing the model records' }];

function view(withEvidence: boolean) {
  const r = loadText(SMALL_MODEL);
  if (!r.ok) throw new Error('model');
  const a = assess(r.loaded, builtInCatalog(), { today: '2026-11-23', ...(withEvidence ? { evidence, facts } : {}) });
  return buildReportView(a, frameworks, viewOptions({}));
}

describe('Evidence section', () => {
  it('lists drift first, then per element what each observation did, then facts without a property', () => {
    const v = view(true);
    expect(v.toc.map((t) => t.anchor)).toContain('evidence');
    const e = v.evidence!;
    expect(e.drift).toHaveLength(1);
    expect(e.drift[0]).toMatchObject({ element: { id: 'cameras' }, statedAt: 'model.yaml:24', observedAt: 'src/<dev>.ts:14' });
    expect(e.elements.map((x) => x.element.id)).toEqual(['sensors', 'cameras']);
    expect(e.elements[1]!.rows.map((r) => r.effect.text)).toEqual(['Contradicts the model', 'Filled an unknown']);
    expect(e.elements[1]!.findings.length).toBeGreaterThan(0);
    expect(e.others).toEqual([expect.objectContaining({ fact: 'tls-weakened', at: 'src/<dev>.ts:30' })]);
    expect(e.lead).toMatch(/^1 fact found in source code; 1 filled property the model leaves unstated, and 1 contradicts/);
  });

  it('renders escaped, and is absent without evidence', () => {
    const t = compileTemplates(readTemplates());
    const html = t.render(view(true), new Map());
    expect(html).toContain('<section class="section" id="evidence">');
    expect(html).toContain('connects with a &lt;b&gt;SharedAccessKey&lt;/b&gt;');
    expect(html).not.toContain('<b>SharedAccessKey</b>');
    const plain = t.render(view(false), new Map());
    expect(plain).not.toContain('id="evidence"');
    expect(view(false).evidence).toBeUndefined();
  });
});
