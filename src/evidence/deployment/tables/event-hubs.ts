// Event Hubs namespaces: Microsoft.EventHub/namespaces and azurerm_eventhub_namespace.
import { bool, denyByDefault, invertBool, keySourceIsKeyVault, tlsVersion } from './converters.js';
import { PUBLIC_NETWORK_ACCESS, PRIVATE_ENDPOINT_CONNECTIONS } from './common-rows.js';
import { Unresolved } from '../resource.js';
import type { ResourceTable } from './table.js';

export const eventHubs: ResourceTable = {
  label: 'Event Hubs namespace',
  arm: 'microsoft.eventhub/namespaces',
  terraform: 'azurerm_eventhub_namespace',
  element: { kind: 'service', type: 'event-hubs' },
  rows: [
    { property: 'localAuth', words: 'local (SAS key) authentication is {enabled|disabled}', arm: { path: 'properties.disableLocalAuth', read: invertBool }, terraform: { path: 'local_authentication_enabled', read: bool } },
    { property: 'minTls', words: 'the minimum TLS version is {}', arm: { path: 'properties.minimumTlsVersion', read: tlsVersion }, terraform: { path: 'minimum_tls_version', read: tlsVersion } },
    PUBLIC_NETWORK_ACCESS,
    PRIVATE_ENDPOINT_CONNECTIONS,
    { property: 'ipFilter', words: 'the network rules {deny|allow} addresses no rule lists', terraform: { path: 'network_rulesets.0.default_action', read: denyByDefault } },
    { property: 'customerManagedKey', words: 'data at rest {is|is not} encrypted with a customer-managed key', arm: { path: 'properties.encryption.keySource', read: keySourceIsKeyVault } },
  ],
};

/** The namespace's network rule set, a child resource in ARM ('ns/default'): its default action is the IP filter. */
export const eventHubsNetworkRuleSet: ResourceTable = {
  label: 'Event Hubs network rule set',
  arm: 'microsoft.eventhub/namespaces/networkrulesets',
  target: (resource) => (resource.name instanceof Unresolved ? `its name is ${resource.name.expression}: ${resource.name.reason}` : { name: resource.name.split('/')[0]!, type: 'microsoft.eventhub/namespaces' }),
  rows: [{ property: 'ipFilter', words: 'the network rules {deny|allow} addresses no rule lists', arm: { path: 'properties.defaultAction', read: denyByDefault } }],
};
