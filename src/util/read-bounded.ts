// Reading an input file without trusting it: opened once, checked on that descriptor (a directory, a
// FIFO, a device or a socket is refused without reading from it), and never more than limit + 1 bytes
// read, so `/dev/zero` or a 20 GB file costs no more memory than the limit.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export type ReadFailure =
  | { reason: 'missing' }
  | { reason: 'directory' }
  /** A FIFO, a device, a socket: anything that is not a regular file. */
  | { reason: 'not-regular'; kind: string }
  | { reason: 'too-large'; limit: number }
  | { reason: 'denied' }
  | { reason: 'unreadable'; code: string };

export type BoundedRead = { ok: true; bytes: Uint8Array } | ({ ok: false } & ReadFailure);

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

function failure(err: unknown): { ok: false } & ReadFailure {
  const code = (err as NodeJS.ErrnoException).code ?? String(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
  if (code === 'EISDIR') return { ok: false, reason: 'directory' };
  if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: 'denied' };
  // Opening a Unix socket fails with ENXIO.
  if (code === 'ENXIO') return { ok: false, reason: 'not-regular', kind: 'a socket' };
  return { ok: false, reason: 'unreadable', code };
}

/** The bytes of a regular file of at most `limit` bytes; a failure naming why otherwise. Never throws. */
export function readFileBounded(file: string, limit: number): BoundedRead {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO must not wait for a writer; no controlling terminal from a tty.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    return failure(err);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, reason: 'directory' };
    if (!st.isFile()) return { ok: false, reason: 'not-regular', kind: kindOf(st) };
    if (st.size > limit) return { ok: false, reason: 'too-large', limit };
    // Sized from fstat, grown when the file grows while it is read (or reports size 0, as /proc does).
    let buf = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(st.size + 1, 64 * 1024)));
    let size = 0;
    for (;;) {
      if (size === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(limit + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, size);
        buf = bigger;
      }
      const n = readSync(fd, buf, size, buf.length - size, null);
      if (n === 0) break;
      size += n;
      if (size > limit) return { ok: false, reason: 'too-large', limit };
    }
    return { ok: true, bytes: buf.subarray(0, size) };
  } catch (err) {
    return failure(err);
  } finally {
    closeSync(fd);
  }
}

/** A limit in words: "5 MB", "512 KB". */
export function sizeInWords(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Why a file could not be read, in words for a message: "is a folder", "is a FIFO, not a regular file". */
export function readFailureText(f: ReadFailure): string {
  switch (f.reason) {
    case 'missing':
      return 'no such file';
    case 'directory':
      return 'is a folder, not a file';
    case 'not-regular':
      return `is ${f.kind}, not a regular file`;
    case 'too-large':
      return `is larger than ${sizeInWords(f.limit)} (the limit)`;
    case 'denied':
      return 'permission denied';
    case 'unreadable':
      return `cannot be read (${f.code})`;
  }
}
