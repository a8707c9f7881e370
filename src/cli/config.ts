// iotsec.config.yaml: a project's defaults for assess (catalogs, formats, output folder, paper, branding,
// --fail-on), found upward from the working directory or named with --config. Validated like a model
// (zod, file:line:col, did-you-mean on unknown keys). A flag given on the command line always wins.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { SEVERITIES } from '../catalog/control.js';
import { compareDiagnostics, InputError, UsageError } from '../model/diagnostics.js';
import { parseYamlBytes } from '../model/source.js';
import { structureDiagnostics } from '../model/structure.js';
import { displayPath } from '../util/paths.js';
import { readFailureText, readFileBounded } from '../util/read-bounded.js';
import { FORMATS, PAPER_SIZES } from './commands/options.js';

export const CONFIG_FILE = 'iotsec.config.yaml';
/** A configuration is a few lines; anything bigger is not one. */
const CONFIG_MAX_BYTES = 256 * 1024;

const path = z.string().min(1).max(4096);

export const IotsecConfig = z
  .strictObject({
    catalogs: z.array(path).optional().describe('Catalog files added to the built-in one (as --catalog), relative to this file'),
    formats: z.array(z.enum(FORMATS)).min(1).optional().describe('Output formats (as --format)'),
    output: path.optional().describe('Output folder (as --output), relative to this file'),
    paper: z.enum(PAPER_SIZES).optional().describe('Paper size of the PDF (as --paper)'),
    failOn: z.enum(['never', ...SEVERITIES]).optional().describe('Exit 1 from this severity on (as --fail-on)'),
    branding: z
      .strictObject({
        title: z.string().min(1).max(300).optional(),
        classification: z.string().min(1).max(100).optional(),
        logo: path.optional().describe('Logo file (as --logo), relative to this file'),
      })
      .optional(),
  })
  .describe('iotsec.config.yaml: defaults for iotsec assess');

export type IotsecConfig = z.output<typeof IotsecConfig>;

/** The configuration as assess options (paths resolved against the config file's folder), and where it came from. */
export interface ConfigDefaults {
  file: string;
  values: {
    catalog?: string[];
    format?: string[];
    output?: string;
    paper?: string;
    failOn?: string;
    title?: string;
    classification?: string;
    logo?: string;
  };
}

/** The nearest iotsec.config.yaml in `start` or a folder above it. */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate) && isFile(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Reads and validates a configuration file; an InputError (file:line:col per problem) when it is wrong. */
export function readConfig(file: string): ConfigDefaults {
  const shown = displayPath(file);
  const read = readFileBounded(file, CONFIG_MAX_BYTES);
  if (!read.ok) throw new UsageError(`config ${shown}: cannot read it (${readFailureText(read)})`);
  const parsed = parseYamlBytes(read.bytes, shown, CONFIG_MAX_BYTES);
  let value: unknown = {};
  if (!parsed.ok) {
    // A file of comments only configures nothing.
    if (!(parsed.diagnostics.length === 1 && parsed.diagnostics[0]!.code === 'empty')) throw new InputError(parsed.diagnostics);
  } else value = parsed.source.value ?? {};
  const result = IotsecConfig.safeParse(value);
  if (!result.success) {
    if (!parsed.ok) throw new InputError([{ file: shown, line: 1, column: 1, severity: 'error', code: 'invalid-config', message: 'not a configuration' }]);
    throw new InputError(structureDiagnostics(IotsecConfig, parsed.source, result.error.issues).sort(compareDiagnostics));
  }
  const c = result.data;
  const here = (p: string) => resolve(dirname(resolve(file)), p);
  return {
    file: shown,
    values: {
      ...(c.catalogs ? { catalog: c.catalogs.map(here) } : {}),
      ...(c.formats ? { format: [...new Set(c.formats)] } : {}),
      ...(c.output !== undefined ? { output: here(c.output) } : {}),
      ...(c.paper ? { paper: c.paper } : {}),
      ...(c.failOn ? { failOn: c.failOn } : {}),
      ...(c.branding?.title !== undefined ? { title: c.branding.title } : {}),
      ...(c.branding?.classification !== undefined ? { classification: c.branding.classification } : {}),
      ...(c.branding?.logo !== undefined ? { logo: here(c.branding.logo) } : {}),
    },
  };
}

/** --config <file>, else the nearest iotsec.config.yaml above `cwd`, else none. */
export function loadConfig(explicit: string | undefined, cwd: string): ConfigDefaults | undefined {
  if (explicit !== undefined) {
    if (!isFile(explicit)) throw new UsageError(`--config ${displayPath(explicit)}: no such file`);
    return readConfig(explicit);
  }
  const found = findConfig(cwd);
  return found ? readConfig(found) : undefined;
}

/**
 * Lays the configuration under the options: a value replaces an option only when the command line did
 * not give it (commander records where each value came from). Returns the names of the options it set.
 */
export function applyConfig<T extends object>(command: Command, opts: T, config: ConfigDefaults | undefined): string[] {
  if (!config) return [];
  const set: string[] = [];
  for (const [key, value] of Object.entries(config.values)) {
    if (value === undefined || command.getOptionValueSource(key) === 'cli') continue;
    (opts as Record<string, unknown>)[key] = value;
    set.push(key);
  }
  return set;
}
