import { InvalidArgumentError, type Command } from 'commander';
import type { Severity } from '../../catalog/control.js';
import { assess } from '../../engine/assess.js';
import { diffResults, worseningAtOrAbove, type ComparableResult } from '../../engine/diff.js';
import { compileControls } from '../../engine/evaluate.js';
import { InputError, type Diagnostic } from '../../model/diagnostics.js';
import { readComparedFile, readJsonResult } from '../json-result.js';
import { DIFF_FORMATS, diffSummary, renderDiff, type DiffFormat } from '../../output/diff.js';
import { assessmentJson } from '../../output/json.js';
import { displayPath } from '../../util/paths.js';
import { showInvisibles } from '../../util/text.js';
import { plural } from '../../util/words.js';
import { resolveToday } from '../dates.js';
import { knownIds, loadCatalogs, readModel } from '../inputs.js';
import { EXIT, type Io, type RunState } from '../program.js';
import { collect, parseFailOn } from './options.js';

interface DiffOptions {
  format: DiffFormat;
  failOn: Severity | 'never';
  date?: string;
  catalog: string[];
}

function parseDiffFormat(value: string): DiffFormat {
  if ((DIFF_FORMATS as readonly string[]).includes(value)) return value as DiffFormat;
  throw new InvalidArgumentError(`expected one of ${DIFF_FORMATS.join(', ')}`);
}

export function registerDiff(program: Command, io: Io, state: RunState): void {
  program
    .command('diff')
    .description('what changed between two assessments: each side a model (assessed now) or a JSON result of `assess --format json`')
    .argument('<before>', 'model (YAML) or JSON result')
    .argument('<after>', 'model (YAML) or JSON result')
    .option('--format <format>', `output: ${DIFF_FORMATS.join(', ')}`, parseDiffFormat, 'text')
    .option('--fail-on <severity>', 'exit 1 when a new gap of this severity or higher, or a newly open threat with residual risk this high or higher, appears: never, low, medium, high, critical', parseFailOn, 'never')
    .option('--date <YYYY-MM-DD>', 'assessment date for model files: decides decision expiry (default: today)')
    .option('--catalog <file>', 'add controls and threats from a catalog file when assessing models (repeatable)', collect, [])
    .action((beforeFile: string, afterFile: string, opts: DiffOptions) => {
      let model: { today: string; catalog: ReturnType<typeof loadCatalogs>; compiled: ReturnType<typeof compileControls> } | undefined;
      const side = (file: string): ComparableResult => {
        const bytes = readComparedFile(file);
        const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
        if (/^\s*\{/.test(text)) return readJsonResult(file, text);
        if (!model) {
          const catalog = loadCatalogs(opts.catalog);
          model = { today: resolveToday(opts.date), catalog, compiled: compileControls(catalog.controls) };
        }
        const input = readModel(file, knownIds(model.catalog));
        if (!input.result.ok) throw new InputError(input.result.diagnostics);
        const a = assess(input.result.loaded, model.catalog, { today: model.today, compiled: model.compiled });
        return assessmentJson(a, { modelBytes: input.bytes }) as unknown as ComparableResult;
      };
      const problems: Diagnostic[] = [];
      const results: ComparableResult[] = [];
      for (const f of [beforeFile, afterFile]) {
        try {
          results.push(side(f));
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problems.push(...err.diagnostics);
        }
      }
      if (problems.length > 0) throw new InputError(problems);
      // Ids the catalog renamed map to today's, whichever side was read from a JSON result.
      const changes = diffResults(results[0]!, results[1]!, (model?.catalog ?? loadCatalogs(opts.catalog)).aliases);
      const text = showInvisibles(renderDiff(changes, opts.format, { before: displayPath(beforeFile), after: displayPath(afterFile) }));
      for (const l of text.replace(/\n$/, '').split('\n')) io.out(l);
      const worse = opts.failOn === 'never' ? [] : worseningAtOrAbove(changes, opts.failOn);
      if (worse.length > 0) {
        io.err(`iotsec: ${plural(worse.length, 'new gap or newly open threat', 'new gaps or newly open threats')} at or above '${opts.failOn}' (--fail-on)`);
        state.exitCode = EXIT.findings;
      } else if (opts.format !== 'text') {
        io.err(diffSummary(changes));
      }
    });
}
