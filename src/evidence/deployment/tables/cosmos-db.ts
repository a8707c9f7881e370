// Cosmos DB accounts (an IoT hub routing destination): Microsoft.DocumentDB/databaseAccounts and azurerm_cosmosdb_account.
import { invertBool, tlsVersion } from './converters.js';
import { PUBLIC_NETWORK_ACCESS } from './common-rows.js';
import type { ResourceTable } from './table.js';

export const cosmosDb: ResourceTable = {
  label: 'Cosmos DB account',
  arm: 'microsoft.documentdb/databaseaccounts',
  terraform: 'azurerm_cosmosdb_account',
  element: { kind: 'service', type: 'cosmos-db' },
  rows: [
    { property: 'localAuth', words: 'local (key) authentication is {enabled|disabled}', arm: { path: 'properties.disableLocalAuth', read: invertBool }, terraform: { path: 'local_authentication_disabled', read: invertBool } },
    { property: 'minTls', words: 'the minimum TLS version is {}', arm: { path: 'properties.minimalTlsVersion', read: tlsVersion }, terraform: { path: 'minimal_tls_version', read: tlsVersion } },
    PUBLIC_NETWORK_ACCESS,
  ],
};
