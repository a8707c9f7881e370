// Threats per element (STRIDE per element from the threat library), their status from the findings of
// their mitigating controls, their inherent and residual risk, and risk decisions on threats.
// Pure: everything comes in as parameters; no file system, no clock (`today` is passed in).
import { STRIDE, type StrideLetter } from '../catalog/control.js';
import type { Threat } from '../catalog/threat.js';
import { cmp } from '../model/diagnostics.js';
import type { ElementKind, ModelElement } from '../model/elements.js';
import { SOLUTION_ELEMENT_ID } from '../model/elements.js';
import type { RiskDecision } from '../model/schema.js';
import type { Path } from '../model/source.js';
import { compileCondition, type CompiledCondition, type Outcome } from './condition.js';
import type { EvaluationContext } from './context.js';
import { applyInOrder, type DecisionOutcome } from './decisions.js';
import type { Finding } from './evaluate.js';
import { buildRelations, inherentRisk, residualRisk, riskFactors, type Relations, type RiskFactors, type RiskRating } from './risk.js';
import type { ControlStatus } from './status.js';

/**
 * A threat instance exists only where the threat applies (its kinds and its `when`). Its status:
 * open: a mitigating control has a gap, or none applies and the element's own facts (`mitigatedWhen`)
 * do not show it mitigated, or none applies and the threat has no `mitigatedWhen` (nothing mitigates it);
 * unverified: no gap but some control is unknown, or `mitigatedWhen` cannot be decided;
 * accepted: a live risk decision covers the threat, or covers every gap and unknown of its controls;
 * mitigated: every applicable mitigating control is met, or none applies and `mitigatedWhen` holds.
 * See docs/methodology.md.
 */
export const THREAT_STATUSES = ['open', 'unverified', 'accepted', 'mitigated'] as const;
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

export const THREAT_BASES = ['controls', 'element', 'none'] as const;
export type ThreatBasis = (typeof THREAT_BASES)[number];

export interface MitigationFinding {
  control: string;
  element: string;
  status: ControlStatus;
}

export interface ThreatInstance {
  threat: string;
  title: string;
  stride: StrideLetter;
  element: string;
  elementKind: ElementKind;
  /** `assumed` when the threat's condition could not be decided because the model does not say. */
  applicability: 'applies' | 'assumed';
  status: ThreatStatus;
  /** What decided the status: the mitigating controls' findings, the element's own facts (`mitigatedWhen`), or nothing mitigates it. */
  basis: ThreatBasis;
  /** How the status was decided, in plain words, with the evidence. */
  reason: string;
  /** For `accepted` threats: the status a decision or the control decisions cover. */
  acceptedFrom?: 'open' | 'unverified';
  /** Index into the model's `risks[]` of a decision on the threat itself (live or expired). */
  decision?: number;
  description: string;
  /** Findings of the threat's mitigating controls on the element and its related elements. */
  mitigations: MitigationFinding[];
  factors: RiskFactors;
  inherent: RiskRating;
  residual: RiskRating;
  /** Document path of the element. */
  path: Path;
}

/**
 * A threat instance whose reason is put in words only when read: a large model has tens of thousands of
 * instances and most are never shown. (A class, not accessors on each literal: V8 keeps those fast.)
 */
class Instance implements ThreatInstance {
  threat!: string;
  title!: string;
  stride!: StrideLetter;
  element!: string;
  elementKind!: ElementKind;
  applicability!: 'applies' | 'assumed';
  status!: ThreatStatus;
  basis!: ThreatBasis;
  acceptedFrom?: 'open' | 'unverified';
  decision?: number;
  description!: string;
  mitigations!: MitigationFinding[];
  factors!: RiskFactors;
  inherent!: RiskRating;
  residual!: RiskRating;
  path!: Path;
  #text: string | undefined;
  readonly #compose: () => string;
  constructor(compose: () => string, init: Omit<ThreatInstance, 'reason'>) {
    Object.assign(this, init);
    this.#compose = compose;
  }
  get reason(): string {
    return (this.#text ??= this.#compose());
  }
  set reason(text: string) {
    this.#text = text;
  }
}

export function threatKey(t: { threat: string; element: string }): string {
  return `${t.threat}@${t.element}`;
}

interface CompiledThreat {
  threat: Threat;
  when?: CompiledCondition;
  mitigatedWhen?: CompiledCondition;
}

/** Compiled once per threat library (a run assesses many models with one catalog), sorted by id. */
const compiledLibraries = new WeakMap<readonly Threat[], CompiledThreat[]>();

function compileThreats(threats: readonly Threat[]): CompiledThreat[] {
  let compiled = compiledLibraries.get(threats);
  if (!compiled) {
    compiled = [...threats]
      .sort((a, b) => cmp(a.id, b.id))
      .map((threat) => ({
        threat,
        ...(threat.appliesTo.when ? { when: compileCondition(threat.appliesTo.when) } : {}),
        ...(threat.mitigatedWhen ? { mitigatedWhen: compileCondition(threat.mitigatedWhen) } : {}),
      }));
    compiledLibraries.set(threats, compiled);
  }
  return compiled;
}

/** Relations beyond risk.ts's that decide which elements' findings count for a threat. */
export interface Scope extends Relations {
  groupsOf: Map<string, string[]>;
  servicesOfPrincipal: Map<string, string[]>;
  /** Boundary id → ids of the elements in it or in a boundary nested in it, and of the flows between two of them. */
  within: Map<string, string[]>;
}

function buildScope(ctx: EvaluationContext): Scope {
  const groupsOf = new Map<string, string[]>();
  const servicesOfPrincipal = new Map<string, Set<string>>();
  const add = (p: string, s: string) => {
    const set = servicesOfPrincipal.get(p) ?? new Set<string>();
    set.add(s);
    servicesOfPrincipal.set(p, set);
  };
  for (const e of ctx.index.all) {
    if (e.kind === 'enrollment-group' && e.parent !== undefined) {
      const list = groupsOf.get(e.parent);
      if (list) list.push(e.id);
      else groupsOf.set(e.parent, [e.id]);
    }
    if (e.kind === 'service') {
      for (const p of (e.data.sharedAccessPolicies as Array<{ usedBy?: string[] }> | undefined) ?? []) for (const u of p.usedBy ?? []) add(u, e.id);
    }
    if (e.kind === 'principal') {
      if (typeof e.data.runsOn === 'string') add(e.id, e.data.runsOn);
      for (const a of (e.data.assignments as Array<{ on?: string }> | undefined) ?? []) if (a.on !== undefined) add(e.id, a.on);
    }
  }
  return {
    ...buildRelations(ctx),
    groupsOf,
    servicesOfPrincipal: new Map([...servicesOfPrincipal].map(([k, v]) => [k, [...v]])),
    within: withinBoundaries(ctx),
  };
}

/** Each boundary's elements, also those of boundaries nested in it, and the flows that stay among them. */
function withinBoundaries(ctx: EvaluationContext): Map<string, string[]> {
  const boundaries = ctx.index.byKind.get('boundary') ?? [];
  if (boundaries.length === 0) return new Map();
  /** Boundary id → itself and the boundaries around it (up the `inside` chain, cycles cut). */
  const chain = (id: unknown): string[] => {
    const out: string[] = [];
    let b = id;
    while (typeof b === 'string' && !out.includes(b) && ctx.index.byId.get(b)?.kind === 'boundary') {
      out.push(b);
      b = ctx.index.byId.get(b)!.data.inside;
    }
    return out;
  };
  const members = new Map<string, Set<string>>();
  const add = (b: string, id: string) => {
    let set = members.get(b);
    if (!set) members.set(b, (set = new Set()));
    set.add(id);
  };
  const around = new Map<string, string[]>();
  for (const e of ctx.index.byId.values()) {
    if (e.kind === 'flow' || e.kind === 'solution' || e.kind === 'enrollment-group') continue;
    // A device behind a gateway without a boundary of its own sits with its gateway.
    const own = e.kind === 'boundary' ? e.data.inside : e.data.boundary ?? (e.kind === 'device' ? ctx.gatewayOf.get(e.id)?.data.boundary : undefined);
    const bs = chain(own);
    around.set(e.id, bs);
    for (const b of bs) add(b, e.id);
  }
  for (const f of ctx.index.byKind.get('flow') ?? []) {
    const a = around.get(String(f.data.from)) ?? [];
    const z = new Set(around.get(String(f.data.to)) ?? []);
    for (const b of a) if (z.has(b)) add(b, f.id);
  }
  return new Map([...members].map(([k, v]) => [k, [...v]]));
}

/**
 * Elements whose findings count for a threat on `e` (always with the solution, whose findings are
 * solution-wide practices): a flow and its two endpoints; a device, its gateway edge and its enrollment
 * group; an edge and the devices it is gateway for; a service and its enrollment groups; an enrollment
 * group and its owning service; a principal and the services it runs on, holds roles on or uses shared
 * access policies of; a boundary and the elements inside it or in a boundary nested in it, with the flows
 * between two of them. Documented in docs/methodology.md.
 */
export function relatedElements(e: ModelElement, ctx: EvaluationContext, scope: Scope = buildScope(ctx)): string[] {
  const out = [e.id];
  const str = (v: unknown) => (typeof v === 'string' ? [v] : []);
  switch (e.kind) {
    case 'flow': out.push(...str(e.data.from), ...str(e.data.to)); break;
    case 'device': {
      const gw = ctx.gatewayOf.get(e.id);
      if (gw) out.push(gw.id);
      out.push(...str((e.data.identity as Record<string, unknown> | undefined)?.enrollmentGroup));
      break;
    }
    case 'edge': out.push(...((e.data.gatewayFor as string[] | undefined) ?? [])); break;
    case 'service': out.push(...(scope.groupsOf.get(e.id) ?? [])); break;
    case 'enrollment-group': {
      const svc = ctx.serviceOfGroup.get(e.id);
      if (svc) out.push(svc.id);
      break;
    }
    case 'principal': out.push(...(scope.servicesOfPrincipal.get(e.id) ?? [])); break;
    case 'boundary': out.push(...(scope.within.get(e.id) ?? [])); break;
    case 'solution': break;
  }
  out.push(SOLUTION_ELEMENT_ID);
  return [...new Set(out)];
}

function describe(template: string, e: ModelElement, ctx: EvaluationContext): string {
  const nameOf = (id: unknown) => (typeof id === 'string' ? ctx.index.byId.get(id)?.name ?? id : '');
  return template.replace(/\{(name|id|kind|from|to)\}/g, (_m, k: string) => {
    switch (k) {
      case 'name': return e.name;
      case 'id': return e.id;
      case 'kind': return e.kind;
      case 'from': return nameOf(e.data.from);
      default: return nameOf(e.data.to);
    }
  });
}

const KIND_WORD: Record<ElementKind, string> = {
  solution: 'solution', boundary: 'trust boundary', device: 'device', edge: 'edge', service: 'service',
  'enrollment-group': 'enrollment group', principal: 'principal', flow: 'flow',
};

/** "the flow Modbus polling" — how an element is named in a reason. */
function named(e: ModelElement): string {
  return e.kind === 'solution' ? `the solution ${e.name}` : `the ${KIND_WORD[e.kind]} ${e.name}`;
}

/** "CONN-011 and CONN-012 on the flow Modbus polling, DEV-017 on the device PLC and 2 more": controls grouped by element. */
function listFindings(fs: readonly Finding[], ctx: EvaluationContext, max = 3): string {
  // Runs for every threat instance: no map, and only the first `max` elements are put in words.
  const shown: string[] = [];
  const controls: string[][] = [];
  let others = 0;
  const seen = new Set<string>();
  for (const f of fs) {
    const i = shown.indexOf(f.element);
    if (i >= 0) {
      if (!controls[i]!.includes(f.control)) controls[i]!.push(f.control);
    } else if (shown.length < max) {
      shown.push(f.element);
      controls.push([f.control]);
    } else if (!seen.has(f.element)) {
      seen.add(f.element);
      others++;
    }
  }
  let out = '';
  for (let i = 0; i < shown.length; i++) {
    const cs = controls[i]!;
    const e = ctx.index.byId.get(shown[i]!);
    const c = cs.length === 1 ? cs[0]! : `${cs.slice(0, -1).join(', ')} and ${cs[cs.length - 1]!}`;
    out += `${i > 0 ? ', ' : ''}${c} on ${e ? named(e) : shown[i]!}`;
  }
  return others > 0 ? `${out} and ${others} more element${others === 1 ? '' : 's'}` : out;
}

/**
 * The observations behind an outcome, in words. A decided outcome keeps what was stated: "securityMode is not
 * stated" says nothing about why a Modbus flow without TLS is open, when "tls is 'none'" is also there.
 */
function evidenceText(o: Outcome): string {
  const texts = [...new Set(o.evidence.map((x) => x.text))];
  const stated = o.value === undefined ? texts : texts.filter((t) => !t.endsWith(' is not stated in the model'));
  return (stated.length > 0 ? stated : texts).join('; ');
}

interface Decided {
  status: ThreatStatus;
  acceptedFrom?: 'open' | 'unverified';
  basis: ThreatBasis;
  /** Composed only when read (most instances of a large model are never put in words). */
  reason: () => string;
  /** Met and applicable mitigations, for the residual risk. */
  met: number;
  relevant: number;
}

/**
 * The status of a threat that applies to `e`: from its mitigating controls' findings when any applies;
 * otherwise from the threat's `mitigatedWhen` on the element's own facts; otherwise open, because
 * nothing mitigates it. Never "not applicable": where the threat does not apply there is no instance.
 */
export function decideStatus(mine: readonly Finding[], e: ModelElement, ctx: EvaluationContext, mitigatedWhen?: CompiledCondition): Decided {
  // One pass over the findings (this runs for every threat instance of a model).
  let gap = 0, unknown = 0, accepted = 0, acceptedGap = 0, met = 0;
  for (const f of mine) {
    switch (f.status) {
      case 'gap': gap++; break;
      case 'unknown': unknown++; break;
      case 'accepted': accepted++; if (f.acceptedFrom === 'gap') acceptedGap++; break;
      case 'met': met++; break;
      default: break;
    }
  }
  const relevant = gap + unknown + accepted + met;
  if (relevant > 0) {
    const by = (st: ControlStatus) => mine.filter((f) => f.status === st);
    const base = { met, relevant, basis: 'controls' as const };
    if (gap > 0) return { ...base, status: 'open', reason: () => `Open: a mitigating control has a gap (${listFindings(by('gap'), ctx)}).` };
    if (unknown > 0) return { ...base, status: 'unverified', reason: () => `Unverified: no mitigating control has a gap, but the model does not say enough to decide ${listFindings(by('unknown'), ctx)}.` };
    if (accepted > 0) return { ...base, status: 'accepted', acceptedFrom: acceptedGap > 0 ? 'open' : 'unverified', reason: () => `Accepted: risk decisions cover every gap and unknown of its mitigating controls (${listFindings(by('accepted'), ctx)}).` };
    return { ...base, status: 'mitigated', reason: () => `Mitigated: every mitigating control that applies is met (${listFindings(mine.filter((f) => f.status !== 'not-applicable'), ctx)}).` };
  }
  const none = () => `no mitigating control of the catalog applies to ${named(e)}`;
  if (mitigatedWhen) {
    const o = mitigatedWhen({ element: e, ctx });
    if (o.value === true) return { status: 'mitigated', basis: 'element', reason: () => `Mitigated: ${none()}, but its own properties show the threat mitigated (${evidenceText(o)}).`, met: 1, relevant: 1 };
    if (o.value === false) return { status: 'open', basis: 'element', reason: () => `Open: ${none()}, and its own properties leave the threat open (${evidenceText(o)}).`, met: 0, relevant: 1 };
    return { status: 'unverified', basis: 'element', reason: () => `Unverified: ${none()}, and the model does not say whether its own properties mitigate the threat (${evidenceText(o)}).`, met: 0, relevant: 1 };
  }
  return { status: 'open', basis: 'none', reason: () => `Open: ${none()}; nothing mitigates this threat there.`, met: 0, relevant: 0 };
}

export interface ThreatResult {
  threats: ThreatInstance[];
  /** One per `risks[]` entry naming a threat, in document order. */
  outcomes: DecisionOutcome[];
}

/**
 * Applies every threat of the library to every element of its kinds, rates it, and applies decisions
 * on threats. `findings` are the control findings after control decisions. Sorted by threat id, then
 * model order of the element.
 */
export function deriveThreats(
  ctx: EvaluationContext,
  findings: readonly Finding[],
  threats: readonly Threat[],
  risks: readonly RiskDecision[],
  today: string,
): ThreatResult {
  const scope = buildScope(ctx);
  // Model order; a duplicate id is a validation error, never rated twice.
  const { byKind } = ctx.index;
  // element id → control id → finding (one per pair).
  const findingsAt = new Map<string, Map<string, Finding>>();
  for (const f of findings) {
    let m = findingsAt.get(f.element);
    if (!m) findingsAt.set(f.element, (m = new Map()));
    if (!m.has(f.control)) m.set(f.control, f);
  }
  const order = ctx.index.order;
  const factorCache = new Map<string, RiskFactors>();
  const relatedCache = new Map<string, Array<Map<string, Finding>>>();

  const sorted = compileThreats(threats);
  const instances: ThreatInstance[] = [];
  for (const ct of sorted) {
    const t = ct.threat;
    const controls = [...t.mitigations].sort(cmp);
    const arch = t.appliesTo.architecture;
    if (arch !== undefined && !ctx.architectures.has(arch)) continue;
    // Kinds in model order, so that instances keep the order of the elements in the model.
    const candidates = t.appliesTo.kinds.length === 1 ? (byKind.get(t.appliesTo.kinds[0]!) ?? []) : t.appliesTo.kinds.flatMap((k) => byKind.get(k) ?? []).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    for (const e of candidates) {
      const applies = ct.when ? ct.when({ element: e, ctx }).value : true;
      if (applies === false) continue;
      // The findings of the related elements (sorted by model order), looked up once per element.
      let related = relatedCache.get(e.id);
      if (!related) {
        const ids = relatedElements(e, ctx, scope).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
        related = [];
        for (const id of ids) {
          const at = findingsAt.get(id);
          if (at) related.push(at);
        }
        relatedCache.set(e.id, related);
      }
      // Control id, then model order of the element.
      const mine: Finding[] = [];
      for (const c of controls) {
        for (const at of related) {
          const f = at.get(c);
          if (f) mine.push(f);
        }
      }
      let factors = factorCache.get(e.id);
      if (!factors) factorCache.set(e.id, (factors = riskFactors(e, ctx, scope)));
      const inherent = inherentRisk(t.likelihood, t.impact, factors);
      const d = decideStatus(mine, e, ctx, ct.mitigatedWhen);
      instances.push(new Instance(d.reason, {
        threat: t.id,
        title: t.title,
        stride: t.stride,
        element: e.id,
        elementKind: e.kind,
        applicability: applies === undefined ? 'assumed' : 'applies',
        status: d.status,
        ...(d.acceptedFrom ? { acceptedFrom: d.acceptedFrom } : {}),
        basis: d.basis,
        description: describe(t.description, e, ctx),
        mitigations: mine.map((f) => ({ control: f.control, element: f.element, status: f.status })),
        factors,
        inherent,
        residual: residualRisk(inherent, d.met, d.relevant),
        path: e.path,
      }));
    }
  }
  return { threats: instances, outcomes: applyThreatDecisions(instances, risks, today) };
}

/**
 * Decisions naming a threat (`threat:`, optionally `element:`) cover its open or unverified instances;
 * a live one makes them `accepted`, an expired one stops applying. The first matching decision wins.
 */
export function applyThreatDecisions(instances: ThreatInstance[], risks: readonly RiskDecision[], today: string): DecisionOutcome[] {
  return applyInOrder(risks, today, (d) => d.threat !== undefined, (decision, index, state) => {
    const covers: string[] = [];
    for (const t of instances) {
      if (t.threat !== decision.threat) continue;
      if (decision.element !== undefined && t.element !== decision.element) continue;
      if (t.decision !== undefined) continue;
      const from = t.status === 'open' || t.status === 'unverified' ? t.status : t.status === 'accepted' ? t.acceptedFrom : undefined;
      if (from === undefined) continue;
      covers.push(threatKey(t));
      t.decision = index;
      if (state === 'live') {
        t.status = 'accepted';
        t.acceptedFrom = from;
        const about = [decision.status.replace('-', ' '), ...(decision.owner ? [`owner ${decision.owner}`] : []), ...(decision.expires ? [`until ${decision.expires}`] : [])];
        t.reason = `Accepted: a live risk decision covers it (${about.join('; ')}). Without it: ${t.reason.replace(/^(Open|Unverified|Accepted): /, '')}`;
      }
    }
    return covers;
  });
}

export interface StrideSummary {
  /** Threat instances by status, over all letters. */
  byStatus: Record<ThreatStatus, number>;
  /** Per letter: threat instances by status. */
  byLetter: Record<StrideLetter, Record<ThreatStatus, number>>;
  /** Per element with at least one threat, in model order: instances per letter and open ones. */
  byElement: Array<{ element: string; elementKind: ElementKind; threats: Record<StrideLetter, number>; open: Record<StrideLetter, number> }>;
}

export function summarizeStride(instances: readonly ThreatInstance[], ctx: EvaluationContext): StrideSummary {
  const letters = () => Object.fromEntries(STRIDE.map((l) => [l, 0])) as Record<StrideLetter, number>;
  const statuses = () => Object.fromEntries(THREAT_STATUSES.map((s) => [s, 0])) as Record<ThreatStatus, number>;
  const byLetter = Object.fromEntries(STRIDE.map((l) => [l, statuses()])) as Record<StrideLetter, Record<ThreatStatus, number>>;
  const byStatus = statuses();
  const rows = new Map<string, StrideSummary['byElement'][number]>();
  for (const t of instances) {
    byStatus[t.status]++;
    byLetter[t.stride][t.status]++;
    let row = rows.get(t.element);
    if (!row) rows.set(t.element, (row = { element: t.element, elementKind: t.elementKind, threats: letters(), open: letters() }));
    row.threats[t.stride]++;
    if (t.status === 'open') row.open[t.stride]++;
  }
  const order = ctx.index.order;
  const byElement = [...rows.values()].sort((a, b) => order.get(a.element)! - order.get(b.element)!);
  return { byStatus, byLetter, byElement };
}
