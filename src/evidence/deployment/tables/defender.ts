// Microsoft Defender. Defender for Cloud plans (Microsoft.Security/pricings, azurerm_security_center_subscription_pricing)
// are set per subscription and resource type; none covers IoT Hub, so only the plans for model service types are
// read: KeyVaults → key vaults, StorageAccounts → storage accounts, CosmosDbs → Cosmos DB accounts, applied to
// every resource of that type in the exports that is not in another subscription. Defender for IoT on an IoT hub
// is an IoT security solution (Microsoft.Security/iotSecuritySolutions, azurerm_iot_security_solution) listing
// the hubs it covers; Microsoft retired its device micro agent on 1 August 2025, so the observed sentence says
// what the resource states, not that devices are monitored.
import type { DeploymentObservation, ResourceRef } from '../observation.js';
import type { DeployedResource } from '../resource.js';
import { standardTier } from './converters.js';
import { lookupIn, readingFields, unresolvedSentence } from './read-value.js';
import { parseResourceId, referenceTo, subscriptionOf } from './refs.js';
import type { MapContext, ResourceTable } from './table.js';

/** Defender plan name → the resource types (ARM, Terraform) it covers. */
export const DEFENDER_PLANS: Readonly<Record<string, readonly string[]>> = {
  keyvaults: ['microsoft.keyvault/vaults', 'azurerm_key_vault'],
  storageaccounts: ['microsoft.storage/storageaccounts', 'azurerm_storage_account'],
  cosmosdbs: ['microsoft.documentdb/databaseaccounts', 'azurerm_cosmosdb_account'],
};

function pricing(resource: DeployedResource, context: MapContext): DeploymentObservation[] {
  const tf = resource.format === 'terraform';
  const planPath = tf ? ['resource_type'] : [];
  const plan = tf ? lookupIn(resource, planPath) : { kind: 'value' as const, value: typeof resource.name === 'string' ? resource.name.split('/').pop() : undefined };
  if (plan.kind !== 'value' || typeof plan.value !== 'string') return [];
  const covered = DEFENDER_PLANS[plan.value.toLowerCase()];
  if (!covered) return [];
  const tierPath = tf ? ['tier'] : ['properties', 'pricingTier'];
  const tier = lookupIn(resource, tierPath);
  if (tier.kind === 'missing') return [];
  const subscription = subscriptionOf(resource.id);
  const targets = context.resources.filter((r) => covered.includes(r.type) && (subscription === undefined || subscriptionOf(r.id) === undefined || subscriptionOf(r.id) === subscription));
  return targets.map((target) => {
    const base = { target: { resource: target }, property: 'defender', from: resource, path: tierPath };
    if (tier.kind === 'unresolved') return { ...base, unknown: tier.unresolved.reason, observed: unresolvedSentence(tf ? 'tier' : 'pricingTier', tier.unresolved) };
    const { fields, observed } = readingFields(standardTier(tier.value), `the Defender for Cloud plan ${plan.value} is {on|off} for the subscription`, tf ? 'tier' : 'pricingTier', tier.value);
    return { ...base, ...fields, observed };
  });
}

export const defenderPricing: ResourceTable = {
  label: 'Defender for Cloud plan',
  arm: 'microsoft.security/pricings',
  terraform: 'azurerm_security_center_subscription_pricing',
  rows: [],
  extract: (resource, context) => ({ observations: pricing(resource, context) }),
};

function iotSecurity(resource: DeployedResource): DeploymentObservation[] {
  const tf = resource.format === 'terraform';
  const hubsPath = tf ? ['iothub_ids'] : ['properties', 'iotHubs'];
  const statusPath = tf ? ['enabled'] : ['properties', 'status'];
  const hubs = lookupIn(resource, hubsPath, false);
  const status = lookupIn(resource, statusPath);
  if (hubs.kind !== 'value' || !Array.isArray(hubs.value) || status.kind === 'missing') return [];
  const key = tf ? 'enabled' : 'status';
  const targets = hubs.value.flatMap((h): ResourceRef[] => {
    if (typeof h === 'string' && parseResourceId(h)) return [{ id: h }];
    const address = tf ? referenceTo(resource, 'iothub_ids', ['azurerm_iothub']) : undefined;
    return address ? [{ address }] : [];
  });
  return targets.map((target): DeploymentObservation => {
    const base = { target, property: 'defender', from: resource, path: statusPath };
    if (status.kind === 'unresolved') return { ...base, unknown: status.unresolved.reason, observed: unresolvedSentence(key, status.unresolved) };
    const on = status.value === true || (typeof status.value === 'string' && status.value.toLowerCase() === 'enabled');
    const off = status.value === false || (typeof status.value === 'string' && status.value.toLowerCase() === 'disabled');
    if (!on && !off) return { ...base, unknown: `${String(status.value)} is not Enabled or Disabled`, observed: `${key} is ${String(status.value)}, which the model has no value for` };
    return { ...base, value: on, observed: `an IoT security solution (Defender for IoT) lists the hub and is ${on ? 'enabled' : 'disabled'} (${key}: ${String(status.value)})` };
  });
}

export const iotSecuritySolution: ResourceTable = {
  label: 'IoT security solution (Defender for IoT)',
  arm: 'microsoft.security/iotsecuritysolutions',
  terraform: 'azurerm_iot_security_solution',
  rows: [],
  extract: (resource) => ({ observations: iotSecurity(resource) }),
};
