// Writing outputs atomically: a reader never sees a half-written file, a failed run leaves none.
// The temporary file is created exclusively (O_EXCL: never through a planted file or link) under a
// random name in the target's folder, and an output path that is a symbolic link is refused rather
// than replaced, since the user may have meant the link's target.
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Refusals of writeFileAtomic, with an errno-like code for the caller's message. */
export class UnsafeOutputError extends Error {
  override name = 'UnsafeOutputError';
  constructor(readonly code: 'ESYMLINK' | 'ENOTREG', message: string) {
    super(message);
  }
}

/** Why `file` must not be written, or undefined: a symbolic link, or something other than a regular file. */
export function unsafeOutput(file: string): UnsafeOutputError | undefined {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return undefined; // absent (or its folder is): nothing to protect
  }
  if (st.isSymbolicLink()) return new UnsafeOutputError('ESYMLINK', 'is a symbolic link; refusing to write through it');
  if (!st.isFile()) return new UnsafeOutputError('ENOTREG', 'exists and is not a regular file');
  return undefined;
}

/** A temporary name next to `file`: hidden, random, ending in .tmp (never taken for an output). */
function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
}

/** Pieces of text are encoded into one reused buffer of this many bytes, written when full. */
const BATCH_BYTES = 1 << 20;

/** Writes all of `bytes` at the file's current position. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.byteLength; ) off += writeSync(fd, bytes, off, bytes.byteLength - off);
}

export function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<string>): void {
  mkdirSync(dirname(file), { recursive: true });
  const unsafe = unsafeOutput(file);
  if (unsafe) throw unsafe;
  let tmp = tempName(file);
  let fd: number | undefined;
  for (let tries = 0; fd === undefined; tries++) {
    try {
      fd = openSync(tmp, 'wx', 0o666);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries >= 4) throw err;
      tmp = tempName(file);
    }
  }
  try {
    if (typeof data === 'string') writeAll(fd, Buffer.from(data, 'utf8'));
    else if (data instanceof Uint8Array) writeAll(fd, data);
    else writePieces(fd, data);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Text pieces encoded straight into one buffer and written when it is full: no joined string, no buffer per
 * piece (a 10,000-element JSON result is ~280 MB in ~200,000 pieces).
 */
function writePieces(fd: number, pieces: Iterable<string>): void {
  const buffer = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  for (const piece of pieces) {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, two units, takes 4).
    if (piece.length * 3 > BATCH_BYTES - used) {
      writeAll(fd, buffer.subarray(0, used));
      used = 0;
      if (piece.length * 3 > BATCH_BYTES) {
        writeAll(fd, Buffer.from(piece, 'utf8'));
        continue;
      }
    }
    used += buffer.write(piece, used, 'utf8');
  }
  writeAll(fd, buffer.subarray(0, used));
}

/** Output base name for a model file: its name without the YAML extension, reduced to safe characters (letters of any script kept). */
export function outputBaseName(modelFile: string): string {
  const base = basename(modelFile).replace(/\.ya?ml$/i, '');
  const safe = base.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[.]+/, '_').slice(0, 120);
  return safe || 'model';
}
