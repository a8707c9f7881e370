// Key vaults: Microsoft.KeyVault/vaults and azurerm_key_vault (enable_rbac_authorization, renamed
// rbac_authorization_enabled in later azurerm 4 releases). entraAuth is Azure RBAC on the data plane: vault
// access policies also use Entra identities but not Azure RBAC.
import { bool, denyByDefault } from './converters.js';
import { PUBLIC_NETWORK_ACCESS, PRIVATE_ENDPOINT_CONNECTIONS } from './common-rows.js';
import type { ResourceTable } from './table.js';

export const keyVault: ResourceTable = {
  label: 'key vault',
  arm: 'microsoft.keyvault/vaults',
  terraform: 'azurerm_key_vault',
  element: { kind: 'service', type: 'key-vault' },
  rows: [
    { property: 'entraAuth', words: 'data-plane access {is|is not} authorized with Azure RBAC', arm: { path: 'properties.enableRbacAuthorization', read: bool }, terraform: { path: 'enable_rbac_authorization', read: bool } },
    { property: 'entraAuth', words: 'data-plane access {is|is not} authorized with Azure RBAC', terraform: { path: 'rbac_authorization_enabled', read: bool } },
    PUBLIC_NETWORK_ACCESS,
    { property: 'ipFilter', words: 'the network rules {deny|allow} addresses no rule lists', arm: { path: 'properties.networkAcls.defaultAction', read: denyByDefault }, terraform: { path: 'network_acls.0.default_action', read: denyByDefault } },
    PRIVATE_ENDPOINT_CONNECTIONS,
    { note: 'purgeProtection', words: 'purge protection is {enabled|disabled}', arm: { path: 'properties.enablePurgeProtection', read: bool }, terraform: { path: 'purge_protection_enabled', read: bool } },
  ],
};
