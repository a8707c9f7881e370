// Drift: the model states a value and evidence contradicts it. A finding of its own (high severity), tied to
// the controls that read the property, because their statuses rest on a value the evidence disputes. Pure.
import type { Condition } from '../catalog/condition.js';
import type { Control } from '../catalog/control.js';
import { cmp } from '../model/diagnostics.js';
import type { ElementIndex, ElementKind } from '../model/elements.js';
import type { Drift } from '../model/merge-evidence.js';
import { propertyWords, valueWords } from '../model/property-words.js';
import { formatLocation, type ObservedProvenance, type SourceLocation } from '../model/provenance.js';
import type { Path } from '../model/source.js';
import { anyOf } from '../util/words.js';
import type { Finding } from './evaluate.js';

export const DRIFT_SEVERITY = 'high';

export interface DriftFinding {
  /** `element:property`: one drift finding per stated property, however many places contradict it. */
  id: string;
  element: string;
  elementKind: ElementKind;
  property: string;
  severity: typeof DRIFT_SEVERITY;
  /** Controls whose conditions read the property on this element (sorted). */
  controls: string[];
  stated: { value: unknown; path: Path; location: SourceLocation };
  observed: { value: unknown; oneOf?: unknown[]; text: string; provenance: ObservedProvenance };
  /** Further places that contradict the same stated value. */
  alsoAt: ObservedProvenance[];
  elementName: string;
}

/**
 * The drift in one sentence, with the model file as the output records it (never a machine-specific path):
 * "Cold-room sensor: the model says how the device authenticates is an X.509 certificate from a CA (m.yaml:36:7);
 * src/telemetry.ts:5:16 connects with a SharedAccessKey connection string (code: a symmetric key, device-auth)".
 */
export function driftMessage(d: DriftFinding, modelFile: string): string {
  const word = (v: unknown) => valueWords(d.elementKind, d.property, v);
  const label = propertyWords(d.elementKind, d.property)?.label ?? d.property;
  const o = d.observed;
  const observedValue = o.value !== null ? word(o.value) : anyOf((o.oneOf ?? []).map(word));
  return (
    `${d.elementName}: the model says ${label} is ${word(d.stated.value)} (${formatLocation({ ...d.stated.location, file: modelFile })}); ` +
    `${formatLocation(o.provenance.location)} ${o.text} (${o.provenance.source}: ${observedValue}, ${o.provenance.collector})`
  );
}

/** Dotted paths a condition reads on its own element (not through `$` references, not inside list items). */
export function pathsRead(cond: Condition, into: Set<string> = new Set()): Set<string> {
  if ('all' in cond) for (const c of cond.all) pathsRead(c, into);
  else if ('any' in cond) for (const c of cond.any) pathsRead(c, into);
  else if ('not' in cond) pathsRead(cond.not, into);
  else if ('every' in cond || 'some' in cond) into.add(('every' in cond ? cond.every : cond.some).path);
  else if ('path' in cond) {
    into.add(cond.path);
    if (cond.fallback !== undefined) into.add(cond.fallback);
  }
  return into;
}

export function driftFindings(
  drift: readonly Drift[],
  index: ElementIndex,
  controls: readonly Control[],
  findings: readonly Finding[],
  locate: (path: Path) => SourceLocation,
): DriftFinding[] {
  const reads = new Map(controls.map((c) => [c.id, pathsRead(c.check, c.appliesTo.when ? pathsRead(c.appliesTo.when) : new Set())]));
  const applicable = new Set(findings.filter((f) => f.status !== 'not-applicable').map((f) => `${f.control}@${f.element}`));
  const decided = new Set(findings.filter((f) => f.status === 'met' || f.status === 'gap').map((f) => `${f.control}@${f.element}`));
  const byKey = new Map<string, DriftFinding>();
  for (const d of drift) {
    const key = `${d.element}:${d.property}`;
    const prev = byKey.get(key);
    if (prev) {
      prev.alsoAt.push(d.evidence.provenance);
      continue;
    }
    const element = index.byId.get(d.element)!;
    const readers = controls.filter((c) => c.appliesTo.kinds.includes(element.kind) && reads.get(c.id)!.has(d.property));
    // Narrowest first: controls whose status the stated value decided, then those that apply, then any reader.
    const decidedHere = readers.filter((c) => decided.has(`${c.id}@${d.element}`));
    const applying = readers.filter((c) => applicable.has(`${c.id}@${d.element}`));
    const ids = (decidedHere.length > 0 ? decidedHere : applying.length > 0 ? applying : readers).map((c) => c.id).sort(cmp);
    const location = locate(d.statedPath);
    const e = d.evidence;
    byKey.set(key, {
      id: key,
      element: d.element,
      elementKind: element.kind,
      property: d.property,
      severity: DRIFT_SEVERITY,
      controls: ids,
      stated: { value: d.stated, path: d.statedPath, location },
      observed: { value: e.value ?? null, ...(e.oneOf ? { oneOf: [...e.oneOf] } : {}), text: e.observed, provenance: e.provenance },
      alsoAt: [],
      elementName: element.name,
    });
  }
  return [...byKey.values()].sort((a, b) => cmp(a.id, b.id));
}
