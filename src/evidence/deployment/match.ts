// Tying deployed resources to model elements, and the mapping tables' observations to model properties. A
// resource matches a service (or an Azure IoT Operations edge) by the service's azureResourceId, else its
// resourceName, else its id or name, else by type when the model and the exports each hold exactly one of that
// type. Two candidates are never guessed between: both are reported. Pure: mapped exports and the model's
// elements in; evidence, facts and warnings out.
import type { Diagnostic } from '../../model/diagnostics.js';
import { cmp } from '../../model/diagnostics.js';
import type { ElementIndex, ModelElement } from '../../model/elements.js';
import type { ElementFact, ObservedProvenance, PropertyEvidence } from '../../model/provenance.js';
import type { Path, SourceLocation } from '../../model/source.js';
import type { DeployedRoleAssignment, DeploymentObservation, ElementKind, MappedDeployment, ResourceRef } from './observation.js';
import { Unresolved, type DeployedResource, type DeploymentLocation } from './resource.js';
import { nameOf, parseResourceId as parseFullResourceId, refFromScope } from './tables/refs.js';

export interface MatchedDeployment {
  observations: PropertyEvidence[];
  /** Per element: every observation as a fact, plus role assignments; with a note when it fills or checks nothing. */
  facts: ElementFact[];
  /** Which resource each matched element stands for (element id → resource label). */
  matches: Map<string, string>;
  warnings: Diagnostic[];
  /** Counts for the run's summary line. */
  counts: { resources: number; matched: number; unmatchedResources: number; observations: number; aboutOtherResources: number };
}

const lower = (s: string) => s.toLowerCase();

/** How a resource is named in messages and provenance: its id, else its Terraform address, else type/name. */
export function resourceLabel(r: DeployedResource): string {
  if (r.id !== undefined) return r.id;
  if (r.address !== undefined) return r.address;
  return `${r.type}/${r.name instanceof Unresolved ? r.name.expression : r.name}`;
}

/** `/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/hub` → type 'microsoft.devices/iothubs', name 'hub' (child ids give 'a/b' names); also the relative form templates use for scopes ('Microsoft.Devices/IotHubs/hub'). */
export function parseResourceId(id: string): { type: string; name: string } | undefined {
  const full = parseFullResourceId(id);
  if (full) return { type: full.type, name: full.name };
  const relative = id.startsWith('/') ? undefined : refFromScope(id);
  return relative !== undefined && 'type' in relative ? { type: relative.type, name: relative.name } : undefined;
}

/** Model service types a resource type may also stand for: a function app is an App Service site. */
const ALSO: Readonly<Record<string, readonly string[]>> = { 'app-service': ['functions'] };

function fits(element: ModelElement, kind: ElementKind): boolean {
  if (kind.kind === 'edge') return element.kind === 'edge' && (element.data.runtime === undefined || element.data.runtime === kind.runtime);
  const type = element.data.type as string | undefined;
  return element.kind === 'service' && (type === undefined || type === kind.type || (ALSO[kind.type] ?? []).includes(type));
}

function modelLocation(element: ModelElement, locate: (p: Path) => SourceLocation, key?: string): Pick<Diagnostic, 'file' | 'line' | 'column'> {
  const l = locate(key !== undefined ? [...element.path, key] : element.path);
  return { file: l.file, line: l.line, column: l.column };
}

function exportLocation(l: DeploymentLocation): Pick<Diagnostic, 'file' | 'line' | 'column'> {
  return { file: l.file, line: l.line, column: l.column };
}

/** Element ids of the model's services and IoT Operations edges, each with the resource it stands for, or why none. */
function matchElements(mapped: MappedDeployment, index: ElementIndex, locate: (p: Path) => SourceLocation, warnings: Diagnostic[]): Map<DeployedResource, ModelElement> {
  const candidates = [...(index.byKind.get('service') ?? []), ...(index.byKind.get('edge') ?? []).filter((e) => e.data.runtime === 'iot-operations' || e.data.azureResourceId !== undefined || e.data.resourceName !== undefined)];
  const byResource = new Map<DeployedResource, ModelElement>();
  const assign = (r: DeployedResource, e: ModelElement) => {
    const prior = byResource.get(r);
    if (prior !== undefined && prior.id !== e.id) {
      warnings.push({ ...exportLocation(r.location), severity: 'warning', code: 'deployment-ambiguous', message: `resource ${resourceLabel(r)} matches both '${prior.id}' and '${e.id}'; neither is filled from it`, hint: 'give each service its own azureResourceId or resourceName' });
      byResource.delete(r);
      return;
    }
    byResource.set(r, e);
  };
  const explicit = (e: ModelElement): DeployedResource[] | undefined => {
    const id = typeof e.data.azureResourceId === 'string' ? e.data.azureResourceId : undefined;
    const rn = typeof e.data.resourceName === 'string' ? e.data.resourceName : undefined;
    if (id !== undefined) {
      const parsed = parseResourceId(id);
      return mapped.elements
        .filter(({ resource: r }) => (r.id !== undefined ? lower(r.id) === lower(id) : parsed !== undefined && r.format !== 'terraform' && r.type === parsed.type && lower(nameOf(r) ?? '') === lower(parsed.name)))
        .map((x) => x.resource);
    }
    if (rn !== undefined) return mapped.elements.filter(({ resource: r, element: k }) => fits(e, k) && lower(nameOf(r) ?? '') === lower(rn)).map((x) => x.resource);
    return undefined;
  };
  const byName: ModelElement[] = [];
  for (const e of candidates) {
    const found = explicit(e);
    if (found === undefined) {
      byName.push(e);
      continue;
    }
    const key = e.data.azureResourceId !== undefined ? 'azureResourceId' : 'resourceName';
    if (found.length === 1) assign(found[0]!, e);
    else if (found.length > 1) warnings.push({ ...modelLocation(e, locate, key), severity: 'warning', code: 'deployment-ambiguous', message: `'${e.id}': ${found.length} deployed resources match its ${key} (${found.map(resourceLabel).sort(cmp).join(', ')}); none is used`, hint: 'give the azureResourceId, which is unique' });
  }
  // By id or display name, among resources of a fitting kind not matched explicitly.
  const free = () => mapped.elements.filter(({ resource: r }) => !byResource.has(r));
  const byType: ModelElement[] = [];
  for (const e of byName) {
    const names = new Set([lower(e.id), lower(e.name)]);
    const found = free().filter(({ resource: r, element: k }) => fits(e, k) && names.has(lower(nameOf(r) ?? '\u0000')));
    if (found.length === 1) assign(found[0]!.resource, e);
    else if (found.length > 1) warnings.push({ ...modelLocation(e, locate), severity: 'warning', code: 'deployment-ambiguous', message: `'${e.id}': ${found.length} deployed resources have its name; none is used`, hint: 'give the service an azureResourceId' });
    else byType.push(e);
  }
  // By type, only when exactly one unmatched model element could stand for the resource and it could stand for
  // no other unmatched resource (a function app and an App Service app both fit a site: no guess between them).
  const typed = byType.filter((e) => !(e.kind === 'service' && e.data.type === undefined));
  const remaining = free();
  for (const { resource: r, element: k } of remaining) {
    const models = typed.filter((e) => fits(e, k));
    if (models.length === 1 && remaining.filter((x) => fits(models[0]!, x.element)).length === 1) assign(r, models[0]!);
  }
  return byResource;
}

/** The resource a reference names, if the exports hold it. */
export function resolveRef(ref: ResourceRef, all: readonly DeployedResource[]): DeployedResource | undefined {
  if ('resource' in ref) return ref.resource;
  if ('address' in ref) return all.find((r) => r.address === ref.address);
  if ('id' in ref) {
    const byId = all.find((r) => r.id !== undefined && lower(r.id) === lower(ref.id));
    if (byId) return byId;
    const parsed = parseResourceId(ref.id);
    return parsed ? unique(all.filter((r) => r.type === parsed.type && lower(nameOf(r) ?? '') === lower(parsed.name))) : undefined;
  }
  return unique(all.filter((r) => r.type === lower(ref.type) && lower(nameOf(r) ?? '') === lower(ref.name)));
}

function unique<T>(list: readonly T[]): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}

/** The parent of a child resource reference ('microsoft.storage/storageaccounts/blobservices' 'st/default' → the account), if it is one. */
function parentRef(ref: ResourceRef, resolved: DeployedResource | undefined): ResourceRef | undefined {
  const named = 'type' in ref ? { type: lower(ref.type), name: ref.name } : 'id' in ref ? parseResourceId(ref.id) : resolved !== undefined && nameOf(resolved) !== undefined ? { type: resolved.type, name: nameOf(resolved)! } : undefined;
  if (named === undefined || resolved?.format === 'terraform') return undefined;
  const types = named.type.split('/');
  const names = named.name.split('/');
  if (types.length < 3 || names.length !== types.length - 1) return undefined;
  return { type: types.slice(0, -1).join('/'), name: names.slice(0, -1).join('/') };
}

/** A model element a reference names directly by its azureResourceId, when the exports do not hold the resource itself. */
function elementByResourceId(ref: ResourceRef, index: ElementIndex): ModelElement | undefined {
  if (!('id' in ref)) return undefined;
  return unique([...(index.byKind.get('service') ?? []), ...(index.byKind.get('edge') ?? [])].filter((e) => typeof e.data.azureResourceId === 'string' && lower(e.data.azureResourceId) === lower(ref.id)));
}

function provenanceOf(o: { from: DeployedResource; path: ReadonlyArray<string | number> }): ObservedProvenance {
  const l = o.from.locate(o.path);
  return { source: 'deployment', location: { file: l.file, line: l.line, column: l.column, pointer: l.pointer, resource: resourceLabel(o.from) }, collector: `${o.from.format}:${o.from.type}` };
}

function observationToEvidence(o: DeploymentObservation, element: string): PropertyEvidence {
  return {
    element,
    property: o.property,
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.oneOf !== undefined ? { oneOf: o.oneOf } : {}),
    // The tables' sentence for an unresolved value usually gives the reason already.
    observed: o.unknown !== undefined && !o.observed.includes(o.unknown) ? `${o.observed} (cannot be resolved offline: ${o.unknown})` : o.observed,
    provenance: provenanceOf(o),
  };
}

const fact = (element: ModelElement, name: string, value: string, detail: string, o: { from: DeployedResource; path: ReadonlyArray<string | number> }, note?: string): ElementFact => ({
  element: element.id,
  fact: name,
  value,
  detail,
  provenance: provenanceOf(o),
  ...(note !== undefined ? { note } : {}),
});

/**
 * What the tables found that is a list in the model (routing endpoints as `exports`, shared access policies,
 * DPS linked hubs, broker authentication methods) or no property at all (notes): facts on the element, each
 * with a note where the model states the list and the deployment differs. Returns how many were about
 * resources no element stands for.
 */
function listFacts(mapped: MappedDeployment, elementOf: (ref: ResourceRef) => ModelElement | undefined, facts: ElementFact[], warnings: Diagnostic[]): number {
  let other = 0;
  const differs = (element: ModelElement, what: string, o: { from: DeployedResource }) => {
    warnings.push({ ...exportLocation(o.from.location), severity: 'warning', code: 'deployment-list-differs', message: `'${element.id}': ${what}`, hint: `update ${element.id} in the model, or the deployment` });
    return what;
  };
  for (const n of mapped.notes ?? []) {
    const e = elementOf(n.target);
    if (e === undefined) other++;
    else facts.push(fact(e, n.fact, '', n.observed, n, 'the model has no property for this'));
  }
  for (const o of mapped.observations) {
    if (o.values === undefined) continue;
    const e = elementOf(o.target);
    if (e === undefined) continue;
    const stated = readList(e.data, o.property);
    const same = stated !== undefined && [...stated].map(String).sort().join(',') === [...o.values].sort().join(',');
    const note = stated === undefined ? 'the model does not state it' : same ? undefined : differs(e, `${o.property} is ${stated.join(', ')} in the model but ${o.values.join(', ')} in the deployment`, o);
    facts.push(fact(e, o.property, o.values.join(', '), o.observed, o, note));
  }
  for (const x of mapped.exports ?? []) {
    const hub = elementOf(x.from);
    if (hub === undefined) {
      other++;
      continue;
    }
    const to = x.to !== undefined ? elementOf(x.to) : undefined;
    const stated = hub.data.exports as Array<{ to: string; auth?: string }> | undefined;
    const match = to !== undefined ? stated?.find((s) => s.to === to.id) : undefined;
    let note: string | undefined;
    if (to === undefined) note = 'its destination is not an element of the model';
    else if (stated !== undefined && match === undefined) note = differs(hub, `routes messages to '${to.id}' in the deployment, but the model lists no such export`, { from: x.source });
    else if (match?.auth !== undefined && x.auth !== undefined && match.auth !== x.auth) note = differs(hub, `its export to '${to.id}' authenticates with ${x.auth} in the deployment, ${match.auth} in the model`, { from: x.source });
    else if (x.unknown !== undefined) note = `cannot be resolved offline: ${x.unknown}`;
    facts.push(fact(hub, 'export', `${to?.id ?? x.endpoint ?? 'endpoint'}: ${x.auth ?? 'unknown'}`, x.observed, { from: x.source, path: x.path }, note));
  }
  for (const p of mapped.sharedAccessPolicies ?? []) {
    const e = elementOf(p.on);
    if (e === undefined) {
      other++;
      continue;
    }
    const stated = e.data.sharedAccessPolicies as Array<{ name: string; permissions?: string[] }> | undefined;
    const match = stated?.find((s) => s.name.toLowerCase() === p.name.toLowerCase());
    let note: string | undefined;
    if (stated !== undefined && match === undefined) note = differs(e, `has shared access policy '${p.name}' in the deployment, which the model does not list`, p);
    else if (match?.permissions !== undefined && p.unknown === undefined && [...match.permissions].sort().join(',') !== [...p.permissions].sort().join(',')) {
      note = differs(e, `policy '${p.name}' grants ${p.permissions.join(', ') || 'no rights the model names'} in the deployment, ${match.permissions.join(', ')} in the model`, p);
    } else if (stated === undefined) note = 'the model does not list shared access policies';
    facts.push(fact(e, 'shared-access-policy', p.name, p.observed, p, note));
  }
  for (const l of mapped.linkedHubs ?? []) {
    const dps = elementOf(l.dps);
    if (dps === undefined) {
      other++;
      continue;
    }
    const hub = l.hub !== undefined ? elementOf(l.hub) : undefined;
    const stated = dps.data.linkedHubs as string[] | undefined;
    const note = hub === undefined ? 'the linked hub is not an element of the model' : stated !== undefined && !stated.includes(hub.id) ? differs(dps, `links '${hub.id}' in the deployment, which the model's linkedHubs do not list`, l) : undefined;
    facts.push(fact(dps, 'linked-hub', `${hub?.id ?? 'hub'}: ${l.auth ?? 'unknown'}`, l.observed, l, note));
  }
  return other;
}

function readList(data: Record<string, unknown>, dotted: string): unknown[] | undefined {
  let at: unknown = data;
  for (const seg of dotted.split('.')) at = at !== null && typeof at === 'object' && !Array.isArray(at) && Object.hasOwn(at, seg) ? (at as Record<string, unknown>)[seg] : undefined;
  return Array.isArray(at) ? at : undefined;
}

/** Data-plane roles whose assignment on a service shows that it is reached with Microsoft Entra ID and Azure RBAC. */
const DATA_ROLE = /\b(data|registry|twin)\b|secrets user|secrets officer|crypto|certificates officer|key vault administrator|device provisioning service/i;

function assignmentFacts(
  assignments: readonly DeployedRoleAssignment[],
  index: ElementIndex,
  scopeElement: (scope: string) => ModelElement | undefined,
  facts: ElementFact[],
  observations: PropertyEvidence[],
  warnings: Diagnostic[],
): void {
  const principals = (index.byKind.get('principal') ?? []).filter((p) => typeof p.data.objectId === 'string');
  let unnamed = 0;
  let firstUnnamed: DeployedRoleAssignment | undefined;
  for (const ra of assignments) {
    const role = ra.role ?? (ra.roleDefinitionId !== undefined ? `custom role ${ra.roleDefinitionId}` : 'a role the export does not name');
    const target = ra.scope !== undefined && ra.scopeLevel === 'resource' ? scopeElement(ra.scope) : undefined;
    const where = target ? `on ${target.name}` : ra.scope !== undefined ? `at ${ra.scopeLevel} scope ${ra.scope}` : 'at a scope the export does not resolve';
    const provenance = provenanceOf({ from: ra.from, path: [] });
    const principal = ra.principalId !== undefined ? principals.find((p) => lower(String(p.data.objectId)) === lower(ra.principalId!)) : undefined;
    if (target && ra.role !== undefined && DATA_ROLE.test(ra.role) && target.kind === 'service') {
      observations.push({ element: target.id, property: 'entraAuth', value: true, observed: `a role assignment grants ${ra.role} ${where} to ${ra.principalType ?? 'a principal'} ${ra.principalId ?? ''}`.trimEnd(), provenance });
    }
    if (principal === undefined) {
      unnamed++;
      firstUnnamed ??= ra;
      continue;
    }
    const stated = (principal.data.assignments as Array<{ role?: string; on?: string; scope?: string }> | undefined) ?? [];
    const inModel = stated.some((s) => s.role !== undefined && ra.role !== undefined && lower(s.role) === lower(ra.role) && (target === undefined || s.on === target.id));
    facts.push({
      element: principal.id,
      fact: 'role-assignment',
      value: role,
      detail: `${principal.name} holds ${role} ${where}`,
      provenance,
      ...(inModel ? {} : { note: 'the model does not list this assignment' }),
    });
    if (!inModel && principal.data.assignments !== undefined) {
      const l = ra.from.location;
      warnings.push({ ...exportLocation(l), severity: 'warning', code: 'deployment-unmodelled-assignment', message: `'${principal.id}' holds ${role} ${where} in the deployment, but the model does not list it`, hint: `add it to ${principal.id}'s assignments, or remove it from the deployment` });
    }
  }
  if (unnamed > 0 && firstUnnamed) {
    warnings.push({
      ...exportLocation(firstUnnamed.from.location),
      severity: 'warning',
      code: 'deployment-unmatched-principal',
      message: `${unnamed} role assignment${unnamed === 1 ? '' : 's'} name${unnamed === 1 ? 's' : ''} a principal the model does not have (by objectId)`,
      hint: 'give principals their objectId to check their assignments against the deployment',
    });
  }
}

export function matchDeployment(mapped: MappedDeployment, index: ElementIndex, locate: (p: Path) => SourceLocation, resources: readonly DeployedResource[]): MatchedDeployment {
  const warnings: Diagnostic[] = [];
  const byResource = matchElements(mapped, index, locate, warnings);
  const matches = new Map([...byResource].map(([r, e]) => [e.id, resourceLabel(r)]));
  const elementOf = (ref: ResourceRef): ModelElement | undefined => {
    const r = resolveRef(ref, resources);
    const found = (r !== undefined ? byResource.get(r) : undefined) ?? elementByResourceId(ref, index);
    if (found !== undefined) return found;
    // A child resource (a storage account's blob service, a namespace's event hub) stands for its parent here:
    // a diagnostic setting or a private endpoint on it is about the service the model names.
    const parent = parentRef(ref, r);
    return parent !== undefined ? elementOf(parent) : undefined;
  };
  const observations: PropertyEvidence[] = [];
  const facts: ElementFact[] = [];
  let aboutOther = 0;
  for (const o of mapped.observations) {
    if (o.values !== undefined) continue; // list-valued: facts (listFacts)
    const element = elementOf(o.target);
    if (element === undefined) {
      aboutOther++;
      continue;
    }
    const e = observationToEvidence(o, element.id);
    observations.push(e);
    facts.push({ element: element.id, fact: o.property, value: o.value !== undefined ? String(o.value) : o.oneOf !== undefined ? o.oneOf.join(' | ') : 'unknown', detail: e.observed, provenance: e.provenance, ...(o.unknown !== undefined ? { note: `cannot be resolved offline: ${o.unknown}` } : {}) });
  }
  assignmentFacts(mapped.roleAssignments, index, (scope) => elementOf({ id: scope }), facts, observations, warnings);
  aboutOther += listFacts(mapped, elementOf, facts, warnings);
  // Resources of a mapped kind that stand for no model element, and model services nothing stands for.
  const unmatched = mapped.elements.filter(({ resource }) => !byResource.has(resource));
  for (const { resource } of unmatched) {
    warnings.push({ ...exportLocation(resource.location), severity: 'warning', code: 'deployment-unmatched-resource', message: `resource ${resourceLabel(resource)} matches no element of the model`, hint: 'add it to the model, or give the service it is an azureResourceId or resourceName' });
  }
  const unnamedServices: ModelElement[] = [];
  for (const e of index.byKind.get('service') ?? []) {
    if (matches.has(e.id)) continue;
    if (e.data.azureResourceId === undefined && e.data.resourceName === undefined) {
      unnamedServices.push(e);
      continue;
    }
    const key = e.data.azureResourceId !== undefined ? 'azureResourceId' : 'resourceName';
    if (!warnings.some((w) => w.code === 'deployment-ambiguous' && w.message.startsWith(`'${e.id}'`))) {
      warnings.push({ ...modelLocation(e, locate, key), severity: 'warning', code: 'deployment-missing-resource', message: `'${e.id}': no deployed resource in the exports has its ${key}`, hint: 'check the name, or add the export that holds it' });
    }
  }
  if (unnamedServices.length > 0) {
    const ids = unnamedServices.map((e) => `'${e.id}'`);
    warnings.push({
      ...modelLocation(unnamedServices[0]!, locate),
      severity: 'warning',
      code: 'deployment-missing-resource',
      message: `${ids.length} service${ids.length === 1 ? '' : 's'} match${ids.length === 1 ? 'es' : ''} no deployed resource: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ` and ${ids.length - 8} more` : ''}`,
      hint: 'give each service its resourceName (the Azure name) or azureResourceId, or add the export that holds it',
    });
  }
  return {
    observations,
    facts,
    matches,
    warnings,
    counts: { resources: resources.length, matched: byResource.size, unmatchedResources: unmatched.length, observations: observations.length, aboutOtherResources: aboutOther },
  };
}
