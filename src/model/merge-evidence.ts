// Laying evidence over the model: one view for the engine. A stated value wins; an observation fills a
// property the model leaves unstated; an observation that contradicts a stated value is drift. Pure.
import type { ElementIndex, ModelElement } from './elements.js';
import { compareEvidence, type ObservedProvenance, type PropertyEvidence } from './provenance.js';
import type { Path } from './source.js';

/** The model says one thing, evidence another. */
export interface Drift {
  element: string;
  property: string;
  stated: unknown;
  /** Document path of the stated value (the caller turns it into file:line:col). */
  statedPath: Path;
  evidence: PropertyEvidence;
}

/** Observations that disagree with each other about a property the model does not state: nothing is filled. */
export interface Contest {
  element: string;
  property: string;
  evidence: PropertyEvidence[];
}

export interface MergedModel {
  /** The elements with filled properties: what the engine evaluates. */
  index: ElementIndex;
  /** Element id → property → where a filled value came from. */
  filled: ReadonlyMap<string, ReadonlyMap<string, ObservedProvenance>>;
  drift: Drift[];
  contested: Contest[];
  /** Observations about elements the model does not have (a `--code dir=id` typo is refused before this). */
  orphans: PropertyEvidence[];
  /** Every observation, sorted (for the report's Evidence section). */
  evidence: PropertyEvidence[];
}

const NO_FILLS: ReadonlyMap<string, ReadonlyMap<string, ObservedProvenance>> = new Map();

export function mergeEvidence(index: ElementIndex, observations: readonly PropertyEvidence[]): MergedModel {
  const evidence = [...observations].sort(compareEvidence);
  if (evidence.length === 0) return { index, filled: NO_FILLS, drift: [], contested: [], orphans: [], evidence };
  const drift: Drift[] = [];
  const contested: Contest[] = [];
  const orphans: PropertyEvidence[] = [];
  const filled = new Map<string, Map<string, ObservedProvenance>>();
  const replaced = new Map<string, ModelElement>();
  // Grouped by element and property (the sort keeps them adjacent).
  for (let i = 0; i < evidence.length; ) {
    let j = i + 1;
    while (j < evidence.length && evidence[j]!.element === evidence[i]!.element && evidence[j]!.property === evidence[i]!.property) j++;
    const group = evidence.slice(i, j);
    i = j;
    const { element: id, property } = group[0]!;
    const element = replaced.get(id) ?? index.byId.get(id);
    if (element === undefined) {
      orphans.push(...group);
      continue;
    }
    const segs = property.split('.');
    const stated = readPath(element.data, segs);
    if (stated !== undefined) {
      for (const e of group) if (!agrees(e, stated)) drift.push({ element: id, property, stated, statedPath: [...element.path, ...segs], evidence: e });
      continue;
    }
    const values = group.filter((e) => e.value !== undefined);
    if (values.length === 0) continue;
    const distinct = new Set(values.map((e) => e.value));
    // Every observation must allow the value: an exact value and a `oneOf` that excludes it disagree too.
    if (distinct.size > 1 || !group.every((e) => agrees(e, values[0]!.value))) {
      contested.push({ element: id, property, evidence: group });
      continue;
    }
    replaced.set(id, { ...element, data: writePath(element.data, segs, values[0]!.value) });
    let byProperty = filled.get(id);
    if (!byProperty) filled.set(id, (byProperty = new Map()));
    byProperty.set(property, values[0]!.provenance);
  }
  return { index: replaced.size === 0 ? index : withElements(index, replaced), filled, drift, contested, orphans, evidence };
}

function agrees(e: PropertyEvidence, stated: unknown): boolean {
  if (e.value !== undefined) return e.value === stated;
  return e.oneOf === undefined || e.oneOf.includes(stated as string);
}

function readPath(data: unknown, segs: readonly string[]): unknown {
  let at = data;
  for (const s of segs) {
    if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, s)) return undefined;
    at = (at as Record<string, unknown>)[s];
  }
  return at;
}

/** A copy of `data` with the value written at `segs`, copying only the objects on the way (the model is never mutated). */
function writePath(data: Record<string, unknown>, segs: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = segs;
  if (rest.length === 0) return { ...data, [head!]: value };
  const inner = data[head!];
  const base = inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
  return { ...data, [head!]: writePath(base, rest, value) };
}

function withElements(index: ElementIndex, replaced: ReadonlyMap<string, ModelElement>): ElementIndex {
  const swap = (e: ModelElement) => (index.byId.get(e.id) === e ? (replaced.get(e.id) ?? e) : e);
  const byId = new Map([...index.byId].map(([id, e]) => [id, swap(e)]));
  const byKind = new Map([...index.byKind].map(([k, list]) => [k, list.map(swap)]));
  return { all: index.all.map(swap), byId, byKind, order: index.order };
}

/** What an observation did to the merged view: filled an unstated property, confirmed or contradicted a stated one, disputed another observation, named no element, or had no value to say (unresolved). */
export const EVIDENCE_EFFECTS = ['filled', 'confirms', 'contradicts', 'contested', 'no-element', 'unused', 'unresolved'] as const;
export type EvidenceEffect = (typeof EVIDENCE_EFFECTS)[number];

export function effectOf(m: MergedModel, e: PropertyEvidence): EvidenceEffect {
  if (m.orphans.includes(e)) return 'no-element';
  // An export that holds the property but not a value iotsec can resolve offline (an ARM parameter without a default).
  if (e.value === undefined && e.oneOf === undefined) return 'unresolved';
  if (m.drift.some((d) => d.evidence === e)) return 'contradicts';
  if (m.contested.some((c) => c.evidence.includes(e))) return 'contested';
  const filledBy = m.filled.get(e.element)?.get(e.property);
  if (filledBy !== undefined) return 'filled';
  const element = m.index.byId.get(e.element);
  return element !== undefined && readPath(element.data, e.property.split('.')) !== undefined ? 'confirms' : 'unused';
}
