// IoT Hub: Microsoft.Devices/IotHubs (ARM template reference, API 2023-06-30; CMK `encryption` only in the
// 2021-07-01-preview … 2022-11-15-preview versions) and azurerm_iothub.
import { bool, denyByDefault, invertBool, nonEmptyList, tlsVersion } from './converters.js';
import { PUBLIC_NETWORK_ACCESS, PRIVATE_ENDPOINT_CONNECTIONS } from './common-rows.js';
import { hubEndpoints } from './routing.js';
import { listedPolicies } from './shared-access.js';
import type { ResourceTable } from './table.js';

export const iotHub: ResourceTable = {
  label: 'IoT hub',
  arm: 'microsoft.devices/iothubs',
  terraform: 'azurerm_iothub',
  element: { kind: 'service', type: 'iot-hub' },
  rows: [
    { property: 'localAuth', words: 'local (key) authentication is {enabled|disabled}', arm: { path: 'properties.disableLocalAuth', read: invertBool }, terraform: { path: 'local_authentication_enabled', read: bool } },
    { note: 'deviceSas', words: 'device SAS authentication is {enabled|disabled}', arm: { path: 'properties.disableDeviceSAS', read: invertBool } },
    { note: 'moduleSas', words: 'module SAS authentication is {enabled|disabled}', arm: { path: 'properties.disableModuleSAS', read: invertBool } },
    { property: 'minTls', words: 'the minimum TLS version is {}', arm: { path: 'properties.minTlsVersion', read: tlsVersion }, terraform: { path: 'min_tls_version', read: tlsVersion } },
    PUBLIC_NETWORK_ACCESS,
    // Any IP filter rule: the upgraded IoT Hub IP filter blocks every address no rule allows.
    { property: 'ipFilter', words: 'IP filter rules {are|are not} configured', arm: { path: 'properties.ipFilterRules', read: nonEmptyList } },
    { property: 'ipFilter', words: 'the network rule set {denies|allows} addresses no rule lists', arm: { path: 'properties.networkRuleSets.defaultAction', read: denyByDefault }, terraform: { path: 'network_rule_set.0.default_action', read: denyByDefault } },
    PRIVATE_ENDPOINT_CONNECTIONS,
    { property: 'customerManagedKey', words: 'a customer-managed key {is|is not} configured', arm: { path: 'properties.encryption.keyVaultProperties', read: nonEmptyList } },
  ],
  extract: (resource) => ({
    sharedAccessPolicies: listedPolicies(resource, { resource }),
    exports: hubEndpoints(resource, { resource }),
  }),
};
