// What a deployment export says, read into one shape whatever wrote it: an ARM template (exported or compiled
// from Bicep), Azure Resource Graph rows, or a Terraform plan/state. Readers produce `DeployedResource`s; the
// mapping tables (one per resource type) turn them into facts about model properties; the matcher ties those
// to model elements. Pure data: no file system here.

export const DEPLOYMENT_FORMATS = ['arm', 'resource-graph', 'terraform'] as const;
export type DeploymentFormat = (typeof DEPLOYMENT_FORMATS)[number];

/** Where something is in an export file: line and column (1-based) and the RFC 6901 JSON pointer. */
export interface DeploymentLocation {
  /** The file as messages show it (relative to the working folder when inside it, '/'-separated). */
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the file, e.g. "/resources/0/properties/disableLocalAuth". */
  pointer: string;
}

/**
 * A value the reader could not resolve offline: an ARM expression such as `[parameters('x')]` whose parameter
 * has no default, a Terraform value "known after apply". Mapping a property to one gives `unknown` with `reason`.
 */
export class Unresolved {
  constructor(
    /** The expression as written, or what Terraform said ("known after apply"). */
    readonly expression: string,
    /** Why it could not be resolved, in words ("parameter 'hubName' has no default value"). */
    readonly reason: string,
  ) {}
}

export interface DeployedResource {
  format: DeploymentFormat;
  /**
   * The resource type, lower case. ARM and Resource Graph: the Azure type with child segments joined
   * ('microsoft.devices/iothubs', 'microsoft.devices/iothubs/iothubkeys' is not used; nested resources get
   * 'parent/child' types like 'microsoft.iotoperations/instances/brokers/authentications').
   * Terraform: the provider type ('azurerm_iothub').
   */
  type: string;
  /** Resource name (ARM children: 'parent/child'); may be Unresolved when the template computes it. */
  name: string | Unresolved;
  /** Azure resource id when the file states it or it can be computed (Resource Graph `id`, Terraform state `id`). */
  id?: string;
  /** Terraform address ('module.iot.azurerm_iothub.hub'). */
  address?: string;
  /**
   * The resource's own object as the file holds it, with ARM expressions resolved where possible (Unresolved
   * instances where not): ARM/Resource Graph: { type, name, location, sku, identity, properties, … };
   * Terraform: the resource's `values`. Mapping tables read paths in this object.
   */
  body: Record<string, unknown>;
  /** Where the resource object starts. */
  location: DeploymentLocation;
  /** Location of a value inside `body` (a path as mapping tables use it); the resource's own location when absent. */
  locate(path: readonly (string | number)[]): DeploymentLocation;
  /**
   * Terraform plans: references from the configuration (`iothub_id = azurerm_iothub.hub.id` gives
   * { iothub_id: ['azurerm_iothub.hub'] }), used to tie a child to its parent when the value is known only
   * after apply. Addresses without the attribute and without module prefix resolution beyond the resource's module.
   */
  references?: Readonly<Record<string, readonly string[]>>;
}

/** What one export file held. */
export interface DeploymentFile {
  file: string;
  format: DeploymentFormat;
  resources: DeployedResource[];
  /** Resource types present but not mapped by any table, with how many of each (said as a warning). */
  ignored?: Record<string, number>;
}
