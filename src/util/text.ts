// Short texts for narrow places (diagram labels, running headers).

/** At most `max` characters (code points), whitespace collapsed, the last one an ellipsis when shortened. */
export function shorten(s: string, max: number): string {
  const chars = [...s.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
