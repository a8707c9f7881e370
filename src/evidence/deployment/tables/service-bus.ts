// Service Bus namespaces: Microsoft.ServiceBus/namespaces and azurerm_servicebus_namespace (whose local
// authentication attribute is `local_auth_enabled`).
import { bool, invertBool, keySourceIsKeyVault, nonEmptyList, tlsVersion } from './converters.js';
import { PUBLIC_NETWORK_ACCESS, PRIVATE_ENDPOINT_CONNECTIONS } from './common-rows.js';
import type { ResourceTable } from './table.js';

export const serviceBus: ResourceTable = {
  label: 'Service Bus namespace',
  arm: 'microsoft.servicebus/namespaces',
  terraform: 'azurerm_servicebus_namespace',
  element: { kind: 'service', type: 'service-bus' },
  rows: [
    { property: 'localAuth', words: 'local (SAS key) authentication is {enabled|disabled}', arm: { path: 'properties.disableLocalAuth', read: invertBool }, terraform: { path: 'local_auth_enabled', read: bool } },
    { property: 'minTls', words: 'the minimum TLS version is {}', arm: { path: 'properties.minimumTlsVersion', read: tlsVersion }, terraform: { path: 'minimum_tls_version', read: tlsVersion } },
    PUBLIC_NETWORK_ACCESS,
    PRIVATE_ENDPOINT_CONNECTIONS,
    { property: 'customerManagedKey', words: 'data at rest {is|is not} encrypted with a customer-managed key', arm: { path: 'properties.encryption.keySource', read: keySourceIsKeyVault }, terraform: { path: 'customer_managed_key', read: nonEmptyList } },
  ],
};
