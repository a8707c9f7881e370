// The report's view model: everything the templates show, computed from an assessment. Pure: no file
// system, no clock, no browser; the date, report id, logo and methodology text come in as options.
// Strings from the model and the catalog stay plain text here; the templates escape them.
import { evidenceSection } from './views/evidence.js';
import { AREAS, DEFAULT_FIX, SEVERITIES, SEVERITY_RANK, STRIDE, type Control, type Fix, type Product, type Remediation } from '../catalog/control.js';
import { productsOf, tailoredBuiltIns, tailoredSteps } from '../engine/remediation.js';
import { catalogCoverage } from '../catalog/coverage.js';
import type { Framework } from '../catalog/frameworks.js';
import type { Assessment } from '../engine/assess.js';
import type { Finding } from '../engine/evaluate.js';
import { reportedState } from '../engine/decisions.js';
import type { Change } from '../engine/diff.js';
import { diffSummary } from '../output/diff.js';
import { LEVEL_RANK, RISK_MATRIX, compareRisk, type RiskRating } from '../engine/risk.js';
import { CONTROL_STATUSES, type ControlStatus } from '../engine/status.js';
import { THREAT_STATUSES, type ThreatInstance } from '../engine/threats.js';
import { LEVELS, type Level, type Threat } from '../catalog/threat.js';
import { cmp, compareDiagnostics } from '../model/diagnostics.js';
import type { ElementKind, ModelElement } from '../model/elements.js';
import { barChart, donutChart, percent, type BarChart } from './charts.js';
import {
  AREA_LABEL, DECISION_LABEL, DECISION_STATE_LABEL, FRAMEWORK_SHORT, KIND_LABEL, SERVICE_TYPE_LABEL,
  SEVERITY_LABEL, STATUS_LABEL, STATUS_MEANING, STRIDE_LABEL, THREAT_STATUS_LABEL, THREAT_STATUS_MEANING,
} from './labels.js';
import { pushTo } from './group.js';
import { propertyWords } from '../model/property-words.js';
import { formatNumber, listWords, plural } from '../util/words.js';
import { elementStatuses, NO_STATUS, shownOn, statusWords, type ElementStatus } from './element-status.js';
import { mermaidId, type DiagramLimits } from './mermaid.js';
import { architectureSection } from './views/architecture.js';
import { complianceByFramework, worstStatus } from '../engine/compliance.js';

/** Paper sizes of the report (`--paper`): the CLI's list of choices should be this one. */

/** Where something is in the model, as the report shows it: the line, or `file:line` in a file the model includes. */
function placeOf(a: Assessment, path: readonly (string | number)[]): string | number {
  const l = a.loaded.source.locate(path);
  return l.included !== undefined ? `${l.included}:${l.line}` : l.line;
}

export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];

export interface ReportOptions {
  /**
   * The document's title (--title): the cover's main title, the PDF's Title and the running header.
   * Default "<solution> — Security assessment".
   */
  title?: string;
  classification?: string;
  paper: Paper;
  /** The cover's logo as a data: URL of a PNG, JPEG or (sanitised) SVG image, for an <img>. */
  logoDataUrl?: string;
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
  /** assess --baseline: what changed since an earlier result (engine/diff.ts), shown first in the summary. */
  changes?: { label: string; list: readonly Change[] };
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


/** Worst first. */
const STATUS_ORDER: readonly ControlStatus[] = CONTROL_STATUSES;

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
  /** A small model: sections flow instead of opening pages, and the methodology is condensed. */
  compact: boolean;
  /** CSS page size. */
  pageSize: string;
  meta: {
    /** The document's title: cover, PDF Title, running header, <title>. */
    documentTitle: string;
    /** The solution's name under the cover title, when the title does not already name it. */
    subtitle?: string;
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
  /** data: URL of the cover's logo. */
  logo?: string;
  toc: TocEntry[];
  summary: ReturnType<typeof summarySection>;
  architecture: ReturnType<typeof architectureSection>;
  findings: ReturnType<typeof findingsSection>;
  threats: ReturnType<typeof threatSection>;
  questions: ReturnType<typeof questionsSection>;
  compliance: ReturnType<typeof complianceSection>;
  decisions: ReturnType<typeof decisionsSection>;
  appendix: ReturnType<typeof appendixSection>;
  /** Only when the run had evidence (code). */
  evidence?: NonNullable<ReturnType<typeof evidenceSection>>;
}

interface Ctx {
  a: Assessment;
  compact: boolean;
  /** The one status of an element (see element-status.ts), and its chip. */
  status: (id: string) => Readonly<ElementStatus>;
  statusChip: (id: string) => Chip;
  /** The control's remediation steps for the products the elements of these findings use. */
  stepsFor: (c: Control, findings: readonly Finding[]) => Remediation[];
  /** The control's built-in Azure Policy definitions and Defender recommendations for those products. */
  builtInsFor: (c: Control, findings: readonly Finding[]) => ReturnType<typeof tailoredBuiltIns>;
  options: ReportOptions;
  cap: number;
  controls: Map<string, Control>;
  elements: Map<string, ModelElement>;
  order: Map<string, number>;
  ref: (id: string) => ElementRef;
  line: (f: { path: readonly (string | number)[] }) => string | number;
  threats: ThreatInstance[];
}

export function buildReportView(a: Assessment, frameworks: readonly Framework[], options: ReportOptions): ReportView {
  const { byId: elements, order } = a.loaded.index;
  const ref = (id: string): ElementRef => {
    const e = elements.get(id);
    const name = e?.name ?? id;
    return { id, name, showId: name !== id, kind: e ? KIND_LABEL[e.kind] : '', anchor: anchor('el', id) };
  };
  const statuses = elementStatuses(a);
  const status = (id: string) => statuses.get(id) ?? NO_STATUS;
  const products = new Map<string, ReadonlySet<Product>>();
  const productsAt = (id: string) => {
    let p = products.get(id);
    const e = elements.get(id);
    if (!p) products.set(id, (p = e ? productsOf(a.loaded.index, e) : new Set()));
    return p;
  };
  const ctx: Ctx = {
    a,
    compact: isCompact(a),
    status,
    stepsFor: (c, fs) => tailoredSteps(c, new Set(fs.flatMap((f) => [...productsAt(f.element)]))),
    builtInsFor: (c, fs) => tailoredBuiltIns(c, new Set(fs.flatMap((f) => [...productsAt(f.element)]))),
    statusChip: (id) => {
      const s = status(id);
      const w = statusWords(s);
      return { text: w.text, cls: `tone-${s.tone}`, title: w.title };
    },
    options,
    cap: options.rowCap ?? ROW_CAP,
    controls: new Map(a.catalog.controls.map((c) => [c.id, c])),
    elements,
    order,
    ref,
    line: (f) => placeOf(a, f.path),
    threats: a.threats ?? [],
  };
  const s = a.loaded.model.solution;
  const documentTitle = options.title?.trim() || `${s.name} — Security assessment`;
  const summary = summarySection(ctx);
  const architecture = architectureSection({ elements, ref, cap: ctx.cap, toneOf: (id) => ctx.status(id).tone, statusChip: ctx.statusChip, ...(options.diagramLimits ? { diagramLimits: options.diagramLimits } : {}) });
  const findings = findingsSection(ctx);
  const threats = threatSection(ctx);
  const questions = questionsSection(ctx);
  const compliance = complianceSection(ctx, frameworks);
  const decisions = decisionsSection(ctx);
  const appendix = appendixSection(ctx);
  const evidence = evidenceSection({ a, ref, controlAnchor: (id) => anchor('ctl', id), order, cap: ctx.cap });
  const compact = ctx.compact;
  const toc: TocEntry[] = [
    { anchor: 'summary', number: '1', title: 'Executive summary', children: [] },
    { anchor: 'architecture', number: '2', title: 'Architecture', children: [] },
    { anchor: 'findings', number: '3', title: 'Findings by area', children: findings.areas.map((x, i) => ({ anchor: x.anchor, number: `3.${i + 1}`, title: x.title, children: [] })) },
    { anchor: 'threats', number: '4', title: 'Threat model', children: [] },
    { anchor: 'questions', number: '5', title: 'Questions for the architect', children: [] },
    { anchor: 'compliance', number: '6', title: 'Compliance', children: compliance.frameworks.map((f) => ({ anchor: f.anchor, number: f.number, title: f.short, children: [] })) },
    { anchor: 'decisions', number: '7', title: 'Risk decisions', children: [] },
    ...(evidence ? [{ anchor: 'evidence', number: '8', title: evidence.words.title, children: [] }] : []),
    {
      anchor: 'appendix', number: 'A', title: 'Appendix', children: [
        { anchor: 'methodology', number: 'A.1', title: 'Methodology', children: [] },
        // A small model's report leaves out the catalog-wide traceability table (each gap cites its passage).
        ...(compact ? [] : [{ anchor: 'traceability', number: 'A.2', title: 'Traceability: guidance to controls', children: [] }]),
        { anchor: 'elements', number: compact ? 'A.2' : 'A.3', title: 'Model elements', children: [] },
        { anchor: 'versions', number: compact ? 'A.3' : 'A.4', title: 'Versions and inputs', children: [] },
      ],
    },
  ];
  const arch = s.architecture === undefined ? undefined : [s.architecture].flat().map((x) => (x === 'cloud' ? 'Cloud-based' : 'Edge-based')).join(' and ');
  return {
    lang: 'en',
    paper: options.paper,
    compact,
    pageSize: options.paper === 'letter' ? 'letter' : 'A4',
    meta: {
      documentTitle,
      ...(documentTitle.includes(s.name) ? {} : { subtitle: s.name }),
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
    ...(options.logoDataUrl ? { logo: options.logoDataUrl } : {}),
    toc,
    summary,
    architecture,
    findings,
    threats,
    questions,
    compliance,
    decisions,
    appendix,
    ...(evidence ? { evidence } : {}),
  };
}

/** Elements a reader counts (devices, edges, services, principals, flows) up to which the report is compact. */
const COMPACT_ELEMENTS = 15;

function isCompact(a: Assessment): boolean {
  let n = 0;
  for (const k of ['device', 'edge', 'service', 'principal', 'flow'] as const) n += (a.loaded.index.byKind.get(k) ?? []).length;
  return n <= COMPACT_ELEMENTS;
}

// ---- 1. Executive summary ------------------------------------------------------------------------

/** Devices an element stands for: a device's fleet size, a flow's sending fleet; undefined for other elements. */
function devicesOf(ctx: Ctx, id: string): number | undefined {
  const e = ctx.elements.get(id);
  if (!e) return undefined;
  if (e.kind === 'device') return typeof e.data.count === 'number' ? e.data.count : 1;
  if (e.kind === 'flow' && typeof e.data.from === 'string' && ctx.elements.get(e.data.from)?.kind === 'device') return devicesOf(ctx, e.data.from);
  return undefined;
}

/** "48,000 devices" for fleets (and flows from fleets), nothing for single elements. */
function reachText(ctx: Ctx, id: string): string {
  const n = devicesOf(ctx, id);
  return n !== undefined && n !== 1 ? plural(n, 'device') : '';
}

const EFFORT_WORDS: Record<Fix['effort'], string> = {
  configuration: 'a configuration change',
  code: 'a code change',
  hardware: 'a hardware change',
  process: 'a process change',
};
const OWNER_WORDS: Record<Fix['owner'], string> = { cloud: 'the cloud team', device: 'the device team', operations: 'operations' };

const TOP_OPEN = 10;
const TOP_UNVERIFIED = 5;

const CHANGE_WORDS: Partial<Record<Change['kind'], string>> = { 'new-gap': 'New gap', 'new-open-threat': 'Newly open threat', 'closed-gap': 'Closed gap', 'mitigated-threat': 'No longer open' };

/** "Changes since <baseline>": counts in words, what got worse first, then what got better (at most 8 each). */
function changesSince(label: string, list: readonly Change[]) {
  const pick = (kinds: readonly Change['kind'][]) => list.filter((c) => kinds.includes(c.kind)).slice(0, 8).map((c) => ({ what: CHANGE_WORDS[c.kind]!, id: c.id, title: c.title, level: c.level ? levelChip(c.level as Level) : undefined }));
  return { label, text: diffSummary(list), worse: pick(['new-gap', 'new-open-threat']), better: pick(['closed-gap', 'mitigated-threat']) };
}

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
    { value: formatNumber(assessed), label: 'control checks', cls: 'tile-neutral' },
    { value: formatNumber(by.met), label: `met (${percent(by.met, assessed)}%)`, cls: 'tile-ok' },
    { value: formatNumber(by.gap), label: by.gap === 1 ? 'gap' : 'gaps', cls: by.gap > 0 ? 'tile-bad' : 'tile-ok' },
    { value: formatNumber(by.unknown), label: 'unknown', cls: 'tile-unknown' },
    ...(loaded ? [{ value: formatNumber(open.length), label: open.length === 1 ? 'open threat' : 'open threats', cls: open.length > 0 ? 'tile-bad' : 'tile-ok' }] : []),
  ];
  const criticalHigh = a.summary.bySeverity.critical.gap + a.summary.bySeverity.high.gap;

  // Top risks. Open threats (a gap confirms them) and unverified ones (they depend on facts the model does not
  // state) are two lists: an unverified threat never pushes out an open one. Within a list: residual risk, then
  // the number of devices behind the element, then threat id and model order.
  const byRisk = (x: ThreatInstance, y: ThreatInstance) =>
    compareRisk(x.residual, y.residual) || (devicesOf(ctx, y.element) ?? 0) - (devicesOf(ctx, x.element) ?? 0) || cmp(x.threat, y.threat) || ctx.order.get(x.element)! - ctx.order.get(y.element)!;
  const riskRow = (t: ThreatInstance, i: number) => ({
    rank: i + 1,
    risk: levelChip(t.residual.level),
    title: t.title,
    id: t.threat,
    element: ctx.ref(t.element),
    reach: reachText(ctx, t.element),
    assumed: t.applicability === 'assumed',
    stride: `${t.stride} · ${STRIDE_LABEL[t.stride]}`,
    status: threatChip(t.status),
    anchor: anchor('thr', t.threat),
  });
  const topOpen = loaded ? [...open].sort(byRisk).slice(0, TOP_OPEN).map(riskRow) : [];
  const topUnverified = loaded ? [...unverified].sort(byRisk).slice(0, TOP_UNVERIFIED).map(riskRow) : [];
  // Without a threat library: the worst gaps.
  const topGaps = loaded
    ? []
    : a.findings
        .filter((f) => f.status === 'gap')
        .sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || (devicesOf(ctx, y.element) ?? 0) - (devicesOf(ctx, x.element) ?? 0) || cmp(x.control, y.control) || ctx.order.get(x.element)! - ctx.order.get(y.element)!)
        .slice(0, TOP_OPEN)
        .map((f, i) => ({ rank: i + 1, risk: levelChip(f.severity), title: ctx.controls.get(f.control)!.title, id: f.control, element: ctx.ref(f.element), reach: reachText(ctx, f.element), assumed: false, stride: f.stride.join(' '), status: statusChip(f.status), anchor: anchor('ctl', f.control) }));

  // What to fix first: controls with gaps, by severity, then how many open threats they mitigate, then how many
  // devices and elements they reach.
  const gapsByControl = new Map<string, Finding[]>();
  for (const f of a.findings) if (f.status === 'gap') pushTo(gapsByControl, f.control, f);
  const threatsHelped = (control: string) => open.filter((t) => t.mitigations.some((m) => m.control === control && m.status === 'gap')).length;
  const fixFirst = [...gapsByControl.entries()]
    .map(([id, fs]) => {
      const c = ctx.controls.get(id)!;
      const fix = c.fix ?? DEFAULT_FIX[c.area];
      const devices = fs.reduce((n, f) => n + (devicesOf(ctx, f.element) ?? 0), 0);
      const names = fs.slice(0, 3).map((f) => ctx.ref(f.element).name);
      return {
        id,
        title: c.title,
        severity: levelChip(c.severity),
        rank: SEVERITY_RANK[c.severity],
        elements: fs.length,
        devices,
        threats: threatsHelped(id),
        reach: [plural(fs.length, 'element'), devices > 1 ? plural(devices, 'device') : ''].filter(Boolean).join(' · '),
        on: listWords(fs.length > 3 ? [...names, `${formatNumber(fs.length - 3)} more`] : names),
        effort: EFFORT_WORDS[fix.effort],
        owner: OWNER_WORDS[fix.owner],
        step: ctx.stepsFor(c, fs)[0]!.step,
        anchor: anchor('ctl', id),
      };
    })
    .sort((x, y) => y.rank - x.rank || y.threats - x.threats || y.devices - x.devices || y.elements - x.elements || cmp(x.id, y.id))
    .slice(0, 8)
    .map((x, i) => ({ ...x, n: i + 1, threatsText: x.threats ? `mitigates ${plural(x.threats, 'open threat')}` : '' }));

  const expiredDecisions = a.decisions.filter((d) => reportedState(d) === 'expired').length;
  const changes = ctx.options.changes;
  return {
    ...(changes ? { changes: changesSince(changes.label, changes.list) } : {}),
    assessed,
    assessedText: plural(assessed, 'control check'),
    counts: {
      met: by.met,
      gap: by.gap,
      unknown: by.unknown,
      accepted: by.accepted,
      notApplicable: by['not-applicable'],
      metText: `${formatNumber(by.met)} ${by.met === 1 ? 'is' : 'are'}`,
      gapText: `${formatNumber(by.gap)} ${by.gap === 1 ? 'is a gap' : 'are gaps'}`,
      unknownText: `${formatNumber(by.unknown)} cannot be decided`,
      acceptedText: `${formatNumber(by.accepted)} ${by.accepted === 1 ? 'is' : 'are'}`,
    },
    criticalHighText: criticalHigh === 1 ? 'one of them' : `${formatNumber(criticalHigh)} of them`,
    openThreatsText: `${formatNumber(open.length)} open`,
    unverifiedThreatsText: `${plural(unverified.length, 'unverified threat')}`,
    expiredText: `${plural(expiredDecisions, 'risk decision')} ${expiredDecisions === 1 ? 'has' : 'have'} expired`,
    metPercent: percent(by.met, assessed),
    criticalHigh,
    story: storyOf(ctx, open, unverified, fixFirst.slice(0, 3)),
    tiles,
    posture,
    gapsBySeverity,
    threatsByRisk,
    threatsLoaded: loaded,
    openThreats: open.length,
    unverifiedThreats: unverified.length,
    topOpen,
    topUnverified,
    moreOpen: Math.max(0, open.length - topOpen.length),
    moreUnverified: Math.max(0, unverified.length - topUnverified.length),
    topGaps,
    fixFirst,
    expiredDecisions,
  };
}

/** The opening narrative for a non-specialist: what the solution is, the posture in one sentence, three things to do. */
function storyOf(ctx: Ctx, open: readonly ThreatInstance[], unverified: readonly ThreatInstance[], first: ReadonlyArray<{ id: string; title: string; effort: string; owner: string; on: string; anchor: string }>) {
  const { a } = ctx;
  const s = a.loaded.model.solution;
  const byKind = a.loaded.index.byKind;
  const devices = byKind.get('device') ?? [];
  const units = devices.reduce((n, e) => n + (typeof e.data.count === 'number' ? e.data.count : 1), 0);
  const services = byKind.get('service') ?? [];
  const types = [...new Set(services.map((e) => SERVICE_TYPE_LABEL[String(e.data.type ?? 'other')] ?? 'Service'))].filter((t) => t !== 'Service');
  const arch = s.architecture === undefined ? 'IoT solution' : `${[s.architecture].flat().map((x) => (x === 'cloud' ? 'cloud-based' : 'edge-based')).join(' and ')} IoT solution`;
  const parts = [
    devices.length ? `${plural(units, 'device')} in ${plural(devices.length, 'device group')}` : '',
    (byKind.get('edge') ?? []).length ? plural((byKind.get('edge') ?? []).length, 'edge runtime') : '',
    services.length ? `${plural(services.length, 'cloud service')}${types.length ? ` (${listWords(types.length > 5 ? [...types.slice(0, 5), 'others'] : types)})` : ''}` : '',
    (byKind.get('flow') ?? []).length ? plural((byKind.get('flow') ?? []).length, 'data flow') : '',
  ].filter(Boolean);
  const what = `${s.name} is ${/^[aeiou]/i.test(arch) ? 'an' : 'a'} ${arch}${parts.length ? ` with ${listWords(parts)}` : ''}.`;
  const count = (level: string) => open.filter((t) => t.residual.level === level).length;
  const crit = count('critical');
  const high = count('high');
  const loaded = (a.catalog.threats ?? []).length > 0;
  const gaps = a.summary.byStatus.gap;
  let posture: string;
  let tone: 'bad' | 'warn' | 'ok' | 'unknown';
  if (!loaded) {
    const ch = a.summary.bySeverity.critical.gap + a.summary.bySeverity.high.gap;
    tone = ch > 0 ? 'bad' : gaps > 0 ? 'warn' : 'ok';
    posture = ch > 0 ? `Its security needs attention: ${plural(ch, 'critical or high gap')} against Microsoft's guidance.` : gaps > 0 ? `It has ${plural(gaps, 'gap')} against Microsoft's guidance, none of them critical or high.` : 'It has no gap against the guidance the model lets us check.';
  } else if (crit + high > 0) {
    tone = 'bad';
    posture = `Its security needs ${crit > 0 ? 'urgent ' : ''}attention: ${listWords([crit ? `${formatNumber(crit)} critical` : '', high ? `${formatNumber(high)} high` : ''].filter(Boolean))} risk${crit + high === 1 ? ' is' : 's are'} confirmed by gaps against Microsoft's guidance${unverified.length ? `, and ${plural(unverified.length, 'more threat')} cannot be ruled out until open questions are answered` : ''}.`;
  } else if (open.length > 0) {
    tone = 'warn';
    posture = `No critical or high risk is confirmed; ${plural(open.length, 'medium or low risk')} remain${open.length === 1 ? 's' : ''} open${unverified.length ? ` and ${plural(unverified.length, 'threat')} cannot be ruled out until open questions are answered` : ''}.`;
  } else if (unverified.length > 0) {
    tone = 'unknown';
    posture = `No risk is confirmed, but ${plural(unverified.length, 'threat')} cannot be ruled out until the questions for the architect are answered.`;
  } else {
    tone = 'ok';
    posture = 'Every threat that applies is mitigated or covered by a risk decision.';
  }
  // Drift undermines the model itself: said beside the posture, pointing at the section that lists it.
  const drift = a.drift ?? [];
  const sources = new Set(drift.map((d) => d.observed.provenance.source));
  const by = sources.has('code') && sources.has('deployment') ? 'code and the deployment' : sources.has('deployment') ? 'the deployment' : 'the code';
  const driftNote = drift.length > 0 ? `${by[0]!.toUpperCase()}${by.slice(1)} contradict${by === 'code and the deployment' ? '' : 's'} ${plural(drift.length, 'value')} the model states (section 8): the conclusions below rest on the model and are only as true as it is.` : '';
  // A contradicted model cannot be called fine: the summary's colour says so too.
  if (drift.length > 0 && (tone === 'ok' || tone === 'unknown')) tone = 'warn';
  return {
    what,
    description: s.description ?? '',
    posture,
    driftNote,
    tone,
    first: first.map((f) => ({ ...f, how: `${f.effort[0]!.toUpperCase()}${f.effort.slice(1)}, usually owned by ${f.owner}` })),
  };
}

// ---- 2. Architecture: views/architecture.ts -----------------------------------------------------

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
          remediation: ctx.stepsFor(c, gaps).map((r) => r.step),
          // Built-in checks for the same thing: Azure Policy (display name and definition id) and Defender recommendations.
          ...((b) => ({ policies: b.policies.map((p) => ({ name: p.name, id: p.id })), defender: b.defender.map((d) => ({ name: d.name })) }))(ctx.builtInsFor(c, gaps)),
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
  const matrix = capped(stride.byElement, ctx.cap, (r) => ({ element: ctx.ref(r.element), kind: KIND_LABEL[r.elementKind], cells: STRIDE.map((l) => cell(r.open[l], r.threats[l])), status: ctx.statusChip(shownOn(ctx.elements.get(r.element), r.element)) }));
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

// ---- 5. Questions for the architect --------------------------------------------------------------

/** A list item's own name, for questions about one item ("the role assignment 'IoT Hub Data Reader'"). */
function itemName(e: ModelElement, property: string): string | undefined {
  const m = /^([A-Za-z]+)\[(\d+)\]/.exec(property);
  if (!m) return undefined;
  const item = (e.data[m[1]!] as unknown[] | undefined)?.[Number(m[2])] as Record<string, unknown> | undefined;
  const name = item && [item.role, item.name, item.to, item.id].find((x) => typeof x === 'string');
  return typeof name === 'string' ? name : `item ${Number(m[2]) + 1}`;
}

/**
 * Every unknown becomes a question in plain words, grouped by the element it is about (the element whose
 * property is missing, which may be another than the finding's: a DPS finding can ask about its IoT hub).
 * One question per missing property, with the controls its answer settles; a finding whose missing fact
 * has no property (a named predicate) asks whether the control's requirement holds.
 */
function questionsSection(ctx: Ctx) {
  const { a } = ctx;
  interface Question { key: string; text: string; item?: string; property: string; controls: Set<string>; rank: number; order: number }
  const byElement = new Map<string, Map<string, Question>>();
  let order = 0;
  const ask = (elementId: string, key: string, make: () => Omit<Question, 'controls' | 'rank' | 'order' | 'key'>, control: string, rank: number) => {
    let qs = byElement.get(elementId);
    if (!qs) byElement.set(elementId, (qs = new Map()));
    let q = qs.get(key);
    if (!q) qs.set(key, (q = { key, ...make(), controls: new Set(), rank, order: order++ }));
    q.controls.add(control);
    q.rank = Math.max(q.rank, rank);
  };
  for (const f of a.findings) {
    if (f.status !== 'unknown') continue;
    const rank = SEVERITY_RANK[f.severity];
    const unstated = f.unstated ?? [];
    let asked = false;
    for (const u of unstated) {
      const e = ctx.elements.get(u.element);
      if (!e) continue;
      const words = propertyWords(e.kind, u.property);
      if (!words) continue;
      const item = itemName(e, u.property);
      ask(shownOn(e, e.id), `${u.element}\u0000${u.property}`, () => ({ text: words.question, ...(item ? { item } : {}), property: u.property }), f.control, rank);
      asked = true;
    }
    if (!asked) {
      const c = ctx.controls.get(f.control)!;
      const title = c.title[0]!.toLowerCase() + c.title.slice(1);
      ask(shownOn(ctx.elements.get(f.element), f.element), `${f.element}\u0000control\u0000${f.control}`, () => ({ text: `Can you confirm that ${title.replace(/\.$/, '')}?`, property: '' }), f.control, rank);
    }
  }
  const groups = [...byElement.entries()]
    .sort(([x], [y]) => (ctx.order.get(x) ?? 0) - (ctx.order.get(y) ?? 0))
    .map(([id, qs]) => ({
      element: ctx.ref(id),
      reach: reachText(ctx, id),
      questions: [...qs.values()]
        .sort((x, y) => y.rank - x.rank || x.order - y.order)
        .map((q) => ({ text: q.text, item: q.item ?? '', property: q.property, controls: [...q.controls].sort(cmp).map((c) => ({ id: c, anchor: anchor('ctl', c) })) })),
    }));
  const count = groups.reduce((n, g) => n + g.questions.length, 0);
  // Long models: the first groups up to about the row cap; the JSON output lists every unknown.
  const shown: typeof groups = [];
  let rows = 0;
  for (const g of groups) {
    if (rows >= ctx.cap) break;
    shown.push(g);
    rows += g.questions.length;
  }
  return { groups: shown, count, countText: plural(count, 'question'), elementsText: plural(groups.length, 'element'), moreGroups: groups.length - shown.length };
}

// ---- 5. Compliance -------------------------------------------------------------------------------

function complianceSection(ctx: Ctx, frameworks: readonly Framework[]) {
  const out = complianceByFramework(ctx.a, frameworks).map((fw, fwIndex) => {
    const clauses = fw.clauses.map((cl) => ({
      id: cl.id,
      title: cl.title,
      level: cl.level,
      controls: statusGroups(cl.controls),
      covered: cl.covered,
      status: cl.status,
      chip: cl.covered ? statusChip(cl.status) : { text: 'Not covered', cls: 'st-none' },
    }));
    const covered = clauses.filter((c) => c.covered);
    const k = fw.counts;
    const n = { met: k.met, gap: k.gap, unknown: k.unknown, accepted: k.accepted };
    return {
      id: fw.id,
      number: `6.${fwIndex + 1}`,
      anchor: `fw-${fw.id}`,
      short: FRAMEWORK_SHORT[fw.id] ?? fw.id,
      // Without the frameworks file the name is the id: show the short name instead.
      name: frameworks.length > 0 ? fw.name : FRAMEWORK_SHORT[fw.id] ?? fw.id,
      note: fw.note ?? '',
      url: fw.url ?? '',
      hasLevels: clauses.some((c) => c.level !== ''),
      // Clauses whose controls do not apply to this solution say nothing about it: one line, not rows.
      rows: covered.filter((c) => c.status !== 'not-applicable'),
      notApplicableIds: covered.filter((c) => c.status === 'not-applicable').map((c) => c.id),
      uncovered: clauses.filter((c) => !c.covered).map((c) => c.id),
      total: k.total,
      covered: k.covered,
      coveragePercent: percent(k.covered, k.total),
      assessed: k.assessed,
      ...n,
      notApplicable: k.notApplicable,
      metPercent: percent(k.met, k.assessed),
      bar: (['met', 'accepted', 'unknown', 'gap'] as const).map((s) => ({ cls: `st-${s}`, label: STATUS_LABEL[s], count: n[s], width: k.assessed === 0 ? 0 : Math.round((n[s] / k.assessed) * 1000) / 10 })),
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
      approvedBy: d.approvedBy ?? '',
      // A ticket that is a web address is a link; any other text (an issue key) stays text.
      ticket: d.ticket !== undefined ? { text: d.ticket, ...(/^https?:\/\/[^\s"<>]+$/i.test(d.ticket) ? { href: d.ticket } : {}) } : undefined,
      expires: d.expires ?? '',
      reviewBy: d.reviewBy ?? '',
      state: { text: DECISION_STATE_LABEL[state] ?? state, cls: `state-${state}` },
      expired: state === 'expired',
      covers: o.covers.length,
      line: placeOf(a, ['risks', o.index]),
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
  const openThreats = new Map<string, number>();
  for (const t of ctx.threats) if (t.status === 'open') openThreats.set(t.element, (openThreats.get(t.element) ?? 0) + 1);
  const elementRows = capped([...ctx.elements.values()], ctx.cap * 4, (e) => {
    const c = counts.get(e.id);
    const open = openThreats.get(e.id) ?? 0;
    return { ref: ctx.ref(e.id), kind: KIND_LABEL[e.kind as ElementKind], line: placeOf(a, e.path), gap: c?.gap ?? 0, unknown: c?.unknown ?? 0, met: c?.met ?? 0, accepted: c?.accepted ?? 0, open, status: ctx.statusChip(shownOn(e, e.id)) };
  });
  const warnings = [...a.warnings].sort(compareDiagnostics).map((w) => ({ line: w.line, column: w.column, code: w.code, message: w.message, hint: w.hint ?? '' }));
  return {
    statuses: STATUS_ORDER.map((s) => ({ chip: statusChip(s), meaning: STATUS_MEANING[s] })),
    threatStatuses: THREAT_STATUSES.map((s) => ({ chip: threatChip(s), meaning: THREAT_STATUS_MEANING[s] })),
    severities: SEVERITIES.map((s) => levelChip(s)),
    riskMatrix,
    methodology: options.methodology ?? '',
    numbers: ctx.compact ? { elements: 'A.2', versions: 'A.3' } : { elements: 'A.3', versions: 'A.4' },
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
