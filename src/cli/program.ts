// The command line: arguments → options → exit code. Everything else lives in the core.
import { Command, CommanderError, Option } from 'commander';
import { EnvironmentError, formatDiagnostic, InputError, UsageError } from '../model/diagnostics.js';
import { showInvisibles } from '../util/text.js';
import { TOOL_VERSION } from '../util/version.js';
import { registerAssess } from './commands/assess.js';
import { registerCatalog } from './commands/catalog.js';
import { registerDecisions } from './commands/decisions.js';
import { registerDiff } from './commands/diff.js';
import { registerInit } from './commands/init.js';
import { registerSchema } from './commands/schema.js';
import { registerValidate } from './commands/validate.js';

export const EXIT = { ok: 0, findings: 1, input: 2, environment: 3 } as const;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Set by commands: the exit code of a run that completed. */
export interface RunState {
  exitCode: number;
}

export function buildProgram(io: Io, state: RunState): Command {
  const program = new Command();
  program
    .name('iotsec')
    .description('Threat model and compliance report for Azure IoT solutions described in YAML')
    .version(TOOL_VERSION, '-V, --version')
    .addOption(new Option('--debug', 'show stack traces of internal errors'))
    .showHelpAfterError('(run iotsec --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  registerValidate(program, io, state);
  registerAssess(program, io, state);
  registerCatalog(program, io, state);
  registerDecisions(program, io, state);
  registerDiff(program, io, state);
  registerInit(program, io, state);
  registerSchema(program, io, state);
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], raw: Io = processIo): Promise<number> {
  // Every line printed shows bidirectional and zero-width characters (from a model, a file name) as ⟨U+…⟩.
  const io: Io = { out: (line) => raw.out(showInvisibles(line)), err: (line) => raw.err(showInvisibles(line)) };
  const state: RunState = { exitCode: EXIT.ok };
  const program = buildProgram(io, state);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return state.exitCode;
  } catch (err) {
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
