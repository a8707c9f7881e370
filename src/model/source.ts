// Parsing YAML text with source positions, refusing hostile input cleanly.
import { isAlias, isMap, isScalar, isSeq, Parser, type Alias, LineCounter, parseAllDocuments, type Document, type Node, type Scalar } from 'yaml';
import { quote, type Diagnostic, type SourcePosition } from './diagnostics.js';
import { firstInvalidUtf8, looksBinary, positionOfByte, sniffEncoding } from './encoding.js';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export const SOURCE_LIMITS = {
  /** Bytes; a hand-written model is far below this. */
  maxBytes: 5 * 1024 * 1024,
  /** Nesting of maps and sequences. */
  maxDepth: 64,
  /** Aliases expanded in one document (the `yaml` default): refuses "billion laughs". */
  maxAliasCount: 100,
};

/** Where a node is: line and column in the file that holds it (a model's includes are other files). */
export interface SourceLocation extends SourcePosition {
  /** The file as messages show it. */
  file: string;
  /** For a node in an included file: that file's path relative to the root model's folder, '/'-separated. */
  included?: string;
  /** For a node in an included file: its path within that file (its list indexes differ from the merged model's). */
  path?: Path;
}

/** A parsed YAML file: its plain value plus a way back from a path to a line and column. */
export interface YamlSource {
  file: string;
  value: unknown;
  /**
   * Whether messages may quote the file's values: only for files named .yaml or .yml. Anything else (a
   * symlinked `.env`, a key file) may hold secrets that must not reach a terminal or a CI log.
   */
  echo: boolean;
  /** Position of the node at `path`, or of its nearest existing ancestor, in the file that holds it. */
  locate(path: Path): SourceLocation;
  /** Every file the value was read from, the root first, as messages show them (more than one with `include:`). */
  files?: readonly string[];
}

export type ParseResult = { ok: true; source: YamlSource } | { ok: false; diagnostics: Diagnostic[] };

function problem(file: string, pos: SourcePosition, code: string, message: string, hint?: string): Diagnostic {
  return { file, line: pos.line, column: pos.column, severity: 'error', code, message, ...(hint ? { hint } : {}) };
}

/**
 * Decodes bytes as strict UTF-8 and parses them; never throws for bad input. Files in another encoding
 * and binary files are named in one line; nothing of their content is echoed. `maxBytes`: a raised limit
 * (--max-model-size).
 */
export function parseYamlBytes(bytes: Uint8Array, file: string, maxBytes: number = SOURCE_LIMITS.maxBytes): ParseResult {
  const start = { line: 1, column: 1 };
  if (bytes.byteLength > maxBytes) {
    return {
      ok: false,
      diagnostics: [problem(file, start, 'too-large', `file is ${bytes.byteLength} bytes; the limit is ${maxBytes}`)],
    };
  }
  const { encoding, bom } = sniffEncoding(bytes);
  if (encoding !== 'UTF-8') {
    const how = bom ? 'with a byte order mark' : 'recognised by its zero bytes';
    return { ok: false, diagnostics: [problem(file, start, 'not-utf8', `file is ${encoding} text (${how}), not UTF-8`, 'save it as UTF-8')] };
  }
  if (looksBinary(bytes)) {
    return { ok: false, diagnostics: [problem(file, start, 'binary', 'file is binary data, not YAML text', 'is this the right file?')] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a UTF-8 byte order mark
  } catch {
    // Only now find where: the decoder does not say.
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return { ok: false, diagnostics: [problem(file, positionOfByte(bytes, bad), 'not-utf8', `byte 0x${byte} is not valid UTF-8`, 'save the file as UTF-8')] };
  }
  return parseYamlText(text, file);
}

/** Whether messages may quote a file's content (see YamlSource.echo). */
function mayEcho(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

export function parseYamlText(text: string, file: string): ParseResult {
  const echo = mayEcho(file);
  /**
   * A parser message, first line only, without the token some messages quote (`…: "hunter2"`): the
   * position points at it, and a file read as a model by mistake may hold secrets there.
   */
  const parserMessage = (m: string) => {
    const line = m.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return line.replace(/: "[^"]*"$/, '');
  };
  const lineCounter = new LineCounter();
  const pos = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    // The parser recurses on nesting; a pathological input can exhaust the stack.
    const message = err instanceof RangeError ? 'nesting is too deep to parse' : `cannot parse YAML: ${String(err)}`;
    return { ok: false, diagnostics: [problem(file, { line: 1, column: 1 }, 'yaml-syntax', message)] };
  }
  if (docs.length === 0) {
    return { ok: false, diagnostics: [problem(file, { line: 1, column: 1 }, 'empty', 'file is empty')] };
  }
  const diagnostics: Diagnostic[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      if (e.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(e.message)) {
        // The parser recurses on nesting and ran out of stack: say what the input did, not what the parser hit.
        diagnostics.push(problem(file, pos(tooDeepOffset(text) ?? e.pos[0]), 'too-deep', `nesting is deeper than ${SOURCE_LIMITS.maxDepth} levels`));
        continue;
      }
      const code = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax';
      diagnostics.push(problem(file, pos(e.pos[0]), code, parserMessage(e.message)));
    }
  }
  if (docs.length > 1) {
    const second = docs[1]!;
    diagnostics.push(problem(file, pos(second.range[0]), 'multiple-documents', 'file holds more than one YAML document', 'keep one model per file'));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics: dedupe(diagnostics) };
  const doc = docs[0]!;

  const walked = walkNodes(doc.contents as Node | null);
  if (walked.tooDeep) {
    return {
      ok: false,
      diagnostics: [problem(file, pos(walked.tooDeep.range?.[0] ?? 0), 'too-deep', `nesting is deeper than ${SOURCE_LIMITS.maxDepth} levels`)],
    };
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') continue; // reported below, with the tag
    diagnostics.push(problem(file, pos(w.pos[0]), 'yaml-syntax', parserMessage(w.message)));
  }
  for (const node of walked.tagged) {
    const tag = node.tag!;
    const shown = tag.startsWith(CORE_TAG_PREFIX) ? `!!${tag.slice(CORE_TAG_PREFIX.length)}` : tag;
    const what = shown === '!!binary' ? 'binary data (!!binary) is not a value a model can hold' : `the YAML tag ${echo ? quote(shown) : '(not shown)'} is not allowed`;
    diagnostics.push(problem(file, pos(node.range?.[0] ?? 0), 'unknown-tag', what, 'models hold plain text, numbers, booleans, lists and mappings; remove the tag'));
  }
  for (const node of walked.controlChars) {
    const c = CONTROL_CHAR.exec(String(node.value))![0];
    diagnostics.push(problem(file, pos(node.range?.[0] ?? 0), 'control-character', `text holds the control character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, 'remove it; terminal escapes and control codes have no place in a model'));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: SOURCE_LIMITS.maxAliasCount });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    if (/^Unresolved alias/.test(message)) {
      const alias = walked.aliases.find((a) => a.resolve(doc) === undefined);
      return { ok: false, diagnostics: [problem(file, pos(alias?.range?.[0] ?? firstAliasOffset(text)), 'yaml-syntax', `alias ${echo && alias ? `*${alias.source} ` : ''}names no anchor before it`, 'define the anchor (&name) before using it')] };
    }
    return {
      ok: false,
      diagnostics: [problem(file, pos(firstAliasOffset(text)), 'alias-limit', message, 'aliases may not expand into a very large document')],
    };
  }

  return {
    ok: true,
    source: {
      file,
      value,
      echo,
      locate(path: Path): SourceLocation {
        return { file, ...pos(offsetOf(doc, path)) };
      },
    },
  };
}

function firstAliasOffset(text: string): number {
  const m = /(^|[\s,[{:-])\*[^\s,\]}]+/.exec(text);
  return m ? m.index + m[1]!.length : 0;
}

/** Explicit tags allowed: the YAML core schema's own, which mean what an untagged value would. */
const CORE_TAG_PREFIX = 'tag:yaml.org,2002:';
const ALLOWED_TAGS = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => CORE_TAG_PREFIX + t)]);

/**
 * C0 controls other than tab, line feed and carriage return, DEL and C1 controls: YAML's escapes can put
 * them in a value (and the parser lets some raw ones through); in a message or a report they would
 * move the cursor, recolour the terminal or hide text.
 */
export const CONTROL_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

interface Walked {
  tooDeep?: Node;
  /** Nodes (values and keys) with an explicit tag outside ALLOWED_TAGS, in document order. */
  tagged: Node[];
  /** String scalars (values and keys) holding a CONTROL_CHAR. */
  controlChars: Scalar[];
  aliases: Alias[];
}

/** Iterative walk (no recursion, so the check itself cannot overflow); stops at the first node too deep. */
function walkNodes(root: Node | null): Walked {
  const out: Walked = { tagged: [], controlChars: [], aliases: [] };
  if (!root) return out;
  const stack: Array<[Node, number]> = [[root, 1]];
  const visit = (node: Node) => {
    if (node.tag !== undefined && !ALLOWED_TAGS.has(node.tag)) out.tagged.push(node);
    if (isScalar(node) && typeof node.value === 'string' && CONTROL_CHAR.test(node.value)) out.controlChars.push(node);
    if (isAlias(node)) out.aliases.push(node);
  };
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > SOURCE_LIMITS.maxDepth) return { ...out, tooDeep: node };
    visit(node);
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i]!;
        if (pair.value) stack.push([pair.value as Node, depth + 1]);
        if (pair.key && typeof pair.key === 'object') stack.push([pair.key as Node, depth + 1]);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i] as Node, depth + 1]);
    }
  }
  const byOffset = (a: Node, b: Node) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0);
  out.tagged.sort(byOffset);
  out.controlChars.sort(byOffset);
  return out;
}

/**
 * Offset of the first collection (in document order) nested deeper than the limit, found on the
 * concrete syntax tree: the yaml parser builds it without recursion, so this works on input whose
 * composition ran out of stack, and counts levels as walkNodes does (the root collection is level 1).
 */
function tooDeepOffset(text: string): number | undefined {
  type Token = { type: string; offset: number; items?: Array<{ key?: Token | null; value?: Token | null }>; value?: Token };
  for (const doc of new Parser().parse(text) as Iterable<Token>) {
    if (doc.type !== 'document' || !doc.value) continue;
    const stack: Array<[Token, number]> = [[doc.value, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (node.type !== 'block-map' && node.type !== 'block-seq' && node.type !== 'flow-collection') continue;
      if (depth > SOURCE_LIMITS.maxDepth) return node.offset;
      const items = node.items ?? [];
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i]!;
        if (item.value) stack.push([item.value, depth + 1]);
        if (item.key) stack.push([item.key, depth + 1]);
      }
    }
  }
  return undefined;
}

/** One diagnostic per place and code: a parser failing on one spot may report it more than once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.line}:${d.column}:${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Start offset of the deepest existing node along `path`: the key for map entries. */
function offsetOf(doc: Document.Parsed, path: Path): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      const key = pair.key as Node | null;
      offset = key?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
