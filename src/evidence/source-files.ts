// Reading a source tree for a scan, bounded: TypeScript and JavaScript files only, node_modules and hidden
// folders skipped, symbolic links not followed, at most so many files and bytes. What is skipped is said.
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readFailureText, readFileBounded, sizeInWords } from '../util/read-bounded.js';

export interface SourceText {
  /** Path relative to the scan root's base (as outputs record it), with forward slashes. */
  path: string;
  text: string;
}

export interface ScanLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const SCAN_LIMITS: ScanLimits = { maxFiles: 5000, maxFileBytes: 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 };

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage']);

export interface SourceTree {
  files: SourceText[];
  /** One line per thing not read ("src/big.js: is larger than 1 MB (the limit)"). */
  skipped: string[];
}

/** The source files under `root`, sorted by path; paths are recorded relative to `base`. */
export function readSourceTree(root: string, base: string, limits: ScanLimits = SCAN_LIMITS): SourceTree {
  const files: SourceText[] = [];
  const skipped: string[] = [];
  const rel = (p: string) => relative(base, p).split(sep).join('/') || '.';
  let total = 0;
  const found: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      skipped.push(`${rel(dir)}: cannot be listed (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      let st;
      try {
        st = lstatSync(full);
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) continue; // never followed: a link could lead outside the tree or loop
      if (st.isDirectory()) {
        if (!name.startsWith('.') && !SKIPPED_DIRS.has(name)) walk(full);
      } else if (st.isFile() && SOURCE.test(name) && !name.endsWith('.d.ts')) found.push(full);
    }
  };
  const top = lstatSync(root, { throwIfNoEntry: false });
  if (top?.isFile()) found.push(root);
  else walk(root);
  for (const file of found) {
    if (files.length >= limits.maxFiles) {
      skipped.push(`${found.length - files.length} more files not read: more than ${limits.maxFiles} source files`);
      break;
    }
    const r = readFileBounded(file, limits.maxFileBytes);
    if (!r.ok) {
      skipped.push(`${rel(file)}: ${readFailureText(r)}`);
      continue;
    }
    if (total + r.bytes.length > limits.maxTotalBytes) {
      skipped.push(`${rel(file)} and later files not read: more than ${sizeInWords(limits.maxTotalBytes)} of source`);
      break;
    }
    total += r.bytes.length;
    files.push({ path: rel(file), text: new TextDecoder('utf-8', { fatal: false }).decode(r.bytes) });
  }
  return { files, skipped };
}
