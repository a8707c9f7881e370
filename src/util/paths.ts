import { existsSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';

function inside(file: string): string | undefined {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel;
}

/** A path as the user sees it on the terminal: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  return inside(file) ?? file;
}

/** A path as outputs record it: relative when inside the working directory, else the file name alone (never machine-specific). */
export function recordedPath(file: string): string {
  const rel = inside(file);
  return rel === undefined ? basename(file) : rel.split(sep).join('/');
}

/** Whether `file` is `folder` or inside it, after resolving symbolic links (a link cannot lead out). */
export function isInsideFolder(folder: string, file: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  const rel = relative(real(folder), real(file));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
