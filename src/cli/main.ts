#!/usr/bin/env node
// The process edge: standard streams, signals and the exit code. Every way out goes through
// decideExit: the run's own code, a failed write to standard output (3), or a signal (128 + n).
import { decideExit, EXIT, STOP_SIGNALS, type StopSignal } from './exit.js';
import { main } from './program.js';
import { ProcessStdio } from './stdio.js';
import { Stopper } from './stop.js';

const stdio = new ProcessStdio();
const stop = new Stopper();

function errnoText(code: string): string {
  return code === 'ENOSPC' ? 'no space left on device' : code === 'EIO' ? 'input/output error' : code === 'EBADF' ? 'not open for writing' : code;
}

/** Ends the process now, after a last line on stderr; what the run holds is abandoned by the 'exit' handler. */
function exitNow(code: number): never {
  process.exit(code);
}

// A last resort for every exit path: kill the browser and remove its folder if nothing closed them.
process.on('exit', () => stop.abandonAll());

for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
  process.on(signal, () => {
    // A second signal while closing: stop waiting.
    if (stop.stopped) exitNow(128 + STOP_SIGNALS[stop.signal!]);
    void stop.stop(signal).then(() => {
      stdio.err(`iotsec: stopped by ${signal}: the files listed above are complete; nothing else was written`);
      exitNow(decideExit({ runCode: EXIT.ok, signal }));
    });
  });
}

// Not expected: an error no code path caught. One line, exit 3, and the browser is still cleaned up.
const internal = (err: unknown) => {
  if (stop.stopped) return; // a stop in progress tears things down; it decides the exit
  stdio.err(`iotsec: internal error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)} (please report it)`);
  exitNow(EXIT.environment);
};
process.on('uncaughtException', internal);
process.on('unhandledRejection', internal);

const runCode = await main(process.argv.slice(2), stdio, stop);
await stdio.flush();
if (stdio.outError !== undefined && !stop.stopped) stdio.err(`iotsec: cannot write to standard output: ${errnoText(stdio.outError)}`);
// During a stop, its handler ends the process once the browser is closed.
if (!stop.stopped) process.exitCode = decideExit({ runCode, stdoutFailed: stdio.outError !== undefined });
