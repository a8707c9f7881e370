// The resource an ARM extension resource is about: its `scope` property (a resource id or the relative
// 'Microsoft.Devices/IotHubs/hub' form compiled Bicep writes), its id ('…/hub/providers/Microsoft.Insights/…'),
// or the older nested form (type 'Microsoft.Devices/IotHubs/providers/diagnosticSettings', name 'hub/Microsoft.Insights/x').
import type { ResourceRef } from '../observation.js';
import type { DeployedResource } from '../resource.js';
import { lookupIn } from './read-value.js';
import { refFromScope } from './refs.js';

export function extensionTarget(resource: DeployedResource): ResourceRef | string {
  const scope = lookupIn(resource, ['scope']);
  if (scope.kind === 'unresolved') return `its scope is ${scope.unresolved.expression}, which cannot be resolved offline: ${scope.unresolved.reason}`;
  if (scope.kind === 'value' && typeof scope.value === 'string') return refFromScope(scope.value) ?? `its scope '${scope.value}' is not a resource`;
  const nested = /^(.+)\/providers\/[^/]+$/.exec(resource.type);
  if (nested) {
    if (typeof resource.name !== 'string') return `its name is ${resource.name.expression}, which cannot be resolved offline: ${resource.name.reason}`;
    const parent = resource.name.split('/');
    const levels = nested[1]!.split('/').length - 1;
    return { type: nested[1]!, name: parent.slice(0, levels).join('/') };
  }
  if (resource.id !== undefined) return refFromScope(resource.id) ?? `its id '${resource.id}' names no resource it extends`;
  return 'it states no scope: it applies to the deployment scope (a resource group or subscription), not to a resource';
}
