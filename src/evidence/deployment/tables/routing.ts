// IoT hub routing endpoints as exports: where messages go (the resource named by the endpoint URI, the
// connection string or a Terraform reference) and how the hub authenticates there (authenticationType
// identityBased → managed identity, keyBased or a connection string → connection string).
import type { DeployedExport, ResourceRef } from '../observation.js';
import type { DeployedResource } from '../resource.js';
import { lookupIn } from './read-value.js';
import { connectionStringParts, hostOf, referenceTo } from './refs.js';

export interface EndpointKind {
  /** Where the destination lives. */
  arm: string;
  terraform: string;
  /** 'ns.servicebus.windows.net' → 'ns'. */
  hostSuffix: RegExp;
  label: string;
}

export const EVENT_HUBS: EndpointKind = { arm: 'microsoft.eventhub/namespaces', terraform: 'azurerm_eventhub_namespace', hostSuffix: /\.servicebus\.windows\.net$/, label: 'Event Hubs namespace' };
export const SERVICE_BUS: EndpointKind = { arm: 'microsoft.servicebus/namespaces', terraform: 'azurerm_servicebus_namespace', hostSuffix: /\.servicebus\.windows\.net$/, label: 'Service Bus namespace' };
export const STORAGE: EndpointKind = { arm: 'microsoft.storage/storageaccounts', terraform: 'azurerm_storage_account', hostSuffix: /\.blob\.core\.windows\.net$/, label: 'storage account' };
export const COSMOS: EndpointKind = { arm: 'microsoft.documentdb/databaseaccounts', terraform: 'azurerm_cosmosdb_account', hostSuffix: /\.documents\.azure\.com$/, label: 'Cosmos DB account' };

/** ARM `properties.routing.endpoints` lists (cosmosDBSqlCollections is the older preview name). */
export const ARM_ENDPOINT_LISTS: ReadonlyArray<[string, EndpointKind]> = [
  ['eventHubs', EVENT_HUBS], ['serviceBusQueues', SERVICE_BUS], ['serviceBusTopics', SERVICE_BUS], ['storageContainers', STORAGE],
  ['cosmosDBSqlContainers', COSMOS], ['cosmosDBSqlCollections', COSMOS],
];

/** Terraform `endpoint[].type` of azurerm_iothub. */
export const TERRAFORM_ENDPOINT_TYPES: Readonly<Record<string, EndpointKind>> = {
  'azureiothub.eventhub': EVENT_HUBS, 'azureiothub.servicebusqueue': SERVICE_BUS, 'azureiothub.servicebustopic': SERVICE_BUS,
  'azureiothub.storagecontainer': STORAGE, 'azureiothub.cosmosdbcontainer': COSMOS,
};

function stringAt(resource: DeployedResource, path: ReadonlyArray<string | number>): string | undefined {
  const found = lookupIn(resource, path);
  return found.kind === 'value' && typeof found.value === 'string' ? found.value : undefined;
}

function nameFromHost(host: string | undefined, kind: EndpointKind): string | undefined {
  return host !== undefined && kind.hostSuffix.test(host) ? host.replace(kind.hostSuffix, '') : undefined;
}

/** The destination: from a Terraform reference, the endpoint URI, or the connection string. */
function destination(resource: DeployedResource, at: ReadonlyArray<string | number>, kind: EndpointKind, names: { uri: string; cs: string }, standalone: boolean): ResourceRef | undefined {
  if (resource.format === 'terraform' && standalone) {
    for (const attribute of [names.uri, names.cs]) {
      const address = referenceTo(resource, attribute, [kind.terraform]);
      if (address) return { address };
    }
  }
  const uri = stringAt(resource, [...at, names.uri]);
  const fromUri = nameFromHost(uri === undefined ? undefined : hostOf(uri), kind);
  if (fromUri) return { name: fromUri, type: kind.arm };
  const cs = stringAt(resource, [...at, names.cs]);
  if (cs !== undefined) {
    const parts = connectionStringParts(cs);
    const name = parts.accountname ?? nameFromHost(parts.endpoint === undefined ? undefined : hostOf(parts.endpoint), kind) ?? nameFromHost(parts.accountendpoint === undefined ? undefined : hostOf(parts.accountendpoint), kind);
    if (name) return { name, type: kind.arm };
  }
  return undefined;
}

/** One endpoint object at `at` in the resource (an entry of the hub's list, or a whole Terraform endpoint resource when `at` is []). */
export function endpointExport(resource: DeployedResource, hub: ResourceRef, at: ReadonlyArray<string | number>, kind: EndpointKind): DeployedExport {
  const tf = resource.format === 'terraform';
  const names = tf ? { auth: 'authentication_type', uri: 'endpoint_uri', cs: 'connection_string', name: 'name' } : { auth: 'authenticationType', uri: 'endpointUri', cs: 'connectionString', name: 'name' };
  const endpoint = stringAt(resource, [...at, names.name]);
  const to = destination(resource, at, kind, names, at.length === 0);
  const authPath = [...at, names.auth];
  const auth = lookupIn(resource, authPath);
  const cs = lookupIn(resource, [...at, names.cs]);
  const base = { from: hub, ...(to ? { to } : {}), ...(endpoint ? { endpoint } : {}), source: resource };
  const label = `routing endpoint ${endpoint ?? '(unnamed)'} to a ${kind.label}${to && 'name' in to ? ` (${to.name})` : ''}`;
  if (auth.kind === 'unresolved') return { ...base, unknown: auth.unresolved.reason, observed: `${label}: ${names.auth} is ${auth.unresolved.expression}, which cannot be resolved offline: ${auth.unresolved.reason}`, path: authPath };
  if (auth.kind === 'value') {
    const v = String(auth.value).toLowerCase();
    if (v === 'identitybased') return { ...base, auth: 'managed-identity', observed: `${label} authenticates with a managed identity (${names.auth}: ${String(auth.value)})`, path: authPath };
    if (v === 'keybased') return { ...base, auth: 'connection-string', observed: `${label} authenticates with a key in a connection string (${names.auth}: ${String(auth.value)})`, path: authPath };
    return { ...base, unknown: `${String(auth.value)} is not identityBased or keyBased`, observed: `${label}: ${names.auth} is ${String(auth.value)}, which the model has no value for`, path: authPath };
  }
  // No authenticationType: a connection string the endpoint does state is key-based access.
  if (cs.kind !== 'missing') return { ...base, auth: 'connection-string', observed: `${label} authenticates with a connection string (${names.cs} is set)`, path: [...at, names.cs] };
  return { ...base, unknown: `the endpoint states neither ${names.auth} nor ${names.cs}`, observed: `${label} states neither ${names.auth} nor ${names.cs}`, path: [...at] };
}

/** Every endpoint listed on a hub resource. */
export function hubEndpoints(resource: DeployedResource, hub: ResourceRef): DeployedExport[] {
  if (resource.format === 'terraform') {
    const list = lookupIn(resource, ['endpoint'], false);
    if (list.kind !== 'value' || !Array.isArray(list.value)) return [];
    return list.value.flatMap((e, i) => {
      const type = (e as { type?: unknown } | null)?.type;
      const kind = typeof type === 'string' ? TERRAFORM_ENDPOINT_TYPES[type.toLowerCase()] : undefined;
      return kind ? [endpointExport(resource, hub, ['endpoint', i], kind)] : [];
    });
  }
  return ARM_ENDPOINT_LISTS.flatMap(([list, kind]) => {
    const found = lookupIn(resource, ['properties', 'routing', 'endpoints', list], false);
    if (found.kind !== 'value' || !Array.isArray(found.value)) return [];
    return found.value.map((_, i) => endpointExport(resource, hub, ['properties', 'routing', 'endpoints', list, i], kind));
  });
}
