// Which tool wrote an export, told from its shape alone (file names say nothing: all three are .json).
import { InputError } from '../../model/diagnostics.js';
import type { JsonDocument, JsonPath } from './parse-json.js';
import type { DeploymentFormat } from './resource.js';

export const ACCEPTED_FORMATS_HINT =
  'accepted: an ARM template (az group export, az bicep build: "resources" with "type" and "name"), ' +
  'Azure Resource Graph results (az graph query -o json: rows with "id" and "type", bare or in "data"; ' +
  'or one resource as az resource show / az iot hub show print it) ' +
  'or Terraform JSON (terraform show -json: "format_version" with "planned_values" or "values")';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const hasTypeAndName = (r: unknown) => isRecord(r) && typeof r['type'] === 'string' && r['name'] !== undefined;
const isGraphRow = (r: unknown) => isRecord(r) && typeof r['id'] === 'string' && typeof r['type'] === 'string';

/** One resource as `az resource show`, `az iot hub show` or an ARM GET returns it: its full id and type. */
const isSingleResource = (v: unknown) => isGraphRow(v) && /^\/subscriptions\/[^/]+\/resourceGroups\//i.test(String((v as Record<string, unknown>)['id']));

/**
 * The rows of a Resource Graph result and where each is: the value itself (a bare array), its `data`, or — the
 * same columns — one resource object on its own (`az iot hub show`), whose row is the whole value.
 */
export function resourceGraphRows(value: unknown): { rows: unknown[]; at: JsonPath; single?: true } | undefined {
  if (Array.isArray(value)) return { rows: value, at: [] };
  if (isRecord(value) && Array.isArray(value['data'])) return { rows: value['data'], at: ['data'] };
  if (isSingleResource(value)) return { rows: [value], at: [], single: true };
  return undefined;
}

function isArmTemplate(v: Record<string, unknown>): boolean {
  const schema = v['$schema'];
  if (typeof schema === 'string' && /deploymentTemplate/i.test(schema)) return true;
  const resources = v['resources'];
  if (Array.isArray(resources)) return resources.length > 0 && resources.every(hasTypeAndName);
  // languageVersion 2.0: resources keyed by symbolic name.
  return isRecord(resources) && Object.keys(resources).length > 0 && Object.values(resources).every(hasTypeAndName);
}

function isTerraform(v: Record<string, unknown>): boolean {
  if (typeof v['format_version'] !== 'string') return false;
  const withRoot = (k: string) => isRecord(v[k]) && isRecord((v[k] as Record<string, unknown>)['root_module']);
  // An empty state (`terraform show -json` before the first apply) has no `values` at all.
  return withRoot('planned_values') || withRoot('values') || (v['values'] === undefined && typeof v['terraform_version'] === 'string');
}

/** The export's format; an InputError at the value's start naming the three accepted ones otherwise. */
export function detectDeploymentFormat(doc: JsonDocument): DeploymentFormat {
  const v = doc.value;
  if (isRecord(v) && isTerraform(v)) return 'terraform';
  if (isRecord(v) && isArmTemplate(v)) return 'arm';
  const graph = resourceGraphRows(v);
  if (graph?.single) return 'resource-graph';
  if (graph && (Array.isArray(v) || graph.rows.length === 0 || graph.rows.some(isGraphRow))) {
    // A Resource Graph result whose rows are not all rows: say which one (a query that projects columns away).
    const bad = graph.rows.findIndex((r) => !isGraphRow(r));
    if (bad === -1) return 'resource-graph';
    if (graph.rows.some(isGraphRow)) {
      const at = doc.locate([...graph.at, bad]);
      throw new InputError([{ file: at.file, line: at.line, column: at.column, severity: 'error', code: 'deployment-format', message: 'this Resource Graph row has no "id" and "type"', hint: 'keep the id and type columns in the query (no | project without them)' }]);
    }
  }
  const at = doc.locate([]);
  throw new InputError([{ file: at.file, line: at.line, column: at.column, severity: 'error', code: 'deployment-format', message: 'not a deployment export this tool reads', hint: ACCEPTED_FORMATS_HINT }]);
}
