// Writing outputs atomically: a reader never sees a half-written file, a failed run leaves none.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Output base name for a model file: its name without the YAML extension, reduced to safe characters (letters of any script kept). */
export function outputBaseName(modelFile: string): string {
  const base = basename(modelFile).replace(/\.ya?ml$/i, '');
  const safe = base.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[.]+/, '_').slice(0, 120);
  return safe || 'model';
}
