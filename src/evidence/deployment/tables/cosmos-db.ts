// Cosmos DB accounts (an IoT hub routing destination): Microsoft.DocumentDB/databaseAccounts and azurerm_cosmosdb_account.
import { bool, enabledDisabled, invertBool, tlsVersion } from './converters.js';
import type { ResourceTable } from './table.js';

export const cosmosDb: ResourceTable = {
  label: 'Cosmos DB account',
  arm: 'microsoft.documentdb/databaseaccounts',
  terraform: 'azurerm_cosmosdb_account',
  element: { kind: 'service', type: 'cosmos-db' },
  rows: [
    { property: 'localAuth', words: 'local (key) authentication is {enabled|disabled}', arm: { path: 'properties.disableLocalAuth', read: invertBool }, terraform: { path: 'local_authentication_disabled', read: invertBool } },
    { property: 'minTls', words: 'the minimum TLS version is {}', arm: { path: 'properties.minimalTlsVersion', read: tlsVersion }, terraform: { path: 'minimal_tls_version', read: tlsVersion } },
    { property: 'publicNetworkAccess', words: 'public network access is {enabled|disabled}', arm: { path: 'properties.publicNetworkAccess', read: enabledDisabled }, terraform: { path: 'public_network_access_enabled', read: bool } },
  ],
};
