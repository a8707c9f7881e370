// IoT Central: Microsoft.IoTCentral/iotApps and azurerm_iotcentral_application.
import { denyByDefault, text } from './converters.js';
import { PUBLIC_NETWORK_ACCESS, PRIVATE_ENDPOINT_CONNECTIONS } from './common-rows.js';
import { terraformParent } from './refs.js';
import type { ResourceTable } from './table.js';

export const iotCentral: ResourceTable = {
  label: 'IoT Central application',
  arm: 'microsoft.iotcentral/iotapps',
  terraform: 'azurerm_iotcentral_application',
  element: { kind: 'service', type: 'iot-central' },
  rows: [
    PUBLIC_NETWORK_ACCESS,
    { property: 'ipFilter', words: 'the network rule set {denies|allows} addresses no rule lists', arm: { path: 'properties.networkRuleSets.defaultAction', read: denyByDefault }, terraform: { path: 'network_rule_set.0.default_action', read: denyByDefault } },
    PRIVATE_ENDPOINT_CONNECTIONS,
    { note: 'managedIdentity', words: 'the application has a {} managed identity', arm: { path: 'identity.type', read: text }, terraform: { path: 'identity.0.type', read: text } },
  ],
};

/** azurerm keeps an IoT Central application's network rules in a resource of their own, tied by the application id. */
export const iotCentralNetworkRuleSet: ResourceTable = {
  label: 'IoT Central network rule set',
  terraform: 'azurerm_iotcentral_application_network_rule_set',
  target: (resource) => terraformParent(resource, { id: 'iotcentral_application_id', type: 'azurerm_iotcentral_application', label: 'IoT Central application' }),
  rows: [{ property: 'ipFilter', words: 'the network rule set {denies|allows} addresses no rule lists', terraform: { path: 'default_action', read: denyByDefault } }],
};
