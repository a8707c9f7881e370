// Fonts inlined in the report: Arimo and Cousine (OFL; @fontsource packages), the metric-compatible
// siblings of Liberation Sans / Arial and Liberation Mono / Courier New. Inlined, the HTML looks the
// same on any machine and the diagrams' labels, laid out with these metrics, fit where they were
// measured. Only the Latin subsets (≈ 12–16 kB each as WOFF2) go in always; Latin Extended (≈ 55 kB)
// only for the regular and bold sans faces, and only when the report's text needs it. Chinese,
// Japanese and Korean text gets Noto Sans JP / KR / SC (OFL; @fontsource packages, optional): only
// the pieces (≈ 15–40 kB each) that hold the characters the report uses, regular weight only (bold is
// synthesised). Without those packages, and for other scripts, the system fonts of the stack draw.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The diagrams' font stack (report.css has the report's): the inlined face first, then metric-compatible system fonts. */
export const SANS_STACK = 'Arimo, "Noto Sans JP", "Noto Sans KR", "Noto Sans SC", "Liberation Sans", Arial, Helvetica, sans-serif';

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

const rules = new Map<Face | string, string>();

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

// ---- Chinese, Japanese, Korean ------------------------------------------------------------------

/** The CJK families, in the order of the font stacks (a Han character takes the first that has it). */
export const CJK_FAMILIES = [
  { family: 'Noto Sans JP', pkg: '@fontsource/noto-sans-jp' },
  { family: 'Noto Sans KR', pkg: '@fontsource/noto-sans-kr' },
  { family: 'Noto Sans SC', pkg: '@fontsource/noto-sans-sc' },
] as const;

/** Hangul, kana, CJK ideographs, symbols and punctuation, compatibility and full-width forms: what Arimo lacks and the CJK faces draw. */
const CJK = /[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3ffff}]/gu;
const HAS_CJK = new RegExp(CJK.source, 'u');

interface CjkPiece {
  family: string;
  /** Path of the WOFF2 file. */
  file: string;
  /** unicode-range as the package's CSS declares it. */
  range: string;
  spans: Array<[number, number]>;
}

/** The regular-weight pieces of a CJK family's package, from its CSS; undefined when the package is not installed. */
function cjkPieces(family: string, pkg: string, resolve: (spec: string) => string): CjkPiece[] | undefined {
  let css: string;
  let dir: string;
  try {
    const cssFile = resolve(`${pkg}/400.css`);
    css = readFileSync(cssFile, 'utf8');
    dir = dirname(cssFile);
  } catch {
    return undefined;
  }
  const pieces: CjkPiece[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1]?.trim();
    if (file === undefined || range === undefined || !/font-style:\s*normal/.test(block)) continue;
    const spans = range.split(',').map((r) => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(a!, 16), parseInt(b ?? a!, 16)] as [number, number];
    });
    pieces.push({ family, file: join(dir, file), range, spans });
  }
  return pieces;
}

/** Pieces per package, read once per process (per resolver). */
const cjkCache = new WeakMap<(spec: string) => string, Map<string, CjkPiece[] | undefined>>();
const defaultResolve = (spec: string) => fileURLToPath(import.meta.resolve(spec));

/** The CJK characters of a text or view model (code points, sorted). */
export function cjkCharacters(content: unknown, into = new Set<number>()): Set<number> {
  if (typeof content === 'string') {
    if (HAS_CJK.test(content)) for (const m of content.matchAll(CJK)) into.add(m[0].codePointAt(0)!);
  } else if (Array.isArray(content)) {
    for (const c of content) cjkCharacters(c, into);
  } else if (content !== null && typeof content === 'object') {
    for (const c of Object.values(content)) cjkCharacters(c, into);
  }
  return into;
}

/**
 * @font-face rules for the CJK pieces holding `chars`: for each character the first family (in
 * CJK_FAMILIES order) that has it. Empty when no CJK package is installed. `resolve` finds a package
 * file (tests point it elsewhere).
 */
export function cjkFontFaceCss(chars: ReadonlySet<number>, resolve: (spec: string) => string = defaultResolve): string {
  if (chars.size === 0) return '';
  let cache = cjkCache.get(resolve);
  if (cache === undefined) cjkCache.set(resolve, (cache = new Map()));
  const families = CJK_FAMILIES.map(({ family, pkg }) => {
    if (!cache.has(pkg)) cache.set(pkg, cjkPieces(family, pkg, resolve));
    return cache.get(pkg);
  });
  const chosen = new Set<CjkPiece>();
  for (const cp of chars) {
    search: for (const pieces of families) {
      for (const p of pieces ?? []) {
        if (p.spans.some(([a, b]) => cp >= a && cp <= b)) {
          chosen.add(p);
          break search;
        }
      }
    }
  }
  // In the packages' own order, whatever order the characters came in: the same text gives the same CSS.
  return families
    .flatMap((pieces) => pieces ?? [])
    .filter((p) => chosen.has(p))
    .map((p) => {
      let rule = rules.get(p.file);
      if (rule === undefined) {
        rule = `@font-face{font-family:"${p.family}";font-style:normal;font-weight:400;font-display:block;src:url(data:font/woff2;base64,${readFileSync(p.file).toString('base64')}) format("woff2");unicode-range:${p.range};}`;
        rules.set(p.file, rule);
      }
      return rule;
    })
    .join('\n');
}

/**
 * The @font-face rules for `content` (a text or a view model): the Latin faces, Latin Extended when
 * it needs them, and the CJK pieces its characters need.
 */
export function fontFaceCss(content: unknown = '', latinExtended = needsLatinExtended(content)): string {
  const cjk = cjkFontFaceCss(cjkCharacters(content));
  return [...[...LATIN, ...(latinExtended ? LATIN_EXT : [])].map(fontFace), ...(cjk ? [cjk] : [])].join('\n');
}
