// Short texts for narrow places (diagram labels, running headers), and invisible characters made visible.

/** At most `max` characters (code points), whitespace collapsed, the last one an ellipsis when shortened. */
export function shorten(s: string, max: number): string {
  const chars = [...s.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * Characters that change how the text around them reads without being seen: bidirectional controls
 * (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E, U+200F, U+061C)
 * and zero-width ones (U+200B–U+200D, U+2060, U+FEFF). A name holding U+202E would reverse the text
 * after it; one holding U+200B would look like another name.
 */
export const INVISIBLE_CHARS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const HAS_INVISIBLE = new RegExp(INVISIBLE_CHARS.source);

/** Whether a text holds any of INVISIBLE_CHARS. */
export function hasInvisibles(s: string): boolean {
  return HAS_INVISIBLE.test(s);
}

/** The visible form of an invisible character: ⟨U+202E⟩. */
export function visibleForm(c: string): string {
  return `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/**
 * Text with every invisible character (INVISIBLE_CHARS) shown as its code point, e.g. ⟨U+202E⟩. Each
 * output applies it once where text from a model or catalog leaves the tool (HTML view, diagram
 * labels, PDF metadata, JSON, CLI messages).
 */
export function showInvisibles(s: string): string {
  return HAS_INVISIBLE.test(s) ? s.replace(INVISIBLE_CHARS, visibleForm) : s;
}

/**
 * showInvisibles over every string (and object key) of a value made of plain objects and arrays; other
 * objects are kept as they are. Parts without such characters are returned as they were, not copied.
 */
export function showInvisiblesDeep<T>(value: T): T {
  if (typeof value === 'string') return showInvisibles(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = showInvisiblesDeep(value[i] as unknown);
      if (v !== value[i] && out === undefined) out = value.slice(0, i);
      if (out !== undefined) out.push(v);
    }
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    let changed = false;
    const entries = Object.entries(value).map(([k, v]) => {
      const k2 = showInvisibles(k);
      const v2 = showInvisiblesDeep(v as unknown);
      if (k2 !== k || v2 !== v) changed = true;
      return [k2, v2] as const;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}
