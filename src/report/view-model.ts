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
import { LEVELS, type Level, type Threat } from '../catalog/threat.js';
import { cmp, compareDiagnostics } from '../model/diagnostics.js';
import type { ElementKind, ModelElement } from '../model/elements.js';
import { barChart, donutChart, percent, type BarChart } from './charts.js';
import {
  AREA_LABEL, AUTH_LABEL, DECISION_LABEL, DECISION_STATE_LABEL, FRAMEWORK_SHORT, KIND_LABEL, PROTOCOL_LABEL, SERVICE_TYPE_LABEL,
  SEVERITY_LABEL, STATUS_LABEL, STATUS_MEANING, STRIDE_LABEL, THREAT_STATUS_LABEL, THREAT_STATUS_MEANING,
} from './labels.js';
import { pushTo } from './group.js';
import { architectureDiagrams, mermaidId, TONE_COLORS, worstTone, type ArchitectureGraph, type DiagramLimits, type DiagramSpec, type GraphFlow, type GraphNode, type Tone } from './mermaid.js';

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
  const architecture = architectureSection(ctx);
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

// ---- 2. Architecture -----------------------------------------------------------------------------

const STORES = new Set(['storage', 'cosmos-db', 'data-explorer']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function flowLabel(d: Record<string, unknown>): string[] {
  const protocol = PROTOCOL_LABEL[str(d.protocol) ?? ''] ?? 'protocol ?';
  const tls = d.tls === undefined ? 'TLS ?' : d.tls === 'none' ? 'no TLS' : `TLS ${str(d.tls)}`;
  const auth = AUTH_LABEL[str(d.auth) ?? ''] ?? 'auth ?';
  return [protocol, `${tls} · ${auth}`];
}

function architectureSection(ctx: Ctx) {
  const { a } = ctx;
  const toneOf = new Map<string, Tone[]>();
  for (const f of a.findings) {
    // Enrollment groups are drawn as part of their service.
    const owner = f.elementKind === 'enrollment-group' ? ctx.elements.get(f.element)?.parent ?? f.element : f.element;
    pushTo(toneOf, owner, toneOfFinding(f));
  }
  const tone = (id: string) => worstTone(toneOf.get(id) ?? []);
  const all = [...ctx.elements.values()];
  const boundaryIds = new Set(all.filter((e) => e.kind === 'boundary').map((e) => e.id));
  const within = (e: ModelElement) => {
    const b = str(e.data.boundary);
    return b !== undefined && boundaryIds.has(b) ? { boundary: b } : {};
  };
  const nodes: GraphNode[] = [];
  for (const e of all) {
    const d = e.data;
    if (e.kind === 'device') {
      const count = typeof d.count === 'number' ? d.count : undefined;
      const detail = [str(d.kind) ?? 'device', count !== undefined && count !== 1 ? `×${fmt(count)}` : undefined].filter(Boolean).join(' ');
      nodes.push({ id: e.id, name: e.name, kind: 'device', detail, ...within(e), ...(count !== undefined ? { units: count } : {}), tone: tone(e.id) });
    } else if (e.kind === 'edge') {
      const rt = str(d.runtime);
      nodes.push({ id: e.id, name: e.name, kind: 'edge', detail: rt === 'iot-edge' ? 'IoT Edge' : rt === 'iot-operations' ? 'IoT Operations' : rt === 'custom' ? 'custom edge' : 'edge', ...within(e), tone: tone(e.id) });
    } else if (e.kind === 'service') {
      const type = str(d.type);
      nodes.push({ id: e.id, name: e.name, kind: 'service', detail: SERVICE_TYPE_LABEL[type ?? 'other'] ?? 'Service', store: STORES.has(type ?? ''), ...within(e), tone: tone(e.id) });
    } else if (e.kind === 'principal') {
      nodes.push({ id: e.id, name: e.name, kind: 'principal', detail: str(d.kind)?.replace(/-/g, ' ') ?? 'principal', ...within(e), tone: tone(e.id) });
    }
  }
  const nodeIds = new Set(nodes.map((n) => n.id));
  const flows: GraphFlow[] = all
    .filter((e) => e.kind === 'flow' && nodeIds.has(String(e.data.from)) && nodeIds.has(String(e.data.to)))
    .map((e) => ({ id: e.id, from: String(e.data.from), to: String(e.data.to), label: flowLabel(e.data), tone: tone(e.id) }));
  // Role assignments of principals on services: dotted, so principals without data flows are placed too.
  for (const e of all) {
    if (e.kind !== 'principal' || !Array.isArray(e.data.assignments)) continue;
    const targets = new Set((e.data.assignments as Array<{ on?: unknown }>).map((x) => str(x.on)).filter((x): x is string => x !== undefined && nodeIds.has(x)));
    for (const t of [...targets].sort(cmp)) flows.push({ id: `${e.id}\u0000role\u0000${t}`, from: e.id, to: t, label: [], tone: 'none', access: true });
  }
  const graph: ArchitectureGraph = {
    boundaries: all.filter((e) => e.kind === 'boundary').map((e) => ({ id: e.id, name: e.name, ...(str(e.data.kind) ? { kind: str(e.data.kind)! } : {}), ...(str(e.data.inside) && boundaryIds.has(str(e.data.inside)!) ? { parent: str(e.data.inside)! } : {}) })),
    nodes,
    flows,
  };
  const diagrams: DiagramSpec[] = architectureDiagrams(graph, ctx.options.diagramLimits);
  const toneChip = (t: Tone): Chip => ({ text: t === 'ok' ? 'All met' : t === 'none' ? 'Not assessed' : t === 'unknown' ? 'Unknown' : `${SEVERITY_LABEL[t]} gap`, cls: `tone-${t}` });
  const boundaryName = (id: unknown) => (typeof id === 'string' && boundaryIds.has(id) ? ctx.elements.get(id)!.name : '—');

  const facts = (e: ModelElement): string => {
    const d = e.data;
    const id = d.identity as Record<string, unknown> | undefined;
    switch (e.kind) {
      case 'device':
        return [str(d.kind), d.count !== undefined ? `${fmt(Number(d.count))} units` : undefined, str(d.deployment) ? `${str(d.deployment)} deployment` : undefined, str(id?.method) ? `identity ${str(id?.method)}` : undefined, str(id?.provisioning) ? `provisioned by ${str(id?.provisioning)}` : undefined].filter(Boolean).join(' · ');
      case 'edge':
        return [str(d.runtime), Array.isArray(d.gatewayFor) ? `gateway for ${d.gatewayFor.length}` : undefined, str(d.upgrades) ? `${str(d.upgrades)} upgrades` : undefined].filter(Boolean).join(' · ');
      case 'service':
        return [SERVICE_TYPE_LABEL[str(d.type) ?? ''] , d.publicNetworkAccess === true ? 'public network access' : d.publicNetworkAccess === false ? 'no public access' : undefined, d.privateEndpoint === true ? 'private endpoint' : undefined, str(d.minTls) ? `min TLS ${str(d.minTls)}` : undefined].filter(Boolean).join(' · ');
      case 'principal':
        return [str(d.kind)?.replace(/-/g, ' '), Array.isArray(d.assignments) ? `${d.assignments.length} role assignment${d.assignments.length === 1 ? '' : 's'}` : undefined, d.mfa === true ? 'MFA' : d.mfa === false ? 'no MFA' : undefined].filter(Boolean).join(' · ');
      default:
        return '';
    }
  };
  const inventory = capped(
    all.filter((e) => ['device', 'edge', 'service', 'principal'].includes(e.kind)),
    ctx.cap * 2,
    (e) => ({ ref: ctx.ref(e.id), kind: KIND_LABEL[e.kind], boundary: boundaryName(e.data.boundary), facts: facts(e), tone: toneChip(tone(e.id)) }),
  );
  const flowRows = capped(
    all.filter((e) => e.kind === 'flow'),
    ctx.cap * 2,
    (e) => {
      const d = e.data;
      return {
        ref: ctx.ref(e.id),
        from: ctx.ref(String(d.from)),
        to: ctx.ref(String(d.to)),
        protocol: [PROTOCOL_LABEL[str(d.protocol) ?? ''] ?? '—', d.port !== undefined ? `:${str(d.port)}` : ''].join(''),
        tls: d.tls === undefined ? 'not stated' : d.tls === 'none' ? 'none' : String(d.tls),
        auth: AUTH_LABEL[str(d.auth) ?? ''] ?? 'not stated',
        network: str(d.network) ?? 'not stated',
        data: Array.isArray(d.data) ? d.data.join(', ') : '—',
        tone: toneChip(tone(e.id)),
      };
    },
  );
  const boundaries = all.filter((e) => e.kind === 'boundary').map((e) => ({ ref: ctx.ref(e.id), kind: str(e.data.kind) ?? '—', inside: boundaryName(e.data.inside) }));
  return {
    diagrams: diagrams.map((d, i) => ({ key: d.key, title: d.title, number: i + 1, collapsed: d.collapsed, nodes: d.nodes, edges: d.edges })),
    /** The Mermaid source of each diagram, by key: rendered to SVG outside the view model. */
    sources: diagrams,
    split: diagrams.length > 1,
    legend: {
      shapes: [
        { shape: 'device', label: 'Device or fleet' },
        { shape: 'edge', label: 'Edge runtime / gateway' },
        { shape: 'service', label: 'Cloud service' },
        { shape: 'store', label: 'Data store' },
        { shape: 'principal', label: 'Principal (user, app, identity)' },
        ...(diagrams.some((d) => d.collapsed) ? [{ shape: 'summary', label: 'Collapsed boundary or fleet' }] : []),
      ],
      roles: flows.some((f) => f.access),
      tones: (['critical', 'high', 'medium', 'low', 'unknown', 'ok'] as const).map((t) => ({ color: TONE_COLORS[t], dashed: t === 'unknown', label: toneChip(t).text })),
    },
    counts: {
      devices: nodes.filter((n) => n.kind === 'device').length,
      units: nodes.filter((n) => n.kind === 'device').reduce((s, n) => s + (n.units ?? 1), 0),
      edges: nodes.filter((n) => n.kind === 'edge').length,
      services: nodes.filter((n) => n.kind === 'service').length,
      principals: nodes.filter((n) => n.kind === 'principal').length,
      flows: all.filter((e) => e.kind === 'flow').length,
      boundaries: boundaries.length,
    },
    boundaries,
    inventory: inventory.rows,
    inventoryMore: inventory.more,
    flows: flowRows.rows,
    flowsMore: flowRows.more,
  };
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

/** Why a library threat has no instance in this model: its architecture, its kinds, or its condition. */
function whyAbsent(t: Threat, ctx: Ctx): string {
  const arch = t.appliesTo.architecture;
  const stated = ctx.a.loaded.model.solution.architecture;
  if (arch !== undefined && stated !== undefined && ![stated].flat().includes(arch)) return `concerns ${arch}-based solutions only`;
  const kinds = t.appliesTo.kinds.map((k) => KIND_LABEL[k].toLowerCase());
  const present = t.appliesTo.kinds.some((k) => (ctx.a.loaded.index.byKind.get(k) ?? []).length > 0);
  const list = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}` : kinds[0]!;
  return present ? `its preconditions hold on no ${list} of this model` : `the model has no ${list}`;
}

function threatSection(ctx: Ctx) {
  const { a } = ctx;
  const library = a.catalog.threats ?? [];
  const loaded = library.length > 0;
  const stride = a.stride;
  const letters = STRIDE.map((l) => ({ letter: l, name: STRIDE_LABEL[l] }));
  if (!loaded || !stride) {
    return { loaded: false as const, letters, libraryCount: 0, matrix: [], matrixMore: 0, totals: [], groups: [], byStatus: [], applicable: 0, absent: [] };
  }
  const cell = (open: number, total: number) => ({ open, total, text: total === 0 ? '' : open > 0 ? `${open}/${total}` : String(total), cls: total === 0 ? 'cell-empty' : open > 0 ? 'cell-open' : 'cell-closed' });
  const matrix = capped(stride.byElement, ctx.cap, (r) => ({ element: ctx.ref(r.element), kind: KIND_LABEL[r.elementKind], cells: STRIDE.map((l) => cell(r.open[l], r.threats[l])) }));
  const totals = STRIDE.map((l) => {
    const s = stride.byLetter[l];
    const total = s.open + s.unverified + s.accepted + s.mitigated;
    return { letter: l, name: STRIDE_LABEL[l], open: s.open, unverified: s.unverified, accepted: s.accepted, mitigated: s.mitigated, total };
  });
  const byThreat = new Map<string, ThreatInstance[]>();
  for (const t of ctx.threats) pushTo(byThreat, t.threat, t);
  // Library threats with no instance: they do not arise in this solution. One line each, with the
  // threat's anchor, so that links to them still land.
  const absent = [...library]
    .filter((t) => !byThreat.has(t.id))
    .sort((x, y) => cmp(x.id, y.id))
    .map((t) => ({ id: t.id, anchor: anchor('thr', t.id), title: t.title, stride: { letter: t.stride, name: STRIDE_LABEL[t.stride] }, why: whyAbsent(t, ctx) }));
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
            // No mitigating control applies: say what decided the status instead of an empty cell.
            ...(x.basis === 'controls' ? {} : { decidedBy: x.reason }),
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
    applicable: ctx.threats.length,
    absent,
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
