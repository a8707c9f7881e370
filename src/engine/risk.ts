// Risk of a threat on one element: likelihood × impact on a 4×4 matrix, raised by the element's
// exposure and the data it carries, lowered by the mitigating controls that are met.
// Pure and deterministic. The method is explained for readers in docs/methodology.md; keep both in step.
import { LEVELS, type Level } from '../catalog/threat.js';
import type { ModelElement } from '../model/elements.js';
import type { EvaluationContext } from './context.js';

export const LEVEL_RANK: Record<Level, number> = { low: 1, medium: 2, high: 3, critical: 4 };

function levelOf(rank: number): Level {
  return LEVELS[Math.min(4, Math.max(1, rank)) - 1]!;
}

/**
 * The risk matrix: RISK_MATRIX[likelihood][impact]. It follows the product of the ranks
 * (low 1 … critical 4): 1–2 low, 3–4 medium, 6–9 high, 12–16 critical.
 */
export const RISK_MATRIX: Record<Level, Record<Level, Level>> = {
  low: { low: 'low', medium: 'low', high: 'medium', critical: 'medium' },
  medium: { low: 'low', medium: 'medium', high: 'high', critical: 'high' },
  high: { low: 'medium', medium: 'high', high: 'high', critical: 'critical' },
  critical: { low: 'medium', medium: 'high', high: 'critical', critical: 'critical' },
};

export function riskLevel(likelihood: Level, impact: Level): Level {
  return RISK_MATRIX[likelihood][impact];
}

export interface RiskRating {
  likelihood: Level;
  impact: Level;
  /** likelihood rank × impact rank, 1–16: orders threats within a level. */
  score: number;
  level: Level;
}

export function rating(likelihood: Level, impact: Level): RiskRating {
  return { likelihood, impact, score: LEVEL_RANK[likelihood] * LEVEL_RANK[impact], level: riskLevel(likelihood, impact) };
}

/** Data that makes an element critical: carrying it raises impact by one level. */
export const CRITICAL_DATA = ['commands', 'credentials', 'firmware', 'personal'] as const;
export type CriticalData = (typeof CRITICAL_DATA)[number];

/** Fleet size (sum of stated device counts) from which a fleet counts as large. */
export const LARGE_FLEET = 1000;
/** Likelihood levels added for exposure, however many factors hold (they overlap). */
export const MAX_EXPOSURE_STEPS = 1;
/** Meeting every mitigating control lowers likelihood by this many levels (one per third met). */
export const MITIGATION_STEPS = 3;

export const EXPOSURE_FACTORS = ['internet', 'public-deployment', 'large-fleet'] as const;
export type ExposureFactor = (typeof EXPOSURE_FACTORS)[number];

export interface RiskFactors {
  /** What raises likelihood, in EXPOSURE_FACTORS order. */
  exposure: ExposureFactor[];
  /** Critical data the element carries, in CRITICAL_DATA order. */
  criticalData: CriticalData[];
}

/** Inherent risk: the threat's likelihood and impact, adjusted for exposure and criticality. */
export function inherentRisk(likelihood: Level, impact: Level, factors: RiskFactors): RiskRating {
  const l = LEVEL_RANK[likelihood] + Math.min(MAX_EXPOSURE_STEPS, factors.exposure.length);
  const i = LEVEL_RANK[impact] + (factors.criticalData.length > 0 ? 1 : 0);
  return rating(levelOf(l), levelOf(i));
}

/** Levels of likelihood removed when `met` of `relevant` mitigating findings are met: ⌊3 × met / relevant⌋. */
export function mitigationSteps(met: number, relevant: number): number {
  if (relevant <= 0 || met <= 0) return 0;
  return Math.floor((MITIGATION_STEPS * Math.min(met, relevant)) / relevant);
}

/** Residual risk: likelihood lowered by the share of met mitigating controls, never below low; impact unchanged. */
export function residualRisk(inherent: RiskRating, met: number, relevant: number): RiskRating {
  return rating(levelOf(LEVEL_RANK[inherent.likelihood] - mitigationSteps(met, relevant)), inherent.impact);
}

/** Orders ratings from the highest risk: level, then score, then likelihood. */
export function compareRisk(a: RiskRating, b: RiskRating): number {
  return LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || b.score - a.score || LEVEL_RANK[b.likelihood] - LEVEL_RANK[a.likelihood];
}

// ---- What an element is exposed to and what it carries -------------------------------------------

/** Relations between elements, indexed once per model so that rating every element stays linear. */
export interface Relations {
  devices: ModelElement[];
  flows: ModelElement[];
  /** Element id → flows from or to it. */
  flowsAt: Map<string, ModelElement[]>;
  /** Enrollment group id → devices that name it. */
  enrolled: Map<string, ModelElement[]>;
  /** Boundary id → elements that name it as their boundary. */
  inBoundary: Map<string, ModelElement[]>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function buildRelations(ctx: EvaluationContext): Relations {
  const r: Relations = { devices: ctx.index.byKind.get('device') ?? [], flows: ctx.index.byKind.get('flow') ?? [], flowsAt: new Map(), enrolled: new Map(), inBoundary: new Map() };
  for (const e of ctx.index.byId.values()) {
    if (e.kind === 'device') {
      const g = (e.data.identity as Record<string, unknown> | undefined)?.enrollmentGroup;
      if (typeof g === 'string') push(r.enrolled, g, e);
    }
    if (e.kind === 'flow') {
      push(r.flowsAt, String(e.data.from), e);
      if (e.data.to !== e.data.from) push(r.flowsAt, String(e.data.to), e);
    }
    if (typeof e.data.boundary === 'string' && e.kind !== 'boundary') push(r.inBoundary, e.data.boundary, e);
  }
  return r;
}

function uniq(xs: ModelElement[]): ModelElement[] {
  return [...new Set(xs)];
}

/**
 * Devices an element stands for when judging fleet size and physical exposure:
 * a device itself; a flow's device endpoints; an edge's gateway devices and the devices with a flow
 * to or from it; a service's devices with a flow to or from it; an enrollment group's enrolled devices;
 * a boundary's devices; every device for the solution; none for a principal.
 */
export function devicesOf(e: ModelElement, ctx: EvaluationContext, rel: Relations): ModelElement[] {
  const device = (id: unknown): ModelElement[] => {
    const d = ctx.index.byId.get(String(id));
    return d && d.kind === 'device' ? [d] : [];
  };
  const peers = (id: string) => (rel.flowsAt.get(id) ?? []).flatMap((f) => device(f.data.from === id ? f.data.to : f.data.from));
  switch (e.kind) {
    case 'device': return [e];
    case 'flow': return uniq([...device(e.data.from), ...device(e.data.to)]);
    case 'edge': return uniq([...((e.data.gatewayFor as unknown[] | undefined) ?? []).flatMap(device), ...peers(e.id)]);
    case 'service': return uniq(peers(e.id));
    case 'enrollment-group': return rel.enrolled.get(e.id) ?? [];
    case 'boundary': return (rel.inBoundary.get(e.id) ?? []).filter((x) => x.kind === 'device');
    case 'solution': return rel.devices;
    case 'principal': return [];
  }
}

/** Flows that touch an element: a flow itself; flows from or to the element, or to what it contains. */
export function flowsOf(e: ModelElement, rel: Relations): ModelElement[] {
  if (e.kind === 'flow') return [e];
  if (e.kind === 'solution') return rel.flows;
  const members = [e, ...(e.kind === 'enrollment-group' ? rel.enrolled.get(e.id) ?? [] : []), ...(e.kind === 'boundary' ? rel.inBoundary.get(e.id) ?? [] : [])];
  return uniq(members.flatMap((m) => rel.flowsAt.get(m.id) ?? []));
}

/** Exposure and criticality of an element, from stated properties only (see docs/methodology.md). */
export function riskFactors(e: ModelElement, ctx: EvaluationContext, rel: Relations = buildRelations(ctx)): RiskFactors {
  const flows = flowsOf(e, rel);
  const devices = devicesOf(e, ctx, rel);
  const boundary = e.kind === 'boundary' ? e : ctx.index.byId.get(String(e.data.boundary));
  const boundaryKind = boundary?.kind === 'boundary' ? boundary.data.kind : undefined;
  const exposure: ExposureFactor[] = [];
  if (boundaryKind === 'internet' || flows.some((f) => f.data.network === 'internet')) exposure.push('internet');
  if (devices.some((d) => d.data.deployment === 'public')) exposure.push('public-deployment');
  const fleet = devices.reduce((n, d) => n + (typeof d.data.count === 'number' ? d.data.count : 1), 0);
  if (fleet >= LARGE_FLEET) exposure.push('large-fleet');
  const carried = new Set(flows.flatMap((f) => (Array.isArray(f.data.data) ? (f.data.data as string[]) : [])));
  const criticalData = CRITICAL_DATA.filter((d) => carried.has(d));
  return { exposure, criticalData };
}
