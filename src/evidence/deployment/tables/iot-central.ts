// IoT Central: Microsoft.IoTCentral/iotApps and azurerm_iotcentral_application.
import { approvedConnection, bool, denyByDefault, enabledDisabled, text } from './converters.js';
import type { ResourceTable } from './table.js';

export const iotCentral: ResourceTable = {
  label: 'IoT Central application',
  arm: 'microsoft.iotcentral/iotapps',
  terraform: 'azurerm_iotcentral_application',
  element: { kind: 'service', type: 'iot-central' },
  rows: [
    { property: 'publicNetworkAccess', words: 'public network access is {enabled|disabled}', arm: { path: 'properties.publicNetworkAccess', read: enabledDisabled }, terraform: { path: 'public_network_access_enabled', read: bool } },
    { property: 'ipFilter', words: 'the network rule set {denies|allows} addresses no rule lists', arm: { path: 'properties.networkRuleSets.defaultAction', read: denyByDefault }, terraform: { path: 'network_rule_set.0.default_action', read: denyByDefault } },
    { property: 'privateEndpoint', words: 'an approved private endpoint connection {exists|does not exist}', arm: { path: 'properties.privateEndpointConnections', read: approvedConnection } },
    { note: 'managedIdentity', words: 'the application has a {} managed identity', arm: { path: 'identity.type', read: text }, terraform: { path: 'identity.0.type', read: text } },
  ],
};
