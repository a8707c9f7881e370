// Mermaid flowchart source for the architecture: trust boundaries as nested subgraphs, elements in no
// boundary in a plain "Outside any trust boundary" group, one shape per element kind, flows labelled
// with protocol / TLS / auth and coloured by their worst finding. Pure: a graph in, Mermaid source out.
// A figure is measured after rendering (render-diagrams.ts, diagram-size.ts); one whose text would
// print below 8 pt is refined here (refineDiagram): drawn top to bottom, split into an overview (each
// boundary as one node) and one figure per boundary (other boundaries' elements as stubs), nested
// boundaries next, fleets collapsed last. No diagram goes past Mermaid's limits.
//
// Labels. Mermaid's own escapes (`#quot;`) come out as the literal text "&quot;" when labels are SVG
// text (htmlLabels: false), and `%%{…}%%` anywhere in the source is read as a directive. So every
// character that means something to Mermaid, to HTML or to Markdown is replaced by a placeholder in
// Unicode's private use area (U+E000 + its code); the renderer turns placeholders into XML character
// references in the SVG it returns (restorePlaceholders). Nothing from the model can reach Mermaid's
// grammar, its directives, its entity decoding or the SVG markup.
import { pushTo } from './group.js';
import { formatNumber } from '../util/words.js';
import { breakLongWords } from './label-breaks.js';
import { shorten, showInvisibles } from '../util/text.js';

export const TONES = ['critical', 'high', 'medium', 'low', 'unknown', 'ok', 'none'] as const;
/** Worst finding of an element or flow: a gap's severity, else unknown, else ok (all met), else none (nothing assessed). */
export type Tone = (typeof TONES)[number];

/** Colours shared by diagrams, charts and badges; each has at least 4.5:1 contrast on white. */
export const TONE_COLORS: Record<Tone, string> = {
  critical: '#9f1239',
  high: '#c2410c',
  medium: '#a16207',
  low: '#1d4ed8',
  unknown: '#64748b',
  ok: '#15803d',
  none: '#94a3b8',
};

export function worstTone(tones: Iterable<Tone>): Tone {
  let best: Tone = 'none';
  for (const t of tones) if (TONES.indexOf(t) < TONES.indexOf(best)) best = t;
  return best;
}

export type NodeKind = 'device' | 'edge' | 'service' | 'principal';

export interface GraphBoundary {
  id: string;
  name: string;
  kind?: string;
  /** Id of the enclosing boundary. */
  parent?: string;
}

export interface GraphNode {
  id: string;
  name: string;
  kind: NodeKind;
  /** Second line of the label: device kind and fleet size, service type, … */
  detail?: string;
  /** Data stores are drawn as cylinders. */
  store?: boolean;
  boundary?: string;
  /** Devices: units in the fleet (count), for summaries. */
  units?: number;
  tone: Tone;
}

export interface GraphFlow {
  id: string;
  from: string;
  to: string;
  /** Lines of the label, e.g. protocol, then TLS and authentication. */
  label: string[];
  tone: Tone;
}

export interface ArchitectureGraph {
  boundaries: GraphBoundary[];
  nodes: GraphNode[];
  flows: GraphFlow[];
}

/** What a diagram shows; with the graph, enough to draw it again or to split it (refineDiagram). */
export type DiagramPlan =
  | { kind: 'whole' }
  | { kind: 'overview' }
  /** A trust boundary with its nested ones; `own`: nested boundaries collapsed to one node each. */
  | { kind: 'boundary'; id: string; level: number; own: boolean }
  | { kind: 'outside'; level: number };

/**
 * Left to right first: measured on the samples, top-to-bottom layouts came out 2.5–4.5 times wider
 * than tall (sources and principals side by side), left-to-right ones closer to a portrait page.
 * Top to bottom is the alternative tried when left to right prints too small.
 */
export type Direction = 'LR' | 'TB';

export interface DiagramSpec {
  /** Unique within a report; also the SVG id. */
  key: string;
  title: string;
  /** Device nodes drawn (a fleet counts once). */
  devices: number;
  source: string;
  direction: Direction;
  plan: DiagramPlan;
  /** Ids of the model's flows drawn as an edge of their own (not only inside an aggregated count). */
  flows: string[];
  nodes: number;
  edges: number;
  /** True when boundaries or fleets were collapsed into summary nodes. */
  collapsed: boolean;
}

export interface DiagramLimits {
  /** Hard limits: Mermaid gets slow well before its own (500 edges) and layouts become unreadable. */
  maxNodes: number;
  maxEdges: number;
  /** Mermaid's maxTextSize default; above it Mermaid draws an error message instead of the diagram. */
  maxTextSize: number;
  /**
   * Legibility on a printed page: a whole-solution diagram with more nodes is split per boundary, and
   * a boundary's diagram with more nodes has its fleets collapsed.
   */
  readableNodes: number;
  /** Devices sit in one column of a left-to-right layout: more than this many make it too tall to print. */
  readableDevices: number;
  /**
   * A whole-solution diagram with more nodes is not even rendered: measured on the samples, 12–16
   * nodes printed at 4.8–6 pt, so the split comes first (a conservative estimate: the split is
   * measured in turn). Saves the two largest renders of a report.
   */
  wholeNodes: number;
}

export const DIAGRAM_LIMITS: DiagramLimits = { maxNodes: 150, maxEdges: 300, maxTextSize: 50_000, readableNodes: 60, readableDevices: 12, wholeNodes: 10 };

// ---- Escaping ---------------------------------------------------------------------------------------

/** First code point of the placeholders: a special character c becomes PLACEHOLDER_BASE + code(c). */
export const PLACEHOLDER_BASE = 0xe000;
const SPECIAL = new Set('"#%&<>;`\\|[]{}()'.split(''));
const MAX_LABEL = 90;

/** Text for a quoted Mermaid label: one line, at most `max` characters, special characters as placeholders. */
export function mermaidText(text: string, max = MAX_LABEL): string {
  let s = showInvisibles(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  // Placeholders in the input would be turned into markup characters' references: neutralise them.
  s = shorten(s.replace(/[\ue000-\uf8ff]/g, '\ufffd'), max);
  let out = '';
  for (const c of s) out += SPECIAL.has(c) ? String.fromCharCode(PLACEHOLDER_BASE + c.charCodeAt(0)) : c;
  return out;
}

/** Placeholders back to characters, as XML character references (never markup). */
export function restorePlaceholders(svg: string): string {
  return svg.replace(/[\ue000-\ue07f]/g, (c) => `&#${c.charCodeAt(0) - PLACEHOLDER_BASE};`);
}

/** The label inside `"…"`: lines joined with Mermaid's line break, long words broken after separators. */
function label(...lines: Array<string | undefined>): string {
  return lines
    .filter((l): l is string => l !== undefined && l.trim() !== '')
    .flatMap((l) => breakLongWords(mermaidText(l)))
    .join('<br/>');
}

/** FNV-1a, 32 bits: a stable short digest for ids. */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A Mermaid id for a model id: a prefix, the id reduced to [A-Za-z0-9_] (at most 32 characters) and a
 * digest of the original, so that the mapping is stable and ids that reduce alike stay distinct.
 */
export function mermaidId(prefix: string, id: string): string {
  const safe = id.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 32);
  return `${prefix}_${safe ? safe + '_' : ''}${fnv(id)}`;
}

// ---- Drawing ----------------------------------------------------------------------------------------

type Shape = 'device' | 'edge' | 'service' | 'store' | 'principal' | 'summary' | 'stub';

interface DrawNode {
  key: string;
  lines: string[];
  shape: Shape;
  cls: NodeKind | 'summary' | 'stub';
  tone: Tone;
  cluster?: string;
}

interface DrawCluster {
  key: string;
  title: string;
  kind?: string;
  parent?: string;
}

interface DrawEdge {
  from: string;
  to: string;
  label: string[];
  tone: Tone;
  /** Ids of the model's flows this edge stands for. */
  flows: string[];
}

interface DrawGraph {
  clusters: DrawCluster[];
  nodes: DrawNode[];
  edges: DrawEdge[];
}

const OPEN: Record<Shape, [string, string]> = {
  device: ['("', '")'],
  edge: ['{{"', '"}}'],
  service: ['["', '"]'],
  store: ['[("', '")]'],
  principal: ['[/"', '"/]'],
  summary: ['[["', '"]]'],
  stub: ['(["', '"])'],
};

const CLASS_DEFS = [
  'classDef device fill:#eaf2fb,stroke:#47698f,color:#0f2537,stroke-width:1.5px',
  'classDef edge fill:#f1ebfa,stroke:#6b4f9a,color:#24163a,stroke-width:1.5px',
  'classDef service fill:#e8f5ee,stroke:#3f7a5a,color:#0f2a1c,stroke-width:1.5px',
  'classDef principal fill:#fdf2e2,stroke:#9a6a1f,color:#2f1f06,stroke-width:1.5px',
  'classDef summary fill:#f1f4f8,stroke:#52607a,color:#172033,stroke-width:1.5px',
  'classDef stub fill:#ffffff,stroke:#64748b,color:#1e293b,stroke-width:1px,stroke-dasharray:4 3',
  ...(['critical', 'high', 'medium', 'low'] as const).map((t) => `classDef tone_${t} stroke:${TONE_COLORS[t]},stroke-width:3px`),
];

const CLUSTER_STYLE: Record<string, string> = {
  internet: 'fill:#fff7f5,stroke:#b45309,stroke-width:1.5px,stroke-dasharray:6 4,color:#5a2a06',
  cloud: 'fill:#f3f8fe,stroke:#3b6ea5,stroke-width:1.5px,color:#10243a',
  network: 'fill:#f7f9fc,stroke:#7b8aa3,stroke-width:1px,stroke-dasharray:3 3,color:#1f2a3d',
  site: 'fill:#f8f8f4,stroke:#6f6a4f,stroke-width:1.5px,color:#2a2816',
  other: 'fill:#fafafa,stroke:#8a8f98,stroke-width:1px,color:#1f2a3d',
  /** Not a trust boundary: the group of elements outside every boundary, drawn plainly. */
  outside: 'fill:#ffffff,stroke:#94a3b8,stroke-width:1px,stroke-dasharray:1 5,color:#475569',
};

function linkStyle(tone: Tone): string {
  const c = TONE_COLORS[tone];
  if (tone === 'unknown') return `stroke:${c},stroke-width:1.5px,stroke-dasharray:5 4`;
  if (tone === 'none') return `stroke:${c},stroke-width:1.5px`;
  if (tone === 'ok') return `stroke:${c},stroke-width:1.5px`;
  return `stroke:${c},stroke-width:2.5px`;
}

function draw(g: DrawGraph, direction: Direction): string {
  const out: string[] = [`flowchart ${direction}`];
  for (const d of CLASS_DEFS) out.push(`  ${d}`);
  const children = new Map<string | undefined, DrawCluster[]>();
  const known = new Set(g.clusters.map((c) => c.key));
  for (const c of g.clusters) {
    const parent = c.parent !== undefined && known.has(c.parent) ? c.parent : undefined;
    pushTo(children, parent, c);
  }
  const nodesIn = new Map<string | undefined, DrawNode[]>();
  for (const n of g.nodes) {
    const k = n.cluster !== undefined && known.has(n.cluster) ? n.cluster : undefined;
    pushTo(nodesIn, k, n);
  }
  const node = (n: DrawNode, indent: string) => {
    const [open, close] = OPEN[n.shape];
    out.push(`${indent}${n.key}${open}${label(...n.lines)}${close}`);
  };
  // Boundaries with nothing drawn inside them (at any depth) are left out.
  const full = new Set<string>();
  const fill = (key: string | undefined) => {
    while (key !== undefined && !full.has(key)) {
      full.add(key);
      key = g.clusters.find((c) => c.key === key)?.parent;
    }
  };
  for (const n of g.nodes) if (n.cluster !== undefined && known.has(n.cluster)) fill(n.cluster);
  const emitted = new Set<string>();
  const cluster = (c: DrawCluster, indent: string) => {
    if (!full.has(c.key)) return;
    if (emitted.has(c.key)) return; // a cycle of `inside` (validation reports it) draws each boundary once
    emitted.add(c.key);
    out.push(`${indent}subgraph ${c.key}["${label(c.title)}"]`);
    for (const n of nodesIn.get(c.key) ?? []) node(n, indent + '  ');
    for (const k of children.get(c.key) ?? []) cluster(k, indent + '  ');
    out.push(`${indent}end`);
  };
  for (const c of children.get(undefined) ?? []) cluster(c, '  ');
  for (const c of g.clusters) if (!emitted.has(c.key)) cluster(c, '  ');
  for (const n of nodesIn.get(undefined) ?? []) node(n, '  ');
  g.edges.forEach((e) => {
    out.push(e.label.length > 0 ? `  ${e.from} -->|"${label(...e.label)}"| ${e.to}` : `  ${e.from} --> ${e.to}`);
  });
  const byStyle = new Map<string, number[]>();
  g.edges.forEach((e, i) => pushTo(byStyle, linkStyle(e.tone), i));
  for (const [style, idx] of byStyle) out.push(`  linkStyle ${idx.join(',')} ${style}`);
  for (const c of g.clusters) if (emitted.has(c.key)) out.push(`  style ${c.key} ${CLUSTER_STYLE[c.kind ?? 'other'] ?? CLUSTER_STYLE.other}`);
  const byClass = new Map<string, string[]>();
  for (const n of g.nodes) {
    pushTo(byClass, n.cls, n.key);
    if (n.tone === 'critical' || n.tone === 'high' || n.tone === 'medium' || n.tone === 'low') {
      pushTo(byClass, `tone_${n.tone}`, n.key);
    }
  }
  // Kind classes first, tone classes after: a tone's stroke wins over the kind's.
  const order = ['device', 'edge', 'service', 'principal', 'summary', 'stub', 'tone_low', 'tone_medium', 'tone_high', 'tone_critical'];
  for (const cls of order) {
    const keys = byClass.get(cls);
    if (keys) out.push(`  class ${keys.join(',')} ${cls}`);
  }
  return out.join('\n') + '\n';
}

// ---- From the architecture graph to drawings ---------------------------------------------------------

const KIND_NOUN: Record<NodeKind, [string, string]> = {
  device: ['device', 'devices'],
  edge: ['edge', 'edges'],
  service: ['service', 'services'],
  principal: ['principal', 'principals'],
};

function plural(n: number, kind: NodeKind): string {
  return `${formatNumber(n)} ${KIND_NOUN[kind][n === 1 ? 0 : 1]}`;
}

function shapeOf(n: GraphNode): Shape {
  if (n.kind === 'service' && n.store) return 'store';
  return n.kind;
}

function nodeKey(id: string): string {
  return mermaidId('n', id);
}

function clusterKey(id: string): string {
  return mermaidId('b', id);
}

/** Letters and digits only, lower case, words separated by one space. */
function words(s: string): string {
  return ` ${s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

/**
 * The lines of a node's label: its name, then its detail unless the name already says it (a service
 * named "IoT Hub" of type IoT Hub, "Event Hubs namespace evhns-…" of type Event Hubs): compared case-
 * insensitively, ignoring punctuation, as whole words.
 */
export function nodeLines(name: string, detail: string | undefined): string[] {
  if (detail === undefined || detail.trim() === '') return [name];
  const d = words(detail);
  return d.trim() !== '' && words(name).includes(d) ? [name] : [name, detail];
}

/** The group of elements in no trust boundary: drawn as a plain, dotted frame, not as a boundary. */
const OUTSIDE_KEY = 'b_outside'; // mermaidId always ends in a digest: no boundary can take this key
export const OUTSIDE_TITLE = 'Outside any trust boundary';
const OUTSIDE_CLUSTER: DrawCluster = { key: OUTSIDE_KEY, title: OUTSIDE_TITLE, kind: 'outside' };

class Model {
  readonly boundary: Map<string, GraphBoundary>;
  readonly node: Map<string, GraphNode>;
  constructor(readonly g: ArchitectureGraph) {
    this.boundary = new Map(g.boundaries.map((b) => [b.id, b]));
    this.node = new Map(g.nodes.map((n) => [n.id, n]));
  }

  /** Chain from a boundary up to its top-level ancestor (cycles cut). */
  ancestors(id: string | undefined): string[] {
    const chain: string[] = [];
    let cur = id;
    while (cur !== undefined && this.boundary.has(cur) && !chain.includes(cur)) {
      chain.push(cur);
      cur = this.boundary.get(cur)!.parent;
    }
    return chain;
  }

  root(id: string | undefined): string | undefined {
    return this.ancestors(id).at(-1);
  }

  roots(): GraphBoundary[] {
    return this.g.boundaries.filter((b) => this.root(b.id) === b.id);
  }

  /** Boundaries inside `id`, itself included, in model order. */
  subtree(id: string): GraphBoundary[] {
    return this.g.boundaries.filter((b) => this.ancestors(b.id).includes(id));
  }

  /** Direct children of a boundary. */
  children(id: string): GraphBoundary[] {
    return this.g.boundaries.filter((b) => b.id !== id && b.parent === id && this.ancestors(b.id).includes(id));
  }

  /** Whether a node is in no (known) boundary. */
  loose(n: GraphNode): boolean {
    return this.root(n.boundary) === undefined;
  }

  /** Nodes inside boundary `id` at any depth. */
  members(id: string): GraphNode[] {
    return this.g.nodes.filter((n) => n.boundary !== undefined && this.ancestors(n.boundary).includes(id));
  }

  /** "Site › OT network": a nested boundary named with its ancestors. */
  path(id: string): string {
    return this.ancestors(id).reverse().map((b) => this.boundary.get(b)!.name).join(' › ');
  }
}

function summaryLines(title: string, members: GraphNode[]): string[] {
  const counts = (['device', 'edge', 'service', 'principal'] as const)
    .map((k) => ({ k, list: members.filter((m) => m.kind === k) }))
    .filter((x) => x.list.length > 0)
    .map(({ k, list }) => {
      const units = k === 'device' ? list.reduce((s, m) => s + (m.units ?? 1), 0) : 0;
      return plural(list.length, k) + (k === 'device' && units > list.length ? ` (${formatNumber(units)} units)` : '');
    });
  return [title, counts.join(' · ')];
}

/** How one node is drawn: hidden (null), as itself (in a cluster or not), as a stub, or in a summary group. */
type Placement = null | { cluster?: string } | { stub: true } | { key: string; title: string; cluster?: string };

function drawNode(n: GraphNode, cluster: string | undefined): DrawNode {
  return { key: nodeKey(n.id), lines: nodeLines(n.name, n.detail), shape: shapeOf(n), cls: n.kind, tone: n.tone, ...(cluster !== undefined ? { cluster } : {}) };
}

function project(m: Model, placeOf: (n: GraphNode) => Placement): { nodes: DrawNode[]; drawnAs: Map<string, string> } {
  const groups = new Map<string, { title: string; cluster?: string; members: GraphNode[] }>();
  const drawnAs = new Map<string, string>();
  const nodes: DrawNode[] = [];
  for (const n of m.g.nodes) {
    const pl = placeOf(n);
    if (pl === null) continue;
    if ('key' in pl) {
      let group = groups.get(pl.key);
      if (!group) {
        group = { title: pl.title, ...(pl.cluster !== undefined ? { cluster: pl.cluster } : {}), members: [] };
        groups.set(pl.key, group);
        nodes.push({ key: pl.key, lines: [], shape: 'summary', cls: 'summary', tone: 'none', ...(pl.cluster !== undefined ? { cluster: pl.cluster } : {}) });
      }
      group.members.push(n);
      drawnAs.set(n.id, pl.key);
    } else if ('stub' in pl) {
      // Another boundary's element a flow leads to: its name only, drawn plainly.
      nodes.push({ key: nodeKey(n.id), lines: [n.name], shape: 'stub', cls: 'stub', tone: 'none' });
      drawnAs.set(n.id, nodeKey(n.id));
    } else {
      nodes.push(drawNode(n, pl.cluster));
      drawnAs.set(n.id, nodeKey(n.id));
    }
  }
  // A group of one is drawn as its member.
  for (const [key, group] of groups) {
    const i = nodes.findIndex((d) => d.key === key);
    if (group.members.length === 1) {
      const n = group.members[0]!;
      nodes[i] = drawNode(n, group.cluster);
      drawnAs.set(n.id, nodes[i]!.key);
    } else {
      nodes[i] = { ...nodes[i]!, lines: summaryLines(group.title, group.members), tone: worstTone(group.members.map((x) => x.tone)) };
    }
  }
  return { nodes, drawnAs };
}

function aggregateEdges(flows: readonly GraphFlow[], drawnAs: Map<string, string>): DrawEdge[] {
  const byPair = new Map<string, { from: string; to: string; flows: GraphFlow[] }>();
  for (const f of flows) {
    const from = drawnAs.get(f.from);
    const to = drawnAs.get(f.to);
    if (from === undefined || to === undefined) continue;
    if (from === to && !(f.from === f.to)) continue; // inside one summary node
    const k = `${from}>${to}`;
    const e = byPair.get(k) ?? { from, to, flows: [] };
    e.flows.push(f);
    byPair.set(k, e);
  }
  return [...byPair.values()].map((e) => ({
    from: e.from,
    to: e.to,
    label: e.flows.length === 1 ? e.flows[0]!.label : [`${formatNumber(e.flows.length)} flows`],
    tone: worstTone(e.flows.map((f) => f.tone)),
    flows: e.flows.map((f) => f.id),
  }));
}

function keyOf(plan: DiagramPlan): string {
  switch (plan.kind) {
    case 'whole':
      return 'arch-all';
    case 'overview':
      return 'arch-overview';
    case 'outside':
      return 'arch-outside';
    case 'boundary':
      return `arch-${clusterKey(plan.id)}${plan.own ? '-own' : ''}`;
  }
}

function spec(title: string, g: DrawGraph, collapsed: boolean, plan: DiagramPlan, direction: Direction): DiagramSpec {
  return {
    key: keyOf(plan),
    title,
    devices: g.nodes.filter((n) => n.cls === 'device').length,
    source: draw(g, direction),
    direction,
    plan,
    flows: g.edges.filter((e) => e.flows.length === 1).map((e) => e.flows[0]!),
    nodes: g.nodes.length,
    edges: g.edges.length,
    collapsed,
  };
}

function fits(s: DiagramSpec, limits: DiagramLimits): boolean {
  return s.nodes <= Math.min(limits.maxNodes, limits.readableNodes) && s.devices <= limits.readableDevices && s.edges <= limits.maxEdges && s.source.length <= limits.maxTextSize;
}

function clustersOf(bs: readonly GraphBoundary[]): DrawCluster[] {
  return bs.map((b) => ({ key: clusterKey(b.id), title: b.name, ...(b.kind !== undefined ? { kind: b.kind } : {}), ...(b.parent !== undefined ? { parent: clusterKey(b.parent) } : {}) }));
}

/** Everything, nothing collapsed; elements in no boundary grouped as such (when there are boundaries). */
function whole(m: Model, direction: Direction): DiagramSpec {
  const framed = m.g.boundaries.length > 0;
  const { nodes, drawnAs } = project(m, (n) => (m.loose(n) ? (framed ? { cluster: OUTSIDE_KEY } : {}) : { cluster: clusterKey(n.boundary!) }));
  return spec('Whole solution', { clusters: [...clustersOf(m.g.boundaries), ...(framed ? [OUTSIDE_CLUSTER] : [])], nodes, edges: aggregateEdges(m.g.flows, drawnAs) }, false, { kind: 'whole' }, direction);
}

/** Elements outside any boundary, collapsed by level: 0 themselves, 1 devices by kind, 2 all by kind. */
function looseGroup(n: GraphNode, level: number, cluster?: string): Placement {
  if (level === 0 || (level === 1 && n.kind !== 'device')) return cluster !== undefined ? { cluster } : {};
  const sub = n.kind === 'device' ? (n.detail ?? '').split(' ')[0] ?? '' : '';
  return { key: mermaidId('g', `loose:${n.kind}:${level === 1 ? sub : ''}`), title: `${level === 1 && sub ? sub + ' ' : ''}${KIND_NOUN[n.kind][1]}`, ...(cluster !== undefined ? { cluster } : {}) };
}

/** Each top-level boundary as one node, flows between them counted; elements outside any boundary grouped. */
function overview(m: Model, limits: DiagramLimits, direction: Direction): DiagramSpec {
  let last: DiagramSpec | undefined;
  const anyLoose = m.g.nodes.some((n) => m.loose(n));
  for (const level of [0, 1, 2]) {
    const { nodes, drawnAs } = project(m, (n) => {
      const r = m.root(n.boundary);
      if (r !== undefined) return { key: mermaidId('s', r), title: m.boundary.get(r)!.name };
      return looseGroup(n, level, OUTSIDE_KEY);
    });
    // Top-level boundaries without elements still appear, so the overview shows every zone.
    for (const b of m.roots()) {
      const key = mermaidId('s', b.id);
      if (!nodes.some((d) => d.key === key)) nodes.push({ key, lines: [b.name, 'no elements'], shape: 'summary', cls: 'summary', tone: 'none' });
    }
    last = spec('Overview: each trust boundary as one box', { clusters: anyLoose ? [OUTSIDE_CLUSTER] : [], nodes, edges: aggregateEdges(m.g.flows, drawnAs) }, true, { kind: 'overview' }, direction);
    if (fits(last, limits)) return last;
  }
  return last!;
}

/**
 * A boundary (with the boundaries inside it) and, as stubs, the elements its flows lead to. Levels of
 * collapsing, tried in turn until the diagram is within the limits: 0 nothing; 1 stubs as their
 * top-level boundary (or, outside any, by kind); 2 devices of a kind in a boundary as one fleet node;
 * 3 every kind so; 4 each nested boundary as one node. `own`: nested boundaries are one node each.
 */
function boundaryView(m: Model, plan: Extract<DiagramPlan, { kind: 'boundary' }>, limits: DiagramLimits, direction: Direction): DiagramSpec {
  const root = plan.id;
  const inside = new Set(m.subtree(root).map((b) => b.id));
  const member = (n: GraphNode) => n.boundary !== undefined && inside.has(n.boundary);
  const members = new Set(m.g.nodes.filter(member).map((n) => n.id));
  const touching = new Set(members);
  for (const f of m.g.flows) {
    if (members.has(f.from) || members.has(f.to)) {
      touching.add(f.from);
      touching.add(f.to);
    }
  }
  const clusters = plan.own ? clustersOf([m.boundary.get(root)!]).map((c) => ({ ...c, parent: undefined } as DrawCluster)) : clustersOf(m.subtree(root)).map((c) => (c.key === clusterKey(root) ? ({ key: c.key, title: c.title, ...(c.kind !== undefined ? { kind: c.kind } : {}) } as DrawCluster) : c));
  let last: DiagramSpec | undefined;
  for (let level = plan.level; level <= 4; level++) {
    const { nodes, drawnAs } = project(m, (n) => {
      if (!touching.has(n.id)) return null;
      if (!member(n)) {
        if (level === 0) return { stub: true };
        const r = m.root(n.boundary);
        if (r !== undefined) return { key: mermaidId('s', r), title: m.boundary.get(r)!.name };
        return looseGroup(n, 2);
      }
      const chain = m.ancestors(n.boundary);
      const top = chain[chain.indexOf(root) - 1]; // the child of root that holds n, if any
      if (top !== undefined && (plan.own || level === 4)) return { key: mermaidId('f', `${top}:all`), title: m.boundary.get(top)!.name, cluster: clusterKey(root) };
      const cluster = clusterKey(n.boundary!);
      if (level <= 1 || (level === 2 && n.kind !== 'device')) return { cluster };
      const sub = n.kind === 'device' ? (n.detail ?? '').split(' ')[0] ?? '' : '';
      return { key: mermaidId('f', `${n.boundary}:${n.kind}:${sub}`), title: `${sub ? sub + ' ' : ''}${KIND_NOUN[n.kind][1]}`, cluster };
    });
    const title = plan.own ? `${m.path(root)}: own elements` : m.path(root);
    last = spec(title, { clusters, nodes, edges: aggregateEdges(m.g.flows, drawnAs) }, level > 0 || plan.own, { ...plan, level }, direction);
    if (fits(last, limits)) return last;
  }
  return last!;
}

/** Elements in no boundary, with the elements their flows lead to as stubs. */
function outsideView(m: Model, level0: number, limits: DiagramLimits, direction: Direction): DiagramSpec | undefined {
  const loose = m.g.nodes.filter((n) => m.loose(n));
  if (loose.length === 0) return undefined;
  const ids = new Set(loose.map((n) => n.id));
  const touching = new Set(ids);
  for (const f of m.g.flows) {
    if (ids.has(f.from) || ids.has(f.to)) {
      touching.add(f.from);
      touching.add(f.to);
    }
  }
  let last: DiagramSpec | undefined;
  for (let level = level0; level <= 2; level++) {
    const { nodes, drawnAs } = project(m, (n) => {
      if (!touching.has(n.id)) return null;
      if (!ids.has(n.id)) {
        if (level === 0) return { stub: true };
        return { key: mermaidId('s', m.root(n.boundary)!), title: m.boundary.get(m.root(n.boundary)!)!.name };
      }
      return looseGroup(n, level, OUTSIDE_KEY);
    });
    last = spec(OUTSIDE_TITLE, { clusters: [OUTSIDE_CLUSTER], nodes, edges: aggregateEdges(m.g.flows, drawnAs) }, level > 0, { kind: 'outside', level }, direction);
    if (fits(last, limits)) return last;
  }
  return last;
}

function build(m: Model, plan: DiagramPlan, direction: Direction, limits: DiagramLimits): DiagramSpec | undefined {
  switch (plan.kind) {
    case 'whole':
      return whole(m, direction);
    case 'overview':
      return overview(m, limits, direction);
    case 'boundary':
      return boundaryView(m, plan, limits, direction);
    case 'outside':
      return outsideView(m, plan.level, limits, direction);
  }
}

/** The overview, one diagram per top-level boundary that holds elements, and the elements outside. */
function split(m: Model, limits: DiagramLimits): DiagramSpec[] {
  const plans: DiagramPlan[] = [
    { kind: 'overview' },
    ...m.roots().filter((b) => m.members(b.id).length > 0).map((b): DiagramPlan => ({ kind: 'boundary', id: b.id, level: 0, own: false })),
    { kind: 'outside', level: 0 },
  ];
  return plans.map((p) => build(m, p, 'LR', limits)).filter((s): s is DiagramSpec => s !== undefined);
}

/**
 * The architecture diagrams of a report, before anything is measured: the whole solution when it is
 * within the limits; otherwise the split (an overview with each top-level boundary as one node, then
 * one diagram per top-level boundary and one for elements outside any boundary), collapsing fleets
 * until each is within the limits.
 */
export function architectureDiagrams(g: ArchitectureGraph, limits: DiagramLimits = DIAGRAM_LIMITS): DiagramSpec[] {
  const m = new Model(g);
  const all = whole(m, 'LR');
  return fits(all, limits) && all.nodes <= limits.wholeNodes ? [all] : split(m, limits);
}

/** Width-to-height ratio of a left-to-right drawing from which top to bottom is tried. */
const TB_ASPECT = 2;

/**
 * What to draw instead of a diagram whose text prints too small: one spec is another way to draw the
 * same figure (top to bottom; then the next level of collapsing), to be kept only if it prints larger;
 * several specs replace the figure (the whole solution split into an overview and boundaries; a
 * boundary split into its own elements and one figure per nested boundary). Undefined: nothing left.
 */
export function refineDiagram(g: ArchitectureGraph, s: DiagramSpec, limits: DiagramLimits = DIAGRAM_LIMITS, measured?: { width: number; height: number }): DiagramSpec[] | undefined {
  const m = new Model(g);
  // Top to bottom helps only drawings much wider than tall (measured on the samples: at 2:1 and more
  // it printed 1.5–1.9 times larger; below, smaller); without a measurement, it is tried.
  const flat = measured === undefined || measured.width >= TB_ASPECT * measured.height;
  if (s.direction === 'LR' && s.plan.kind !== 'overview' && flat) return [build(m, s.plan, 'TB', limits)!];
  const p = s.plan;
  switch (p.kind) {
    case 'whole':
      return split(m, limits);
    case 'overview':
      return s.direction === 'LR' && flat ? [overview(m, limits, 'TB')] : undefined;
    case 'boundary': {
      if (!p.own && p.level === 0) {
        const kids = m.children(p.id).filter((b) => m.members(b.id).length > 0);
        if (kids.length > 0) {
          const ownMembers = m.g.nodes.some((n) => n.boundary === p.id);
          return [
            ...(ownMembers ? [boundaryView(m, { ...p, own: true }, limits, 'LR')] : []),
            ...kids.map((b) => boundaryView(m, { kind: 'boundary', id: b.id, level: 0, own: false }, limits, 'LR')),
          ];
        }
      }
      return p.level < 3 ? [boundaryView(m, { ...p, level: p.level + 1 }, limits, 'LR')] : undefined;
    }
    case 'outside':
      return p.level < 2 ? [outsideView(m, p.level + 1, limits, 'LR')!] : undefined;
  }
}
