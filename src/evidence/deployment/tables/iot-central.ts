// IoT Central: Microsoft.IoTCentral/iotApps and azurerm_iotcentral_application.
import { denyByDefault, text } from './converters.js';
import { PUBLIC_NETWORK_ACCESS, PRIVATE_ENDPOINT_CONNECTIONS } from './common-rows.js';
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
