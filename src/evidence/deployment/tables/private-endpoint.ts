// Private endpoints: Microsoft.Network/privateEndpoints and azurerm_private_endpoint. Each connection names the
// resource it reaches: privateEndpoint on that resource (a manual connection waits for the owner's approval).
import type { DeploymentObservation } from '../observation.js';
import { Unresolved, type DeployedResource } from '../resource.js';
import { lookupIn, unresolvedSentence } from './read-value.js';
import { referenceTo, refFromScope } from './refs.js';
import type { ResourceTable } from './table.js';

function connections(resource: DeployedResource): DeploymentObservation[] {
  const tf = resource.format === 'terraform';
  const lists: Array<[Array<string | number>, string, boolean]> = tf
    ? [[['private_service_connection'], 'private_connection_resource_id', false]]
    : [[['properties', 'privateLinkServiceConnections'], 'properties.privateLinkServiceId', false], [['properties', 'manualPrivateLinkServiceConnections'], 'properties.privateLinkServiceId', true]];
  const out: DeploymentObservation[] = [];
  for (const [listPath, idPath, manualList] of lists) {
    const list = lookupIn(resource, listPath, false);
    if (list.kind !== 'value' || !Array.isArray(list.value)) continue;
    list.value.forEach((_, i) => {
      const path = [...listPath, i, ...idPath.split('.')];
      const id = lookupIn(resource, path);
      const isManual = tf ? lookupIn(resource, [...listPath, i, 'is_manual_connection']) : undefined;
      const manual = manualList || (isManual?.kind === 'value' && isManual.value === true);
      const base = { property: 'privateEndpoint', from: resource, path };
      const fields = manual ? { oneOf: [true, false] } : { value: true };
      const how = manual ? 'a manual private endpoint connection (it needs the resource owner\'s approval) reaches it' : 'a private endpoint reaches it';
      const target = id.kind === 'value' && typeof id.value === 'string' ? refFromScope(id.value) : undefined;
      if (target !== undefined) {
        out.push({ ...base, target, ...fields, observed: `${how} (private endpoint ${resource.name instanceof Unresolved ? resource.name.expression || 'with a computed name' : resource.name})` });
      } else if (tf && id.kind !== 'value') {
        const address = referenceTo(resource, 'private_connection_resource_id', ['*']) ?? referenceTo(resource, 'private_service_connection.private_connection_resource_id', ['*']);
        if (address) out.push({ ...base, target: { address }, ...fields, observed: `${how} (private endpoint ${resource.name instanceof Unresolved ? resource.name.expression || 'with a computed name' : resource.name})` });
        else if (id.kind === 'unresolved') out.push({ ...base, target: { resource }, unknown: id.unresolved.reason, observed: unresolvedSentence('private_connection_resource_id', id.unresolved) });
      } else if (id.kind === 'unresolved') {
        out.push({ ...base, target: { resource }, unknown: id.unresolved.reason, observed: unresolvedSentence('privateLinkServiceId', id.unresolved) });
      }
    });
  }
  return out;
}

export const privateEndpoint: ResourceTable = {
  label: 'private endpoint',
  arm: 'microsoft.network/privateendpoints',
  terraform: 'azurerm_private_endpoint',
  rows: [],
  extract: (resource) => {
    const all = connections(resource);
    // A target that cannot be told is not an observation about anything: say why instead.
    return {
      observations: all.filter((o) => !('resource' in o.target && o.target.resource === resource)),
      untied: all.filter((o) => 'resource' in o.target && o.target.resource === resource).map((o) => ({ resource, reason: o.observed })),
    };
  },
};
