// Every mapping table, and the table for a resource type.
import { cosmosDb } from './cosmos-db.js';
import { kustoCluster, logicApp, streamAnalyticsJob, webSite } from './compute.js';
import { defenderPricing, iotSecuritySolution } from './defender.js';
import { diagnosticSetting } from './diagnostic-setting.js';
import { dps } from './dps.js';
import { eventHubs, eventHubsNetworkRuleSet } from './event-hubs.js';
import { iotCentral, iotCentralNetworkRuleSet } from './iot-central.js';
import { iotHub } from './iot-hub.js';
import {
  iotHubEndpointCosmosDb, iotHubEndpointEventHub, iotHubEndpointServiceBusQueue, iotHubEndpointServiceBusTopic, iotHubEndpointStorageContainer, iotHubSharedAccessPolicy,
} from './iot-hub-children.js';
import { iotOperationsAuthentication, iotOperationsAuthorization, iotOperationsDataflowEndpoint, iotOperationsInstance, iotOperationsListener } from './iot-operations.js';
import { keyVault } from './key-vault.js';
import { privateEndpoint } from './private-endpoint.js';
import { roleAssignment } from './role-assignment.js';
import { serviceBus } from './service-bus.js';
import { storage } from './storage.js';
import { terraformTypes, type ResourceTable } from './table.js';

export const TABLES: readonly ResourceTable[] = [
  iotHub, iotHubSharedAccessPolicy, iotHubEndpointEventHub, iotHubEndpointServiceBusQueue, iotHubEndpointServiceBusTopic, iotHubEndpointStorageContainer, iotHubEndpointCosmosDb,
  dps, iotCentral, iotCentralNetworkRuleSet, eventHubs, eventHubsNetworkRuleSet, serviceBus, storage, keyVault, cosmosDb, webSite, streamAnalyticsJob, kustoCluster, logicApp,
  diagnosticSetting, privateEndpoint, roleAssignment, defenderPricing, iotSecuritySolution,
  iotOperationsInstance, iotOperationsAuthentication, iotOperationsListener, iotOperationsAuthorization, iotOperationsDataflowEndpoint,
];

const BY_TYPE = new Map<string, ResourceTable>();
for (const table of TABLES) {
  for (const type of [table.arm, ...terraformTypes(table)]) if (type !== undefined) BY_TYPE.set(type, table);
}

/** The table for a resource type (ARM / Resource Graph lower case, or Terraform), if any. */
export function tableFor(type: string): ResourceTable | undefined {
  const lower = type.toLowerCase();
  return BY_TYPE.get(lower) ?? TABLES.find((t) => t.armPattern?.test(lower));
}

/** Whether two types name the same kind of resource ('microsoft.devices/iothubs' and 'azurerm_iothub'): for matching ResourceRefs. */
export function sameResourceType(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const table = tableFor(a);
  return table !== undefined && table === tableFor(b) && table.element !== undefined;
}
