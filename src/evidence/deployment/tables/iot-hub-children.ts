// Terraform resources that add to an IoT hub from outside its block: shared access policies and routing
// endpoints. (ARM has no such child types: policies and endpoints are in the hub's own properties.)
import type { DeployedSharedAccessPolicy, ResourceRef } from '../observation.js';
import type { DeployedResource } from '../resource.js';
import { lookupIn, unresolvedSentence } from './read-value.js';
import { terraformParent } from './refs.js';
import { COSMOS, endpointExport, EVENT_HUBS, SERVICE_BUS, STORAGE, type EndpointKind } from './routing.js';
import type { ResourceTable } from './table.js';

const hubOf = (resource: DeployedResource) => terraformParent(resource, { id: 'iothub_id', name: 'iothub_name', type: 'azurerm_iothub' });

const FLAGS: ReadonlyArray<[string, string]> = [['registry_read', 'RegistryRead'], ['registry_write', 'RegistryWrite'], ['service_connect', 'ServiceConnect'], ['device_connect', 'DeviceConnect']];

function standalonePolicy(resource: DeployedResource, on: ResourceRef): DeployedSharedAccessPolicy[] {
  const name = lookupIn(resource, ['name']);
  if (name.kind !== 'value' || typeof name.value !== 'string') return [];
  const rights: string[] = [];
  for (const [flag, right] of FLAGS) {
    const v = lookupIn(resource, [flag]);
    if (v.kind === 'unresolved') return [{ on, name: name.value, permissions: [], unknown: v.unresolved.reason, observed: `shared access policy ${name.value}: ${unresolvedSentence(flag, v.unresolved)}`, from: resource, path: [flag] }];
    if (v.kind === 'value' && v.value === true) rights.push(right);
  }
  const permissions: DeployedSharedAccessPolicy['permissions'] = [];
  if (rights.includes('RegistryWrite')) permissions.push('RegistryReadWrite');
  else if (rights.includes('RegistryRead')) permissions.push('RegistryRead');
  if (rights.includes('ServiceConnect')) permissions.push('ServiceConnect');
  if (rights.includes('DeviceConnect')) permissions.push('DeviceConnect');
  return [{ on, name: name.value, permissions, observed: `shared access policy ${name.value} grants ${rights.length ? rights.join(', ') : 'nothing'}`, from: resource, path: [] }];
}

export const iotHubSharedAccessPolicy: ResourceTable = {
  label: 'IoT hub shared access policy',
  terraform: 'azurerm_iothub_shared_access_policy',
  target: hubOf,
  rows: [],
  extract: (resource) => {
    const hub = hubOf(resource);
    return typeof hub === 'string' ? {} : { sharedAccessPolicies: standalonePolicy(resource, hub) };
  },
};

function endpointTable(terraform: string, kind: EndpointKind): ResourceTable {
  return {
    label: `IoT hub routing endpoint (${kind.label})`,
    terraform,
    target: hubOf,
    rows: [],
    extract: (resource) => {
      const hub = hubOf(resource);
      return typeof hub === 'string' ? {} : { exports: [endpointExport(resource, hub, [], kind)] };
    },
  };
}

export const iotHubEndpointEventHub = endpointTable('azurerm_iothub_endpoint_eventhub', EVENT_HUBS);
export const iotHubEndpointServiceBusQueue = endpointTable('azurerm_iothub_endpoint_servicebus_queue', SERVICE_BUS);
export const iotHubEndpointServiceBusTopic = endpointTable('azurerm_iothub_endpoint_servicebus_topic', SERVICE_BUS);
export const iotHubEndpointStorageContainer = endpointTable('azurerm_iothub_endpoint_storage_container', STORAGE);
export const iotHubEndpointCosmosDb = endpointTable('azurerm_iothub_endpoint_cosmosdb_account', COSMOS);
