// Rows several resource types share word for word: Azure spells these properties the same way on every
// resource provider that has them (and azurerm names them alike).
import { approvedConnection, bool, enabledDisabled } from './converters.js';
import type { Row } from './table.js';

export const PUBLIC_NETWORK_ACCESS: Row = {
  property: 'publicNetworkAccess',
  words: 'public network access is {enabled|disabled}',
  arm: { path: 'properties.publicNetworkAccess', read: enabledDisabled },
  terraform: { path: 'public_network_access_enabled', read: bool },
};

export const PRIVATE_ENDPOINT_CONNECTIONS: Row = {
  property: 'privateEndpoint',
  words: 'an approved private endpoint connection {exists|does not exist}',
  arm: { path: 'properties.privateEndpointConnections', read: approvedConnection },
};
