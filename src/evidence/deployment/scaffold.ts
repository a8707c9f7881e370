// A starter model from what deployment exports show (iotsec init --from): the services and Azure IoT
// Operations instances with the properties the exports state, their routing exports, shared access policies
// and linked hubs, principals from role assignments, a boundary per resource group, and TODO lines for what no
// export can know (devices, fleets, field gateways, device flows). Pure: exports in, model text out.
import { modelText, type Starter, type StarterJson, type StarterSection } from '../../model/starter.js';
import { resolveRef, resourceLabel } from './match.js';
import type { ElementKind, MappedDeployment } from './observation.js';
import { Unresolved, type DeployedResource, type DeploymentFile } from './resource.js';

export interface Scaffold {
  text: string;
  counts: { services: number; edges: number; principals: number; boundaries: number; skipped: number };
}

/** An id the model accepts, readable, from a resource name: 'IoT-Hub_01' → 'iot-hub-01'. */
function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'resource';
}

function uniqueIds(): (wanted: string) => string {
  const taken = new Set<string>(['solution']);
  return (wanted) => {
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
    taken.add(id);
    return id;
  };
}

/** Subscription and resource group of a resource, from its id or the columns/attributes that name them. */
function groupOf(r: DeployedResource): { subscription?: string; group?: string } {
  const m = r.id !== undefined ? /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)/i.exec(r.id) : null;
  if (m) return { subscription: m[1]!, group: m[2]! };
  const b = r.body;
  const group = typeof b.resourceGroup === 'string' ? b.resourceGroup : typeof b.resource_group_name === 'string' ? b.resource_group_name : undefined;
  const subscription = typeof b.subscriptionId === 'string' ? b.subscriptionId : undefined;
  return { ...(subscription !== undefined ? { subscription } : {}), ...(group !== undefined ? { group } : {}) };
}

function setPath(data: StarterJson, dotted: string, value: unknown): void {
  const segs = dotted.split('.');
  let at = data;
  for (const s of segs.slice(0, -1)) {
    if (at[s] === undefined || typeof at[s] !== 'object' || Array.isArray(at[s])) at[s] = {};
    at = at[s] as StarterJson;
  }
  at[segs[segs.length - 1]!] = value;
}

const PRINCIPAL_KINDS: Record<string, string> = { user: 'user', group: 'group', serviceprincipal: 'service-principal', foreigngroup: 'group' };

export function scaffoldFromDeployment(files: readonly DeploymentFile[], mapped: MappedDeployment, options: { name?: string } = {}): Scaffold {
  const resources = files.flatMap((f) => f.resources);
  const nextId = uniqueIds();
  // Boundaries: one per resource group (or one for all when the exports do not say).
  const groups = new Map<string, { id: string; name: string }>();
  const boundaryOf = (r: DeployedResource): string => {
    const g = groupOf(r);
    const key = g.group !== undefined ? `${g.subscription ?? ''}/${g.group.toLowerCase()}` : '';
    let b = groups.get(key);
    if (!b) {
      const name = g.group !== undefined ? `Resource group ${g.group}${g.subscription !== undefined ? ` (subscription ${g.subscription})` : ''}` : 'Azure subscription';
      const group = g.group !== undefined ? slug(g.group) : undefined;
      b = { id: nextId(group === undefined ? 'azure' : group.startsWith('rg-') ? group : `rg-${group}`), name };
      groups.set(key, b);
    }
    return b.id;
  };
  const idOf = new Map<DeployedResource, string>();
  const dataOf = new Map<DeployedResource, StarterJson>();
  const services: StarterJson[] = [];
  const edges: StarterJson[] = [];
  const serviceNotes: string[][] = [];
  const edgeNotes: string[][] = [];
  const where = (r: DeployedResource) => `from ${r.location.file}:${r.location.line} (${resourceLabel(r)})`;
  for (const { resource: r, element } of mapped.elements as Array<{ resource: DeployedResource; element: ElementKind }>) {
    const name = r.name instanceof Unresolved ? undefined : r.name;
    const id = nextId(slug(name ?? r.type.split(/[/_]/).pop()!));
    idOf.set(r, id);
    const data: StarterJson = { id, ...(name !== undefined ? { name } : {}), boundary: boundaryOf(r) };
    // A Function app is an App Service site whose kind (ARM) or Terraform type says so.
    const isFunction = element.kind === 'service' && element.type === 'app-service' && (/functionapp/i.test(String(r.body.kind ?? '')) || r.type.includes('function_app'));
    if (element.kind === 'service') data.type = isFunction ? 'functions' : element.type;
    else data.runtime = element.runtime;
    if (r.id !== undefined && /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/.+$/i.test(r.id)) data.azureResourceId = r.id;
    else if (name !== undefined) data.resourceName = name;
    dataOf.set(r, data);
    (element.kind === 'service' ? services : edges).push(data);
    (element.kind === 'service' ? serviceNotes : edgeNotes).push([where(r)]);
  }
  const elementData = (ref: Parameters<typeof resolveRef>[0]) => {
    const r = resolveRef(ref, resources);
    return r !== undefined ? dataOf.get(r) : undefined;
  };
  // Properties: a value every observation agrees on; disagreeing ones are left unstated.
  const seen = new Map<StarterJson, Map<string, string>>();
  const disputed = new Set<string>();
  for (const o of mapped.observations) {
    const data = elementData(o.target);
    const value = o.values !== undefined ? [...o.values] : o.value;
    if (data === undefined || value === undefined) continue;
    const key = JSON.stringify(value);
    const byProperty = seen.get(data) ?? new Map<string, string>();
    seen.set(data, byProperty);
    const prior = byProperty.get(o.property);
    if (prior !== undefined && prior !== key) disputed.add(`${String(data.id)}:${o.property}`);
    byProperty.set(o.property, key);
  }
  for (const [data, byProperty] of seen) {
    for (const [property, key] of byProperty) if (!disputed.has(`${String(data.id)}:${property}`)) setPath(data, property, JSON.parse(key));
  }
  for (const x of mapped.exports ?? []) {
    const hub = elementData(x.from);
    const to = x.to !== undefined ? elementData(x.to) : undefined;
    if (hub === undefined || to === undefined) continue;
    const list = ((hub.exports as StarterJson[] | undefined) ?? []);
    if (!list.some((e) => e.to === to.id)) list.push({ to: to.id, ...(x.auth !== undefined ? { auth: x.auth } : {}) });
    hub.exports = list;
  }
  for (const p of mapped.sharedAccessPolicies ?? []) {
    const on = elementData(p.on);
    if (on === undefined || p.unknown !== undefined) continue;
    const list = ((on.sharedAccessPolicies as StarterJson[] | undefined) ?? []);
    if (!list.some((e) => e.name === p.name)) list.push({ name: p.name, permissions: [...p.permissions] });
    on.sharedAccessPolicies = list;
  }
  for (const l of mapped.linkedHubs ?? []) {
    const dps = elementData(l.dps);
    const hub = l.hub !== undefined ? elementData(l.hub) : undefined;
    if (dps === undefined || hub === undefined) continue;
    const list = (dps.linkedHubs as string[] | undefined) ?? [];
    if (!list.includes(hub.id as string)) list.push(hub.id as string);
    dps.linkedHubs = list;
  }
  // Principals: one per object id, with the assignments the exports hold.
  const principals = new Map<string, StarterJson>();
  const principalNotes: string[][] = [];
  let skipped = 0;
  for (const ra of mapped.roleAssignments) {
    if (ra.principalId === undefined || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ra.principalId)) {
      skipped++;
      continue;
    }
    let p = principals.get(ra.principalId.toLowerCase());
    if (!p) {
      const kind = PRINCIPAL_KINDS[(ra.principalType ?? '').toLowerCase()];
      p = { id: nextId(`principal-${ra.principalId.slice(0, 8).toLowerCase()}`), name: `TODO: who is ${ra.principalId}?`, ...(kind !== undefined ? { kind } : {}), objectId: ra.principalId, assignments: [] };
      principals.set(ra.principalId.toLowerCase(), p);
      principalNotes.push([`${where(ra.from)}${ra.principalType === 'ServicePrincipal' ? '; a service principal may be a managed identity: say which' : ''}`]);
    }
    const on = ra.scope !== undefined && ra.scopeLevel === 'resource' ? elementData({ id: ra.scope }) : undefined;
    const role = ra.role ?? (ra.roleDefinitionId !== undefined ? `custom role ${ra.roleDefinitionId}` : undefined);
    if (role === undefined) continue;
    (p.assignments as StarterJson[]).push({ role, ...(ra.scopeLevel !== 'unknown' ? { scope: ra.scopeLevel } : {}), ...(on !== undefined ? { on: on.id } : {}) });
  }
  const boundaries = [...groups.values()].map((b) => ({ id: b.id, name: b.name, kind: 'cloud' }));
  const names = [...new Set([...groups.values()].map((g) => g.name))];
  const starter: Starter = {
    summary: `scaffolded from ${files.map((f) => f.file).join(', ')}; check every value, then add what no export can show.`,
    solution: { architecture: edges.length > 0 ? ['cloud', 'edge'] : 'cloud' },
    elements: { boundaries, edges, services, principals: [...principals.values()] },
    notes: { services: serviceNotes, edges: edgeNotes, principals: principalNotes },
    todo: {
      devices: [
        'TODO: devices and fleets. No deployment export shows them: add each kind of device with its count,',
        'TODO: identity (method, storage, provisioning), TLS and software, and the boundary it sits in.',
      ],
      edges: ['TODO: field gateways (IoT Edge devices, custom gateways) are not Azure resources: add them, with gatewayFor.'],
      flows: [
        'TODO: flows from devices and gateways to the hub or DPS (protocol, TLS, auth). Routing from the hub to',
        'TODO: other services is already under each hub\'s exports:.',
      ],
    },
  };
  const name = options.name ?? (names.length === 1 && names[0] !== 'Azure subscription' ? `IoT solution in ${names[0]!.replace(/^Resource group /, '').replace(/ \(subscription .*$/, '')}` : 'IoT solution (from deployment exports)');
  return {
    text: modelText(starter, 'iotsec init --from', name),
    counts: { services: services.length, edges: edges.length, principals: principals.size, boundaries: boundaries.length, skipped },
  };
}

export type { StarterSection };
