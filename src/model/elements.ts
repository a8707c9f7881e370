// The resolved model: every element of every kind in one id space, with its place in the source.
import type { Path } from './source.js';
import type { SolutionModel } from './schema.js';

export const ELEMENT_KINDS = ['solution', 'boundary', 'device', 'edge', 'service', 'enrollment-group', 'principal', 'flow'] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

export interface ModelElement {
  id: string;
  kind: ElementKind;
  /** Display name: `name` when given, else the id. */
  name: string;
  /** Where the element is in the document, e.g. ['devices', 2]. */
  path: Path;
  /** The element's own properties as written (after defaults and normalisation). */
  data: Record<string, unknown>;
  /** For nested elements (enrollment groups): the id of the owning service. */
  parent?: string;
}

/** Id the solution itself has as an element (controls about practices apply to it). */
export const SOLUTION_ELEMENT_ID = 'solution';

const LISTS = [
  ['boundaries', 'boundary'],
  ['devices', 'device'],
  ['edges', 'edge'],
  ['services', 'service'],
  ['principals', 'principal'],
  ['flows', 'flow'],
] as const;

/** All elements in document order; duplicates are kept (validation reports them). */
export function listElements(model: SolutionModel): ModelElement[] {
  const out: ModelElement[] = [
    { id: SOLUTION_ELEMENT_ID, kind: 'solution', name: model.solution.name, path: ['solution'], data: model.solution as Record<string, unknown> },
  ];
  for (const [key, kind] of LISTS) {
    const list = (model[key] ?? []) as Array<{ id: string; name?: string }>;
    list.forEach((item, i) => {
      out.push({ id: item.id, kind, name: item.name ?? item.id, path: [key, i], data: item as Record<string, unknown> });
      if (kind === 'service') {
        const groups = (item as { enrollmentGroups?: Array<{ id: string }> }).enrollmentGroups ?? [];
        groups.forEach((g, j) => {
          out.push({ id: g.id, kind: 'enrollment-group', name: g.id, path: [key, i, 'enrollmentGroups', j], data: g as Record<string, unknown>, parent: item.id });
        });
      }
    });
  }
  return out;
}

export interface ElementIndex {
  /** Every element as written, duplicates included (validation reports them). */
  all: ModelElement[];
  /** The first element of each id, in model order: what the engine evaluates. */
  byId: Map<string, ModelElement>;
  /** The same unique elements grouped by kind, in model order. */
  byKind: Map<ElementKind, ModelElement[]>;
  /** Model order of each id (its first element's place in `all`): how reports and summaries sort elements. */
  order: Map<string, number>;
}

export function indexElements(model: SolutionModel): ElementIndex {
  const all = listElements(model);
  const byId = new Map<string, ModelElement>();
  const byKind = new Map<ElementKind, ModelElement[]>();
  const order = new Map<string, number>();
  all.forEach((e, i) => {
    if (byId.has(e.id)) return;
    byId.set(e.id, e);
    order.set(e.id, i);
    const list = byKind.get(e.kind);
    if (list) list.push(e);
    else byKind.set(e.kind, [e]);
  });
  return { all, byId, byKind, order };
}
