// The shape of a mapping table: one per deployed resource type, naming its ARM / Resource Graph type and its
// Terraform type, the model element kind it stands for, and rows that read one value each. Adding a property is
// one row. What rows cannot say (lists of policies, endpoints, role assignments, extension targets) is a named
// function of the table.
import type {
  DeployedExport, DeployedLinkedHub, DeployedRoleAssignment, DeployedSharedAccessPolicy, DeploymentNote, DeploymentObservation, ElementKind, ResourceRef,
} from '../observation.js';
import type { DeployedResource } from '../resource.js';
import type { Converter } from './converters.js';

/** Where a value is in a resource body, dotted; digits are list indexes ('network_rule_set.0.default_action'). */
export interface Source {
  path: string;
  read: Converter;
}

export interface Row {
  /** Model property on the target element, dotted as conditions read it; absent for a note. */
  property?: string;
  /** For a fact no model property records: its short name (said in the report only). */
  note?: string;
  /**
   * The sentence for the value: `{a|b}` picks a for true and b for false, `{}` is the value
   * ('local (key) authentication is {enabled|disabled}', 'the minimum TLS version is {}').
   */
  words: string;
  /** ARM templates and Azure Resource Graph rows (same property names). */
  arm?: Source;
  terraform?: Source;
}

/** What a table's own function found, beside its rows. */
export interface Extracted {
  observations: DeploymentObservation[];
  notes: DeploymentNote[];
  exports: DeployedExport[];
  sharedAccessPolicies: DeployedSharedAccessPolicy[];
  linkedHubs: DeployedLinkedHub[];
  roleAssignments: DeployedRoleAssignment[];
  untied: Array<{ resource: DeployedResource; reason: string }>;
}

/** What an extract function may look at besides its resource: every resource of every file (for subscription-wide settings). */
export interface MapContext {
  resources: readonly DeployedResource[];
}

export interface ResourceTable {
  /** What the resource is, in words ('IoT hub'). */
  label: string;
  /** Lower-case ARM / Resource Graph type. */
  arm?: string;
  /** ARM types that take another form of the same resource (nested extension types such as 'microsoft.devices/iothubs/providers/diagnosticsettings'). */
  armPattern?: RegExp;
  /** Terraform resource type(s). */
  terraform?: string | readonly string[];
  /** The model element the resource stands for; absent for child and extension resources. */
  element?: ElementKind;
  /** For child and extension resources: the resource the rows are about, or why it cannot be told. Default: the resource itself. */
  target?: (resource: DeployedResource) => ResourceRef | string;
  rows: readonly Row[];
  extract?: (resource: DeployedResource, context: MapContext) => Partial<Extracted>;
}

export function terraformTypes(table: ResourceTable): readonly string[] {
  return table.terraform === undefined ? [] : typeof table.terraform === 'string' ? [table.terraform] : table.terraform;
}

export function parsePath(path: string): Array<string | number> {
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The source a row reads in the resource's format, if any. */
export function sourceFor(row: Row, resource: DeployedResource): Source | undefined {
  return resource.format === 'terraform' ? row.terraform : row.arm;
}

/** Fills a row's words with a value. */
export function say(words: string, value: string | number | boolean | readonly string[]): string {
  const shown = Array.isArray(value) ? value.join(', ') : String(value);
  return words.replace(/\{([^{}|]*)\|([^{}]*)\}|\{\}/g, (all, yes: string | undefined, no: string | undefined) => {
    if (yes === undefined) return shown;
    return value === true ? yes : value === false ? no! : shown;
  });
}
