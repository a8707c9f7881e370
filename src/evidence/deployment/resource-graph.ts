// Azure Resource Graph results (`az graph query -o json`: `{ "count", "data": [...] }` or a bare array of
// rows; one resource as `az resource show` prints it has the same columns), from the `resources` table and the `authorizationresources` table (role assignments) alike. Each
// row is one resource; its columns (id, name, type, location, resourceGroup, subscriptionId, kind, sku,
// identity, properties, ...) become the body as they are, property names in the API's camelCase.
import { isRecord, resourceGraphRows } from './detect.js';
import { define } from './arm-expression.js';
import type { JsonDocument } from './parse-json.js';
import { Unresolved, type DeployedResource } from './resource.js';

/** Columns some exports (CSV round trips, older CLI versions) deliver as JSON text instead of objects. */
const OBJECT_COLUMNS = new Set(['properties', 'sku', 'identity', 'tags', 'plan', 'zones']);

export function readResourceGraph(doc: JsonDocument): DeployedResource[] {
  const found = resourceGraphRows(doc.value);
  if (!found) return [];
  const out: DeployedResource[] = [];
  found.rows.forEach((row, i) => {
    if (!isRecord(row) || typeof row['id'] !== 'string' || typeof row['type'] !== 'string') return;
    const at = found.single ? found.at : [...found.at, i];
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) define(body, k, OBJECT_COLUMNS.has(k) ? objectFromText(v) : v);
    const name = fullName(row['id'], row['name']);
    out.push({
      format: 'resource-graph',
      type: row['type'].toLowerCase(),
      name: typeof name === 'string' ? name : new Unresolved('', 'the row has no name column'),
      id: row['id'],
      body,
      location: doc.locate(at),
      // Inside a column delivered as text, the nearest position is the text itself.
      locate: (path) => doc.locate([...at, ...path]),
    });
  });
  return out;
}

function objectFromText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const text = v.trim();
  if (!(text.startsWith('{') || text.startsWith('['))) return v;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return v;
  }
}

/**
 * Resource Graph gives a child resource its leaf name ('default'); ARM and the mapping tables use the full
 * 'parent/child' name, which the id holds: /providers/<ns>/<type>/<a>/<childType>/<b> → 'a/b'.
 */
function fullName(id: string, name: unknown): unknown {
  const m = /\/providers\/[^/]+\/(.+)$/i.exec(id);
  const parts = m?.[1]!.split('/') ?? [];
  if (parts.length <= 2 || parts.length % 2 !== 0) return name;
  return parts.filter((_, i) => i % 2 === 1).join('/');
}
