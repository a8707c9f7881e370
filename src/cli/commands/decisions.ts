import { InvalidArgumentError, type Command } from 'commander';
import { compileControls } from '../../engine/evaluate.js';
import { assess } from '../../engine/assess.js';
import { decisionRegister, type RegisterInput } from '../../engine/decision-register.js';
import { formatDiagnostic, UsageError } from '../../model/diagnostics.js';
import { REGISTER_FORMATS, renderRegister, type RegisterFormat } from '../../output/decision-register.js';
import { displayPath } from '../../util/paths.js';
import { showInvisiblesDeep } from '../../util/text.js';
import { plural } from '../../util/words.js';
import { writeOutput } from '../write-output.js';
import { resolveToday } from '../dates.js';
import { knownIds, loadCatalogs, readModel } from '../inputs.js';
import { EXIT, type Io, type RunState } from '../program.js';
import { collect } from './options.js';

/** `30d`, `6w`, `30` (days): a window of days. */
export function parseWindow(value: string): number {
  const m = /^(\d{1,5})\s*(d|w)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError("expected a number of days or weeks, e.g. 30d or 6w");
  return Number(m[1]) * (m[2]?.toLowerCase() === 'w' ? 7 : 1);
}

function parseRegisterFormat(value: string): RegisterFormat {
  if ((REGISTER_FORMATS as readonly string[]).includes(value)) return value as RegisterFormat;
  throw new InvalidArgumentError(`expected one of ${REGISTER_FORMATS.join(', ')}`);
}

const FAIL_ON = ['never', 'expired', 'expiring'] as const;
type DecisionFailOn = (typeof FAIL_ON)[number];

function parseDecisionFailOn(value: string): DecisionFailOn {
  if ((FAIL_ON as readonly string[]).includes(value)) return value as DecisionFailOn;
  throw new InvalidArgumentError(`expected one of ${FAIL_ON.join(', ')}`);
}

interface DecisionsOptions {
  expiring: number;
  format: RegisterFormat;
  failOn: DecisionFailOn;
  date?: string;
  catalog: string[];
  bom?: boolean;
  output?: string;
}

export function registerDecisions(program: Command, io: Io, state: RunState): void {
  program
    .command('decisions')
    .description('list the risk decisions (risks[]) of models: expired, expiring soon, due for review, or matching nothing')
    .argument('<models...>', 'model files (YAML)')
    .option('--expiring <window>', 'how far ahead counts as expiring (and a review as due), e.g. 30d or 6w', parseWindow, 30)
    .option('--format <format>', `output: ${REGISTER_FORMATS.join(', ')}`, parseRegisterFormat, 'text')
    .option('--fail-on <state>', 'exit 1 when a decision has expired (expired), or has expired, expires within the window or is due for review (expiring): never, expired, expiring', parseDecisionFailOn, 'never')
    .option('--date <YYYY-MM-DD>', 'the date to count from (default: today)')
    .option('--catalog <file>', 'add controls and threats from a catalog file (repeatable)', collect, [])
    .option('-o, --output <file>', 'write the register to this file (atomically) instead of standard output')
    .option('--bom', 'CSV written with --output: begin with a UTF-8 byte-order mark (for Excel)')
    .action((models: string[], opts: DecisionsOptions) => {
      if (opts.bom && (opts.output === undefined || opts.format !== 'csv')) throw new UsageError('--bom applies to CSV written to a file (--format csv --output <file>)');
      const today = resolveToday(opts.date);
      const catalog = loadCatalogs(opts.catalog);
      const known = knownIds(catalog);
      const compiled = compileControls(catalog.controls);
      const inputs: RegisterInput[] = [];
      for (const file of models) {
        const input = readModel(file, known);
        if (!input.result.ok) {
          for (const d of input.result.diagnostics) io.err(formatDiagnostic(d));
          io.err(`${file}: skipped (invalid model)`);
          state.exitCode = EXIT.input;
          continue;
        }
        const { loaded } = input.result;
        // The assessment says which decisions cover nothing; its findings are not listed here.
        const a = assess(loaded, catalog, { today, compiled });
        // What the assessment says about decisions (one that matches nothing, one that expired), as assess says it.
        for (const d of a.warnings) if (d.code.startsWith('decision-')) io.err(formatDiagnostic(d));
        inputs.push({ model: loaded.source.file, outcomes: a.decisions, locate: (i) => loaded.source.locate(['risks', i]) });
      }
      // Bidirectional and zero-width characters from the models are shown, not obeyed, in every format.
      const rows = showInvisiblesDeep(decisionRegister(inputs, today, opts.expiring));
      const text = renderRegister(rows, opts.format, today, opts.expiring, opts.bom === true);
      if (opts.output !== undefined) {
        writeOutput(opts.output, text);
        io.out(displayPath(opts.output));
      } else if (text !== '') {
        for (const line of text.replace(/\n$/, '').split('\n')) io.out(line);
      }
      const expired = rows.filter((r) => r.state === 'expired').length;
      const soon = rows.filter((r) => r.state === 'expiring' || (r.state !== 'expired' && r.reviewDue)).length;
      io.err(`${plural(rows.length, 'decision')}: ${expired} expired, ${soon} expiring within ${plural(opts.expiring, 'day')} or due for review`);
      const failing = opts.failOn === 'expired' ? expired : opts.failOn === 'expiring' ? expired + soon : 0;
      if (failing > 0 && state.exitCode === EXIT.ok) state.exitCode = EXIT.findings;
    });
}

