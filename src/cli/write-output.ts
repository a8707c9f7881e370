import { EnvironmentError } from '../model/diagnostics.js';
import { UnsafeOutputError, writeFileAtomic } from '../util/files.js';
import { displayPath } from '../util/paths.js';
import type { Stopper } from './stop.js';

/** Thrown instead of writing once a signal stopped the run: "nothing else was written" stays true. */
export class RunStoppedError extends Error {
  override name = 'RunStoppedError';
}

/** Writes an output file atomically; a failure is an environment error (exit 3) naming the file. */
export function writeOutput(file: string, data: string | Uint8Array | Iterable<string>, stop?: Stopper): void {
  if (stop?.stopped) throw new RunStoppedError(`not written: ${displayPath(file)}`);
  try {
    writeFileAtomic(file, data);
  } catch (err) {
    const why = err instanceof UnsafeOutputError ? err.message : (err as NodeJS.ErrnoException).code ?? String(err);
    throw new EnvironmentError(`cannot write ${displayPath(file)}: ${why}`);
  }
}
