// Terraform JSON (`terraform show -json plan.out`: planned_values; `terraform show -json`: values) read
// into DeployedResources: managed resources of the root module and every child module (data sources are
// read, not deployed, so skipped). A plan's values Terraform learns only on apply are marked Unresolved
// where resource_changes[].change.after_unknown says so, and the configuration's references tie a child
// to its parent while its id is still unknown.
import { isRecord } from './detect.js';
import type { JsonDocument, JsonPath } from './parse-json.js';
import { Unresolved, type DeployedResource } from './resource.js';

const KNOWN_AFTER_APPLY = 'known after apply';

export function readTerraform(doc: JsonDocument): DeployedResource[] {
  const root = doc.value;
  if (!isRecord(root)) return [];
  const plan = isRecord(root['planned_values']);
  const top = plan ? 'planned_values' : 'values';
  const values = root[top];
  if (!isRecord(values) || !isRecord(values['root_module'])) return [];
  const unknowns = afterUnknownByAddress(root['resource_changes']);
  const references = referencesByAddress(root['configuration']);
  const out: DeployedResource[] = [];
  readModule(doc, values['root_module'], [top, 'root_module'], { unknowns, references }, out);
  return out;
}

interface PlanFacts {
  unknowns: ReadonlyMap<string, unknown>;
  references: ReadonlyMap<string, Record<string, string[]>>;
}

function readModule(doc: JsonDocument, module: Record<string, unknown>, at: JsonPath, facts: PlanFacts, out: DeployedResource[]): void {
  const resources = Array.isArray(module['resources']) ? module['resources'] : [];
  resources.forEach((r, i) => {
    if (!isRecord(r) || r['mode'] === 'data' || typeof r['type'] !== 'string' || typeof r['address'] !== 'string') return;
    out.push(readResource(doc, r, [...at, 'resources', i], facts));
  });
  const children = Array.isArray(module['child_modules']) ? module['child_modules'] : [];
  children.forEach((child, i) => {
    if (isRecord(child)) readModule(doc, child, [...at, 'child_modules', i], facts, out);
  });
}

function readResource(doc: JsonDocument, r: Record<string, unknown>, at: JsonPath, facts: PlanFacts): DeployedResource {
  const address = r['address'] as string;
  const type = (r['type'] as string).toLowerCase();
  // A copy: the unknowns are added to it, the parsed file stays as written (locate() walks it).
  const body: Record<string, unknown> = isRecord(r['values']) ? structuredClone(r['values']) : {};
  const unknown = facts.unknowns.get(address);
  if (unknown !== undefined) markUnknown(body, unknown, address);

  const name = body['name'];
  const id = body['id'];
  const refs = facts.references.get(withoutIndexes(address));
  return {
    format: 'terraform',
    type,
    name: typeof name === 'string' || name instanceof Unresolved ? name : new Unresolved(address, `${type} has no name attribute`),
    ...(typeof id === 'string' ? { id } : {}),
    address,
    body,
    location: doc.locate(at),
    locate: (path) => doc.locate([...at, 'values', ...path]),
    ...(refs ? { references: refs } : {}),
  };
}

/** after_unknown mirrors `after` with `true` where a value is unknown until apply. */
function afterUnknownByAddress(changes: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(changes)) return map;
  for (const c of changes) {
    if (!isRecord(c) || typeof c['address'] !== 'string' || !isRecord(c['change'])) continue;
    const unknown = c['change']['after_unknown'];
    if (unknown !== undefined && unknown !== false) map.set(c['address'], unknown);
  }
  return map;
}

/** Puts an Unresolved where `unknown` has `true` and the planned value is absent or null. */
function markUnknown(container: Record<string, unknown> | unknown[], unknown: unknown, address: string, path: string[] = []): void {
  const entries: Array<[string | number, unknown]> = Array.isArray(unknown) ? unknown.map((u, i) => [i, u]) : isRecord(unknown) ? Object.entries(unknown) : [];
  const slot = container as Record<string | number, unknown>;
  for (const [key, u] of entries) {
    const here = [...path, String(key)];
    const current = slot[key];
    if (u === true) {
      if (current === undefined || current === null) {
        setOwn(slot, key, new Unresolved(KNOWN_AFTER_APPLY, `Terraform sets ${address}.${here.join('.')} when the plan is applied`));
      }
    } else if (Array.isArray(u) || isRecord(u)) {
      let next = current;
      if (next === undefined || next === null) {
        // Only create a container when something inside it is unknown.
        if (!hasTrue(u)) continue;
        next = Array.isArray(u) ? [] : {};
        setOwn(slot, key, next);
      }
      if (typeof next === 'object' && next !== null) markUnknown(next as Record<string, unknown>, u, address, here);
    }
  }
}

function hasTrue(u: unknown): boolean {
  if (u === true) return true;
  if (Array.isArray(u)) return u.some(hasTrue);
  return isRecord(u) && Object.values(u).some(hasTrue);
}

function setOwn(obj: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** 'module.iot[0].azurerm_iothub.hub["a"]' → 'module.iot.azurerm_iothub.hub': how the configuration names it. */
function withoutIndexes(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"])*\]/g, '');
}

/** Prefixes that name no resource: variables, locals, iteration values, path and terraform info. */
const NOT_RESOURCES = /^(var|local|each|count|path|terraform|self)\./;

/** The configuration's `expressions.<attr>.references`, per resource address (module path prefixed). */
function referencesByAddress(configuration: unknown): Map<string, Record<string, string[]>> {
  const map = new Map<string, Record<string, string[]>>();
  const walk = (module: unknown, prefix: string) => {
    if (!isRecord(module)) return;
    const resources = Array.isArray(module['resources']) ? module['resources'] : [];
    for (const r of resources) {
      if (!isRecord(r) || typeof r['address'] !== 'string' || r['mode'] === 'data' || !isRecord(r['expressions'])) continue;
      const byAttr: Record<string, string[]> = {};
      for (const [attr, expr] of Object.entries(r['expressions'])) {
        const addresses = [...new Set(referencesOf(expr).flatMap((ref) => resourceAddresses(ref, prefix, module)))];
        if (addresses.length > 0) Object.defineProperty(byAttr, attr, { value: addresses, enumerable: true, writable: true, configurable: true });
      }
      if (Object.keys(byAttr).length > 0) map.set(prefix + r['address'], byAttr);
    }
    for (const [name, call] of moduleCalls(module)) walk(call['module'], `${prefix}module.${name}.`);
  };
  if (isRecord(configuration)) walk(configuration['root_module'], '');
  return map;
}

function referencesOf(expr: unknown): string[] {
  return isRecord(expr) && Array.isArray(expr['references']) ? expr['references'].filter((x): x is string => typeof x === 'string') : [];
}

function moduleCalls(module: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  const calls = module['module_calls'];
  return isRecord(calls) ? Object.entries(calls).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1])) : [];
}

/**
 * The resources a reference names: 'azurerm_iothub.hub[0].id' → ['<prefix>azurerm_iothub.hub'];
 * 'data.t.n.attr' → ['<prefix>data.t.n']; a module output ('module.iot.hub_id') → what that output's
 * expression references inside the module; a variable or a local → [].
 */
function resourceAddresses(ref: string, prefix: string, module: Record<string, unknown>): string[] {
  if (NOT_RESOURCES.test(ref)) return [];
  const parts = withoutIndexes(ref).split('.');
  if (parts[0] === 'module') {
    const call = moduleCalls(module).find(([name]) => name === parts[1])?.[1];
    const inner = call && isRecord(call['module']) ? call['module'] : undefined;
    const outputs = inner && isRecord(inner['outputs']) ? inner['outputs'] : {};
    const output = parts[2] !== undefined && Object.prototype.hasOwnProperty.call(outputs, parts[2]) ? outputs[parts[2]] : undefined;
    if (!inner || !isRecord(output)) return [];
    return referencesOf(output['expression']).flatMap((r) => resourceAddresses(r, `${prefix}module.${parts[1]}.`, inner));
  }
  const take = parts[0] === 'data' ? 3 : 2;
  if (parts.length < take) return [];
  return [prefix + parts.slice(0, take).join('.')];
}
