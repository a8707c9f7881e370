// Mermaid flowchart source for the architecture: trust boundaries as nested subgraphs, one shape per
// element kind, flows labelled with protocol / TLS / auth and coloured by their worst finding.
// Pure: a graph in, Mermaid source out. Large graphs are split into an overview (boundaries collapsed
// into summary nodes) and one diagram per top-level boundary (fleets collapsed when still too large),
// so that no diagram goes past Mermaid's limits.
//
// Labels. Mermaid's own escapes (`#quot;`) come out as the literal text "&quot;" when labels are SVG
// text (htmlLabels: false), and `%%{…}%%` anywhere in the source is read as a directive. So every
// character that means something to Mermaid, to HTML or to Markdown is replaced by a placeholder in
// Unicode's private use area (U+E000 + its code); the renderer turns placeholders into XML character
// references in the SVG it returns (restorePlaceholders). Nothing from the model can reach Mermaid's
// grammar, its directives, its entity decoding or the SVG markup.
import { pushTo } from './group.js';
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
  /** A role assignment (principal → service), drawn dotted and unlabelled, not a data flow. */
  access?: boolean;
}

export interface ArchitectureGraph {
  boundaries: GraphBoundary[];
  nodes: GraphNode[];
  flows: GraphFlow[];
}

export interface DiagramSpec {
  /** Unique within a report; also the SVG id. */
  key: string;
  title: string;
  /** Device nodes drawn (a fleet counts once). */
  devices: number;
  /**
   * Left to right: measured on the samples, top-to-bottom layouts came out 2.5–4.5 times wider than
   * tall (sources and principals side by side), left-to-right ones close to a portrait page.
   */
  source: string;
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
}

export const DIAGRAM_LIMITS: DiagramLimits = { maxNodes: 150, maxEdges: 300, maxTextSize: 50_000, readableNodes: 60, readableDevices: 12 };

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

type Shape = 'device' | 'edge' | 'service' | 'store' | 'principal' | 'summary';

interface DrawNode {
  key: string;
  lines: string[];
  shape: Shape;
  cls: NodeKind | 'summary';
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
  access: boolean;
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
};

const CLASS_DEFS = [
  'classDef device fill:#eaf2fb,stroke:#47698f,color:#0f2537,stroke-width:1.5px',
  'classDef edge fill:#f1ebfa,stroke:#6b4f9a,color:#24163a,stroke-width:1.5px',
  'classDef service fill:#e8f5ee,stroke:#3f7a5a,color:#0f2a1c,stroke-width:1.5px',
  'classDef principal fill:#fdf2e2,stroke:#9a6a1f,color:#2f1f06,stroke-width:1.5px',
  'classDef summary fill:#f1f4f8,stroke:#52607a,color:#172033,stroke-width:1.5px',
  ...(['critical', 'high', 'medium', 'low'] as const).map((t) => `classDef tone_${t} stroke:${TONE_COLORS[t]},stroke-width:3px`),
];

const CLUSTER_STYLE: Record<string, string> = {
  internet: 'fill:#fff7f5,stroke:#b45309,stroke-width:1.5px,stroke-dasharray:6 4,color:#5a2a06',
  cloud: 'fill:#f3f8fe,stroke:#3b6ea5,stroke-width:1.5px,color:#10243a',
  network: 'fill:#f7f9fc,stroke:#7b8aa3,stroke-width:1px,stroke-dasharray:3 3,color:#1f2a3d',
  site: 'fill:#f8f8f4,stroke:#6f6a4f,stroke-width:1.5px,color:#2a2816',
  other: 'fill:#fafafa,stroke:#8a8f98,stroke-width:1px,color:#1f2a3d',
};

const ACCESS_STYLE = 'stroke:#8a94a6,stroke-width:1px,stroke-dasharray:2 3';

function linkStyle(tone: Tone): string {
  const c = TONE_COLORS[tone];
  if (tone === 'unknown') return `stroke:${c},stroke-width:1.5px,stroke-dasharray:5 4`;
  if (tone === 'none') return `stroke:${c},stroke-width:1.5px`;
  if (tone === 'ok') return `stroke:${c},stroke-width:1.5px`;
  return `stroke:${c},stroke-width:2.5px`;
}

function draw(g: DrawGraph): string {
  const out: string[] = ['flowchart LR'];
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
    const arrow = e.access ? '-.->' : '-->';
    out.push(e.label.length > 0 ? `  ${e.from} ${arrow}|"${label(...e.label)}"| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`);
  });
  const byStyle = new Map<string, number[]>();
  g.edges.forEach((e, i) => {
    const style = e.access ? ACCESS_STYLE : linkStyle(e.tone);
    pushTo(byStyle, style, i);
  });
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
  const order = ['device', 'edge', 'service', 'principal', 'summary', 'tone_low', 'tone_medium', 'tone_high', 'tone_critical'];
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
  return `${n} ${KIND_NOUN[kind][n === 1 ? 0 : 1]}`;
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

/** How nodes are shown in one drawing: as themselves, or as a member of a summary group. */
interface Group {
  key: string;
  title: string;
  cluster?: string;
  members: GraphNode[];
}

interface Projection {
  groups: Map<string, Group>;
  /** node id → key of its drawn node (itself or its group). */
  drawnAs: Map<string, string>;
}

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

  /** Boundaries inside `root`, itself included, in model order. */
  subtree(root: string): GraphBoundary[] {
    return this.g.boundaries.filter((b) => this.ancestors(b.id).includes(root));
  }
}

function summaryLines(title: string, members: GraphNode[]): string[] {
  const counts = (['device', 'edge', 'service', 'principal'] as const)
    .map((k) => ({ k, list: members.filter((m) => m.kind === k) }))
    .filter((x) => x.list.length > 0)
    .map(({ k, list }) => {
      const units = k === 'device' ? list.reduce((s, m) => s + (m.units ?? 1), 0) : 0;
      return plural(list.length, k) + (k === 'device' && units > list.length ? ` (${units.toLocaleString('en-US')} units)` : '');
    });
  return [title, counts.join(' · ')];
}

function project(m: Model, groupOf: (n: GraphNode) => { key: string; title: string; cluster?: string } | { cluster?: string } | null): { nodes: DrawNode[]; drawnAs: Map<string, string> } {
  const p: Projection = { groups: new Map(), drawnAs: new Map() };
  const nodes: DrawNode[] = [];
  const singles = new Map<string, DrawNode>();
  for (const n of m.g.nodes) {
    const gr = groupOf(n);
    if (gr === null) continue;
    if ('key' in gr) {
      let group = p.groups.get(gr.key);
      if (!group) {
        group = { key: gr.key, title: gr.title, ...(gr.cluster !== undefined ? { cluster: gr.cluster } : {}), members: [] };
        p.groups.set(gr.key, group);
        nodes.push({ key: gr.key, lines: [], shape: 'summary', cls: 'summary', tone: 'none', ...(gr.cluster !== undefined ? { cluster: gr.cluster } : {}) });
      }
      group.members.push(n);
      p.drawnAs.set(n.id, gr.key);
    } else {
      const d: DrawNode = { key: nodeKey(n.id), lines: [n.name, n.detail ?? ''], shape: shapeOf(n), cls: n.kind, tone: n.tone, ...(gr.cluster !== undefined ? { cluster: gr.cluster } : {}) };
      if (!singles.has(d.key)) {
        singles.set(d.key, d);
        nodes.push(d);
      }
      p.drawnAs.set(n.id, d.key);
    }
  }
  // A group of one is drawn as its member.
  for (const [key, group] of p.groups) {
    const i = nodes.findIndex((d) => d.key === key);
    if (group.members.length === 1) {
      const n = group.members[0]!;
      const d: DrawNode = { key: nodeKey(n.id), lines: [n.name, n.detail ?? ''], shape: shapeOf(n), cls: n.kind, tone: n.tone, ...(group.cluster !== undefined ? { cluster: group.cluster } : {}) };
      nodes[i] = d;
      p.drawnAs.set(n.id, d.key);
    } else {
      nodes[i] = { ...nodes[i]!, lines: summaryLines(group.title, group.members), tone: worstTone(group.members.map((x) => x.tone)) };
    }
  }
  return { nodes, drawnAs: p.drawnAs };
}

function aggregateEdges(flows: readonly GraphFlow[], drawnAs: Map<string, string>): DrawEdge[] {
  const byPair = new Map<string, { from: string; to: string; access: boolean; flows: GraphFlow[] }>();
  for (const f of flows) {
    const from = drawnAs.get(f.from);
    const to = drawnAs.get(f.to);
    if (from === undefined || to === undefined) continue;
    if (from === to && !(f.from === f.to)) continue; // inside one summary node
    const access = f.access === true;
    const k = `${from}>${to}>${access}`;
    const e = byPair.get(k) ?? { from, to, access, flows: [] };
    e.flows.push(f);
    byPair.set(k, e);
  }
  return [...byPair.values()].map((e) => ({
    from: e.from,
    to: e.to,
    label: e.access ? [] : e.flows.length === 1 ? e.flows[0]!.label : [`${e.flows.length} flows`],
    tone: worstTone(e.flows.map((f) => f.tone)),
    access: e.access,
  }));
}

function spec(key: string, title: string, g: DrawGraph, collapsed: boolean): DiagramSpec {
  return { key, title, devices: g.nodes.filter((n) => n.cls === 'device').length, source: draw(g), nodes: g.nodes.length, edges: g.edges.length, collapsed };
}

function fits(s: DiagramSpec, limits: DiagramLimits): boolean {
  return s.nodes <= Math.min(limits.maxNodes, limits.readableNodes) && s.devices <= limits.readableDevices && s.edges <= limits.maxEdges && s.source.length <= limits.maxTextSize;
}

function clustersOf(bs: readonly GraphBoundary[]): DrawCluster[] {
  return bs.map((b) => ({ key: clusterKey(b.id), title: b.name, ...(b.kind !== undefined ? { kind: b.kind } : {}), ...(b.parent !== undefined ? { parent: clusterKey(b.parent) } : {}) }));
}

/** Everything, nothing collapsed. */
function whole(m: Model): DrawGraph {
  const { nodes, drawnAs } = project(m, (n) => ({ ...(n.boundary !== undefined && m.boundary.has(n.boundary) ? { cluster: clusterKey(n.boundary) } : {}) }));
  return { clusters: clustersOf(m.g.boundaries), nodes, edges: aggregateEdges(m.g.flows, drawnAs) };
}

/** Level of collapsing for elements outside any boundary: 0 themselves, 1 devices by kind, 2 all by kind. */
function looseGroup(n: GraphNode, level: number): { key: string; title: string } | { cluster?: string } {
  if (level === 0 || (level === 1 && n.kind !== 'device')) return {};
  const sub = n.kind === 'device' ? (n.detail ?? '').split(' ')[0] ?? '' : '';
  return { key: mermaidId('g', `loose:${n.kind}:${level === 1 ? sub : ''}`), title: `${level === 1 && sub ? sub + ' ' : ''}${KIND_NOUN[n.kind][1]} outside any boundary` };
}

function overview(m: Model, limits: DiagramLimits): DiagramSpec {
  let last: DiagramSpec | undefined;
  for (const level of [0, 1, 2]) {
    const { nodes, drawnAs } = project(m, (n) => {
      const r = m.root(n.boundary);
      if (r !== undefined) return { key: mermaidId('s', r), title: m.boundary.get(r)!.name };
      return looseGroup(n, level);
    });
    // Top-level boundaries without elements still appear, so the overview shows every zone.
    for (const b of m.roots()) {
      const key = mermaidId('s', b.id);
      if (!nodes.some((d) => d.key === key)) nodes.push({ key, lines: [b.name, 'no elements'], shape: 'summary', cls: 'summary', tone: 'none' });
    }
    last = spec('arch-overview', 'Overview: trust boundaries collapsed', { clusters: [], nodes, edges: aggregateEdges(m.g.flows, drawnAs) }, true);
    if (fits(last, limits)) return last;
  }
  return last!;
}

function boundaryView(m: Model, root: GraphBoundary, index: number, limits: DiagramLimits): DiagramSpec {
  const inside = new Set(m.subtree(root.id).map((b) => b.id));
  const member = (n: GraphNode) => n.boundary !== undefined && inside.has(n.boundary);
  // Only what touches the boundary: its elements and the other ends of their flows.
  const members = new Set(m.g.nodes.filter(member).map((n) => n.id));
  const touching = new Set(members);
  for (const f of m.g.flows) {
    if (members.has(f.from) || members.has(f.to)) {
      touching.add(f.from);
      touching.add(f.to);
    }
  }
  const clusters = clustersOf(m.subtree(root.id));
  let last: DiagramSpec | undefined;
  for (const level of [0, 1, 2, 3]) {
    const { nodes, drawnAs } = project(m, (n) => {
      if (!touching.has(n.id)) return null;
      if (!member(n)) {
        const r = m.root(n.boundary);
        if (r !== undefined) return { key: mermaidId('s', r), title: m.boundary.get(r)!.name };
        return looseGroup(n, Math.min(level, 2));
      }
      const cluster = clusterKey(n.boundary!);
      if (level === 0) return { cluster };
      if (level === 3) {
        // Each direct child boundary of the root as one node.
        const chain = m.ancestors(n.boundary);
        const top = chain.length >= 2 ? chain[chain.length - 2]! : root.id;
        return { key: mermaidId('f', `${top}:all`), title: m.boundary.get(top)!.name, cluster: clusterKey(top === root.id ? root.id : m.boundary.get(top)!.parent ?? root.id) };
      }
      if (level === 1 && n.kind !== 'device') return { cluster };
      const sub = n.kind === 'device' ? (n.detail ?? '').split(' ')[0] ?? '' : '';
      return { key: mermaidId('f', `${n.boundary}:${n.kind}:${sub}`), title: `${sub ? sub + ' ' : ''}${KIND_NOUN[n.kind][1]}`, cluster };
    });
    last = spec(`arch-${index + 1}`, root.name, { clusters, nodes, edges: aggregateEdges(m.g.flows, drawnAs) }, level > 0);
    if (fits(last, limits)) return last;
  }
  return last!;
}

function outsideView(m: Model, limits: DiagramLimits): DiagramSpec | undefined {
  const loose = m.g.nodes.filter((n) => n.boundary === undefined || m.root(n.boundary) === undefined);
  if (loose.length === 0) return undefined;
  const ids = new Set(loose.map((n) => n.id));
  const touching = new Set(ids);
  for (const f of m.g.flows) {
    // Only direct neighbours of the loose elements (ids does not grow).
    if (ids.has(f.from) || ids.has(f.to)) {
      touching.add(f.from);
      touching.add(f.to);
    }
  }
  let last: DiagramSpec | undefined;
  for (const level of [0, 1, 2]) {
    const { nodes, drawnAs } = project(m, (n) => {
      if (!touching.has(n.id)) return null;
      const r = m.root(n.boundary);
      if (r !== undefined) return { key: mermaidId('s', r), title: m.boundary.get(r)!.name };
      return looseGroup(n, level);
    });
    last = spec('arch-outside', 'Elements outside any boundary', { clusters: [], nodes, edges: aggregateEdges(m.g.flows, drawnAs) }, level > 0);
    if (fits(last, limits)) return last;
  }
  return last;
}

/**
 * The architecture diagrams of a report: the whole solution when it fits the limits; otherwise an
 * overview with each top-level boundary as one summary node, then one diagram per top-level boundary
 * (and one for elements outside any boundary), collapsing fleets until each fits.
 */
export function architectureDiagrams(g: ArchitectureGraph, limits: DiagramLimits = DIAGRAM_LIMITS): DiagramSpec[] {
  const m = new Model(g);
  const all = spec('arch-all', 'Whole solution', whole(m), false);
  if (fits(all, limits)) return [all];
  const out = [overview(m, limits)];
  m.roots().forEach((b, i) => {
    if (!g.nodes.some((n) => n.boundary !== undefined && m.ancestors(n.boundary).includes(b.id))) return;
    out.push(boundaryView(m, b, i, limits));
  });
  const outside = outsideView(m, limits);
  if (outside) out.push(outside);
  return out;
}
