import { join } from 'node:path';
import type { Command } from 'commander';
import { SEVERITY_RANK, type Severity } from '../../catalog/control.js';
import { assess, type Assessment } from '../../engine/assess.js';
import { compileControls } from '../../engine/evaluate.js';
import { EnvironmentError, formatDiagnostic } from '../../model/diagnostics.js';
import { renderJson } from '../../output/json.js';
import { outputBaseName, writeFileAtomic } from '../../util/files.js';
import { resolveToday } from '../dates.js';
import { displayPath, knownIds, loadCatalogs, readModel } from '../inputs.js';
import { EXIT, type Io, type RunState } from '../program.js';
import { collect, parseFailOn, parseFormats, type Format } from './options.js';

export interface AssessOptions {
  format: Format[];
  output: string;
  catalog: string[];
  failOn: Severity | 'never';
  date?: string;
}

/** Gaps at or above the threshold that no live decision covers. */
export function gatingFindings(a: Assessment, failOn: Severity | 'never'): number {
  if (failOn === 'never') return 0;
  return a.findings.filter((f) => f.status === 'gap' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]).length;
}

function write(file: string, data: string | Uint8Array): void {
  try {
    writeFileAtomic(file, data);
  } catch (err) {
    throw new EnvironmentError(`cannot write ${displayPath(file)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export function registerAssess(program: Command, io: Io, state: RunState): void {
  program
    .command('assess')
    .description('assess models against the control catalog and write the results')
    .argument('<models...>', 'model files (YAML); invalid ones are reported and skipped')
    .option('-f, --format <list>', 'comma-separated output formats: json, html, pdf', parseFormats, ['json'] as Format[])
    .option('-o, --output <dir>', 'output folder', 'out')
    .option('--catalog <file>', 'add controls from a catalog file (repeatable)', collect, [])
    .option('--fail-on <severity>', 'exit 1 when a gap of this severity or higher remains: never, low, medium, high, critical', parseFailOn, 'never')
    .option('--date <YYYY-MM-DD>', 'assessment date: decides decision expiry and is recorded in the outputs (default: today, not recorded)')
    .action((models: string[], opts: AssessOptions) => {
      const today = resolveToday(opts.date);
      const catalog = loadCatalogs(opts.catalog);
      const known = knownIds(catalog);
      const compiled = compileControls(catalog.controls);
      let gated = 0;
      for (const file of models) {
        const input = readModel(file, known);
        if (!input.result.ok) {
          for (const d of input.result.diagnostics) io.err(formatDiagnostic(d));
          io.err(`${displayPath(file)}: skipped (invalid model)`);
          state.exitCode = EXIT.input;
          continue;
        }
        const a = assess(input.result.loaded, catalog, { today, compiled });
        for (const d of a.warnings) io.err(formatDiagnostic(d));
        const base = join(opts.output, outputBaseName(file));
        if (opts.format.includes('json')) {
          const out = `${base}.json`;
          write(out, renderJson(a, { modelBytes: input.bytes, ...(opts.date ? { assessmentDate: opts.date } : {}) }));
          io.out(`${displayPath(out)}`);
        }
        const s = a.summary.byStatus;
        io.err(`${a.loaded.source.file}: ${s.gap} gap${s.gap === 1 ? '' : 's'}, ${s.unknown} unknown, ${s.accepted} accepted, ${s.met} met, ${s['not-applicable']} not applicable`);
        gated += gatingFindings(a, opts.failOn);
      }
      if (state.exitCode === EXIT.ok && gated > 0) {
        io.err(`iotsec: ${gated} gap${gated === 1 ? '' : 's'} at or above '${opts.failOn}' (--fail-on)`);
        state.exitCode = EXIT.findings;
      }
    });
}
