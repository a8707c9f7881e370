// What the engine knows about a model beyond each element's own properties: relations between
// elements and derived facts, reachable from conditions as `$name` paths. Built once per model.
import type { ElementIndex, ModelElement } from '../model/elements.js';
import type { ObservedProvenance } from '../model/provenance.js';
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
  /** Element id → flows from or to it, in model order. */
  flowsAt: ReadonlyMap<string, readonly ModelElement[]>;
  /** Ids of boundaries that hold a device or an edge, directly or in a boundary nested in them. */
  holdsIot: ReadonlySet<string>;
  /** Element id → property → evidence that filled it (only when the run has evidence; `index` holds the merged view). */
  filled?: ReadonlyMap<string, ReadonlyMap<string, ObservedProvenance>>;
}

/** Field protocols an edge speaks to plant equipment: the equipment has no cloud connection of its own. */
export const FIELD_PROTOCOLS: ReadonlySet<string> = new Set(['opc-ua', 'modbus']);

export function buildContext(model: SolutionModel, index: ElementIndex, filled?: ReadonlyMap<string, ReadonlyMap<string, ObservedProvenance>>): EvaluationContext {
  const arch = model.solution.architecture;
  const architectures = new Set<'cloud' | 'edge'>(arch === undefined ? ['cloud', 'edge'] : Array.isArray(arch) ? arch : [arch]);
  const gatewayOf = new Map<string, ModelElement>();
  const serviceOfGroup = new Map<string, ModelElement>();
  const linkedByDps = new Set<string>();
  const flowsAt = new Map<string, ModelElement[]>();
  const at = (id: unknown, f: ModelElement) => {
    if (typeof id !== 'string') return;
    const list = flowsAt.get(id);
    if (list) list.push(f);
    else flowsAt.set(id, [f]);
  };
  for (const e of index.byId.values()) {
    if (e.kind !== 'flow') continue;
    at(e.data.from, e);
    if (e.data.to !== e.data.from) at(e.data.to, e);
  }
  for (const e of index.all) {
    if (e.kind === 'service' && e.data.type === 'dps') for (const h of (e.data.linkedHubs as string[] | undefined) ?? []) linkedByDps.add(h);
    if (e.kind === 'edge') for (const d of (e.data.gatewayFor as string[] | undefined) ?? []) if (!gatewayOf.has(d)) gatewayOf.set(d, e);
    if (e.kind === 'enrollment-group' && e.parent !== undefined) {
      const svc = index.byId.get(e.parent);
      if (svc) serviceOfGroup.set(e.id, svc);
    }
  }
  const holdsIot = new Set<string>();
  for (const e of index.byId.values()) {
    if (e.kind !== 'device' && e.kind !== 'edge') continue;
    let b = typeof e.data.boundary === 'string' ? e.data.boundary : e.kind === 'device' ? gatewayOf.get(e.id)?.data.boundary : undefined;
    // Up the `inside` chain; a cycle is a validation error, but stop on one all the same.
    while (typeof b === 'string' && !holdsIot.has(b)) {
      holdsIot.add(b);
      b = index.byId.get(b)?.data.inside;
    }
  }
  const ctx: EvaluationContext = { model, index, architectures, gatewayOf, serviceOfGroup, linkedByDps, flowsAt, holdsIot };
  if (filled !== undefined && filled.size > 0) ctx.filled = filled;
  return ctx;
}

/**
 * For a device: true when it has flows and every one is a field protocol (OPC UA, Modbus) with an edge at
 * the other end — plant equipment an edge polls or writes to; false when a flow uses another stated
 * protocol or reaches something other than an edge; unknown when it has no flow or a protocol is unstated.
 */
function fieldProtocolOnly(e: ModelElement, ctx: EvaluationContext): boolean | undefined {
  if (e.kind !== 'device') return false;
  const flows = ctx.flowsAt.get(e.id) ?? [];
  if (flows.length === 0) return undefined;
  let unknown = false;
  for (const f of flows) {
    const other = ctx.index.byId.get(String(f.data.from === e.id ? f.data.to : f.data.from));
    if (other !== undefined && other.kind !== 'edge') return false;
    if (f.data.protocol === undefined) unknown = true;
    else if (!FIELD_PROTOCOLS.has(String(f.data.protocol))) return false;
  }
  return unknown ? undefined : true;
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
  fieldProtocolOnly: 'reached only over field protocols (OPC UA, Modbus) by an edge',
  noIdentity: 'has no device identity of its own',
  opcUaEncrypted: 'OPC UA secure channel signs and encrypts',
  holdsIot: 'holds devices or edges',
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
  fieldProtocolOnly: (e, ctx) => {
    const v = fieldProtocolOnly(e, ctx);
    return v === undefined ? undefined : { value: v };
  },
  // For a device always decided, so that "applies unless it has no identity" never turns its findings
  // unknown: true only when identity.method is none, or no method is stated and the device is reached only
  // over field protocols by an edge (a protocol-translating gateway connects on its behalf). For an edge:
  // an Azure IoT Operations cluster has none (it reaches the cloud with its managed identity); an IoT Edge
  // device or a custom gateway registers like a device; an unstated runtime leaves it unknown.
  noIdentity: (e, ctx) => {
    if (e.kind === 'edge') return e.data.runtime === undefined ? undefined : { value: e.data.runtime === 'iot-operations' };
    if (e.kind !== 'device') return { value: false };
    const method = (e.data.identity as { method?: string } | undefined)?.method;
    if (method !== undefined) return { value: method === 'none' };
    return { value: fieldProtocolOnly(e, ctx) === true };
  },
  holdsIot: (e, ctx) => ({ value: e.kind === 'boundary' && ctx.holdsIot.has(e.id) }),
  // OPC UA protects its own secure channel instead of TLS. False for any other (or an unstated) protocol, so that
  // "TLS 1.2, or an encrypted OPC UA channel" stays decided on flows of other protocols.
  opcUaEncrypted: (e) => {
    if (e.kind !== 'flow' || e.data.protocol !== 'opc-ua') return { value: false };
    return e.data.securityMode === undefined ? undefined : { value: e.data.securityMode === 'sign-and-encrypt' };
  },
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
