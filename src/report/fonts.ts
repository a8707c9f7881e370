// Fonts inlined in the report: Arimo and Cousine (OFL; @fontsource packages), the metric-compatible
// siblings of Liberation Sans / Arial and Liberation Mono / Courier New. Inlined, the HTML looks the
// same on any machine and the diagrams' labels, laid out with these metrics, fit where they were
// measured. Only the Latin subsets (≈ 12–16 kB each as WOFF2) go in always; Latin Extended (≈ 55 kB)
// only for the regular and bold sans faces, and only when the report's text needs it. Other scripts
// fall back to the system fonts of the stack.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The diagrams' font stack (report.css has the report's): the inlined face first, then metric-compatible system fonts. */
export const SANS_STACK = 'Arimo, "Liberation Sans", Arial, Helvetica, sans-serif';

interface Face {
  family: 'Arimo' | 'Cousine';
  weight: 400 | 700;
  style: 'normal' | 'italic';
  subset: 'latin' | 'latin-ext';
}

/** Unicode ranges of the @fontsource subsets (as their CSS declares them). */
const RANGES = {
  latin: 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  'latin-ext': 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
} as const;

/** Characters of Latin Extended the latin subset lacks: when the text has one, the latin-ext faces go in. */
const NEEDS_LATIN_EXT = /[\u0100-\u0130\u0132-\u0151\u0154-\u02ba\u02bd-\u02c5\u02c7-\u02cc\u02ce-\u02d7\u02dd-\u02ff\u1d00-\u1dbf\u1e00-\u1e9f\u1ef2-\u1eff\u20a0-\u20ab\u20ad-\u20c0\u2113\u2c60-\u2c7f\ua720-\ua7ff]/u;

const LATIN: Face[] = [
  { family: 'Arimo', weight: 400, style: 'normal', subset: 'latin' },
  { family: 'Arimo', weight: 700, style: 'normal', subset: 'latin' },
  { family: 'Arimo', weight: 400, style: 'italic', subset: 'latin' },
  { family: 'Cousine', weight: 400, style: 'normal', subset: 'latin' },
  { family: 'Cousine', weight: 700, style: 'normal', subset: 'latin' },
];
const LATIN_EXT: Face[] = [
  { family: 'Arimo', weight: 400, style: 'normal', subset: 'latin-ext' },
  { family: 'Arimo', weight: 700, style: 'normal', subset: 'latin-ext' },
];

function fontFile(f: Face): string {
  const pkg = f.family.toLowerCase();
  return fileURLToPath(import.meta.resolve(`@fontsource/${pkg}/files/${pkg}-${f.subset}-${f.weight}-${f.style}.woff2`));
}

const rules = new Map<Face, string>();

/** One @font-face rule with the font as a data: URL (read once per process). */
function fontFace(f: Face): string {
  let rule = rules.get(f);
  if (rule === undefined) {
    const data = readFileSync(fontFile(f)).toString('base64');
    rule = `@font-face{font-family:${f.family};font-style:${f.style};font-weight:${f.weight};font-display:block;src:url(data:font/woff2;base64,${data}) format("woff2");unicode-range:${RANGES[f.subset]};}`;
    rules.set(f, rule);
  }
  return rule;
}

/** Whether a text, or any string in a value of plain objects and arrays (a view model), has characters only the Latin Extended faces draw. */
export function needsLatinExtended(content: unknown): boolean {
  if (typeof content === 'string') return NEEDS_LATIN_EXT.test(content);
  if (Array.isArray(content)) return content.some(needsLatinExtended);
  if (content !== null && typeof content === 'object') return Object.values(content).some(needsLatinExtended);
  return false;
}

/** The @font-face rules for `content` (a text or a view model): the Latin faces, and Latin Extended when it needs them. */
export function fontFaceCss(content: unknown = '', latinExtended = needsLatinExtended(content)): string {
  return [...LATIN, ...(latinExtended ? LATIN_EXT : [])].map(fontFace).join('\n');
}
