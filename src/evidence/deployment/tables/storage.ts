// Storage accounts: Microsoft.Storage/storageAccounts and azurerm_storage_account (https_traffic_only_enabled
// since azurerm 4, enable_https_traffic_only before).
import { bool, denyByDefault, keySourceIsKeyVault, nonEmptyList, tlsVersion } from './converters.js';
import { PUBLIC_NETWORK_ACCESS, PRIVATE_ENDPOINT_CONNECTIONS } from './common-rows.js';
import type { ResourceTable } from './table.js';

export const storage: ResourceTable = {
  label: 'storage account',
  arm: 'microsoft.storage/storageaccounts',
  terraform: 'azurerm_storage_account',
  element: { kind: 'service', type: 'storage' },
  rows: [
    { property: 'localAuth', words: 'shared key (account key) access is {allowed|not allowed}', arm: { path: 'properties.allowSharedKeyAccess', read: bool }, terraform: { path: 'shared_access_key_enabled', read: bool } },
    { property: 'minTls', words: 'the minimum TLS version is {}', arm: { path: 'properties.minimumTlsVersion', read: tlsVersion }, terraform: { path: 'min_tls_version', read: tlsVersion } },
    PUBLIC_NETWORK_ACCESS,
    { property: 'ipFilter', words: 'the network rules {deny|allow} addresses no rule lists', arm: { path: 'properties.networkAcls.defaultAction', read: denyByDefault }, terraform: { path: 'network_rules.0.default_action', read: denyByDefault } },
    PRIVATE_ENDPOINT_CONNECTIONS,
    { property: 'customerManagedKey', words: 'data at rest {is|is not} encrypted with a customer-managed key', arm: { path: 'properties.encryption.keySource', read: keySourceIsKeyVault }, terraform: { path: 'customer_managed_key', read: nonEmptyList } },
    { note: 'blobPublicAccess', words: 'anonymous public read access to blobs is {allowed|not allowed}', arm: { path: 'properties.allowBlobPublicAccess', read: bool }, terraform: { path: 'allow_nested_items_to_be_public', read: bool } },
    { note: 'httpsOnly', words: 'only HTTPS traffic {is|is not} accepted', arm: { path: 'properties.supportsHttpsTrafficOnly', read: bool }, terraform: { path: 'https_traffic_only_enabled', read: bool } },
    { note: 'httpsOnly', words: 'only HTTPS traffic {is|is not} accepted', terraform: { path: 'enable_https_traffic_only', read: bool } },
  ],
};
