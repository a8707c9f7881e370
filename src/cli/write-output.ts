import { EnvironmentError } from '../model/diagnostics.js';
import { writeFileAtomic } from '../util/files.js';
import { displayPath } from '../util/paths.js';

/** Writes an output file atomically; a failure is an environment error (exit 3) naming the file. */
export function writeOutput(file: string, data: string | Uint8Array): void {
  try {
    writeFileAtomic(file, data);
  } catch (err) {
    throw new EnvironmentError(`cannot write ${displayPath(file)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
