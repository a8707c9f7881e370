// The command line: arguments → options → exit code. Everything else lives in the core.
import { Command, CommanderError, Option } from 'commander';
import { EnvironmentError, escapeControls, formatDiagnostic, InputError, UsageError } from '../model/diagnostics.js';
import { showInvisibles } from '../util/text.js';
import { TOOL_VERSION } from '../util/version.js';
import { registerAssess } from './commands/assess.js';
import { registerCatalog } from './commands/catalog.js';
import { registerDecisions } from './commands/decisions.js';
import { registerDiff } from './commands/diff.js';
import { registerInit } from './commands/init.js';
import { registerScan } from './commands/scan.js';
import { registerSchema } from './commands/schema.js';
import { registerValidate } from './commands/validate.js';
import { EXIT, STOP_SIGNALS } from './exit.js';
import { Stopper } from './stop.js';

export { EXIT } from './exit.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Shared by a run's commands. */
export interface RunState {
  /** Set by commands: the exit code of a run that completed. */
  exitCode: number;
  /** Whether a signal stopped the run; what the run holds (a browser) is registered here. */
  stop: Stopper;
}

export function buildProgram(io: Io, state: RunState): Command {
  const program = new Command();
  program
    .name('iotsec')
    .description('Threat model and compliance report for Azure IoT solutions described in YAML')
    .version(TOOL_VERSION, '-V, --version')
    .addOption(new Option('--debug', 'show stack traces of internal errors'))
    .showHelpAfterError('(run iotsec --help for usage)')
    // Commander's own errors quote the arguments as given: control characters (line breaks too) are escaped,
    // so an argument cannot drive the terminal or forge a line. Each error arrives as its own call.
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(escapeControls(s.trimEnd())) })
    .exitOverride();
  registerValidate(program, io, state);
  registerAssess(program, io, state);
  registerCatalog(program, io, state);
  registerDecisions(program, io, state);
  registerDiff(program, io, state);
  registerInit(program, io, state);
  registerSchema(program, io, state);
  registerScan(program, io, state);
  return program;
}

/**
 * Runs the CLI and returns the exit code; never calls process.exit. Once `stop` has a signal, the run
 * ends with 128 + its number and nothing more is said: whatever failed then failed because of the stop.
 */
export async function main(argv: readonly string[], raw: Io, stop: Stopper = new Stopper()): Promise<number> {
  // Every line printed shows bidirectional and zero-width characters (from a model, a file name) as ⟨U+…⟩.
  const io: Io = { out: (line) => raw.out(showInvisibles(line)), err: (line) => raw.err(showInvisibles(line)) };
  const state: RunState = { exitCode: EXIT.ok, stop };
  const program = buildProgram(io, state);
  const debug = argv.includes('--debug');
  const stopped = () => (stop.signal !== undefined ? 128 + STOP_SIGNALS[stop.signal] : undefined);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return stopped() ?? state.exitCode;
  } catch (err) {
    const code = stopped();
    if (code !== undefined) return code;
    if (err instanceof CommanderError) {
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.input;
    }
    if (err instanceof InputError) {
      for (const d of err.diagnostics) io.err(formatDiagnostic(d));
      return EXIT.input;
    }
    if (err instanceof UsageError) {
      io.err(`iotsec: ${err.message}`);
      return EXIT.input;
    }
    if (err instanceof EnvironmentError) {
      io.err(`iotsec: ${err.message}`);
      if (debug && err.stack) io.err(err.stack);
      return EXIT.environment;
    }
    io.err(`iotsec: internal error: ${err instanceof Error ? err.message : String(err)} (please report it${debug ? '' : '; --debug shows details'})`);
    if (debug && err instanceof Error && err.stack) io.err(err.stack);
    return EXIT.environment;
  }
}
