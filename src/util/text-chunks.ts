// Large text made piece by piece: written to a file chunk by chunk (util/files.ts), never held whole. A
// JSON result of a 10,000-element model is ~280 MB; one string cannot exceed ~512 MB in V8, which a somewhat
// larger model would reach. Reads as the whole text where a string is
// asked for (String(x), Buffer.from(x)), for tests and small outputs.
export class TextChunks implements Iterable<string> {
  constructor(private readonly chunks: () => Iterable<string>) {}

  [Symbol.iterator](): Iterator<string> {
    return this.chunks()[Symbol.iterator]();
  }

  toString(): string {
    let out = '';
    for (const c of this) out += c;
    return out;
  }

  [Symbol.toPrimitive](): string {
    return this.toString();
  }
}

/** A top-level array whose items arrive as JSON texts, one at a time (made only when written). */
export class JsonLines {
  constructor(
    readonly length: number,
    readonly lines: () => Iterable<string>,
  ) {}
}

/**
 * JSON text laid out one item per line: objects are indented by two spaces as JSON.stringify(value, null, 2)
 * does, down to the first array; each item of an array is one compact line (JSON.stringify(item)). Line
 * diffs and grep stay useful, and most of the whitespace of a large result goes. Ends with a newline.
 * The items of a top-level JsonLines are made only when written. `map` transforms each piece (e.g.
 * showing invisible characters).
 */
export function* jsonPieces(value: Record<string, unknown>, map: (s: string) => string = (s) => s): Generator<string> {
  const keys = presentKeys(value);
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = value[k];
    const sep = i === keys.length - 1 ? '\n' : ',\n';
    if (v instanceof JsonLines && v.length > 0) {
      yield map(`  ${JSON.stringify(k)}: [\n`);
      let j = 0;
      for (const line of v.lines()) yield map(`    ${line}${++j === v.length ? '\n' : ',\n'}`);
      yield `  ]${sep}`;
    } else {
      yield map(`  ${JSON.stringify(k)}: ${v instanceof JsonLines ? '[]' : layout(v, '  ')}${sep}`);
    }
  }
  yield '}\n';
}

/** As JSON.stringify: keys with undefined (or function) values are left out. */
function presentKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined && typeof o[k] !== 'function');
}

/** One value in the layout of jsonPieces, its lines after the first indented by `indent`. */
function layout(v: unknown, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${v.map((x) => inner + (JSON.stringify(x) ?? 'null')).join(',\n')}\n${indent}]`;
  }
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    const o = v as Record<string, unknown>;
    const keys = presentKeys(o);
    if (keys.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${layout(o[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
