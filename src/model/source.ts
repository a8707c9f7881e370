// Parsing YAML text with source positions, refusing hostile input cleanly.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic, SourcePosition } from './diagnostics.js';

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

/** A parsed YAML file: its plain value plus a way back from a path to a line and column. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Position of the node at `path`, or of its nearest existing ancestor. */
  locate(path: Path): SourcePosition;
}

export type ParseResult = { ok: true; source: YamlSource } | { ok: false; diagnostics: Diagnostic[] };

function problem(file: string, pos: SourcePosition, code: string, message: string, hint?: string): Diagnostic {
  return { file, line: pos.line, column: pos.column, severity: 'error', code, message, ...(hint ? { hint } : {}) };
}

/** Decodes bytes as strict UTF-8 and parses them; never throws for bad input. `maxBytes`: a raised limit (--max-model-size). */
export function parseYamlBytes(bytes: Uint8Array, file: string, maxBytes: number = SOURCE_LIMITS.maxBytes): ParseResult {
  const start = { line: 1, column: 1 };
  if (bytes.byteLength > maxBytes) {
    return {
      ok: false,
      diagnostics: [problem(file, start, 'too-large', `file is ${bytes.byteLength} bytes; the limit is ${maxBytes}`)],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, diagnostics: [problem(file, start, 'not-utf8', 'file is not valid UTF-8 text', 'save it as UTF-8')] };
  }
  return parseYamlText(text, file);
}

export function parseYamlText(text: string, file: string): ParseResult {
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
      const code = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax';
      const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      diagnostics.push(problem(file, pos(e.pos[0]), code, message));
    }
  }
  if (docs.length > 1) {
    const second = docs[1]!;
    diagnostics.push(problem(file, pos(second.range[0]), 'multiple-documents', 'file holds more than one YAML document', 'keep one model per file'));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const doc = docs[0]!;

  const tooDeep = findTooDeep(doc.contents as Node | null);
  if (tooDeep) {
    return {
      ok: false,
      diagnostics: [problem(file, pos(tooDeep.range?.[0] ?? 0), 'too-deep', `nesting is deeper than ${SOURCE_LIMITS.maxDepth} levels`)],
    };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: SOURCE_LIMITS.maxAliasCount });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    const aliasPos = firstAliasOffset(text);
    return {
      ok: false,
      diagnostics: [problem(file, pos(aliasPos), 'alias-limit', message, 'aliases may not expand into a very large document')],
    };
  }

  return {
    ok: true,
    source: {
      file,
      value,
      locate(path: Path): SourcePosition {
        return pos(offsetOf(doc, path));
      },
    },
  };
}

function firstAliasOffset(text: string): number {
  const m = /(^|[\s,[{:-])\*[^\s,\]}]+/.exec(text);
  return m ? m.index + m[1]!.length : 0;
}

/** Iterative walk (no recursion, so the check itself cannot overflow). */
function findTooDeep(root: Node | null): Node | undefined {
  if (!root) return undefined;
  const stack: Array<[Node, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > SOURCE_LIMITS.maxDepth) return node;
    if (isMap(node)) {
      for (const pair of node.items) if (pair.value) stack.push([pair.value as Node, depth + 1]);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push([item as Node, depth + 1]);
    }
  }
  return undefined;
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
