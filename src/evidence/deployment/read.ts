// One export file's bytes → what it deployed, whichever of the three formats it is. Pure: the caller
// reads the bytes (readFileBounded) and turns an InputError into file:line:col lines.
import { readArmTemplate } from './arm.js';
import { detectDeploymentFormat } from './detect.js';
import { parseJsonBytes, type JsonDocument } from './parse-json.js';
import { readResourceGraph } from './resource-graph.js';
import type { DeployedResource, DeploymentFile, DeploymentFormat } from './resource.js';
import { readTerraform } from './terraform.js';

const READERS: Record<DeploymentFormat, (doc: JsonDocument) => DeployedResource[]> = {
  arm: readArmTemplate,
  'resource-graph': readResourceGraph,
  terraform: readTerraform,
};

/**
 * Every resource the file holds, whatever its type (which ones map to model properties is the mapping's
 * business). Throws InputError (located) for bytes that are not JSON or JSON of none of the three shapes.
 */
export function readDeploymentBytes(bytes: Uint8Array, file: string, maxBytes: number): DeploymentFile {
  const doc = parseJsonBytes(bytes, file, maxBytes);
  const format = detectDeploymentFormat(doc);
  return { file, format, resources: READERS[format](doc) };
}
