// The report's view model: pure, deterministic, everything the templates show computed from the assessment.
import { describe, expect, it } from 'vitest';
import { loadFrameworks } from '../src/catalog/frameworks.js';
import { barChart, donutChart, percent } from '../src/report/charts.js';
import { catalogDigest, reportId } from '../src/report/report-id.js';
import { anchor, buildReportView } from '../src/report/view-model.js';
import { assessText, builtInCatalog } from './helpers/model.js';
import { SMALL_MODEL, viewOptions } from './helpers/report.js';

const frameworks = (() => {
  const r = loadFrameworks();
  if (!r.ok) throw new Error('frameworks.yaml does not load');
  return r.frameworks;
})();

describe('view model', () => {
  const a = assessText(SMALL_MODEL);
  const view = buildReportView(a, frameworks, viewOptions({ classification: 'Confidential', title: 'Design review' }));

  it('is pure: the same inputs give a deeply equal view, and the assessment is not changed', () => {
    const before = JSON.stringify(a.findings);
    expect(buildReportView(a, frameworks, viewOptions({ classification: 'Confidential', title: 'Design review' }))).toEqual(view);
    expect(JSON.stringify(a.findings)).toBe(before);
  });

  it('fills the cover from the model and the options', () => {
    expect(view.meta).toMatchObject({
      // --title is the document's title; the solution goes under it on the cover.
      documentTitle: 'Design review',
      subtitle: 'Test plant',
      solution: 'Test plant',
      version: '1.0',
      owner: 'Test Owner Ltd',
      date: '2026-11-23',
      classification: 'Confidential',
      reportId: '0123456789abcdef',
      architecture: 'Cloud-based',
      environment: 'Production',
    });
    expect(view.meta.catalog).toBe(`${a.catalog.name} ${a.catalog.version}`);
    expect(view.pageSize).toBe('A4');
    expect(buildReportView(a, frameworks, viewOptions({ paper: 'letter' })).pageSize).toBe('letter');
  });

  it('counts the posture from the summary, with percentages and chart geometry', () => {
    const by = a.summary.byStatus;
    const s = view.summary;
    expect(s.assessed).toBe(by.gap + by.unknown + by.accepted + by.met);
    expect(s.counts.gap).toBe(by.gap);
    expect(s.metPercent).toBe(percent(by.met, s.assessed));
    expect(s.gapsBySeverity.bars.map((b) => b.label)).toEqual(['Critical', 'High', 'Medium', 'Low']);
    expect(s.gapsBySeverity.bars.reduce((n, b) => n + b.value, 0)).toBe(by.gap);
    const total = s.posture.segments.reduce((n, x) => n + x.value, 0);
    expect(total).toBe(s.assessed);
  });

  it('orders what to fix first by severity, and top risks by residual risk', () => {
    const ranks = { critical: 4, high: 3, medium: 2, low: 1 } as const;
    const sev = view.summary.fixFirst.map((f) => ranks[f.severity.cls.replace('sev-', '') as keyof typeof ranks]);
    expect([...sev].sort((x, y) => y - x)).toEqual(sev);
    expect(view.summary.fixFirst.length).toBeGreaterThan(0);
    expect(view.summary.threatsLoaded).toBe(true);
    for (const list of [view.summary.topOpen, view.summary.topUnverified]) {
      const r = list.map((t) => ranks[t.risk.cls.replace('sev-', '') as keyof typeof ranks]);
      expect([...r].sort((x, y) => y - x)).toEqual(r);
    }
    expect(view.summary.topOpen.every((t) => t.status.cls === 'th-open')).toBe(true);
    expect(view.summary.topUnverified.every((t) => t.status.cls === 'th-unverified')).toBe(true);
  });

  it('lists each gap under its area with element, reason, line, remediation and source passage', () => {
    const conn = view.findings.areas.find((x) => x.area === 'connection')!;
    const all = view.findings.areas.flatMap((x) => x.gapGroups);
    expect(all.length).toBeGreaterThan(0);
    for (const g of all) {
      expect(g.rows.length).toBeGreaterThan(0);
      expect(g.remediation.length).toBeGreaterThan(0);
      expect(g.source.quote.length).toBeGreaterThan(0);
      for (const r of g.rows) expect(r.line).toBeGreaterThan(1);
    }
    expect(conn.title).toBe('Connection security');
    // Gaps come worst first within an area.
    for (const area of view.findings.areas) {
      const order = area.gapGroups.map((g) => g.severity.cls);
      const rank = (c: string) => ['sev-critical', 'sev-high', 'sev-medium', 'sev-low'].indexOf(c);
      expect([...order].sort((x, y) => rank(x) - rank(y))).toEqual(order);
    }
  });

  it('draws the architecture: boundaries nested, flows labelled, role assignments in the access table', () => {
    const [d] = view.architecture.sources;
    expect(view.architecture.sources).toHaveLength(1);
    expect(d!.title).toBe('Whole solution');
    expect(view.architecture.counts).toMatchObject({ devices: 2, units: 43, services: 2, principals: 1, flows: 3, boundaries: 3 });
    expect(d!.source).toMatch(/subgraph b_cloud_[0-9a-f]{8}\[/);
    // The operator's role on the hub is access, not a data flow: a table row, no arrow, no node.
    expect(d!.source).not.toMatch(/-\.->|n_ops_/);
    expect(view.architecture.access).toMatchObject([{ principal: { id: 'ops' }, role: 'IoT Hub Data Reader', scope: 'resource', on: 'IoT Hub' }]);
    expect(view.architecture.inventory.map((r) => r.ref.id)).toEqual(['sensors', 'cameras', 'hub', 'store', 'ops']);
  });

  it('shows the expired decision as expired', () => {
    expect(view.decisions.rows).toHaveLength(1);
    expect(view.decisions.rows[0]).toMatchObject({ expired: true, state: { text: 'Expired' }, owner: 'CISO' });
    expect(view.decisions.expired).toBe(1);
  });

  it('maps every framework clause to its controls, with coverage percentages', () => {
    expect(view.compliance.fromFile).toBe(true);
    expect(view.compliance.frameworks.map((f) => f.id)).toEqual(frameworks.map((f) => f.id));
    for (const f of view.compliance.frameworks) {
      expect(f.covered + f.uncovered.length).toBe(f.total);
      expect(f.coveragePercent).toBe(percent(f.covered, f.total));
      expect(f.met + f.gap + f.unknown + f.accepted + f.notApplicable).toBe(f.covered);
      for (const row of f.rows) expect(row.controls.length).toBeGreaterThan(0);
    }
  });

  it('falls back to the clause ids controls cite when the frameworks file is missing', () => {
    const v = buildReportView(a, [], viewOptions());
    expect(v.compliance.fromFile).toBe(false);
    expect(v.compliance.frameworks.length).toBeGreaterThan(0);
  });

  it('says "no threat library loaded" without threats, and shows the STRIDE matrix with them', () => {
    const catalog = builtInCatalog();
    const none = assessText(SMALL_MODEL, '2026-11-23', { ...catalog, threats: [] });
    const v = buildReportView(none, frameworks, viewOptions());
    expect(v.threats.loaded).toBe(false);
    expect(v.summary.threatsLoaded).toBe(false);
    expect(v.summary.topOpen).toEqual([]);
    expect(v.summary.topGaps.length).toBeGreaterThan(0);
    if ((catalog.threats ?? []).length > 0) {
      expect(view.threats.loaded).toBe(true);
      expect(view.threats.matrix.length).toBeGreaterThan(0);
      expect(view.threats.letters.map((l) => l.letter)).toEqual(['S', 'T', 'R', 'I', 'D', 'E']);
    }
  });

  it('lists the library threats that do not apply to this solution, one line each with its anchor', () => {
    const applied = new Set((a.threats ?? []).map((t) => t.threat));
    const ids = (a.catalog.threats ?? []).map((t) => t.id).filter((id) => !applied.has(id)).sort();
    expect(ids.length).toBeGreaterThan(0);
    expect(view.threats.absent.map((t) => t.id)).toEqual(ids);
    for (const line of view.threats.absent) {
      expect(line.anchor).toBe(anchor('thr', line.id));
      expect(line.title).toBe(a.catalog.threats!.find((t) => t.id === line.id)!.title);
      expect(line.why.length).toBeGreaterThan(0);
    }
    // No threat instance is listed there, and every library threat has one anchor in the section.
    expect(view.threats.groups.map((g) => g.id).filter((id) => ids.includes(id))).toEqual([]);
    expect(view.threats.groups.length + view.threats.absent.length).toBe((a.catalog.threats ?? []).length);
  });

  it('has a table of contents whose anchors exist in the view', () => {
    const anchors = view.toc.flatMap((t) => [t.anchor, ...t.children.map((c) => c.anchor)]);
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(anchors).toContain('summary');
    expect(anchors).toContain(view.compliance.frameworks[0]!.anchor);
  });
});

describe('charts and ids', () => {
  it('bar geometry scales to the largest value; zero draws nothing', () => {
    const c = barChart('t', [
      { label: 'a', value: 10, tone: 'high' },
      { label: 'b', value: 5, tone: 'low' },
      { label: 'c', value: 0, tone: 'low' },
    ]);
    expect(c.bars[0]!.width).toBeCloseTo(2 * c.bars[1]!.width, 1);
    expect(c.bars[2]!.width).toBe(0);
    expect(c.description).toBe('a 10, b 5, c 0');
  });
  it('donut segments add up to the whole circle and start at twelve o’clock', () => {
    const d = donutChart('t', [
      { label: 'a', value: 1, tone: 'ok' },
      { label: 'b', value: 3, tone: 'high' },
    ], { value: '25%', label: 'met' });
    expect(d.segments.map((s) => s.dash)).toEqual(['25 75', '75 25']);
    expect(d.segments.map((s) => s.offset)).toEqual([25, 0]);
  });
  it('percent never rounds a partial share to 0 or 100', () => {
    expect(percent(1, 1000)).toBe(1);
    expect(percent(999, 1000)).toBe(99);
    expect(percent(0, 0)).toBe(0);
  });
  it('the report id is 16 hex digits that change with the model, the date, the catalog, the frameworks and the tool version', () => {
    const catalog = builtInCatalog();
    const fw = loadFrameworks();
    if (!fw.ok) throw new Error('frameworks');
    const cat = catalogDigest(catalog, fw.frameworks);
    const bytes = new TextEncoder().encode(SMALL_MODEL);
    const id = reportId(bytes, '2026-11-23', cat, '1.0.0');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(reportId(bytes, '2026-11-23', catalogDigest(catalog, fw.frameworks), '1.0.0')).toBe(id);
    expect(reportId(new TextEncoder().encode(SMALL_MODEL + '\n'), '2026-11-23', cat, '1.0.0')).not.toBe(id);
    expect(reportId(bytes, '2026-11-24', cat, '1.0.0')).not.toBe(id);
    expect(reportId(bytes, '2026-11-23', cat, '1.0.1')).not.toBe(id);
    expect(reportId(bytes, '2026-11-23', catalogDigest({ ...catalog, version: 'other' }, fw.frameworks), '1.0.0')).not.toBe(id);
    const changed = { ...catalog, controls: catalog.controls.map((c, i) => (i === 0 ? { ...c, severity: 'low' as const } : c)) };
    expect(reportId(bytes, '2026-11-23', catalogDigest(changed, fw.frameworks), '1.0.0')).not.toBe(id);
    const clause = fw.frameworks.map((f, i) => (i === 0 ? { ...f, clauses: f.clauses.map((c, j) => (j === 0 ? { ...c, title: 'changed' } : c)) } : f));
    expect(reportId(bytes, '2026-11-23', catalogDigest(catalog, clause), '1.0.0')).not.toBe(id);
    expect(reportId(bytes, '2026-11-23', catalogDigest(catalog, []), '1.0.0')).not.toBe(id);
  });
});

describe('view model of a model split with include:', () => {
  it('names the included file beside the line of an element that lives there', async () => {
    const { readModel, knownIds } = await import('../src/cli/inputs.js');
    const { assess } = await import('../src/engine/assess.js');
    const catalog = builtInCatalog();
    const input = readModel('test/fixtures/include/site/model.yaml', knownIds(catalog));
    if (!input.result.ok) throw new Error(input.result.diagnostics.map((d) => d.message).join('\n'));
    const view = buildReportView(assess(input.result.loaded, catalog, { today: '2026-12-01' }), frameworks, viewOptions());
    const lines = view.appendix.elements.map((e) => String(e.line));
    expect(lines.some((l) => /^devices\.yaml:\d+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^cloud\/hub\.yaml:\d+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^\d+$/.test(l))).toBe(true);
  });
});
