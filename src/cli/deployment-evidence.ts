// Evidence from deployment exports for one model: the files `--deployment` names and the model's own
// `deployment:` entries are read (bounded), recognised (ARM/Bicep, Resource Graph, Terraform), mapped to
// model properties and matched to the model's elements. I/O lives here; the readers, tables and matcher are pure.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import { InputError } from '../model/diagnostics.js';
import type { LoadedModel } from '../model/load.js';
import type { ElementFact, PropertyEvidence } from '../model/provenance.js';
import { readFileBounded } from '../util/read-bounded.js';
import { displayPath, isInsideFolder, recordedPath } from '../util/paths.js';
import type { DeploymentFile } from '../evidence/deployment/resource.js';
import type { MappedDeployment } from '../evidence/deployment/observation.js';

/** Exports are machine-written and can be large (a Resource Graph query over a subscription); models stay at 5 MB. */
export const DEFAULT_MAX_DEPLOYMENT_BYTES = 64 * 1024 * 1024;

export interface DeploymentEvidence {
  observations: PropertyEvidence[];
  facts: ElementFact[];
  /** Warnings (unmatched resources and services, ambiguities, ignored types), located in the export or the model. */
  warnings: Diagnostic[];
  files: DeploymentFile[];
  /** The export files' paths as given (resolved): never overwritten by an output, watched by --watch. */
  paths: string[];
  mapped: MappedDeployment;
  /** Model element id → the resource it was matched to. */
  matches: ReadonlyMap<string, string>;
}


/** The export files of a model: --deployment first (relative to the working folder), then `deployment:` (relative to the model, inside its folder). */
export function deploymentFiles(modelFile: string | undefined, loaded: LoadedModel | undefined, args: readonly string[], allowOutside: boolean): string[] {
  const files = args.map((a) => resolve(a));
  const listed = loaded?.model.deployment;
  if (modelFile === undefined || loaded === undefined || listed === undefined) return files;
  const base = dirname(resolve(modelFile));
  const problems: Diagnostic[] = [];
  listed.forEach((p, i) => {
    const file = resolve(base, p);
    const at = loaded.source.locate(['deployment', ...(Array.isArray((loaded.source.value as { deployment?: unknown }).deployment) ? [i] : [])]);
    const where = { file: loaded.source.file, line: at.line, column: at.column, severity: 'error' as const };
    if (!allowOutside && !isInsideFolder(base, file)) problems.push({ ...where, code: 'deployment-outside', message: `deployment file '${p}' is outside the model's folder`, hint: 'move the export beside the model, or pass --allow-outside' });
    else if (!existsSync(file)) problems.push({ ...where, code: 'deployment-missing', message: `deployment file '${p}' does not exist`, hint: 'paths are relative to the model file' });
    else files.push(file);
  });
  if (problems.length > 0) throw new InputError(problems);
  return [...new Set(files)];
}

/**
 * Reads and recognises each export file; every problem of every file is collected before failing. `cache`: files
 * already read in this run (several models given the same --deployment files read them once).
 */
export async function readDeploymentFiles(files: readonly string[], maxBytes: number, cache?: Map<string, DeploymentFile>): Promise<DeploymentFile[]> {
  const { readDeploymentBytes } = await import('../evidence/deployment/read.js');
  const out: DeploymentFile[] = [];
  const problems: Diagnostic[] = [];
  for (const file of files) {
    const known = cache?.get(file);
    if (known !== undefined) {
      out.push(known);
      continue;
    }
    const shown = recordedPath(file);
    const read = readFileBounded(file, maxBytes);
    if (!read.ok) {
      const why =
        read.reason === 'missing' ? 'no such file' :
        read.reason === 'directory' ? 'is a folder, not an export file' :
        read.reason === 'not-regular' ? `is ${read.kind}, not a regular file` :
        read.reason === 'too-large' ? `is larger than ${read.limit} bytes` :
        read.reason === 'denied' ? 'permission denied' : `cannot be read (${read.code})`;
      problems.push({ file: displayPath(file), line: 1, column: 1, severity: 'error', code: 'deployment-unreadable', message: `deployment export ${why}`, ...(read.reason === 'too-large' ? { hint: 'raise the limit with --max-model-size' } : {}) });
      continue;
    }
    try {
      const made = readDeploymentBytes(read.bytes, shown, maxBytes);
      cache?.set(file, made);
      out.push(made);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.diagnostics);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

/** Evidence from the exports for one model, or undefined when it has none. */
export async function deploymentEvidence(modelFile: string, loaded: LoadedModel, args: readonly string[], allowOutside: boolean, maxBytes: number, cache?: Map<string, DeploymentFile>): Promise<DeploymentEvidence | undefined> {
  const files = deploymentFiles(modelFile, loaded, args, allowOutside);
  if (files.length === 0) return undefined;
  const read = await readDeploymentFiles(files, maxBytes, cache);
  const [{ mapDeployment }, { matchDeployment }] = await Promise.all([import('../evidence/deployment/map.js'), import('../evidence/deployment/match.js')]);
  const mapped = mapDeployment(read);
  const matched = matchDeployment(mapped, loaded.index, (p) => loaded.source.locate(p), read.flatMap((f) => f.resources));
  const warnings = [...matched.warnings];
  for (const u of mapped.untied ?? []) {
    warnings.push({ file: u.resource.location.file, line: u.resource.location.line, column: u.resource.location.column, severity: 'warning', code: 'deployment-untied', message: `${u.resource.type} ${typeof u.resource.name === 'string' ? `'${u.resource.name}'` : ''} is not used: ${u.reason}`.replace('  ', ' ') });
  }
  const ignored = Object.entries(mapped.ignored);
  if (ignored.length > 0) {
    const n = ignored.reduce((s, [, c]) => s + c, 0);
    const types = ignored.sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, c]) => `${t} (${c})`);
    warnings.push({ file: read[0]!.file, line: 1, column: 1, severity: 'warning', code: 'deployment-ignored-types', message: `${n} resource${n === 1 ? '' : 's'} of types iotsec does not read were ignored: ${types.slice(0, 6).join(', ')}${types.length > 6 ? ` and ${types.length - 6} more types` : ''}` });
  }
  return { observations: matched.observations, facts: matched.facts, warnings, files: read, paths: files, mapped, matches: matched.matches };
}
