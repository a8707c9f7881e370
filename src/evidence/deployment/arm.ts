// ARM templates (portal/`az group export` exports, `az bicep build` output) read into DeployedResources:
// top-level, nested child and nested-deployment resources, with the expressions the template alone
// determines evaluated (see arm-expression.ts).
import { define, lookup, resolveArmValue, type ArmScope } from './arm-expression.js';
import { isRecord } from './detect.js';
import type { JsonDocument, JsonPath } from './parse-json.js';
import { Unresolved, type DeployedResource } from './resource.js';

const DEPLOYMENTS_TYPE = 'microsoft.resources/deployments';

export function readArmTemplate(doc: JsonDocument): DeployedResource[] {
  const out: DeployedResource[] = [];
  if (isRecord(doc.value)) readTemplate(doc, doc.value, [], templateScope(doc.value, new Map()), undefined, out);
  return out;
}

interface Parent {
  type: string;
  name: string | Unresolved;
}

function readTemplate(doc: JsonDocument, template: Record<string, unknown>, at: JsonPath, scope: ArmScope, parent: Parent | undefined, out: DeployedResource[]): void {
  const resources = template['resources'];
  const entries: Array<[string | number, unknown]> = Array.isArray(resources)
    ? resources.map((r, i) => [i, r])
    : isRecord(resources)
      ? Object.entries(resources) // languageVersion 2.0: keyed by symbolic name
      : [];
  for (const [key, raw] of entries) {
    if (!isRecord(raw) || typeof raw['type'] !== 'string') continue;
    // languageVersion 2.0 `existing` resources are references to resources deployed elsewhere, not deployed here.
    if (raw['existing'] === true) continue;
    readResource(doc, raw, [...at, 'resources', key], scope, parent, out);
  }
}

function readResource(doc: JsonDocument, raw: Record<string, unknown>, at: JsonPath, scope: ArmScope, parent: Parent | undefined, out: DeployedResource[]): void {
  const declaredType = String(raw['type']);
  // A provider namespace has a dot ('Microsoft.Devices'); a child written inside its parent may leave it out.
  const fullType = parent && !declaredType.split('/')[0]!.includes('.') ? `${parent.type}/${declaredType}` : declaredType;
  const type = fullType.toLowerCase();
  const ownName = resolveArmValue(raw['name'], scope);
  const name = parent ? childName(parent, ownName, type) : nameOf(ownName, raw['name']);

  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'resources') continue; // children are resources of their own
    // A nested deployment's template is evaluated in its own scope, below, not in this one.
    if (k === 'properties' && type === DEPLOYMENTS_TYPE && isRecord(v)) {
      const properties: Record<string, unknown> = {};
      for (const [pk, pv] of Object.entries(v)) define(properties, pk, pk === 'template' ? pv : resolveArmValue(pv, scope));
      define(body, k, properties);
      continue;
    }
    define(body, k, resolveArmValue(v, scope));
  }

  out.push({
    format: 'arm',
    type,
    name,
    body,
    location: doc.locate(at),
    locate: (path) => doc.locate([...at, ...path]),
  });

  const children = raw['resources'];
  if (Array.isArray(children) || isRecord(children)) readTemplate(doc, raw, at, scope, { type, name }, out);

  const properties = raw['properties'];
  if (type === DEPLOYMENTS_TYPE && isRecord(properties) && isRecord(properties['template'])) {
    const inner = properties['template'];
    readTemplate(doc, inner, [...at, 'properties', 'template'], nestedScope(properties, inner, scope, name), undefined, out);
  }
}

function nameOf(resolved: unknown, raw: unknown): string | Unresolved {
  if (resolved instanceof Unresolved) return resolved;
  if (typeof resolved === 'string') return resolved;
  return new Unresolved(typeof raw === 'string' ? raw : JSON.stringify(raw) ?? '', 'the name is not a string');
}

/** 'parent/child' unless the child spells every segment its type needs (one per type segment after the namespace). */
function childName(parent: Parent, own: unknown, type: string): string | Unresolved {
  const name = nameOf(own, own);
  const segments = type.split('/').length - 1;
  if (typeof name === 'string' && name.split('/').length >= segments) return name;
  if (name instanceof Unresolved) {
    const parentText = parent.name instanceof Unresolved ? parent.name.expression : parent.name;
    return new Unresolved(`${parentText}/${name.expression}`, name.reason);
  }
  if (parent.name instanceof Unresolved) return new Unresolved(`${parent.name.expression}/${name}`, parent.name.reason);
  return `${parent.name}/${name}`;
}

/**
 * A nested deployment's scope: with expressionEvaluationOptions.scope 'inner' (what Bicep modules compile
 * to), its own parameters, given by the deployment's `parameters` values (evaluated in the outer scope)
 * or their defaults; otherwise ('outer', ARM's default) the enclosing template's parameters and variables.
 */
function nestedScope(properties: Record<string, unknown>, inner: Record<string, unknown>, outer: ArmScope, deployment: string | Unresolved): ArmScope {
  const options = properties['expressionEvaluationOptions'];
  const scope = isRecord(options) && typeof options['scope'] === 'string' ? options['scope'].toLowerCase() : 'outer';
  if (scope !== 'inner') return outer;
  const given = new Map<string, unknown>();
  const supplied = properties['parameters'];
  if (isRecord(supplied)) {
    for (const [name, p] of Object.entries(supplied)) {
      if (!isRecord(p)) continue;
      const what = `parameter '${name}' of deployment ${typeof deployment === 'string' ? `'${deployment}'` : deployment.expression}`;
      if ('value' in p) {
        const value = resolveArmValue(p['value'], outer);
        given.set(name.toLowerCase(), value instanceof Unresolved ? new Unresolved('', `${what} is given ${value.expression}: ${value.reason}`) : value);
      } else if ('reference' in p) {
        given.set(name.toLowerCase(), new Unresolved('', `${what} is read from a Key Vault when the template is deployed`));
      }
    }
  }
  return templateScope(inner, given);
}

/** Parameters (given values, else defaults) and variables of one template, each resolved once, on first use. */
function templateScope(template: Record<string, unknown>, given: ReadonlyMap<string, unknown>): ArmScope {
  const parameters = isRecord(template['parameters']) ? template['parameters'] : {};
  const variables = isRecord(template['variables']) ? template['variables'] : {};
  const resolved = new Map<string, unknown>();
  const inProgress = new Set<string>();

  const once = (key: string, what: string, compute: () => unknown): unknown => {
    if (resolved.has(key)) return resolved.get(key);
    if (inProgress.has(key)) return new Unresolved('', `${what} refers to itself`);
    inProgress.add(key);
    const value = compute();
    inProgress.delete(key);
    resolved.set(key, value);
    return value;
  };

  const scope: ArmScope = {
    parameter(name) {
      return once(`p:${name.toLowerCase()}`, `parameter '${name}'`, () => {
        if (given.has(name.toLowerCase())) return given.get(name.toLowerCase());
        const found = lookup(parameters, name);
        if (!found.has || !isRecord(found.value)) return new Unresolved('', `parameter '${name}' is not declared in the template`);
        if (!('defaultValue' in found.value)) return new Unresolved('', `parameter '${name}' has no default value`);
        const value = resolveArmValue(found.value['defaultValue'], scope);
        return value instanceof Unresolved ? new Unresolved('', `parameter '${name}' defaults to ${value.expression}: ${value.reason}`) : value;
      });
    },
    variable(name) {
      return once(`v:${name.toLowerCase()}`, `variable '${name}'`, () => {
        const found = lookup(variables, name);
        if (!found.has) {
          const loops = variables['copy'];
          const made = Array.isArray(loops) && loops.some((l) => isRecord(l) && typeof l['name'] === 'string' && l['name'].toLowerCase() === name.toLowerCase());
          return new Unresolved('', made ? `variable '${name}' is made by a copy loop, not evaluated offline` : `variable '${name}' is not declared in the template`);
        }
        const value = resolveArmValue(found.value, scope);
        return value instanceof Unresolved ? new Unresolved('', `variable '${name}' is ${value.expression}: ${value.reason}`) : value;
      });
    },
  };
  return scope;
}
