// Reading one row's value out of a resource body: a missing path gives nothing (never inferred from absence), a
// value the reader could not resolve (an Unresolved at the path or above it, or inside the value) gives an
// observation that says why it is unknown.
import type { DeploymentNote, DeploymentObservation, ResourceRef } from '../observation.js';
import { Unresolved, type DeployedResource } from '../resource.js';
import { showRaw, type Reading } from './converters.js';
import { parsePath, say, sourceFor, type Row } from './table.js';

export type Lookup = { kind: 'missing' } | { kind: 'value'; value: unknown } | { kind: 'unresolved'; unresolved: Unresolved };

/** ARM property names are case-insensitive; exports and Resource Graph rows do not always agree on case. */
function child(container: unknown, key: string | number, anyCase: boolean): unknown {
  if (typeof key === 'number') return Array.isArray(container) ? container[key] : undefined;
  if (container === null || typeof container !== 'object' || Array.isArray(container)) return undefined;
  const record = container as Record<string, unknown>;
  if (Object.hasOwn(record, key)) return record[key];
  if (!anyCase) return undefined;
  const lower = key.toLowerCase();
  const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : record[found];
}

/**
 * The value at a path; null counts as missing (Terraform writes null for unset attributes). `deep`: an
 * Unresolved anywhere inside the value makes it unresolved (rows read whole lists); off when walking structure.
 */
export function lookup(body: unknown, path: ReadonlyArray<string | number>, anyCase = false, deep = true): Lookup {
  let at: unknown = body;
  for (const key of path) {
    if (at instanceof Unresolved) return { kind: 'unresolved', unresolved: at };
    at = child(at, key, anyCase);
    if (at === undefined || at === null) return { kind: 'missing' };
  }
  if (at instanceof Unresolved) return { kind: 'unresolved', unresolved: at };
  const inside = deep ? unresolvedInside(at) : undefined;
  return inside ? { kind: 'unresolved', unresolved: inside } : { kind: 'value', value: at };
}

/** The first Unresolved inside a list or object value (converters look into them). */
export function unresolvedInside(value: unknown, depth = 8): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (depth === 0 || value === null || typeof value !== 'object') return undefined;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const u = unresolvedInside(v, depth - 1);
    if (u) return u;
  }
  return undefined;
}

export function lookupIn(resource: DeployedResource, path: string | ReadonlyArray<string | number>, deep = true): Lookup {
  return lookup(resource.body, typeof path === 'string' ? parsePath(path) : path, resource.format !== 'terraform', deep);
}

/** The last name in a path, as the export spells it ('disableLocalAuth'). */
export function keyOf(path: ReadonlyArray<string | number>): string {
  return String([...path].reverse().find((k) => typeof k === 'string') ?? path.join('.'));
}

export function unresolvedSentence(key: string, u: Unresolved): string {
  return `${key} is ${u.expression}, which cannot be resolved offline: ${u.reason}`;
}

/** What a reading says, as an observation's value fields and sentence. */
export function readingFields(reading: Reading, words: string, key: string, raw: unknown): {
  fields: Pick<DeploymentObservation, 'value' | 'values' | 'oneOf' | 'unknown'>;
  observed: string;
} {
  if ('value' in reading) return { fields: { value: reading.value }, observed: `${say(words, reading.value)} (${key}: ${showRaw(raw)})` };
  if ('values' in reading) return { fields: { values: reading.values }, observed: `${say(words, reading.values)} (${key}: ${reading.values.join(', ')})` };
  if ('oneOf' in reading) return { fields: { oneOf: reading.oneOf }, observed: `${key} is ${showRaw(raw)}: ${reading.why}` };
  return { fields: { unknown: reading.unknown }, observed: `${key} is ${showRaw(raw)}, which the model has no value for: ${reading.unknown}` };
}

/** One row applied to one resource: an observation, a note, or nothing (the path is missing or the format has no source). */
export function applyRow(row: Row, resource: DeployedResource, target: ResourceRef): DeploymentObservation | DeploymentNote | undefined {
  const source = sourceFor(row, resource);
  if (!source) return undefined;
  const path = parsePath(source.path);
  const found = lookupIn(resource, path);
  if (found.kind === 'missing') return undefined;
  const key = keyOf(path);
  let fields: Pick<DeploymentObservation, 'value' | 'values' | 'oneOf' | 'unknown'>;
  let observed: string;
  if (found.kind === 'unresolved') {
    fields = { unknown: found.unresolved.reason };
    observed = unresolvedSentence(key, found.unresolved);
  } else {
    ({ fields, observed } = readingFields(source.read(found.value), row.words, key, found.value));
  }
  if (row.note !== undefined) return { target, fact: row.note, observed, from: resource, path };
  return { target, property: row.property!, ...fields, observed, from: resource, path };
}
