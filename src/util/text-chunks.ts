// Large text made piece by piece: written to a file chunk by chunk (util/files.ts), never held whole. A
// JSON result of a 10,000-element model is ~450 MB, close to V8's limit for one string (~512 MB), which
// JSON.stringify would exceed on a somewhat larger model. Reads as the whole text where a string is
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

/**
 * The text JSON.stringify(value, null, 2) + '\n' gives, byte for byte, in pieces: one per top-level key,
 * and one per item of a top-level array. `map` transforms each piece (e.g. showing invisible characters).
 */
export function* jsonPieces(value: Record<string, unknown>, map: (s: string) => string = (s) => s): Generator<string> {
  // As JSON.stringify: keys with undefined (or function) values are left out.
  const keys = Object.keys(value).filter((k) => value[k] !== undefined && typeof value[k] !== 'function');
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = value[k];
    const sep = i === keys.length - 1 ? '\n' : ',\n';
    if (Array.isArray(v) && v.length > 0) {
      yield map(`  ${JSON.stringify(k)}: [\n`);
      for (let j = 0; j < v.length; j++) {
        const item = JSON.stringify(v[j], null, 2) ?? 'null';
        yield map(`    ${item.replaceAll('\n', '\n    ')}${j === v.length - 1 ? '\n' : ',\n'}`);
      }
      yield `  ]${sep}`;
    } else {
      yield map(`  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replaceAll('\n', '\n  ')}${sep}`);
    }
  }
  yield '}\n';
}
