// Section 2 of the report, the architecture: the diagrams (Mermaid source, rendered outside the view
// model), the legend, the boundaries, the inventory and the data flows. Pure, like the rest of the
// view model. The colour of an element (its tone: worst finding) is an input, decided by the caller.
import type { ModelElement } from '../../model/elements.js';
import { AUTH_LABEL, KIND_LABEL, PROTOCOL_LABEL, SERVICE_TYPE_LABEL } from '../labels.js';
import { architectureDiagrams, TONE_COLORS, type ArchitectureGraph, type DiagramLimits, type DiagramSpec, type GraphFlow, type GraphNode, type Tone } from '../mermaid.js';
import type { Chip, ElementRef } from '../view-model.js';
import { formatNumber } from '../../util/words.js';

export interface ArchitectureInput {
  /** Every element of the model, in model order. */
  elements: ReadonlyMap<string, ModelElement>;
  ref: (id: string) => ElementRef;
  /** Rows per long table (inventory and flows show twice this many). */
  cap: number;
  /** The colour of an element or flow: its one status over controls and threats (element-status.ts). */
  toneOf: (id: string) => Tone;
  /** The chip of that status, as every other section shows it. */
  statusChip: (id: string) => Chip;
  /** Diagram size limits (tests lower them). */
  diagramLimits?: DiagramLimits;
}

const STORES = new Set(['storage', 'cosmos-db', 'data-explorer']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The first `cap` items as rows (only those are built) and how many more there are. */
function capped<T, R>(items: readonly T[], cap: number, row: (item: T) => R): { rows: R[]; more: number } {
  return { rows: (items.length > cap ? items.slice(0, cap) : items).map((x) => row(x)), more: Math.max(0, items.length - cap) };
}

function flowLabel(d: Record<string, unknown>): string[] {
  const protocol = PROTOCOL_LABEL[str(d.protocol) ?? ''] ?? 'protocol ?';
  const tls = d.tls === undefined ? 'TLS ?' : d.tls === 'none' ? 'no TLS' : `TLS ${str(d.tls)}`;
  const auth = AUTH_LABEL[str(d.auth) ?? ''] ?? 'auth ?';
  // Short lines: an edge label's width widens its whole rank in a left-to-right layout.
  return [`${protocol} · ${tls}`, auth];
}

/** A service's export (`exports: [{to, auth}]`), and the flow of the model that carries it, if any. */
interface ExportLine {
  id: string;
  from: string;
  to: string;
  auth?: string;
  authLabel: string;
  flow?: string;
}

function exportsOf(all: readonly ModelElement[], flows: readonly ModelElement[]): ExportLine[] {
  const out: ExportLine[] = [];
  for (const e of all) {
    if (e.kind !== 'service' || !Array.isArray(e.data.exports)) continue;
    (e.data.exports as Array<{ to?: unknown; auth?: unknown }>).forEach((x, i) => {
      const to = str(x.to);
      if (to === undefined) return;
      const auth = str(x.auth);
      const flow = flows.find((f) => f.data.from === e.id && f.data.to === to);
      out.push({ id: `${e.id}\u0000export\u0000${i}`, from: e.id, to, ...(auth !== undefined ? { auth } : {}), authLabel: AUTH_LABEL[auth ?? ''] ?? 'auth not stated', ...(flow ? { flow: flow.id } : {}) });
    });
  }
  return out;
}

/** A figure as the template shows it; `textPt` once rendered and measured. */
export interface Figure {
  key: string;
  title: string;
  number: number;
  collapsed: boolean;
  nodes: number;
  edges: number;
  /** Smallest text of the figure as printed, in pt (font size × printed scale): known after rendering. */
  textPt?: number;
}

const TONE_LEGEND = ['critical', 'high', 'medium', 'low', 'unknown', 'ok', 'none'] as const;

/** What a colour means in the figures (see element-status.ts). */
const TONE_WORDS: Record<Tone, string> = {
  critical: 'Critical gap or open threat',
  high: 'High gap or open threat',
  medium: 'Medium gap or open threat',
  low: 'Low gap or open threat',
  unknown: 'To verify (unknown)',
  ok: 'All met',
  none: 'Not assessed',
};

/** The figures, their sources and the legend that goes with them. */
function figures(specs: readonly DiagramSpec[], textPt?: ReadonlyMap<string, number>) {
  const src = specs.map((d) => d.source).join('\n');
  const diagrams: Figure[] = specs.map((d, i) => ({ key: d.key, title: d.title, number: i + 1, collapsed: d.collapsed, nodes: d.nodes, edges: d.edges, ...(textPt?.has(d.key) ? { textPt: textPt.get(d.key)! } : {}) }));
  return {
    diagrams,
    /** The Mermaid source of each diagram, by key: rendered to SVG outside the view model. */
    sources: [...specs],
    split: specs.length > 1,
    /** Smallest printed text over all figures, in pt (after rendering). */
    smallestTextPt: textPt && diagrams.length > 0 ? Math.min(...diagrams.map((d) => d.textPt ?? Infinity)) : undefined,
    legend: {
      shapes: [
        { shape: 'device', label: 'Device or fleet' },
        { shape: 'edge', label: 'Edge runtime / gateway' },
        { shape: 'service', label: 'Cloud service' },
        { shape: 'store', label: 'Data store' },
        { shape: 'principal', label: 'Principal (user, app, identity) with a data flow' },
        ...(specs.some((d) => d.collapsed) ? [{ shape: 'summary', label: 'Boundary or fleet drawn as one box' }] : []),
        ...(src.includes('class ') && / stub$/m.test(src) ? [{ shape: 'stub', label: 'Element of another figure (its name only)' }] : []),
        ...(src.includes('b_outside[') ? [{ shape: 'outside', label: 'Outside any trust boundary (not a boundary)' }] : []),
      ],
      tones: TONE_LEGEND.filter((t) => t !== 'none' || new RegExp(`^  linkStyle .*stroke:${TONE_COLORS.none}`, 'm').test(src)).map((t) => ({ color: TONE_COLORS[t], dashed: t === 'unknown', label: TONE_WORDS[t] })),
    },
  };
}

type Architecture = ReturnType<typeof architectureSection>;

/**
 * The section with the figures actually drawn (after rendering, measuring and refining the ones that
 * printed too small), each with its smallest printed text size.
 */
export function withFigures(arch: Architecture, specs: readonly DiagramSpec[], textPt: ReadonlyMap<string, number>): Architecture {
  return { ...arch, ...figures(specs, textPt) };
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
      const detail = [str(d.kind) ?? 'device', count !== undefined && count !== 1 ? `×${formatNumber(count)}` : undefined].filter(Boolean).join(' ');
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
  const flowElements = all.filter((e) => e.kind === 'flow');
  // Principals are drawn only as ends of data flows; who holds which role is the access table's.
  const ends = new Set(flowElements.flatMap((e) => [String(e.data.from), String(e.data.to)]));
  const drawn = nodes.filter((n) => n.kind !== 'principal' || ends.has(n.id));
  const nodeIds = new Set(drawn.map((n) => n.id));
  const exports = exportsOf(all, flowElements);
  const flows: GraphFlow[] = flowElements
    .filter((e) => nodeIds.has(String(e.data.from)) && nodeIds.has(String(e.data.to)))
    .map((e) => {
      const label = flowLabel(e.data);
      // A flow that carries a service's export says so on its first line.
      return { id: e.id, from: String(e.data.from), to: String(e.data.to), label: exports.some((x) => x.flow === e.id) ? ['export', ...label] : label, tone: tone(e.id) };
    });
  // Exports with no flow of their own are data flows too: drawn with their authentication.
  for (const x of exports) {
    if (x.flow === undefined && nodeIds.has(x.from) && nodeIds.has(x.to)) flows.push({ id: x.id, from: x.from, to: x.to, label: ['export', x.authLabel], tone: 'none' });
  }
  const graph: ArchitectureGraph = {
    boundaries: all.filter((e) => e.kind === 'boundary').map((e) => ({ id: e.id, name: e.name, ...(str(e.data.kind) ? { kind: str(e.data.kind)! } : {}), ...(str(e.data.inside) && boundaryIds.has(str(e.data.inside)!) ? { parent: str(e.data.inside)! } : {}) })),
    nodes: drawn,
    flows,
  };
  const diagrams: DiagramSpec[] = architectureDiagrams(graph, input.diagramLimits);
  const boundaryName = (id: unknown) => (typeof id === 'string' && boundaryIds.has(id) ? input.elements.get(id)!.name : '—');

  const facts = (e: ModelElement): string => {
    const d = e.data;
    const id = d.identity as Record<string, unknown> | undefined;
    switch (e.kind) {
      case 'device':
        return [str(d.kind), d.count !== undefined ? `${formatNumber(Number(d.count))} units` : undefined, str(d.deployment) ? `${str(d.deployment)} deployment` : undefined, str(id?.method) ? `identity ${str(id?.method)}` : undefined, str(id?.provisioning) ? `provisioned by ${str(id?.provisioning)}` : undefined].filter(Boolean).join(' · ');
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
    (e) => ({ ref: input.ref(e.id), kind: KIND_LABEL[e.kind], boundary: boundaryName(e.data.boundary), facts: facts(e), tone: input.statusChip(e.id) }),
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
        tone: input.statusChip(e.id),
      };
    },
  );
  // Elements per boundary, nested ones included: a boundary that holds nothing is named as such.
  const held = new Map<string, number>();
  for (const n of nodes) {
    const seen = new Set<string>();
    for (let b = n.boundary; b !== undefined && boundaryIds.has(b) && !seen.has(b); b = str(input.elements.get(b)!.data.inside)) {
      seen.add(b);
      held.set(b, (held.get(b) ?? 0) + 1);
    }
  }
  const boundaries = all
    .filter((e) => e.kind === 'boundary')
    .map((e) => ({ ref: input.ref(e.id), kind: str(e.data.kind) ?? '—', inside: boundaryName(e.data.inside), elements: held.get(e.id) ?? 0, held: held.has(e.id) ? formatNumber(held.get(e.id)!) : 'no elements' }));
  const access = capped(
    all.filter((e) => e.kind === 'principal' && Array.isArray(e.data.assignments)).flatMap((e) =>
      (e.data.assignments as Array<Record<string, unknown>>).map((x) => ({ principal: input.ref(e.id), role: str(x.role) ?? '—', scope: str(x.scope) ?? 'not stated', on: str(x.on) !== undefined && input.elements.has(str(x.on)!) ? input.ref(str(x.on)!).name : '—', drawn: nodeIds.has(e.id) })),
    ),
    input.cap * 2,
    (r) => r,
  );
  const exportRows = exports.map((x) => ({ id: x.id, from: input.ref(x.from), to: input.ref(x.to), auth: x.authLabel, flow: x.flow !== undefined ? input.ref(x.flow) : undefined }));
  const loose = drawn.filter((n) => n.boundary === undefined);
  return {
    ...figures(diagrams),
    /** The graph the diagrams are drawn from, for refining a figure that prints too small. */
    graph,
    limits: input.diagramLimits,
    emptyBoundaries: boundaries.filter((b) => b.elements === 0).map((b) => b.ref.name),
    /** Elements in no trust boundary, drawn in the "Outside any trust boundary" group. */
    outside: loose.map((n) => n.name),
    access: access.rows,
    accessMore: access.more,
    exports: exportRows,
    counts: {
      devices: nodes.filter((n) => n.kind === 'device').length,
      units: nodes.filter((n) => n.kind === 'device').reduce((s, n) => s + (n.units ?? 1), 0),
      edges: nodes.filter((n) => n.kind === 'edge').length,
      services: nodes.filter((n) => n.kind === 'service').length,
      principals: nodes.filter((n) => n.kind === 'principal').length,
      principalsDrawn: drawn.filter((n) => n.kind === 'principal').length,
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
