// Device Provisioning Service: Microsoft.Devices/provisioningServices and azurerm_iothub_dps. Linked hubs come
// with a connection string (DPS holds the hub's key) unless the link says it uses a managed identity
// (`authenticationType` in newer API versions).
import type { DeployedLinkedHub, ResourceRef } from '../observation.js';
import type { DeployedResource } from '../resource.js';
import { nonEmptyList } from './converters.js';
import { PUBLIC_NETWORK_ACCESS, PRIVATE_ENDPOINT_CONNECTIONS } from './common-rows.js';
import { lookupIn } from './read-value.js';
import { connectionStringParts } from './refs.js';
import { listedPolicies } from './shared-access.js';
import type { ResourceTable } from './table.js';

const HUB_HOST = /\.azure-devices\.net$/i;

function linkedHubs(resource: DeployedResource, dps: ResourceRef): DeployedLinkedHub[] {
  const tf = resource.format === 'terraform';
  const listPath = tf ? ['linked_hub'] : ['properties', 'iotHubs'];
  const list = lookupIn(resource, listPath, false);
  if (list.kind !== 'value' || !Array.isArray(list.value)) return [];
  return list.value.map((_, i) => {
    const at = [...listPath, i];
    const cs = lookupIn(resource, [...at, tf ? 'connection_string' : 'connectionString']);
    const hostValue = lookupIn(resource, [...at, tf ? 'hostname' : 'name']);
    let host = hostValue.kind === 'value' && typeof hostValue.value === 'string' ? hostValue.value : undefined;
    if (host === undefined && cs.kind === 'value' && typeof cs.value === 'string') host = connectionStringParts(cs.value).hostname;
    const hub: ResourceRef | undefined = host !== undefined && HUB_HOST.test(host) ? { name: host.replace(HUB_HOST, ''), type: 'microsoft.devices/iothubs' } : undefined;
    const label = `linked hub ${host ?? i + 1}`;
    const base = { dps, ...(hub ? { hub } : {}), from: resource };
    const authPath = [...at, 'authenticationType'];
    const auth = tf ? { kind: 'missing' as const } : lookupIn(resource, authPath);
    if (auth.kind === 'unresolved') return { ...base, unknown: auth.unresolved.reason, observed: `${label}: authenticationType is ${auth.unresolved.expression}, which cannot be resolved offline: ${auth.unresolved.reason}`, path: authPath };
    if (auth.kind === 'value' && typeof auth.value === 'string' && /assigned/i.test(auth.value)) {
      return { ...base, auth: 'managed-identity' as const, observed: `${label} is reached with a managed identity (authenticationType: ${auth.value})`, path: authPath };
    }
    if (cs.kind !== 'missing') return { ...base, auth: 'connection-string' as const, observed: `${label} is linked with a connection string: DPS holds a key of the hub`, path: [...at, tf ? 'connection_string' : 'connectionString'] };
    return { ...base, unknown: 'the link states neither authenticationType nor a connection string', observed: `${label} states neither authenticationType nor a connection string`, path: at };
  });
}

export const dps: ResourceTable = {
  label: 'Device Provisioning Service',
  arm: 'microsoft.devices/provisioningservices',
  terraform: 'azurerm_iothub_dps',
  element: { kind: 'service', type: 'dps' },
  rows: [
    PUBLIC_NETWORK_ACCESS,
    { property: 'ipFilter', words: 'IP filter rules {are|are not} configured', arm: { path: 'properties.ipFilterRules', read: nonEmptyList }, terraform: { path: 'ip_filter_rule', read: nonEmptyList } },
    PRIVATE_ENDPOINT_CONNECTIONS,
  ],
  extract: (resource) => ({
    linkedHubs: linkedHubs(resource, { resource }),
    sharedAccessPolicies: listedPolicies(resource, { resource }),
  }),
};
