// What the engine knows about a model beyond each element's own properties: relations between
// elements and derived facts, reachable from conditions as `$name` paths. Built once per model.
import type { ElementIndex, ModelElement } from '../model/elements.js';
import type { SolutionModel } from '../model/schema.js';

export interface EvaluationContext {
  model: SolutionModel;
  index: ElementIndex;
  /** Tabs of "Secure your IoT solutions" that apply; both when the model does not say. */
  architectures: ReadonlySet<'cloud' | 'edge'>;
  /** Edge that lists a device in `gatewayFor`. */
  gatewayOf: ReadonlyMap<string, ModelElement>;
  /** Enrollment group id → owning service element. */
  serviceOfGroup: ReadonlyMap<string, ModelElement>;
  /** Ids of services a DPS lists in `linkedHubs`. */
  linkedByDps: ReadonlySet<string>;
}

export function buildContext(model: SolutionModel, index: ElementIndex): EvaluationContext {
  const arch = model.solution.architecture;
  const architectures = new Set<'cloud' | 'edge'>(arch === undefined ? ['cloud', 'edge'] : Array.isArray(arch) ? arch : [arch]);
  const gatewayOf = new Map<string, ModelElement>();
  const serviceOfGroup = new Map<string, ModelElement>();
  const linkedByDps = new Set<string>();
  for (const e of index.all) {
    if (e.kind === 'service' && e.data.type === 'dps') for (const h of (e.data.linkedHubs as string[] | undefined) ?? []) linkedByDps.add(h);
    if (e.kind === 'edge') for (const d of (e.data.gatewayFor as string[] | undefined) ?? []) if (!gatewayOf.has(d)) gatewayOf.set(d, e);
    if (e.kind === 'enrollment-group' && e.parent !== undefined) {
      const svc = index.byId.get(e.parent);
      if (svc) serviceOfGroup.set(e.id, svc);
    }
  }
  return { model, index, architectures, gatewayOf, serviceOfGroup, linkedByDps };
}

/** Properties holding an element id: `$name` follows them to that element (also inside list items). */
export const REFERENCE_FIELDS: ReadonlySet<string> = new Set(['to', 'from', 'on', 'runsOn', 'boundary', 'inside', 'enrollmentGroup']);

/** A derived fact: either a value, or another element whose properties the path continues into. */
export type Fact = { value: unknown } | { element: ModelElement } | undefined;

function related(ctx: EvaluationContext, id: unknown): Fact {
  if (typeof id !== 'string') return undefined;
  const e = ctx.index.byId.get(id);
  return e ? { element: e } : undefined;
}

function boundaryId(ctx: EvaluationContext, id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const e = ctx.index.byId.get(id);
  return e && typeof e.data.boundary === 'string' ? e.data.boundary : undefined;
}

/** Boundary id an element sits in; a device behind a gateway without its own boundary sits with it. */
function effectiveBoundary(ctx: EvaluationContext, id: unknown): string | undefined {
  const own = boundaryId(ctx, id);
  if (own !== undefined || typeof id !== 'string') return own;
  const gw = ctx.gatewayOf.get(id);
  return gw ? boundaryId(ctx, gw.id) : undefined;
}

/** How a value fact reads in a finding's reason ("crosses a trust boundary is false (expected true)"). */
export const FACT_LABELS: Record<string, string> = {
  kind: 'element kind',
  environment: 'solution.environment',
  boundaryKind: 'boundary kind',
  hasGateway: 'connects through a field gateway',
  linkedByDps: 'linked by a DPS',
  fromKind: 'source kind',
  toKind: 'target kind',
  crossesBoundary: 'crosses a trust boundary',
  hasIotCentral: 'the solution has an IoT Central application',
};

/** The facts a `$name` path segment can name. Documented in docs/catalog-format.md. */
export const FACTS: Record<string, (e: ModelElement, ctx: EvaluationContext) => Fact> = {
  kind: (e) => ({ value: e.kind }),
  environment: (_e, ctx) => (ctx.model.solution.environment === undefined ? undefined : { value: ctx.model.solution.environment }),
  solution: (_e, ctx) => related(ctx, 'solution'),
  boundary: (e, ctx) => related(ctx, e.data.boundary),
  boundaryKind: (e, ctx) => {
    const b = ctx.index.byId.get(effectiveBoundary(ctx, e.id) ?? '');
    return b && b.data.kind !== undefined ? { value: b.data.kind } : undefined;
  },
  gateway: (e, ctx) => {
    const gw = ctx.gatewayOf.get(e.id);
    return gw ? { element: gw } : undefined;
  },
  hasGateway: (e, ctx) => ({ value: ctx.gatewayOf.has(e.id) }),
  linkedByDps: (e, ctx) => ({ value: ctx.linkedByDps.has(e.id) }),
  enrollmentGroup: (e, ctx) => related(ctx, (e.data.identity as { enrollmentGroup?: string } | undefined)?.enrollmentGroup),
  service: (e, ctx) => {
    const s = ctx.serviceOfGroup.get(e.id);
    return s ? { element: s } : undefined;
  },
  from: (e, ctx) => related(ctx, e.data.from),
  to: (e, ctx) => related(ctx, e.data.to),
  fromKind: (e, ctx) => {
    const f = related(ctx, e.data.from);
    return f && 'element' in f ? { value: f.element.kind } : undefined;
  },
  toKind: (e, ctx) => {
    const t = related(ctx, e.data.to);
    return t && 'element' in t ? { value: t.element.kind } : undefined;
  },
  // Solution-wide: some controls concern a product only a solution with it has (IoT Central roles on principals).
  hasIotCentral: (_e, ctx) => ({ value: (ctx.index.byKind.get('service') ?? []).some((s) => s.data.type === 'iot-central') }),
  crossesBoundary: (e, ctx) => {
    if (e.kind !== 'flow') return undefined;
    if (e.data.network === 'internet') return { value: true };
    const a = effectiveBoundary(ctx, e.data.from);
    const b = effectiveBoundary(ctx, e.data.to);
    // Principals (people, apps) sit outside every boundary of the model.
    const fromPrincipal = ctx.index.byId.get(String(e.data.from))?.kind === 'principal';
    const toPrincipal = ctx.index.byId.get(String(e.data.to))?.kind === 'principal';
    if (fromPrincipal !== toPrincipal) return { value: true };
    if (a === undefined || b === undefined) return undefined;
    return { value: a !== b };
  },
};
