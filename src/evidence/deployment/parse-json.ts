// Parsing an export file's JSON with the position of every value. The YAML parser the models use reads
// JSON too, but took 6.8 s and 1.2 GB for a 20 MB Resource Graph export (JSON.parse: 0.1 s); this one
// keeps only an offset per key and array item beside the plain value. Bad input becomes an InputError
// with file:line:col; nothing of the file's content is echoed (exports hold connection strings and keys).
import { InputError, type Diagnostic } from '../../model/diagnostics.js';
import { firstInvalidUtf8, looksBinary, positionOfByte, sniffEncoding } from '../../model/encoding.js';
import type { DeploymentLocation } from './resource.js';

export type JsonPath = readonly (string | number)[];

/** Nesting of objects and arrays; an exported template with nested deployments stays far below. */
export const MAX_JSON_DEPTH = 256;

/** A parsed export: its plain value and the way back from a path to where the value is written. */
export interface JsonDocument {
  file: string;
  value: unknown;
  /** Position of the value at `path` (of a property: its key), or of its nearest existing ancestor. */
  locate(path: JsonPath): DeploymentLocation;
}

/** RFC 6901: '~' and '/' in a segment are written '~0' and '~1'. */
export function jsonPointer(path: JsonPath): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function failure(file: string, line: number, column: number, code: string, message: string, hint?: string): InputError {
  const d: Diagnostic = { file, line, column, severity: 'error', code, message, ...(hint ? { hint } : {}) };
  return new InputError([d]);
}

/** Decodes strict UTF-8 and parses; throws InputError for anything that is not one JSON value. */
export function parseJsonBytes(bytes: Uint8Array, file: string, maxBytes: number): JsonDocument {
  if (bytes.byteLength > maxBytes) {
    throw failure(file, 1, 1, 'too-large', `file is ${bytes.byteLength} bytes; the limit is ${maxBytes}`);
  }
  const { encoding, bom } = sniffEncoding(bytes);
  if (encoding !== 'UTF-8') {
    const how = bom ? 'with a byte order mark' : 'recognised by its zero bytes';
    throw failure(file, 1, 1, 'not-utf8', `file is ${encoding} text (${how}), not UTF-8`, 'save it as UTF-8');
  }
  if (looksBinary(bytes)) throw failure(file, 1, 1, 'binary', 'file is binary data, not JSON text', 'is this the right file?');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a UTF-8 byte order mark
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const at = positionOfByte(bytes, bad);
    const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    throw failure(file, at.line, at.column, 'not-utf8', `byte 0x${byte} is not valid UTF-8`, 'save the file as UTF-8');
  }
  return parseJsonText(text, file);
}

export function parseJsonText(text: string, file: string): JsonDocument {
  const parser = new PositionedJsonParser(text, file);
  const value = parser.parseDocument();
  const { offsets, rootOffset } = parser;
  let lineStarts: number[] | undefined;
  const position = (offset: number) => {
    if (!lineStarts) lineStarts = lineStartsOf(text);
    return positionIn(lineStarts, offset);
  };
  return {
    file,
    value,
    locate(path: JsonPath): DeploymentLocation {
      let node: unknown = value;
      let offset = rootOffset;
      let depth = 0;
      for (const seg of path) {
        const table = typeof node === 'object' && node !== null ? offsets.get(node) : undefined;
        if (!table) break;
        const at = Array.isArray(table) ? (typeof seg === 'number' ? table[seg] : undefined) : table.get(String(seg));
        if (at === undefined) break;
        offset = at;
        node = (node as Record<string | number, unknown>)[seg];
        depth++;
      }
      return { file, ...position(offset), pointer: jsonPointer(path.slice(0, depth)) };
    },
  };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionIn(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

/** Offsets of an object's keys (by key) or an array's items (by index). */
type OffsetTable = Map<string, number> | number[];

/**
 * RFC 8259 JSON, plus `//` and `/* *\/` comments, which ARM templates may hold (Azure accepts them).
 * Duplicate keys are refused: which one an export means cannot be known.
 */
class PositionedJsonParser {
  private pos = 0;
  readonly offsets = new WeakMap<object, OffsetTable>();
  rootOffset = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  parseDocument(): unknown {
    this.skipSpace();
    if (this.pos >= this.text.length) throw this.fail(this.pos, 'empty', 'file is empty');
    this.rootOffset = this.pos;
    const value = this.parseValue(1);
    this.skipSpace();
    if (this.pos < this.text.length) throw this.fail(this.pos, 'json-syntax', 'unexpected text after the JSON value');
    return value;
  }

  private fail(offset: number, code: string, message: string, hint?: string): InputError {
    const at = positionIn(lineStartsOf(this.text.slice(0, offset + 1)), offset);
    return failure(this.file, at.line, at.column, code, message, hint);
  }

  private unexpected(expected: string): InputError {
    if (this.pos >= this.text.length) return this.fail(this.pos, 'json-syntax', `unexpected end of file; expected ${expected}`, 'is the file complete?');
    return this.fail(this.pos, 'json-syntax', `expected ${expected}`);
  }

  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        this.pos++;
      } else if (c === 0x2f /* / */ && t.charCodeAt(this.pos + 1) === 0x2f) {
        const end = t.indexOf('\n', this.pos);
        this.pos = end === -1 ? t.length : end + 1;
      } else if (c === 0x2f && t.charCodeAt(this.pos + 1) === 0x2a /* * */) {
        const end = t.indexOf('*/', this.pos + 2);
        if (end === -1) throw this.fail(this.pos, 'json-syntax', 'comment is not closed', 'close it with */');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private parseValue(depth: number): unknown {
    if (depth > MAX_JSON_DEPTH) throw this.fail(this.pos, 'too-deep', `nesting is deeper than ${MAX_JSON_DEPTH} levels`);
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b /* { */) return this.parseObject(depth);
    if (c === 0x5b /* [ */) return this.parseArray(depth);
    if (c === 0x22 /* " */) return this.parseString();
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    throw this.unexpected('a value (an object, an array, a string, a number, true, false or null)');
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private parseObject(depth: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const keys = new Map<string, number>();
    this.offsets.set(obj, keys);
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      return obj;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) throw this.unexpected('a property name in double quotes');
      const keyOffset = this.pos;
      const key = this.parseString();
      if (keys.has(key)) throw this.fail(keyOffset, 'duplicate-key', 'property name given twice in one object', 'keep one of them');
      keys.set(key, keyOffset);
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a /* : */) throw this.unexpected("':' after the property name");
      this.pos++;
      this.skipSpace();
      const value = this.parseValue(depth + 1);
      // An own property even for '__proto__', as JSON.parse makes it: never the object's prototype.
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c /* , */) {
        this.pos++;
        this.skipSpace();
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return obj;
      }
      throw this.unexpected("',' or '}'");
    }
  }

  private parseArray(depth: number): unknown[] {
    const arr: unknown[] = [];
    const items: number[] = [];
    this.offsets.set(arr, items);
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      return arr;
    }
    for (;;) {
      items.push(this.pos);
      arr.push(this.parseValue(depth + 1));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipSpace();
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return arr;
      }
      throw this.unexpected("',' or ']'");
    }
  }

  private parseString(): string {
    const t = this.text;
    const start = ++this.pos;
    // Fast path: no escapes.
    for (let i = start; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return t.slice(start, i);
      }
      if (c === 0x5c /* \ */ || c < 0x20) break;
    }
    let out = '';
    let chunk = start;
    for (let i = start; ; ) {
      if (i >= t.length) throw this.fail(start - 1, 'json-syntax', 'string is not closed', 'a closing " is missing');
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return out + t.slice(chunk, i);
      }
      if (c < 0x20) throw this.fail(i, 'json-syntax', 'a line break or control character inside a string', 'write it as an escape (\\n, \\u0009)');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += t.slice(chunk, i);
      const e = t[i + 1];
      const simple = e === undefined ? undefined : ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        throw this.fail(i, 'json-syntax', 'invalid escape in a string', 'JSON escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX');
      }
      chunk = i;
    }
  }

  private parseNumber(): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) throw this.unexpected('a number');
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
