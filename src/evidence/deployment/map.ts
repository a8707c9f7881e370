// From the resources of deployment export files to what they say about the model: each resource goes through
// the table for its type (rows, then the table's own function); resources of types no table knows are counted.
// Pure: no file system, no clock; the order of the output follows the order of files and resources.
import type { MappedDeployment } from './observation.js';
import type { DeployedResource, DeploymentFile } from './resource.js';
import { tableFor } from './tables/index.js';
import { applyRow } from './tables/read-value.js';
import type { MapContext } from './tables/table.js';

export function mapDeployment(files: readonly DeploymentFile[]): MappedDeployment {
  const out: Required<MappedDeployment> = {
    observations: [], roleAssignments: [], elements: [], ignored: {}, notes: [], exports: [], sharedAccessPolicies: [], linkedHubs: [], untied: [],
  };
  const resources: DeployedResource[] = files.flatMap((f) => f.resources);
  const context: MapContext = { resources };
  for (const file of files) {
    for (const [type, count] of Object.entries(file.ignored ?? {})) out.ignored[type] = (out.ignored[type] ?? 0) + count;
  }
  for (const resource of resources) {
    const table = tableFor(resource.type);
    if (!table) {
      out.ignored[resource.type] = (out.ignored[resource.type] ?? 0) + 1;
      continue;
    }
    if (table.element) out.elements.push({ resource, element: table.element });
    const target = table.target ? table.target(resource) : { resource };
    if (typeof target === 'string') {
      out.untied.push({ resource, reason: target });
    } else {
      for (const row of table.rows) {
        const result = applyRow(row, resource, target);
        if (result === undefined) continue;
        if ('fact' in result) out.notes.push(result);
        else out.observations.push(result);
      }
    }
    const extracted = table.extract?.(resource, context) ?? {};
    out.observations.push(...(extracted.observations ?? []));
    out.notes.push(...(extracted.notes ?? []));
    out.exports.push(...(extracted.exports ?? []));
    out.sharedAccessPolicies.push(...(extracted.sharedAccessPolicies ?? []));
    out.linkedHubs.push(...(extracted.linkedHubs ?? []));
    out.roleAssignments.push(...(extracted.roleAssignments ?? []));
    out.untied.push(...(extracted.untied ?? []));
  }
  return out;
}
