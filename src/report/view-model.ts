// The report's view model: everything the templates show, computed from an assessment. Pure: no file
// system, no clock, no browser; the date, report id, logo and methodology text come in as options.
// Strings from the model and the catalog stay plain text here; the templates escape them.
import { AREAS, SEVERITIES, SEVERITY_RANK, STRIDE, type Control } from '../catalog/control.js';
import { catalogCoverage } from '../catalog/coverage.js';
import type { Framework } from '../catalog/frameworks.js';
import type { Assessment } from '../engine/assess.js';
import type { Finding } from '../engine/evaluate.js';
import { reportedState } from '../engine/decisions.js';
import { LEVEL_RANK, RISK_MATRIX, compareRisk, type RiskRating } from '../engine/risk.js';
import { CONTROL_STATUSES, type ControlStatus } from '../engine/status.js';
import { THREAT_STATUSES, type ThreatInstance } from '../engine/threats.js';
import { LEVELS, type Level } from '../catalog/threat.js';
import { cmp, compareDiagnostics } from '../model/diagnostics.js';
import type { ElementKind, ModelElement } from '../model/elements.js';
import { barChart, donutChart, percent, type BarChart } from './charts.js';
import {
  AREA_LABEL, DECISION_LABEL, DECISION_STATE_LABEL, FRAMEWORK_SHORT, KIND_LABEL,
  SEVERITY_LABEL, STATUS_LABEL, STATUS_MEANING, STRIDE_LABEL, THREAT_STATUS_LABEL, THREAT_STATUS_MEANING,
} from './labels.js';
import { pushTo } from './group.js';
import { mermaidId, worstTone, type DiagramLimits, type Tone } from './mermaid.js';
import { architectureSection } from './views/architecture.js';

/** Paper sizes of the report (`--paper`): the CLI's list of choices should be this one. */
export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];

export interface ReportOptions {
  /** Document title; default "Security assessment". */
  title?: string;
  classification?: string;
  paper: Paper;
  /** Inline SVG of the logo, already sanitised by the caller. */
  logoSvg?: string;
  /** YYYY-MM-DD: the date the assessment was made for (decision expiry). */
  date: string;
  reportId: string;
  toolName: string;
  toolVersion: string;
  /** Model file as the user named it, and the SHA-256 of its bytes. */
  modelFile: string;
  modelSha256: string;
  /** docs/methodology.md, when present (Markdown). */
  methodology?: string;
  /** Other software whose version the appendix lists (e.g. Mermaid). */
  components?: ReadonlyArray<{ name: string; version: string }>;
  /** Diagram size limits (tests lower them). */
  diagramLimits?: DiagramLimits;
  /** At most this many rows per long table; the JSON output has everything. Default 150. */
  rowCap?: number;
}

export interface Chip {
  text: string;
  /** CSS class: st-gap, sev-high, th-open, … */
  cls: string;
  title?: string;
}

export interface ElementRef {
  id: string;
  name: string;
  /** Shown next to the name when it differs from the id. */
  showId: boolean;
  kind: string;
  anchor: string;
}

const ROW_CAP = 150;

// ---- Small helpers -------------------------------------------------------------------------------

export function anchor(prefix: string, id: string): string {
  return mermaidId(prefix, id).replace(/_/g, '-');
}

function statusChip(s: ControlStatus): Chip {
  return { text: STATUS_LABEL[s], cls: `st-${s}` };
}

function levelChip(l: Level, title?: string): Chip {
  return { text: SEVERITY_LABEL[l], cls: `sev-${l}`, ...(title ? { title } : {}) };
}

function threatChip(s: string): Chip {
  return { text: THREAT_STATUS_LABEL[s] ?? s, cls: `th-${s}` };
}

function toneOfFinding(f: Pick<Finding, 'status' | 'severity'>): Tone {
  if (f.status === 'gap') return f.severity;
  if (f.status === 'unknown') return 'unknown';
  if (f.status === 'met' || f.status === 'accepted') return 'ok';
  return 'none';
}

/** Worst first. */
const STATUS_ORDER: readonly ControlStatus[] = CONTROL_STATUSES;

function worstStatus(statuses: Iterable<ControlStatus>): ControlStatus | undefined {
  let best: ControlStatus | undefined;
  for (const s of statuses) if (best === undefined || STATUS_ORDER.indexOf(s) < STATUS_ORDER.indexOf(best)) best = s;
  return best;
}

/** Ids grouped by status, worst first: compact text for table cells ("Gap: A, B · Met: C"). */
export interface StatusGroup {
  label: string;
  cls: string;
  ids: string;
}

/** Not-applicable ids are left out when others are present (always, with `skipNotApplicable`). */
function statusGroups(items: ReadonlyArray<{ id: string; status: ControlStatus | undefined }>, skipNotApplicable = false): StatusGroup[] {
  const out: StatusGroup[] = [];
  const others = items.some((i) => i.status !== 'not-applicable' && i.status !== undefined);
  for (const st of [...STATUS_ORDER, undefined]) {
    if ((st === 'not-applicable' || st === undefined) && (skipNotApplicable || others)) continue;
    const ids = items.filter((i) => i.status === st).map((i) => i.id);
    if (ids.length === 0) continue;
    out.push({ label: st ? STATUS_LABEL[st] : 'No element', cls: `c-${st ?? 'not-applicable'}`, ids: ids.join(', ') });
  }
  return out;
}

/** The first `cap` items as rows (only those are built) and how many more there are. */
function capped<T, R>(items: readonly T[], cap: number, row: (item: T) => R): { rows: R[]; more: number } {
  return { rows: (items.length > cap ? items.slice(0, cap) : items).map((x) => row(x)), more: Math.max(0, items.length - cap) };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

// ---- The view model ------------------------------------------------------------------------------

export interface TocEntry {
  anchor: string;
  number: string;
  title: string;
  children: TocEntry[];
}

export interface ReportView {
  lang: string;
  paper: Paper;
  /** CSS page size. */
  pageSize: string;
  meta: {
    title: string;
    documentTitle: string;
    solution: string;
    version?: string;
    owner?: string;
    description?: string;
    architecture?: string;
    environment?: string;
    date: string;
    classification?: string;
    reportId: string;
    tool: string;
    catalog: string;
    modelFile: string;
    modelSha256: string;
    keywords: string;
    subject: string;
  };
  logo?: string;
  toc: TocEntry[];
  summary: ReturnType<typeof summarySection>;
  architecture: ReturnType<typeof architectureSection>;
  findings: ReturnType<typeof findingsSection>;
  threats: ReturnType<typeof threatSection>;
  compliance: ReturnType<typeof complianceSection>;
  decisions: ReturnType<typeof decisionsSection>;
  appendix: ReturnType<typeof appendixSection>;
}

interface Ctx {
  a: Assessment;
  options: ReportOptions;
  cap: number;
  controls: Map<string, Control>;
  elements: Map<string, ModelElement>;
  order: Map<string, number>;
  ref: (id: string) => ElementRef;
  line: (f: { path: readonly (string | number)[] }) => number;
  threats: ThreatInstance[];
}

export function buildReportView(a: Assessment, frameworks: readonly Framework[], options: ReportOptions): ReportView {
  const { byId: elements, order } = a.loaded.index;
  const ref = (id: string): ElementRef => {
    const e = elements.get(id);
    const name = e?.name ?? id;
    return { id, name, showId: name !== id, kind: e ? KIND_LABEL[e.kind] : '', anchor: anchor('el', id) };
  };
  const ctx: Ctx = {
    a,
    options,
    cap: options.rowCap ?? ROW_CAP,
    controls: new Map(a.catalog.controls.map((c) => [c.id, c])),
    elements,
    order,
    ref,
    line: (f) => a.loaded.source.locate(f.path).line,
    threats: a.threats ?? [],
  };
  const s = a.loaded.model.solution;
  const title = options.title?.trim() || 'Security assessment';
  const summary = summarySection(ctx);
  const architecture = architectureSection({ elements, ref, cap: ctx.cap, toneOf: elementTones(ctx), ...(options.diagramLimits ? { diagramLimits: options.diagramLimits } : {}) });
  const findings = findingsSection(ctx);
  const threats = threatSection(ctx);
  const compliance = complianceSection(ctx, frameworks);
  const decisions = decisionsSection(ctx);
  const appendix = appendixSection(ctx);
  const toc: TocEntry[] = [
    { anchor: 'summary', number: '1', title: 'Executive summary', children: [] },
    { anchor: 'architecture', number: '2', title: 'Architecture', children: [] },
    { anchor: 'findings', number: '3', title: 'Findings by area', children: findings.areas.map((x, i) => ({ anchor: x.anchor, number: `3.${i + 1}`, title: x.title, children: [] })) },
    { anchor: 'threats', number: '4', title: 'Threat model', children: [] },
    { anchor: 'compliance', number: '5', title: 'Compliance', children: compliance.frameworks.map((f, i) => ({ anchor: f.anchor, number: `5.${i + 1}`, title: f.short, children: [] })) },
    { anchor: 'decisions', number: '6', title: 'Risk decisions', children: [] },
    {
      anchor: 'appendix', number: 'A', title: 'Appendix', children: [
        { anchor: 'methodology', number: 'A.1', title: 'Methodology', children: [] },
        { anchor: 'traceability', number: 'A.2', title: 'Traceability: guidance to controls', children: [] },
        { anchor: 'elements', number: 'A.3', title: 'Model elements', children: [] },
        { anchor: 'versions', number: 'A.4', title: 'Versions and inputs', children: [] },
      ],
    },
  ];
  const arch = s.architecture === undefined ? undefined : [s.architecture].flat().map((x) => (x === 'cloud' ? 'Cloud-based' : 'Edge-based')).join(' and ');
  return {
    lang: 'en',
    paper: options.paper,
    pageSize: options.paper === 'letter' ? 'letter' : 'A4',
    meta: {
      title,
      documentTitle: `${s.name} — ${title}`,
      solution: s.name,
      ...(s.version !== undefined ? { version: s.version } : {}),
      ...(s.owner ? { owner: s.owner } : {}),
      ...(s.description ? { description: s.description } : {}),
      ...(arch ? { architecture: arch } : {}),
      ...(s.environment ? { environment: s.environment[0]!.toUpperCase() + s.environment.slice(1) } : {}),
      date: options.date,
      ...(options.classification?.trim() ? { classification: options.classification.trim() } : {}),
      reportId: options.reportId,
      tool: `${options.toolName} ${options.toolVersion}`,
      catalog: `${a.catalog.name} ${a.catalog.version}`,
      modelFile: options.modelFile,
      modelSha256: options.modelSha256,
      keywords: ['IoT security', 'threat model', 'STRIDE', 'compliance', 'Azure IoT', s.name].join(', '),
      subject: `Threat model and compliance report for ${s.name}${s.version !== undefined ? ` ${s.version}` : ''}`,
    },
    ...(options.logoSvg ? { logo: options.logoSvg } : {}),
    toc,
    summary,
    architecture,
    findings,
    threats,
    compliance,
    decisions,
    appendix,
  };
}

// ---- 1. Executive summary ------------------------------------------------------------------------

function summarySection(ctx: Ctx) {
  const { a } = ctx;
  const by = a.summary.byStatus;
  const assessed = by.gap + by.unknown + by.accepted + by.met;
  const posture = donutChart(
    'Control checks by status',
    [
      { label: STATUS_LABEL.met, value: by.met, tone: 'ok' },
      { label: STATUS_LABEL.gap, value: by.gap, tone: 'critical' },
      { label: STATUS_LABEL.unknown, value: by.unknown, tone: 'unknown' },
      { label: STATUS_LABEL.accepted, value: by.accepted, tone: 'low' },
    ],
    { value: `${percent(by.met, assessed)}%`, label: 'met' },
  );
  const gapsBySeverity = barChart(
    'Gaps by severity',
    SEVERITIES.map((s) => ({ label: SEVERITY_LABEL[s], value: a.summary.bySeverity[s].gap, tone: s })),
  );
  const loaded = (a.catalog.threats ?? []).length > 0;
  const open = ctx.threats.filter((t) => t.status === 'open');
  const unverified = ctx.threats.filter((t) => t.status === 'unverified');
  const threatsByRisk: BarChart | undefined = loaded
    ? barChart(
        'Open threats by residual risk',
        [...LEVELS].reverse().map((l) => ({ label: SEVERITY_LABEL[l], value: open.filter((t) => t.residual.level === l).length, tone: l })),
      )
    : undefined;

  const tiles = [
    { value: fmt(assessed), label: 'control checks', cls: 'tile-neutral' },
    { value: fmt(by.met), label: `met (${percent(by.met, assessed)}%)`, cls: 'tile-ok' },
    { value: fmt(by.gap), label: 'gaps', cls: by.gap > 0 ? 'tile-bad' : 'tile-ok' },
    { value: fmt(by.unknown), label: 'unknown', cls: 'tile-unknown' },
    ...(loaded ? [{ value: fmt(open.length), label: 'open threats', cls: open.length > 0 ? 'tile-bad' : 'tile-ok' }] : []),
  ];
  const criticalHigh = a.summary.bySeverity.critical.gap + a.summary.bySeverity.high.gap;

  // Top risks: open and unverified threats by residual risk; without a threat library, the worst gaps.
  let topRisks: Array<{ rank: number; risk: Chip; title: string; id: string; element: ElementRef; stride: string; status: Chip; anchor: string }>;
  if (loaded) {
    topRisks = [...open, ...unverified]
      .sort((x, y) => compareRisk(x.residual, y.residual) || cmp(x.threat, y.threat) || ctx.order.get(x.element)! - ctx.order.get(y.element)!)
      .slice(0, 10)
      .map((t, i) => ({ rank: i + 1, risk: levelChip(t.residual.level), title: t.title, id: t.threat, element: ctx.ref(t.element), stride: `${t.stride} · ${STRIDE_LABEL[t.stride]}`, status: threatChip(t.status), anchor: anchor('thr', t.threat) }));
  } else {
    topRisks = a.findings
      .filter((f) => f.status === 'gap')
      .sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || cmp(x.control, y.control) || ctx.order.get(x.element)! - ctx.order.get(y.element)!)
      .slice(0, 10)
      .map((f, i) => ({ rank: i + 1, risk: levelChip(f.severity), title: ctx.controls.get(f.control)!.title, id: f.control, element: ctx.ref(f.element), stride: f.stride.join(' '), status: statusChip(f.status), anchor: anchor('ctl', f.control) }));
  }

  // What to fix first: controls with gaps, by severity, then how many open threats they mitigate, then reach.
  const gapsByControl = new Map<string, Finding[]>();
  for (const f of a.findings) if (f.status === 'gap') pushTo(gapsByControl, f.control, f);
  const threatsHelped = (control: string) => open.filter((t) => t.mitigations.some((m) => m.control === control && m.status === 'gap')).length;
  const fixFirst = [...gapsByControl.entries()]
    .map(([id, fs]) => {
      const c = ctx.controls.get(id)!;
      return { id, title: c.title, severity: levelChip(c.severity), rank: SEVERITY_RANK[c.severity], elements: fs.length, threats: threatsHelped(id), step: c.remediation[0]!, anchor: anchor('ctl', id) };
    })
    .sort((x, y) => y.rank - x.rank || y.threats - x.threats || y.elements - x.elements || cmp(x.id, y.id))
    .slice(0, 8)
    .map((x, i) => ({ ...x, n: i + 1 }));

  return {
    assessed,
    counts: { met: by.met, gap: by.gap, unknown: by.unknown, accepted: by.accepted, notApplicable: by['not-applicable'] },
    metPercent: percent(by.met, assessed),
    criticalHigh,
    tiles,
    posture,
    gapsBySeverity,
    threatsByRisk,
    threatsLoaded: loaded,
    openThreats: open.length,
    unverifiedThreats: unverified.length,
    topRisksFromThreats: loaded,
    topRisks,
    fixFirst,
    expiredDecisions: a.decisions.filter((d) => reportedState(d) === 'expired').length,
  };
}

// ---- 2. Architecture (views/architecture.ts) ---------------------------------------------------

/** The colour of an element or flow in the architecture: its worst finding. */
function elementTones(ctx: Ctx): (id: string) => Tone {
  const toneOf = new Map<string, Tone[]>();
  for (const f of ctx.a.findings) {
    // Enrollment groups are drawn as part of their service.
    const owner = f.elementKind === 'enrollment-group' ? ctx.elements.get(f.element)?.parent ?? f.element : f.element;
    pushTo(toneOf, owner, toneOfFinding(f));
  }
  return (id) => worstTone(toneOf.get(id) ?? []);
}

// ---- 3. Findings by area -------------------------------------------------------------------------

function findingsSection(ctx: Ctx) {
  const { a } = ctx;
  const byControl = new Map<string, Finding[]>();
  for (const f of a.findings) pushTo(byControl, f.control, f);
  const risks = a.loaded.model.risks ?? [];
  const areas = AREAS.map((area, areaIndex) => {
    const controls = a.catalog.controls.filter((c) => c.area === area).sort((x, y) => cmp(x.id, y.id));
    const gapGroups = controls
      .filter((c) => (byControl.get(c.id) ?? []).some((f) => f.status === 'gap'))
      .sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || cmp(x.id, y.id))
      .map((c) => {
        const gaps = (byControl.get(c.id) ?? []).filter((f) => f.status === 'gap');
        const rows = capped(gaps, ctx.cap, (f) => ({ element: ctx.ref(f.element), reason: f.reason, line: ctx.line(f) }));
        return {
          id: c.id,
          anchor: anchor('ctl', c.id),
          title: c.title,
          severity: levelChip(c.severity),
          stride: c.stride.map((l) => ({ letter: l, name: STRIDE_LABEL[l] })),
          rationale: c.rationale,
          source: c.source,
          alsoCovers: c.alsoCovers ?? [],
          remediation: c.remediation,
          references: c.references,
          attestation: c.attestation === true,
          rows: rows.rows,
          more: rows.more,
          count: gaps.length,
        };
      });
    const accepted = controls.flatMap((c) =>
      (byControl.get(c.id) ?? [])
        .filter((f) => f.status === 'accepted')
        .map((f) => {
          const d = f.decision !== undefined ? risks[f.decision] : undefined;
          return { control: c.id, title: c.title, anchor: anchor('ctl', c.id), element: ctx.ref(f.element), from: f.acceptedFrom ? STATUS_LABEL[f.acceptedFrom] : '', decision: d ? DECISION_LABEL[d.status] ?? d.status : '', owner: d?.owner ?? '—', expires: d?.expires ?? '—' };
        }),
    );
    const matrix = controls
      .map((c) => {
        const fs = byControl.get(c.id) ?? [];
        const n = (s: ControlStatus) => fs.filter((f) => f.status === s).length;
        const unknown = fs.filter((f) => f.status === 'unknown');
        const names = unknown.slice(0, 6).map((f) => ctx.ref(f.element).name);
        return {
          id: c.id,
          anchor: anchor('ctl', c.id),
          hasGaps: n('gap') > 0,
          title: c.title,
          severity: levelChip(c.severity),
          gap: n('gap'),
          unknown: n('unknown'),
          accepted: n('accepted'),
          met: n('met'),
          na: n('not-applicable'),
          unknownElements: names.join(', ') + (unknown.length > 6 ? ` and ${unknown.length - 6} more` : ''),
          overall: (() => {
            const w = worstStatus(fs.map((f) => f.status));
            return w ? statusChip(w) : { text: 'No element', cls: 'st-not-applicable' };
          })(),
        };
      })
      .filter((r) => r.gap + r.unknown + r.accepted + r.met > 0);
    // Findings of the area by status, in one pass.
    const counts = { gap: 0, unknown: 0, accepted: 0, met: 0 };
    for (const c of controls) {
      for (const f of byControl.get(c.id) ?? []) if (f.status !== 'not-applicable') counts[f.status]++;
    }
    return {
      area,
      number: `3.${areaIndex + 1}`,
      anchor: `area-${area}`,
      title: AREA_LABEL[area],
      counts,
      applies: counts.gap + counts.unknown + counts.accepted + counts.met > 0,
      gapGroups,
      accepted,
      matrix,
      controls: controls.length,
    };
  });
  return { areas };
}

// ---- 4. Threat model -----------------------------------------------------------------------------

/** Elements named per not-applicable threat before "and N more". */
const NA_ELEMENTS = 8;

function threatSection(ctx: Ctx) {
  const { a } = ctx;
  const library = a.catalog.threats ?? [];
  const loaded = library.length > 0;
  const stride = a.stride;
  const letters = STRIDE.map((l) => ({ letter: l, name: STRIDE_LABEL[l] }));
  if (!loaded || !stride) {
    return { loaded: false as const, letters, libraryCount: 0, matrix: [], matrixMore: 0, totals: [], groups: [], byStatus: [], applicable: 0, notApplicable: [], notApplicableCount: 0 };
  }
  const cell = (open: number, total: number) => ({ open, total, text: total === 0 ? '' : open > 0 ? `${open}/${total}` : String(total), cls: total === 0 ? 'cell-empty' : open > 0 ? 'cell-open' : 'cell-closed' });
  const matrix = capped(stride.byElement, ctx.cap, (r) => ({ element: ctx.ref(r.element), kind: KIND_LABEL[r.elementKind], cells: STRIDE.map((l) => cell(r.open[l], r.threats[l])) }));
  const totals = STRIDE.map((l) => {
    const s = stride.byLetter[l];
    const total = s.open + s.unverified + s.accepted + s.mitigated;
    return { letter: l, name: STRIDE_LABEL[l], open: s.open, unverified: s.unverified, accepted: s.accepted, mitigated: s.mitigated, total };
  });
  const applicable = ctx.threats.filter((t) => t.status !== 'not-applicable');
  const byThreat = new Map<string, ThreatInstance[]>();
  for (const t of applicable) pushTo(byThreat, t.threat, t);
  // Not-applicable instances (no mitigating control applies): listed, one line per threat, for review.
  const naByThreat = new Map<string, ThreatInstance[]>();
  for (const t of ctx.threats) if (t.status === 'not-applicable') pushTo(naByThreat, t.threat, t);
  const notApplicable = [...naByThreat.entries()]
    .sort(([x], [y]) => cmp(x, y))
    .map(([id, list]) => {
      const names = [...list].sort((x, y) => ctx.order.get(x.element)! - ctx.order.get(y.element)!).map((x) => ctx.ref(x.element).name);
      const shown = names.slice(0, NA_ELEMENTS);
      return {
        id,
        // Threats with no applicable instance get their anchor here, so links to them still land.
        ...(byThreat.has(id) ? {} : { anchor: anchor('thr', id) }),
        title: list[0]!.title,
        stride: { letter: list[0]!.stride, name: STRIDE_LABEL[list[0]!.stride] },
        elements: shown.join(', ') + (names.length > shown.length ? ` and ${names.length - shown.length} more` : ''),
        count: list.length,
      };
    });
  const libById = new Map(library.map((t) => [t.id, t]));
  const riskText = (r: RiskRating) => `${SEVERITY_LABEL[r.level]} (likelihood ${r.likelihood}, impact ${r.impact})`;
  const groups = [...byThreat.entries()]
    .map(([id, list]) => {
      const sorted = [...list].sort((x, y) => compareRisk(x.residual, y.residual) || ctx.order.get(x.element)! - ctx.order.get(y.element)!);
      const worst = sorted[0]!;
      const t = libById.get(id);
      const shown = sorted.filter((x) => x.status !== 'mitigated');
      const rows = capped(
        shown,
        ctx.cap,
        (x) => {
          const byControl = new Map<string, ControlStatus[]>();
          for (const m of x.mitigations) pushTo(byControl, m.control, m.status);
          const mitigations = statusGroups([...byControl.entries()].map(([control, statuses]) => ({ id: control, status: worstStatus(statuses) })), true);
          return {
            element: ctx.ref(x.element),
            status: threatChip(x.status),
            assumed: x.applicability === 'assumed',
            inherent: levelChip(x.inherent.level, riskText(x.inherent)),
            residual: levelChip(x.residual.level, riskText(x.residual)),
            factors: [...x.factors.exposure, ...x.factors.criticalData.map((d) => `${d} data`)].join(', '),
            mitigations,
          };
        },
      );
      const mitigated = sorted.filter((x) => x.status === 'mitigated').map((x) => ctx.ref(x.element).name);
      return {
        id,
        anchor: anchor('thr', id),
        title: worst.title,
        stride: { letter: worst.stride, name: STRIDE_LABEL[worst.stride] },
        worst: levelChip(worst.residual.level),
        worstRank: LEVEL_RANK[worst.residual.level],
        worstScore: worst.residual.score,
        likelihood: t?.likelihood ?? '',
        impact: t?.impact ?? '',
        references: t?.references ?? [],
        description: worst.description,
        open: list.filter((x) => x.status === 'open').length,
        count: list.length,
        rows: rows.rows,
        more: rows.more,
        mitigated: mitigated.join(', '),
        mitigatedCount: mitigated.length,
      };
    })
    .sort((x, y) => y.worstRank - x.worstRank || y.worstScore - x.worstScore || cmp(x.id, y.id))
    .map(({ worstRank: _r, worstScore: _s, ...g }) => g);
  return {
    loaded: true as const,
    letters,
    libraryCount: library.length,
    matrix: matrix.rows,
    matrixMore: matrix.more,
    totals,
    groups,
    byStatus: (['open', 'unverified', 'accepted', 'mitigated'] as const).map((s) => ({ chip: threatChip(s), count: stride.byStatus[s] })),
    applicable: applicable.length,
    notApplicable,
    notApplicableCount: ctx.threats.length - applicable.length,
  };
}

// ---- 5. Compliance -------------------------------------------------------------------------------

function complianceSection(ctx: Ctx, frameworks: readonly Framework[]) {
  const { a } = ctx;
  const statusOfControl = new Map<string, ControlStatus | undefined>();
  const byControl = new Map<string, ControlStatus[]>();
  for (const f of a.findings) pushTo(byControl, f.control, f.status);
  for (const c of a.catalog.controls) statusOfControl.set(c.id, worstStatus(byControl.get(c.id) ?? []));
  // Without the frameworks file, fall back to the clause ids the controls cite (no titles).
  const list: Array<Pick<Framework, 'id' | 'name' | 'clauses'> & { note?: string; url?: string }> =
    frameworks.length > 0
      ? [...frameworks]
      : [...new Set(a.catalog.controls.flatMap((c) => Object.keys(c.frameworks ?? {})))].sort().map((id) => ({
          id: id as Framework['id'],
          name: FRAMEWORK_SHORT[id] ?? id,
          clauses: [...new Set(a.catalog.controls.flatMap((c) => (c.frameworks as Record<string, string[] | undefined>)[id] ?? []))].sort().map((cid) => ({ id: cid, title: '' })),
        }));
  const out = list.map((fw, fwIndex) => {
    const clauses = fw.clauses.map((cl) => {
      const controls = a.catalog.controls.filter((c) => ((c.frameworks as Record<string, string[] | undefined>)[fw.id] ?? []).includes(cl.id)).map((c) => c.id).sort();
      const statuses = controls.map((c) => statusOfControl.get(c)).filter((s): s is ControlStatus => s !== undefined);
      const st = worstStatus(statuses);
      return {
        id: cl.id,
        title: cl.title,
        level: (cl as { status?: string }).status ?? '',
        controls: statusGroups(controls.map((c) => ({ id: c, status: statusOfControl.get(c) }))),
        covered: controls.length > 0,
        status: st ?? 'not-applicable',
        chip: controls.length === 0 ? { text: 'Not covered', cls: 'st-none' } : statusChip(st ?? 'not-applicable'),
      };
    });
    const covered = clauses.filter((c) => c.covered);
    const assessed = covered.filter((c) => c.status !== 'not-applicable');
    const n = (s: ControlStatus) => covered.filter((c) => c.status === s).length;
    return {
      id: fw.id,
      number: `5.${fwIndex + 1}`,
      anchor: `fw-${fw.id}`,
      short: FRAMEWORK_SHORT[fw.id] ?? fw.id,
      name: fw.name,
      note: fw.note ?? '',
      url: fw.url ?? '',
      hasLevels: clauses.some((c) => c.level !== ''),
      rows: covered,
      uncovered: clauses.filter((c) => !c.covered).map((c) => c.id),
      total: clauses.length,
      covered: covered.length,
      coveragePercent: percent(covered.length, clauses.length),
      assessed: assessed.length,
      met: n('met'),
      gap: n('gap'),
      unknown: n('unknown'),
      accepted: n('accepted'),
      notApplicable: n('not-applicable'),
      metPercent: percent(n('met'), assessed.length),
      bar: (['met', 'accepted', 'unknown', 'gap'] as const).map((s) => ({ cls: `st-${s}`, label: STATUS_LABEL[s], count: n(s), width: assessed.length === 0 ? 0 : Math.round((n(s) / assessed.length) * 1000) / 10 })),
    };
  });
  return { frameworks: out, fromFile: frameworks.length > 0 };
}

// ---- 6. Risk decisions ---------------------------------------------------------------------------

function decisionsSection(ctx: Ctx) {
  const { a } = ctx;
  const lib = new Map((a.catalog.threats ?? []).map((t) => [t.id, t]));
  const rows = a.decisions.map((o) => {
    const d = o.decision;
    const state = reportedState(o);
    const subject = [
      ...(d.control !== undefined ? [{ id: d.control, title: ctx.controls.get(d.control)?.title ?? '', anchor: anchor('ctl', d.control) }] : []),
      ...(d.threat !== undefined ? [{ id: d.threat, title: lib.get(d.threat)?.title ?? '', anchor: anchor('thr', d.threat) }] : []),
    ];
    return {
      n: o.index + 1,
      subject,
      element: d.element !== undefined ? ctx.ref(d.element) : undefined,
      status: { text: DECISION_LABEL[d.status] ?? d.status, cls: `dec-${d.status}` },
      justification: d.justification,
      owner: d.owner ?? '',
      expires: d.expires ?? '',
      state: { text: DECISION_STATE_LABEL[state] ?? state, cls: `state-${state}` },
      expired: state === 'expired',
      covers: o.covers.length,
      line: a.loaded.source.locate(['risks', o.index]).line,
    };
  });
  return { rows, expired: rows.filter((r) => r.expired).length, unmatched: rows.filter((r) => r.state.cls === 'state-unmatched').length };
}

// ---- Appendix ------------------------------------------------------------------------------------

function appendixSection(ctx: Ctx) {
  const { a, options } = ctx;
  const levels = [...LEVELS].reverse();
  const riskMatrix = {
    impacts: LEVELS.map((l) => SEVERITY_LABEL[l]),
    rows: levels.map((lk) => ({ likelihood: SEVERITY_LABEL[lk], cells: LEVELS.map((im) => levelChip(RISK_MATRIX[lk][im])) })),
  };
  const traceability = catalogCoverage(a.catalog).map((s) => ({ ...s, controlRefs: s.controls.map((id) => ({ id, anchor: anchor('ctl', id) })) }));
  const counts = new Map<string, Record<ControlStatus, number>>();
  for (const f of a.findings) {
    const c = counts.get(f.element) ?? { gap: 0, unknown: 0, accepted: 0, met: 0, 'not-applicable': 0 };
    c[f.status]++;
    counts.set(f.element, c);
  }
  const elementRows = capped([...ctx.elements.values()], ctx.cap * 4, (e) => {
    const c = counts.get(e.id);
    return { ref: ctx.ref(e.id), kind: KIND_LABEL[e.kind as ElementKind], line: a.loaded.source.locate(e.path).line, gap: c?.gap ?? 0, unknown: c?.unknown ?? 0, met: c?.met ?? 0, accepted: c?.accepted ?? 0 };
  });
  const warnings = [...a.warnings].sort(compareDiagnostics).map((w) => ({ line: w.line, column: w.column, code: w.code, message: w.message, hint: w.hint ?? '' }));
  return {
    statuses: STATUS_ORDER.map((s) => ({ chip: statusChip(s), meaning: STATUS_MEANING[s] })),
    threatStatuses: THREAT_STATUSES.map((s) => ({ chip: threatChip(s), meaning: THREAT_STATUS_MEANING[s] })),
    severities: SEVERITIES.map((s) => levelChip(s)),
    riskMatrix,
    methodology: options.methodology ?? '',
    traceability,
    elements: elementRows.rows,
    elementsMore: elementRows.more,
    warnings,
    versions: [
      { label: 'Tool', value: `${options.toolName} ${options.toolVersion}` },
      { label: 'Catalog', value: `${a.catalog.name} ${a.catalog.version} (${a.catalog.controls.length} controls${(a.catalog.threats ?? []).length ? `, ${(a.catalog.threats ?? []).length} threats` : ''})` },
      ...(options.components ?? []).map((c) => ({ label: c.name, value: c.version })),
      { label: 'Model file', value: options.modelFile },
      { label: 'Model SHA-256', value: options.modelSha256 },
      { label: 'Assessment date', value: options.date },
      { label: 'Report id', value: options.reportId },
    ],
    documents: a.catalog.documents.map((d) => ({ title: d.title, date: d.date ?? '' })),
  };
}
