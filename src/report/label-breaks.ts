// Breaking long words of diagram labels where a reader would: after a hyphen, dot, underscore, '@',
// '/' or ':'. Mermaid wraps label lines at spaces, and a word wider than the wrapping width it cuts
// at whatever letter reaches the edge ("app-nf-coldchain-dashboa" / "rd"). Widths are estimated
// from the font's advance widths; only where to break depends on them. Pure.

/** Font size and wrapping width of diagram labels, in px (MERMAID_CONFIG uses these). */
export const LABEL_WRAP = { fontSize: 17, width: 160 } as const;

/** Advance widths of Arimo / Liberation Sans (Arial's metrics) for U+0020–U+007E, in 1/1000 em. */
const ASCII_ADVANCE = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
  556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Estimated width in px of label text; characters other than ASCII count as 1 em (never too narrow). */
export function labelWidth(text: string): number {
  let units = 0;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    units += code >= 0x20 && code < 0x7f ? ASCII_ADVANCE[code - 0x20]! : 1000;
  }
  return (units * LABEL_WRAP.fontSize) / 1000;
}

/**
 * Pieces of a word, each ending at a separator, never starting with a digit (a line that starts
 * "1." could read as a Markdown list to Mermaid).
 */
function pieces(word: string): string[] {
  const out: string[] = [];
  for (const p of word.split(/(?<=[-._@/:])/)) {
    if (out.length > 0 && /^\d/.test(p)) out[out.length - 1] += p;
    else out.push(p);
  }
  return out;
}

/**
 * A label line as lines: words wider than LABEL_WRAP.width are broken after separators into parts
 * that fit; everything else is left for Mermaid to wrap at spaces, as before.
 */
export function breakLongWords(line: string): string[] {
  const lines: string[] = [];
  let current: string[] = [];
  for (const word of line.split(' ')) {
    const ps = labelWidth(word) > LABEL_WRAP.width ? pieces(word) : [word];
    if (ps.length === 1) {
      current.push(word);
      continue;
    }
    const parts: string[] = [];
    let acc = '';
    for (const p of ps) {
      if (acc !== '' && labelWidth(acc + p) > LABEL_WRAP.width) {
        parts.push(acc);
        acc = p;
      } else {
        acc += p;
      }
    }
    parts.push(acc);
    // The first part ends the line so far (Mermaid may still wrap before it), the last begins the next.
    current.push(parts[0]!);
    lines.push(current.join(' '));
    lines.push(...parts.slice(1, -1));
    current = [parts.at(-1)!];
  }
  lines.push(current.join(' '));
  return lines.filter((l) => l !== '');
}
