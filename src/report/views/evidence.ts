// The report's Evidence section: what the code says, drift first; then, per element, each observed property
// and what it did (filled an unknown, confirmed or contradicted the model); then facts the model has no
// property for (TLS checks switched off, secrets). Only when the run had evidence.
import type { Assessment } from '../../engine/assess.js';
import { cmp } from '../../model/diagnostics.js';
import { effectOf, type EvidenceEffect } from '../../model/merge-evidence.js';
import { propertyWords, valueWords } from '../../model/property-words.js';
import type { ElementKind } from '../../model/elements.js';
import type { SourceLocation } from '../../model/provenance.js';
import { anyOf, formatNumber } from '../../util/words.js';
import type { Chip, ElementRef } from '../view-model.js';

const EFFECT_CHIP: Record<EvidenceEffect, Chip> = {
  contradicts: { text: 'Contradicts the model', cls: 'st-gap' },
  filled: { text: 'Filled an unknown', cls: 'st-met' },
  confirms: { text: 'Confirms the model', cls: 'st-not-applicable' },
  contested: { text: 'Evidence disagrees with itself', cls: 'st-unknown' },
  'no-element': { text: 'No such element', cls: 'st-unknown' },
  unused: { text: 'Not used', cls: 'st-not-applicable' },
  unresolved: { text: 'Cannot be resolved offline', cls: 'st-unknown' },
};
const EFFECT_ORDER: EvidenceEffect[] = ['contradicts', 'contested', 'filled', 'confirms', 'unresolved', 'no-element', 'unused'];

export interface EvidenceInput {
  a: Assessment;
  ref: (id: string) => ElementRef;
  controlAnchor: (id: string) => string;
  order: ReadonlyMap<string, number>;
  /** At most this many rows per table (the JSON has all). */
  cap: number;
}

const at = (l: SourceLocation) => `${l.file}:${l.line}`;

export function evidenceSection(input: EvidenceInput) {
  const { a, ref, controlAnchor, order } = input;
  const m = a.evidence;
  if (m === undefined) return undefined;
  const kindOf = (id: string): ElementKind => a.loaded.index.byId.get(id)?.kind ?? 'device';
  const drift = (a.drift ?? []).map((d) => ({
    element: ref(d.element),
    property: propertyWords(d.elementKind, d.property)?.label ?? d.property,
    stated: valueWords(d.elementKind, d.property, d.stated.value),
    statedAt: `${d.stated.location.file}:${d.stated.location.line}`,
    observed: d.observed.value !== null ? valueWords(d.elementKind, d.property, d.observed.value) : anyOf((d.observed.oneOf ?? []).map((v) => valueWords(d.elementKind, d.property, v))),
    observedText: d.observed.text,
    observedAt: at(d.observed.provenance.location),
    collector: d.observed.provenance.collector,
    alsoAt: d.alsoAt.map((p) => at(p.location)).join(', '),
    controls: d.controls.map((id) => ({ id, anchor: controlAnchor(id) })),
  }));
  const rests = new Map<string, string[]>();
  for (const f of a.findings) {
    if (f.origin === undefined || f.status === 'not-applicable') continue;
    const list = rests.get(f.element) ?? [];
    list.push(f.control);
    rests.set(f.element, list);
  }
  const byElement = new Map<string, Array<{ property: string; value: string; at: string; collector: string; observed: string; effect: Chip; rank: number }>>();
  for (const e of m.evidence) {
    const effect = effectOf(m, e);
    const kind = kindOf(e.element);
    const value = e.value !== undefined ? valueWords(kind, e.property, e.value) : anyOf((e.oneOf ?? []).map((v) => valueWords(kind, e.property, v)));
    const row = { property: propertyWords(kind, e.property)?.label ?? e.property, value, at: at(e.provenance.location), collector: e.provenance.collector, observed: e.observed, effect: EFFECT_CHIP[effect], rank: EFFECT_ORDER.indexOf(effect) };
    const list = byElement.get(e.element) ?? [];
    list.push(row);
    byElement.set(e.element, list);
  }
  const elements = [...byElement.entries()]
    .sort(([x], [y]) => (order.get(x) ?? Infinity) - (order.get(y) ?? Infinity) || cmp(x, y))
    .map(([id, rows]) => ({
      element: ref(id),
      rows: rows.sort((p, q) => p.rank - q.rank || cmp(p.property, q.property) || cmp(p.at, q.at)).slice(0, input.cap),
      findings: (rests.get(id) ?? []).sort(cmp).map((c) => ({ id: c, anchor: controlAnchor(c) })),
    }));
  const others = (a.facts ?? [])
    .filter((f) => f.note !== undefined)
    .map((f) => ({ element: ref(f.element), fact: f.fact, value: f.value, detail: f.detail, at: at(f.provenance.location), note: f.note! }))
    .slice(0, input.cap);
  const filled = m.evidence.filter((e) => effectOf(m, e) === 'filled').length;
  const facts = a.facts?.length ?? m.evidence.length;
  const kinds = new Set([...m.evidence.map((e) => e.provenance.source), ...(a.facts ?? []).map((f) => f.provenance.source)]);
  const source = kinds.has('code') && kinds.has('deployment') ? 'code and deployment' : kinds.has('deployment') ? 'deployment' : 'code';
  const where = { code: 'in source code', deployment: 'in deployment exports', 'code and deployment': 'in source code and deployment exports' }[source];
  return {
    drift,
    elements,
    others,
    /** Words that change with where the evidence came from: the section's title and its column heads. */
    words: {
      title: { code: 'Evidence from code', deployment: 'Evidence from the deployment', 'code and deployment': 'Evidence from code and deployment' }[source],
      noun: { code: 'the code', deployment: 'the deployment', 'code and deployment': 'the evidence' }[source],
      column: { code: 'From code', deployment: 'Deployed', 'code and deployment': 'Observed' }[source],
      shows: { code: 'The code does', deployment: 'The deployment has', 'code and deployment': 'The evidence shows' }[source],
    },
    lead: `${formatNumber(facts)} fact${facts === 1 ? '' : 's'} found ${where}; ${formatNumber(filled)} filled propert${filled === 1 ? 'y' : 'ies'} the model leaves unstated, and ${drift.length === 0 ? 'none contradicts' : `${formatNumber(drift.length)} contradict${drift.length === 1 ? 's' : ''}`} what the model states.`,
  };
}
