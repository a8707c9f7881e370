// Recognising what a file's bytes are before they are read as YAML: UTF-16/32 (with or without a byte
// order mark) and binary files are named in one line instead of being misread, and the first byte that
// is not UTF-8 is located at its line and column. Nothing here echoes the file's bytes.
import type { SourcePosition } from './diagnostics.js';

export type Encoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';

/** The encoding the bytes are written in: from a byte order mark, else from where the NUL bytes fall. */
export function sniffEncoding(bytes: Uint8Array): { encoding: Encoding; bom: boolean } {
  const b = bytes;
  const at = (i: number) => (i < b.length ? b[i]! : -1);
  if (at(0) === 0xff && at(1) === 0xfe && at(2) === 0 && at(3) === 0) return { encoding: 'UTF-32LE', bom: true };
  if (at(0) === 0 && at(1) === 0 && at(2) === 0xfe && at(3) === 0xff) return { encoding: 'UTF-32BE', bom: true };
  if (at(0) === 0xff && at(1) === 0xfe) return { encoding: 'UTF-16LE', bom: true };
  if (at(0) === 0xfe && at(1) === 0xff) return { encoding: 'UTF-16BE', bom: true };
  if (at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf) return { encoding: 'UTF-8', bom: true };
  // Without a mark: YAML text starts with ASCII, so the first characters show the pattern of zero bytes
  // (the approach of the YAML 1.2 spec, section 5.2, and of XML's appendix F).
  if (b.length >= 4) {
    if (at(0) === 0 && at(1) === 0 && at(2) === 0 && at(3) !== 0) return { encoding: 'UTF-32BE', bom: false };
    if (at(0) !== 0 && at(1) === 0 && at(2) === 0 && at(3) === 0) return { encoding: 'UTF-32LE', bom: false };
  }
  if (b.length >= 2) {
    if (at(0) === 0 && at(1) !== 0) return { encoding: 'UTF-16BE', bom: false };
    if (at(0) !== 0 && at(1) === 0) return { encoding: 'UTF-16LE', bom: false };
  }
  return { encoding: 'UTF-8', bom: false };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const c = bytes[i]!;
    if (c < 0x80) { i++; continue; }
    let len: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) { len = 2; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { len = 3; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; min = 0x10000; }
    else return i;
    if (i + len > n) return i;
    let cp = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const cc = bytes[i + k]!;
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

/** Line and column (in characters) of a byte offset, counting only the well-formed text before it. */
export function positionOfByte(bytes: Uint8Array, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  // Continuation bytes (10xxxxxx) do not start a character.
  for (let i = lineStart; i < offset; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
}

/**
 * Whether UTF-8 text is binary rather than text: a NUL byte, or other C0 control characters (not tab,
 * line feed, carriage return, form feed or escape) in more than 1 % of the first 8 KiB.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) controls++;
  }
  return controls > Math.max(2, n / 100);
}
