// Key vaults: Microsoft.KeyVault/vaults and azurerm_key_vault (enable_rbac_authorization, renamed
// rbac_authorization_enabled in later azurerm 4 releases). entraAuth is Azure RBAC on the data plane: vault
// access policies also use Entra identities but not Azure RBAC.
import { approvedConnection, bool, denyByDefault, enabledDisabled } from './converters.js';
import type { ResourceTable } from './table.js';

export const keyVault: ResourceTable = {
  label: 'key vault',
  arm: 'microsoft.keyvault/vaults',
  terraform: 'azurerm_key_vault',
  element: { kind: 'service', type: 'key-vault' },
  rows: [
    { property: 'entraAuth', words: 'data-plane access {is|is not} authorized with Azure RBAC', arm: { path: 'properties.enableRbacAuthorization', read: bool }, terraform: { path: 'enable_rbac_authorization', read: bool } },
    { property: 'entraAuth', words: 'data-plane access {is|is not} authorized with Azure RBAC', terraform: { path: 'rbac_authorization_enabled', read: bool } },
    { property: 'publicNetworkAccess', words: 'public network access is {enabled|disabled}', arm: { path: 'properties.publicNetworkAccess', read: enabledDisabled }, terraform: { path: 'public_network_access_enabled', read: bool } },
    { property: 'ipFilter', words: 'the network rules {deny|allow} addresses no rule lists', arm: { path: 'properties.networkAcls.defaultAction', read: denyByDefault }, terraform: { path: 'network_acls.0.default_action', read: denyByDefault } },
    { property: 'privateEndpoint', words: 'an approved private endpoint connection {exists|does not exist}', arm: { path: 'properties.privateEndpointConnections', read: approvedConnection } },
    { note: 'purgeProtection', words: 'purge protection is {enabled|disabled}', arm: { path: 'properties.enablePurgeProtection', read: bool }, terraform: { path: 'purge_protection_enabled', read: bool } },
  ],
};
