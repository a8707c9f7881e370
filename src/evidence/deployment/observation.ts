// What the mapping tables make of deployed resources: observations about model properties of the element a
// resource stands for (or, for extension and child resources such as a diagnostic setting, a private
// endpoint or a shared access policy, of the resource they point at), and role assignments. The matcher
// turns a `ResourceRef` into a model element. Pure data.
import type { DeployedResource } from './resource.js';

/** Which deployed resource an observation is about. */
export type ResourceRef =
  | { resource: DeployedResource }
  /** An Azure resource id (compared case-insensitively, as Azure does). */
  | { id: string }
  /** A name and the lower-case type it must have ('microsoft.devices/iothubs' or 'azurerm_iothub'). */
  | { name: string; type: string }
  /** A Terraform address ('azurerm_iothub.hub', 'module.iot.azurerm_iothub.hub'). */
  | { address: string };

/** What kind of model element a resource type stands for. */
export type ElementKind = { kind: 'service'; type: string } | { kind: 'edge'; runtime: 'iot-operations' };

export interface DeploymentObservation {
  target: ResourceRef;
  /** Model property on the target's element, dotted as conditions read it ('localAuth', 'minTls', 'broker.listenerTls'). */
  property: string;
  /** The observed value, in the model's vocabulary. */
  value?: string | number | boolean;
  /** For array-valued model properties (broker.authentication): the values observed, in the model's vocabulary. */
  values?: readonly string[];
  /** When the export cannot tell the exact value: the values it allows. */
  oneOf?: ReadonlyArray<string | number | boolean>;
  /** When the export holds the property but its value cannot be resolved offline: why (no value, no oneOf then). */
  unknown?: string;
  /** What the export says, in words, for drift sentences and the report ("disableLocalAuth is false: shared access policies are accepted"). */
  observed: string;
  /** The resource the value was read from (for extension resources, not the target) and the path of the value in its body. */
  from: DeployedResource;
  path: ReadonlyArray<string | number>;
}

/** An Azure role assignment, from ARM/Resource Graph `microsoft.authorization/roleassignments` or `azurerm_role_assignment`. */
export interface DeployedRoleAssignment {
  principalId: string | undefined;
  /** 'User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device' as Azure spells it, when stated. */
  principalType?: string;
  /** The role's name: from `role_definition_name`, or a built-in role definition id looked up in the data file; undefined for a custom role. */
  role?: string;
  /** The role definition GUID (last segment of roleDefinitionId), when stated. */
  roleDefinitionId?: string;
  /** The scope as written (a resource id, a resource group, a subscription, a management group). */
  scope: string | undefined;
  /** What the scope is. */
  scopeLevel: 'resource' | 'resource-group' | 'subscription' | 'management-group' | 'unknown';
  from: DeployedResource;
}

/** A fact an export states that no model property records (disableDeviceSAS, allowBlobPublicAccess, …): said in the report only. */
export interface DeploymentNote {
  target: ResourceRef;
  /** A short stable name for the fact ('deviceSas', 'blobPublicAccess'). */
  fact: string;
  observed: string;
  from: DeployedResource;
  path: ReadonlyArray<string | number>;
}

/** An IoT hub routing endpoint: where the hub sends messages and how it authenticates there (a model `exports` entry). */
export interface DeployedExport {
  from: ResourceRef;
  /** The destination resource, from the endpoint's URI, connection string or Terraform references; undefined when none tells. */
  to?: ResourceRef;
  /** In the model's vocabulary; undefined with `unknown` when the export cannot tell. */
  auth?: 'managed-identity' | 'connection-string';
  unknown?: string;
  /** The endpoint's name on the hub. */
  endpoint?: string;
  observed: string;
  /** The resource the endpoint was read from (the hub, or a Terraform endpoint resource). */
  source: DeployedResource;
  path: ReadonlyArray<string | number>;
}

/** A shared access policy on an IoT hub or DPS (a model `sharedAccessPolicies` entry). */
export interface DeployedSharedAccessPolicy {
  on: ResourceRef;
  name: string;
  /** In the model's enum (RegistryWrite is given as RegistryReadWrite); rights outside it are left out and named in `observed`. */
  permissions: Array<'RegistryRead' | 'RegistryReadWrite' | 'ServiceConnect' | 'DeviceConnect'>;
  /** Rights outside the model's enum (DPS: ServiceConfig, EnrollmentRead, EnrollmentWrite, RegistrationStatusRead, RegistrationStatusWrite). */
  otherRights?: string[];
  /** When the rights cannot be resolved offline. */
  unknown?: string;
  observed: string;
  from: DeployedResource;
  path: ReadonlyArray<string | number>;
}

/** A DPS linked hub (a model `linkedHubs` entry) and how DPS authenticates to it. */
export interface DeployedLinkedHub {
  dps: ResourceRef;
  hub?: ResourceRef;
  auth?: 'managed-identity' | 'connection-string';
  unknown?: string;
  observed: string;
  from: DeployedResource;
  path: ReadonlyArray<string | number>;
}

/** Everything the mapping tables made of a set of export files. */
export interface MappedDeployment {
  observations: DeploymentObservation[];
  roleAssignments: DeployedRoleAssignment[];
  /** Resources a table mapped to an element kind (candidates for matching to model elements and for `init --from`). */
  elements: Array<{ resource: DeployedResource; element: ElementKind }>;
  /** Resource types no table maps, with how many of each. */
  ignored: Record<string, number>;
  /** Facts no model property records. */
  notes?: DeploymentNote[];
  /** IoT hub routing endpoints. */
  exports?: DeployedExport[];
  /** Shared access policies of IoT hubs and DPS instances. */
  sharedAccessPolicies?: DeployedSharedAccessPolicy[];
  /** DPS linked hubs. */
  linkedHubs?: DeployedLinkedHub[];
  /** Resources a table knows but could not tie to the resource they are about (an unresolved scope or parent), with why. */
  untied?: Array<{ resource: DeployedResource; reason: string }>;
}
