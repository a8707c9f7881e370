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

/** Output base name for a model file: its name without extension, reduced to safe characters. */
export function outputBaseName(modelFile: string): string {
  const base = basename(modelFile).replace(/\.(ya?ml|json)$/i, '');
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_').slice(0, 120);
  return safe || 'model';
}
