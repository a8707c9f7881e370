// Section 2 of the report, the architecture: the diagrams (Mermaid source, rendered outside the view
// model), the legend, the boundaries, the inventory and the data flows. Pure, like the rest of the
// view model. The colour of an element (its tone: worst finding) is an input, decided by the caller.
import { cmp } from '../../model/diagnostics.js';
import type { ModelElement } from '../../model/elements.js';
import { AUTH_LABEL, KIND_LABEL, PROTOCOL_LABEL, SERVICE_TYPE_LABEL, SEVERITY_LABEL } from '../labels.js';
import { architectureDiagrams, TONE_COLORS, type ArchitectureGraph, type DiagramLimits, type DiagramSpec, type GraphFlow, type GraphNode, type Tone } from '../mermaid.js';
import type { Chip, ElementRef } from '../view-model.js';

export interface ArchitectureInput {
  /** Every element of the model, in model order. */
  elements: ReadonlyMap<string, ModelElement>;
  ref: (id: string) => ElementRef;
  /** Rows per long table (inventory and flows show twice this many). */
  cap: number;
  /** The colour of an element or flow: its worst finding. */
  toneOf: (id: string) => Tone;
  /** Diagram size limits (tests lower them). */
  diagramLimits?: DiagramLimits;
}

const STORES = new Set(['storage', 'cosmos-db', 'data-explorer']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** The first `cap` items as rows (only those are built) and how many more there are. */
function capped<T, R>(items: readonly T[], cap: number, row: (item: T) => R): { rows: R[]; more: number } {
  return { rows: (items.length > cap ? items.slice(0, cap) : items).map((x) => row(x)), more: Math.max(0, items.length - cap) };
}

function flowLabel(d: Record<string, unknown>): string[] {
  const protocol = PROTOCOL_LABEL[str(d.protocol) ?? ''] ?? 'protocol ?';
  const tls = d.tls === undefined ? 'TLS ?' : d.tls === 'none' ? 'no TLS' : `TLS ${str(d.tls)}`;
  const auth = AUTH_LABEL[str(d.auth) ?? ''] ?? 'auth ?';
  return [protocol, `${tls} · ${auth}`];
}

export function architectureSection(input: ArchitectureInput) {
  const tone = input.toneOf;
  const all = [...input.elements.values()];
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
  const diagrams: DiagramSpec[] = architectureDiagrams(graph, input.diagramLimits);
  const toneChip = (t: Tone): Chip => ({ text: t === 'ok' ? 'All met' : t === 'none' ? 'Not assessed' : t === 'unknown' ? 'Unknown' : `${SEVERITY_LABEL[t]} gap`, cls: `tone-${t}` });
  const boundaryName = (id: unknown) => (typeof id === 'string' && boundaryIds.has(id) ? input.elements.get(id)!.name : '—');

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
    input.cap * 2,
    (e) => ({ ref: input.ref(e.id), kind: KIND_LABEL[e.kind], boundary: boundaryName(e.data.boundary), facts: facts(e), tone: toneChip(tone(e.id)) }),
  );
  const flowRows = capped(
    all.filter((e) => e.kind === 'flow'),
    input.cap * 2,
    (e) => {
      const d = e.data;
      return {
        ref: input.ref(e.id),
        from: input.ref(String(d.from)),
        to: input.ref(String(d.to)),
        protocol: [PROTOCOL_LABEL[str(d.protocol) ?? ''] ?? '—', d.port !== undefined ? `:${str(d.port)}` : ''].join(''),
        tls: d.tls === undefined ? 'not stated' : d.tls === 'none' ? 'none' : String(d.tls),
        auth: AUTH_LABEL[str(d.auth) ?? ''] ?? 'not stated',
        network: str(d.network) ?? 'not stated',
        data: Array.isArray(d.data) ? d.data.join(', ') : '—',
        tone: toneChip(tone(e.id)),
      };
    },
  );
  const boundaries = all.filter((e) => e.kind === 'boundary').map((e) => ({ ref: input.ref(e.id), kind: str(e.data.kind) ?? '—', inside: boundaryName(e.data.inside) }));
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
