// The PDF: valid, paginated, with bookmarks from the headings, tagged, with title/author/subject/keywords,
// A4 or Letter, written atomically; several models with one browser; the missing-browser error.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/report/browser.js';
import { EnvironmentError } from '../src/model/diagnostics.js';
import { pdfTextString, setPdfInfo } from '../src/report/pdf-info.js';
import { PRINT_ONLY_STYLE, contentsAnchors, contentsPageCss, layoutCopy, printCopy } from '../src/report/pdf.js';
import { namedDestinationPages } from '../src/report/pdf-destinations.js';
import { CJK_FAMILIES, cjkCharacters, cjkFontFaceCss, fontFaceCss, needsLatinExtended } from '../src/report/fonts.js';
import { RUNNING_HEADER_LIMITS, cssString, runningHeaderCss } from '../src/report/running-header.js';
import { shorten } from '../src/util/text.js';
import { cli } from './helpers/cli.js';
import { SMALL_MODEL } from './helpers/report.js';

const SAMPLE = join(import.meta.dirname, '..', 'samples', 'cold-chain.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'iotsec-pdf-'));

function pdfinfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** Bookmark titles, depth-first, indented by level. */
function outline(doc: PDFDocument): string[] {
  const out: string[] = [];
  const text = (v: unknown) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : '');
  const walk = (item: PDFDict | undefined, depth: number) => {
    while (item) {
      out.push('  '.repeat(depth) + text(item.lookup(PDFName.of('Title'))));
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  walk(root?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return out;
}

describe('PDF', () => {
  let dir: string;
  let pdf: string;
  beforeAll(async () => {
    dir = tmp();
    const r = await cli('assess', SAMPLE, '--format', 'pdf', '-o', dir, '--date', '2026-11-23', '--classification', 'Confidential', '--title', 'Design review');
    expect(r.code).toBe(0);
    pdf = join(dir, 'cold-chain.pdf');
  });

  it('is written atomically, alone, and reads as a valid, tagged, multi-page A4 document', () => {
    expect(readdirSync(dir)).toEqual(['cold-chain.pdf']);
    const info = pdfinfo(pdf);
    expect(Number(info.Pages)).toBeGreaterThan(20);
    expect(info['Page size']).toMatch(/A4/);
    expect(info.Tagged).toBe('yes');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('carries title, author (the owner), subject, keywords and creator', () => {
    const info = pdfinfo(pdf);
    expect(info.Title).toBe('Design review'); // --title is the document's title
    expect(info.Author).toBe('Nordfrost Logistics B.V. – IoT platform team');
    expect(info.Subject).toMatch(/^Threat model and compliance report for Nordfrost cold-chain monitoring/);
    expect(info.Keywords).toMatch(/STRIDE/);
    expect(info.Creator).toMatch(/^iotsec /);
  });

  it('has bookmarks from the headings, in document order', async () => {
    const doc = await PDFDocument.load(readFileSync(pdf));
    expect(doc.getPageCount()).toBe(Number(pdfinfo(pdf).Pages));
    const marks = outline(doc);
    const top = marks.filter((m) => !m.startsWith(' ')).map((m) => m.replace(/^[\dA]+\s*/, ''));
    for (const title of ['Executive summary', 'Architecture', 'Findings by area', 'Threat model', 'Compliance', 'Risk decisions', 'Appendix']) expect(top).toContain(title);
    expect(top.indexOf('Executive summary')).toBeLessThan(top.indexOf('Appendix'));
    expect(marks.some((m) => /^\s+3\.1\s*Device security/.test(m))).toBe(true);
    // A heading that wraps keeps the space at its line break (Chromium drops it unless spaces are preserved).
    expect(marks.map((m) => m.trim())).toContain('DEV-001 Device hardware is scoped to what the device needs, with unused ports and interfaces removed or disabled');
    // Minor headings print in small capitals but keep their sentence case as bookmarks.
    expect(marks.map((m) => m.trim())).toContain('All controls of the area');
    const info = doc.getInfoDict();
    expect((info.lookup(PDFName.of('Author')) as PDFHexString).decodeText()).toBe('Nordfrost Logistics B.V. – IoT platform team');
  });

  it('has a running header (document title, classification) and footer (report id, page X of Y); none on the cover', () => {
    const pages = Number(pdfinfo(pdf).Pages);
    const page = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '');
    const id = /Report ([0-9a-f]{16})/.exec(page(2).at(-1)!)?.[1];
    expect(id).toBeDefined();
    expect(page(2)[0]).toMatch(/^Design review\s+CONFIDENTIAL$/);
    expect(page(2).at(-1)).toMatch(new RegExp(`^Report ${id}\\s+Page 2 of ${pages}$`));
    expect(page(pages).at(-1)).toMatch(new RegExp(`Page ${pages} of ${pages}$`));
    // The cover: its own classification badge first, then the title block; the footer still counts it.
    expect(page(1)[0]).toMatch(/^\s+CONFIDENTIAL$/);
    expect(page(1).at(-1)).toMatch(new RegExp(`^Report ${id}\\s+Page 1 of ${pages}$`));
  });

  it('the contents give each entry the page its heading is on (read back from the PDF)', async () => {
    const pageText = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' });
    // Contents lines: number, title, page (the contents may run over more than one page).
    const entries: Array<{ number: string; title: string; page: number }> = [];
    // (The contents start on page 2 and end before the page of their first entry.)
    for (let p = 2; p === 2 || p < entries[0]!.page; p++) {
      for (const line of pageText(p).split('\n')) {
        const m = /^\s*([\dA]+(?:\.\d+)?)\s+(\S.*?)\s{2,}(\d+)$/.exec(line);
        if (m) entries.push({ number: m[1]!, title: m[2]!, page: Number(m[3]) });
      }
    }
    const doc = await PDFDocument.load(readFileSync(pdf));
    const tops = outline(doc).filter((m) => !m.startsWith(' ')).length;
    // Every entry has a number: top-level sections and their sub-sections alike.
    expect(entries.length).toBeGreaterThanOrEqual(tops);
    expect(entries.map((e) => e.title)).toContain('Versions and inputs');
    const pages = Number(pdfinfo(pdf).Pages);
    let last = 0;
    for (const e of entries) {
      expect(e.page, `${e.number} ${e.title}`).toBeGreaterThanOrEqual(Math.max(3, last));
      expect(e.page).toBeLessThanOrEqual(pages);
      last = e.page;
      // The heading (its number, then its title) starts a line on that page and on no page before it.
      const heading = new RegExp(`^\\s*${e.number.replace('.', '\\.')}\\s+${e.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm');
      expect(pageText(e.page), `${e.number} ${e.title} on page ${e.page}`).toMatch(heading);
      if (e.page > 3) expect(pageText(e.page - 1), `${e.number} ${e.title} not before page ${e.page}`).not.toMatch(heading);
    }
    // And the final PDF's own link targets agree.
    const dests = namedDestinationPages(readFileSync(pdf));
    expect(dests.get('summary')).toBe(entries.find((e) => e.title === 'Executive summary')?.page);
    expect(dests.get('versions')).toBe(entries.find((e) => e.title === 'Versions and inputs')?.page);
  });

  it('no nearly empty page; no page ends with a heading (whole or its first lines) or with a line introducing what follows', async () => {
    const headings = outline(await PDFDocument.load(readFileSync(pdf))).map((t) => t.trim().replace(/\s+/g, ' '));
    const pages = Number(pdfinfo(pdf).Pages);
    const problems: string[] = [];
    for (let p = 2; p <= pages; p++) {
      const lines = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', pdf, '-'], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '');
      // Without the running header (first line) and footer (last line).
      const last = (lines.at(-2) ?? '').trim().replace(/\s+/g, ' ');
      // A page but the last with a handful of lines: the tail of a section a forced break left alone.
      if (lines.length - 2 < 8 && p < pages) problems.push(`page ${p} is nearly empty (${lines.length - 2} lines)`);
      else if (headings.some((h) => h === last || (last.length > 8 && h.startsWith(last)))) problems.push(`page ${p} ends with the heading "${last}"`);
      else if (/:$/.test(last)) problems.push(`page ${p} ends with "${last}"`);
    }
    expect(problems).toEqual([]);
  });

  it('embeds the inlined report fonts (Arimo, Cousine)', () => {
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+Arimo-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/\+Arimo-Bold\s/);
    expect(fonts).toMatch(/\+Cousine-Regular\s/);
  });

  it('prints Letter with --paper letter', async () => {
    const d = tmp();
    writeFileSync(join(d, 'plant.yaml'), SMALL_MODEL);
    expect((await cli('assess', join(d, 'plant.yaml'), '--format', 'pdf', '--paper', 'letter', '-o', d)).code).toBe(0);
    expect(pdfinfo(join(d, 'plant.pdf'))['Page size']).toMatch(/letter/);
    expect((await cli('assess', join(d, 'plant.yaml'), '--paper', 'a3')).code).toBe(2);
  });
});

describe('PDF reproducibility', () => {
  it('CreationDate and ModDate are the assessment date at 00:00:00Z: two runs give the same bytes', async () => {
    const d = tmp();
    writeFileSync(join(d, 'plant.yaml'), SMALL_MODEL);
    const dates: string[][] = [];
    const files: Buffer[] = [];
    for (const out of ['one', 'two']) {
      expect((await cli('assess', join(d, 'plant.yaml'), '--format', 'pdf', '--date', '2026-11-23', '-o', join(d, out))).code).toBe(0);
      const bytes = readFileSync(join(d, out, 'plant.pdf'));
      files.push(bytes);
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      dates.push([doc.getCreationDate()!.toISOString(), doc.getModificationDate()!.toISOString()]);
    }
    expect(dates[0]).toEqual(['2026-11-23T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
    expect(dates[1]).toEqual(dates[0]);
    expect(files[1]!.equals(files[0]!)).toBe(true);
  });

  it('setPdfInfo with a date replaces the original dates', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.setCreationDate(new Date('2001-02-03T04:05:06Z'));
    const original = await doc.save({ useObjectStreams: false });
    const again = await PDFDocument.load(setPdfInfo(original, { Title: 't' }, '2026-11-23'), { updateMetadata: false });
    expect(again.getCreationDate()?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(again.getModificationDate()?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(() => setPdfInfo(original, {}, '23.11.2026')).toThrow(RangeError);
  });
});

describe('running header CSS', () => {
  it('escapes any text into a CSS string that cannot close its style element', () => {
    expect(cssString('a"b\\c</style><script>&\n\u2028d')).toBe('"a\\22 b\\5c c\\3c /style\\3e \\3c script\\3e \\26   d"');
    expect(cssString('Überwachung – 東京')).toBe('"Überwachung – 東京"');
  });
  it('shortens long texts with an ellipsis, by characters, whitespace collapsed', () => {
    expect(shorten('a  b\n c', 10)).toBe('a b c');
    expect(shorten('abcdefghij', 5)).toBe('abcd…');
    expect(shorten('😀😀😀😀😀😀', 3)).toBe('😀😀…');
    expect([...shorten('x'.repeat(500), RUNNING_HEADER_LIMITS.title)]).toHaveLength(RUNNING_HEADER_LIMITS.title);
  });
  it('fills the margin boxes, leaves the classification out when there is none, and clears the header on the cover', () => {
    expect(runningHeaderCss({ documentTitle: 'S', classification: 'C', reportId: '0123' })).toBe(
      '@page { @top-left { content: "S"; } @top-right { content: "C"; } @bottom-left { content: "Report 0123"; } } @page :first { @top-left { content: none; } @top-right { content: none; } }',
    );
    expect(runningHeaderCss({ documentTitle: 'S', reportId: '0123' })).not.toContain('@top-right { content: "');
  });
});

describe('inlined fonts', () => {
  it('Latin faces always, as data: URLs; Latin Extended sans faces only when the text needs them', () => {
    const faces = (css: string) => [...css.matchAll(/@font-face\{font-family:(\w+);font-style:(\w+);font-weight:(\d+);[^}]*src:url\(data:font\/woff2;base64,[A-Za-z0-9+/=]{1000,}\)/g)].map((m) => `${m[1]} ${m[3]} ${m[2]}`);
    expect(faces(fontFaceCss('Brno plant, café, naïve – “quoted”'))).toEqual(['Arimo 400 normal', 'Arimo 700 normal', 'Arimo 400 italic', 'Cousine 400 normal', 'Cousine 700 normal']);
    expect(faces(fontFaceCss('Dvořák Łódź'))).toHaveLength(7);
    expect(needsLatinExtended('Łódź')).toBe(true);
    expect(needsLatinExtended('Zürich ı œ')).toBe(false);
    expect(fontFaceCss('x')).toBe(fontFaceCss('y')); // deterministic
  });
});

describe('CJK fonts', () => {
  /** A fake @fontsource package: two pieces of a family, as its 400.css declares them. */
  function fakePackages(): (spec: string) => string {
    const root = tmp();
    for (const { pkg } of CJK_FAMILIES) {
      const dir = join(root, pkg);
      mkdirSync(join(dir, 'files'), { recursive: true });
      const name = pkg.split('/')[1]!;
      const pieces = pkg.endsWith('-jp') ? [['0', 'U+3040-309f'], ['1', 'U+51b7,U+8535,U+5eab']] : pkg.endsWith('-kr') ? [['0', 'U+ac00-d7a3'], ['1', 'U+51b7']] : [['0', 'U+4e00-9fff']];
      writeFileSync(join(dir, '400.css'), pieces.map(([i, range]) => `/* ${name}-[${i}]-400-normal */\n@font-face {\n  font-family: 'X';\n  font-style: normal;\n  font-weight: 400;\n  src: url(./files/${name}-${i}-400-normal.woff2) format('woff2'), url(./files/${name}-${i}-400-normal.woff) format('woff');\n  unicode-range: ${range};\n}\n`).join('\n'));
      for (const [i] of pieces) writeFileSync(join(dir, 'files', `${name}-${i}-400-normal.woff2`), `${pkg} piece ${i}`);
    }
    return (spec) => join(root, spec);
  }
  const families = (css: string) => [...css.matchAll(/font-family:"([^"]+)";[^}]*base64,([A-Za-z0-9+/=]+)\)/g)].map((m) => `${m[1]}: ${Buffer.from(m[2]!, 'base64').toString()}`);

  it('inlines only the pieces holding the characters the text uses, each from the first family that has it', () => {
    const resolve = fakePackages();
    const chars = cjkCharacters({ title: '센서 / 冷蔵庫', other: ['Zürich', 'ok'] });
    expect([...chars].map((c) => String.fromCodePoint(c)).join('')).toBe('센서冷蔵庫');
    expect(families(cjkFontFaceCss(chars, resolve))).toEqual(['Noto Sans JP: @fontsource/noto-sans-jp piece 1', 'Noto Sans KR: @fontsource/noto-sans-kr piece 0']);
    expect(families(cjkFontFaceCss(cjkCharacters('中文'), resolve))).toEqual(['Noto Sans SC: @fontsource/noto-sans-sc piece 0']);
    expect(cjkFontFaceCss(cjkCharacters('Brno, Łódź'), resolve)).toBe('');
    // Without the packages, nothing (the system fonts of the stack draw).
    expect(cjkFontFaceCss(chars, (spec) => join('/nonexistent', spec))).toBe('');
  });

  const installed = (() => {
    try {
      import.meta.resolve('@fontsource/noto-sans-kr/400.css');
      return existsSync(new URL(import.meta.resolve('@fontsource/noto-sans-kr/400.css')));
    } catch {
      return false;
    }
  })();
  it.skipIf(!installed)('a model named in Korean and Japanese prints with the Noto faces embedded (needs @fontsource/noto-sans-*)', async () => {
    const d = tmp();
    writeFileSync(join(d, 'cjk.yaml'), SMALL_MODEL.replace('name: Test plant', 'name: "센서 / 冷蔵庫"'));
    expect((await cli('assess', join(d, 'cjk.yaml'), '--format', 'html,pdf', '-o', d)).code).toBeLessThan(2);
    const fonts = execFileSync('pdffonts', [join(d, 'cjk.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+NotoSansKR/);
    expect(fonts).toMatch(/\+NotoSansJP/);
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', join(d, 'cjk.pdf'), '-'], { encoding: 'utf8' })).toContain('센서 / 冷蔵庫');
  });
});

describe('print copy of the HTML', () => {
  it('hides the document from screen media only, inside the head, never before the doctype', () => {
    expect(PRINT_ONLY_STYLE).toMatch(/@media screen\{html\{display:none/);
    expect(printCopy('<!doctype html><html><head><title>t</title></head><body>&lt;/head&gt;</body></html>'))
      .toBe(`<!doctype html><html><head><title>t</title>${PRINT_ONLY_STYLE}</head><body>&lt;/head&gt;</body></html>`);
    expect(printCopy('\uFEFF<!-- c --> <!DOCTYPE html>\n<body>x</body>')).toBe(`\uFEFF<!-- c --> <!DOCTYPE html>${PRINT_ONLY_STYLE}\n<body>x</body>`);
    expect(printCopy('<p>x</p>')).toBe(`${PRINT_ONLY_STYLE}<p>x</p>`);
  });
});

describe('contents page numbers', () => {
  it('lays out the first pass without the figures\' drawing: each SVG keeps its root element and styles', () => {
    expect(layoutCopy('<p>a</p><svg viewBox="0 0 9 9" aria-label="x > y" width="9"><style>#s{}</style><g><text>t</text></g></svg><b>k</b>'))
      .toBe('<p>a</p><svg viewBox="0 0 9 9" aria-label="x > y" width="9"><style>#s{}</style></svg><b>k</b>');
    expect(layoutCopy('<SVG width="1"><path d="M0 0"/></SVG><svg height="2"></svg>')).toBe('<SVG width="1"></svg><svg height="2"></svg>');
    // An SVG inside another is left whole: cutting at the inner end would change the outer figure.
    const nested = '<svg width="5"><svg width="1"><rect/></svg><rect/></svg><p>after</p>';
    expect(layoutCopy(nested)).toBe(nested);
    expect(layoutCopy('<p>no figures</p>')).toBe('<p>no figures</p>');
  });

  it('finds the contents entries that have a page slot, and writes their numbers by CSS', () => {
    const html = '<nav class="toc" id="toc"><ol><li><a href="#a&amp;b"><span class="num">1</span> <span class="t">A</span><span class="pg"></span></a></li><li><a href="#c"><span class="t">C</span></a></li><li><a href="#d"><span class="pg"></span></a></li></ol></nav><a href="#x"><span class="pg"></span></a>';
    expect(contentsAnchors(html)).toEqual(['a&b', 'd']);
    expect(contentsAnchors('<p>no contents</p>')).toEqual([]);
    expect(contentsPageCss(['a&b', 'd', 'e'], new Map([['a&b', 3], ['d', 12]]))).toBe('.toc a[href="#a\\26 b"]>.pg::after{content:"3"}\n.toc a[href="#d"]>.pg::after{content:"12"}');
    expect(printCopy('<html><head></head></html>', 'p{}</style>')).toBe(`<html><head>${PRINT_ONLY_STYLE}<style>p{}<\\/style></style></head></html>`);
  });

  it('reads named destinations from a PDF, also names holding "stream" or "endobj"', async () => {
    const doc = await PDFDocument.create();
    const pages = [doc.addPage(), doc.addPage(), doc.addPage()];
    const dests = doc.context.obj({});
    for (const [name, i] of [['summary', 0], ['el-telemetry-stream-1', 2], ['x-endobj', 1], ['caf#C3#A9', 1]] as const) {
      dests.set(PDFName.of(name), doc.context.obj([pages[i]!.ref, PDFName.of('XYZ'), 0, 800, 0]));
    }
    doc.catalog.set(PDFName.of('Dests'), doc.context.register(dests));
    const bytes = await doc.save({ useObjectStreams: false });
    expect(Object.fromEntries(namedDestinationPages(bytes))).toEqual({ summary: 1, 'el-telemetry-stream-1': 3, 'x-endobj': 2, café: 2 });
  });
});

describe('PDF metadata update', () => {
  it('appends a new Info revision that readers pick up, keeping the original bytes', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.setTitle('old');
    const original = await doc.save({ useObjectStreams: false });
    const updated = setPdfInfo(original, { Title: 'Nouveau — ü 🙂', Author: 'A (B) \\ C', Keywords: 'x, y' });
    expect(Buffer.from(updated.subarray(0, original.byteLength)).equals(Buffer.from(original))).toBe(true);
    const d = tmp();
    writeFileSync(join(d, 'x.pdf'), updated);
    const info = pdfinfo(join(d, 'x.pdf'));
    expect(info.Title).toBe('Nouveau — ü 🙂');
    expect(info.Author).toBe('A (B) \\ C');
    expect(info.Keywords).toBe('x, y');
    const again = await PDFDocument.load(updated);
    expect(again.getTitle()).toBe('Nouveau — ü 🙂');
  });
  it('writes text strings as UTF-16BE hex with a byte order mark', () => {
    expect(pdfTextString('A)')).toBe('<FEFF00410029>');
  });
});

describe('browser', () => {
  it('no browser found: an EnvironmentError of one line saying how to install one', async () => {
    const err = await findBrowser({ env: {}, puppeteerPath: async () => undefined, candidates: ['/nonexistent/chromium'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toMatch(/^no Chrome or Chromium found: install Chromium .*--browser/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('the search order is --browser, PUPPETEER_EXECUTABLE_PATH, puppeteer’s own, then system paths', async () => {
    const exists = (set: string[]) => (f: string) => set.includes(f);
    const base = { puppeteerPath: async () => '/p/chrome', candidates: ['/usr/bin/chromium'] };
    expect(await findBrowser({ ...base, option: '/o', env: { PUPPETEER_EXECUTABLE_PATH: '/e' }, isExecutable: exists(['/o', '/e', '/p/chrome', '/usr/bin/chromium']) })).toEqual({ path: '/o', source: 'option' });
    expect(await findBrowser({ ...base, env: { PUPPETEER_EXECUTABLE_PATH: '/e' }, isExecutable: exists(['/e', '/p/chrome']) })).toEqual({ path: '/e', source: 'env' });
    expect(await findBrowser({ ...base, env: {}, isExecutable: exists(['/p/chrome', '/usr/bin/chromium']) })).toEqual({ path: '/p/chrome', source: 'puppeteer' });
    expect(await findBrowser({ ...base, env: {}, isExecutable: exists(['/usr/bin/chromium']) })).toEqual({ path: '/usr/bin/chromium', source: 'system' });
    await expect(findBrowser({ ...base, option: '/missing', env: {}, isExecutable: exists(['/usr/bin/chromium']) })).rejects.toThrow(/no browser at \/missing \(--browser\)/);
  });

  it('CLI: a missing browser exits 3 with one line; --format json never needs one', async () => {
    const d = tmp();
    writeFileSync(join(d, 'plant.yaml'), SMALL_MODEL);
    const r = await cli('assess', join(d, 'plant.yaml'), '-o', d, '--browser', '/nonexistent/chrome');
    expect(r.code).toBe(3);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^iotsec: no browser at \/nonexistent\/chrome \(--browser\): install Chromium/);
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    process.env.PUPPETEER_EXECUTABLE_PATH = '/nonexistent/chrome';
    try {
      expect((await cli('assess', join(d, 'plant.yaml'), '-o', d, '--format', 'json')).code).toBe(0);
      expect((await cli('assess', join(d, 'plant.yaml'), '-o', d, '--format', 'pdf')).code).toBe(3);
    } finally {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
    }
    expect(readdirSync(d).sort()).toEqual(['plant.json', 'plant.yaml']);
  });

  it('several models in one run with one browser: an invalid one is reported and skipped, the others render, exit 2', async () => {
    const d = tmp();
    writeFileSync(join(d, 'a.yaml'), SMALL_MODEL);
    writeFileSync(join(d, 'bad.yaml'), 'solution: {}\n');
    writeFileSync(join(d, 'c.yaml'), SMALL_MODEL.replace('Test plant', 'Other plant'));
    const out = join(d, 'out');
    const r = await cli('assess', join(d, 'a.yaml'), join(d, 'bad.yaml'), join(d, 'c.yaml'), '-o', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(d, 'bad.yaml')}: skipped (invalid model)`);
    expect(readdirSync(out).sort()).toEqual(['a.html', 'a.json', 'a.pdf', 'c.html', 'c.json', 'c.pdf']);
    expect(existsSync(join(out, 'bad.pdf'))).toBe(false);
    expect(pdfinfo(join(out, 'c.pdf')).Title).toMatch(/^Other plant/);
  });
});
