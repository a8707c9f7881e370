// Shared access policies of IoT hubs and DPS instances: the rights Azure writes ('RegistryRead, RegistryWrite,
// ServiceConnect, DeviceConnect') in the model's enum, where RegistryWrite (which includes reading) is
// RegistryReadWrite. DPS rights the model has no word for (ServiceConfig, EnrollmentRead, …) are kept apart.
import type { DeployedSharedAccessPolicy, ResourceRef } from '../observation.js';
import type { DeployedResource } from '../resource.js';
import { lookupIn, unresolvedSentence } from './read-value.js';

type Permission = DeployedSharedAccessPolicy['permissions'][number];

export function permissionsOf(rights: readonly string[]): { permissions: Permission[]; other: string[] } {
  const lower = new Set(rights.map((r) => r.trim().toLowerCase()).filter(Boolean));
  const permissions: Permission[] = [];
  if (lower.has('registrywrite')) permissions.push('RegistryReadWrite');
  else if (lower.has('registryread')) permissions.push('RegistryRead');
  if (lower.has('serviceconnect')) permissions.push('ServiceConnect');
  if (lower.has('deviceconnect')) permissions.push('DeviceConnect');
  const known = new Set(['registryread', 'registrywrite', 'serviceconnect', 'deviceconnect']);
  const other = rights.map((r) => r.trim()).filter((r) => r !== '' && !known.has(r.toLowerCase()));
  return { permissions, other };
}

/** Policies listed in the resource's own body: ARM `properties.authorizationPolicies[]` { keyName, rights }, Terraform `shared_access_policy[]` { key_name, permissions }. */
export function listedPolicies(resource: DeployedResource, on: ResourceRef): DeployedSharedAccessPolicy[] {
  const tf = resource.format === 'terraform';
  const listPath = tf ? ['shared_access_policy'] : ['properties', 'authorizationPolicies'];
  const list = lookupIn(resource, listPath, false);
  if (list.kind !== 'value' || !Array.isArray(list.value)) return [];
  return list.value.flatMap((_, i): DeployedSharedAccessPolicy[] => {
    const path = [...listPath, i];
    const name = lookupIn(resource, [...path, tf ? 'key_name' : 'keyName']);
    if (name.kind !== 'value' || typeof name.value !== 'string') return [];
    const rightsPath = [...path, tf ? 'permissions' : 'rights'];
    const rights = lookupIn(resource, rightsPath);
    if (rights.kind === 'unresolved') {
      return [{ on, name: name.value, permissions: [], unknown: rights.unresolved.reason, observed: `shared access policy ${name.value}: ${unresolvedSentence('rights', rights.unresolved)}`, from: resource, path: rightsPath }];
    }
    if (rights.kind !== 'value' || typeof rights.value !== 'string') return [];
    const { permissions, other } = permissionsOf(rights.value.split(','));
    return [{ on, name: name.value, permissions, ...(other.length ? { otherRights: other } : {}), observed: `shared access policy ${name.value} grants ${rights.value.split(',').map((r) => r.trim()).join(', ')}`, from: resource, path: rightsPath }];
  });
}
