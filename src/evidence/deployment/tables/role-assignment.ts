// Role assignments: Microsoft.Authorization/roleAssignments (ARM templates, and Resource Graph
// `authorizationresources` rows), the nested 'Microsoft.Devices/IotHubs/providers/roleAssignments' form, and
// azurerm_role_assignment. Built-in role definition ids become role names (builtin-roles.ts).
import { builtinRoleName, roleDefinitionGuid } from '../builtin-roles.js';
import type { DeployedRoleAssignment } from '../observation.js';
import type { DeployedResource } from '../resource.js';
import { lookupIn } from './read-value.js';
import type { ResourceTable } from './table.js';

function stringAt(resource: DeployedResource, path: ReadonlyArray<string | number>): string | undefined {
  const found = lookupIn(resource, path);
  return found.kind === 'value' && typeof found.value === 'string' ? found.value : undefined;
}

/** What a scope is: a management group, subscription, resource group, or a resource (full id or the relative ARM form). */
export function scopeLevel(scope: string | undefined): DeployedRoleAssignment['scopeLevel'] {
  if (scope === undefined) return 'unknown';
  const s = scope.trim().replace(/\/+$/, '');
  if (/^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(s)) return 'management-group';
  if (/^\/subscriptions\/[^/]+$/i.test(s)) return 'subscription';
  if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(s)) return 'resource-group';
  if (/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/providers\/.+/i.test(s)) return 'resource';
  if (/^[A-Za-z0-9]+\.[A-Za-z0-9.]+\/[^/]+\/[^/]+/.test(s)) return 'resource';
  return 'unknown';
}

function assignment(resource: DeployedResource): DeployedRoleAssignment {
  const tf = resource.format === 'terraform';
  const at = (arm: string[], terraform: string) => stringAt(resource, tf ? [terraform] : arm);
  const definition = at(['properties', 'roleDefinitionId'], 'role_definition_id');
  const guid = definition === undefined ? undefined : roleDefinitionGuid(definition);
  const role = (tf ? stringAt(resource, ['role_definition_name']) : undefined) ?? (definition === undefined ? undefined : builtinRoleName(definition));
  let scope = tf ? stringAt(resource, ['scope']) : stringAt(resource, ['properties', 'scope']) ?? stringAt(resource, ['scope']);
  // The nested form: type 'microsoft.devices/iothubs/providers/roleassignments', name 'hub/Microsoft.Authorization/<guid>'.
  const nested = /^(.+)\/providers\/roleassignments$/.exec(resource.type);
  if (scope === undefined && nested && typeof resource.name === 'string') {
    const [ns, ...types] = nested[1]!.split('/');
    const names = resource.name.split('/').slice(0, types.length);
    if (names.length === types.length) scope = [ns!, ...types.flatMap((t, i) => [t, names[i]!])].join('/');
  }
  const principalType = at(['properties', 'principalType'], 'principal_type');
  return {
    principalId: at(['properties', 'principalId'], 'principal_id'),
    ...(principalType ? { principalType } : {}),
    ...(role ? { role } : {}),
    ...(guid ? { roleDefinitionId: guid } : {}),
    scope,
    scopeLevel: scopeLevel(scope),
    from: resource,
  };
}

export const roleAssignment: ResourceTable = {
  label: 'role assignment',
  arm: 'microsoft.authorization/roleassignments',
  armPattern: /\/providers\/roleassignments$/,
  terraform: 'azurerm_role_assignment',
  rows: [],
  extract: (resource) => ({ roleAssignments: [assignment(resource)] }),
};
