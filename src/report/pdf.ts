// HTML → PDF in the session's browser: A4 or Letter, the HTML's own running header and footer (CSS
// margin boxes), bookmarks from the headings (outline), tagged PDF, backgrounds printed. Chromium
// fills in the title from <title> but not author, subject or keywords (checked with pdfinfo):
// pdf-info.ts adds them afterwards.
import { showInvisibles } from '../util/text.js';
import { namedDestinationPages } from './pdf-destinations.js';
import { setPdfInfo } from './pdf-info.js';
import { cssString } from './running-header.js';
import type { Paper } from './view-model.js';
import type { RenderSession } from './session.js';

export interface PdfOptions {
  paper: Paper;
  title: string;
  author?: string;
  subject: string;
  keywords: string;
  creator: string;
  /** Assessment date (YYYY-MM-DD): the PDF's CreationDate and ModDate, at 00:00:00Z. */
  date?: string;
}

/** Page margins; the header and footer sit in the top and bottom ones. Kept in step with report.css. */
export const PAGE_MARGINS = { top: '20mm', bottom: '18mm', left: '16mm', right: '16mm' } as const;

/**
 * Added to the print page's copy of the HTML only: the page is never looked at on screen, and a
 * document hidden from screen media skips the screen layouts Chromium would otherwise run on load
 * and again after printing. Print layout is untouched (same text, pages and images, compared with
 * pdftotext and pdftoppm); printing the sample report took about 25 % less time (npm run bench).
 */
export const PRINT_ONLY_STYLE = '<style>@media screen{html{display:none!important}}</style>';

/**
 * The HTML as the print page loads it: PRINT_ONLY_STYLE (and `extraStyle`, CSS) at the end of the
 * head; for a user template without one, right after the doctype (before it would switch the page to
 * quirks mode).
 */
export function printCopy(html: string, extraStyle = ''): string {
  const style = extraStyle === '' ? PRINT_ONLY_STYLE : `${PRINT_ONLY_STYLE}<style>${extraStyle.replace(/<\/(style)/gi, '<\\/$1')}</style>`;
  const at = html.search(/<\/head\s*>/i);
  if (at >= 0) return html.slice(0, at) + style + html.slice(at);
  const doctype = /^\uFEFF?\s*(?:<!--[\s\S]*?-->\s*)*<!doctype[^>]*>/i.exec(html);
  const cut = doctype ? doctype[0].length : 0;
  return html.slice(0, cut) + style + html.slice(cut);
}

// ---- Page numbers in the contents ---------------------------------------------------------------
// Chromium has no target-counter(), so the contents get their page numbers from a first print: its
// named destinations (one per heading a contents entry links to) say on which page each heading
// landed; the second print fills them in by CSS. The number column has a fixed width in both passes
// (report.css: .toc .pg), so filling it moves nothing. The first pass only lays the pages out: every
// element invisible (layout unchanged, nothing painted), figures without their drawing (layoutCopy), no
// backgrounds, bookmarks or tags.

/** Marks a contents entry's page-number slot in the HTML: `<span class="pg">` inside `<a href="#anchor">` of the contents. */
const CONTENTS = /<nav\b[^>]*\bclass="toc"[^>]*>([\s\S]*?)<\/nav>/i;
const SLOT = /<a\s+href="#([^"]*)"[^>]*>(?:(?!<\/a>)[\s\S])*?<span class="pg"><\/span>/g;

/** The first pass draws nothing: layout (and so the pages) is the same as when everything is visible. */
export const LAYOUT_ONLY_STYLE = 'html *{visibility:hidden!important}';

/**
 * The HTML the first pass lays out: inline SVG figures keep their root element (whose attributes and CSS
 * alone size its box) and their <style> elements (which could reach the page), but not their drawing,
 * which cannot move a page break and is half of a report's HTML (about 15 % less time for the first pass
 * of the hardened sample). Left whole when an SVG holds another (the cut would not be at its end).
 */
export function layoutCopy(html: string): string {
  return html.replace(/(<svg\b(?:[^>"']|"[^"]*"|'[^']*')*>)((?:(?!<\/svg>)[\s\S])*)<\/svg>/gi, (whole, open: string, body: string) =>
    /<svg\b/i.test(body) ? whole : `${open}${(body.match(/<style\b[^>]*>[\s\S]*?<\/style>/gi) ?? []).join('')}</svg>`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** An HTML attribute value with its character references decoded. */
export function decodeAttribute(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m));
}

/** The anchors of the contents entries that have a page-number slot, in document order (empty: the template has none). */
export function contentsAnchors(html: string): string[] {
  const toc = CONTENTS.exec(html)?.[1];
  return toc === undefined ? [] : [...toc.matchAll(SLOT)].map((m) => decodeAttribute(m[1]!));
}

/** CSS writing each entry's page number into its slot; entries whose heading has no page stay empty. */
export function contentsPageCss(anchors: readonly string[], pages: ReadonlyMap<string, number>): string {
  return anchors
    .filter((a) => pages.has(a))
    .map((a) => `.toc a[href=${cssString(`#${a}`)}]>.pg::after{content:"${pages.get(a)}"}`)
    .join('\n');
}

const PDF_OPTIONS = (o: PdfOptions) => ({
  format: o.paper === 'letter' ? ('Letter' as const) : ('A4' as const),
  preferCSSPageSize: true,
  // The running header and footer are page-margin boxes in the HTML (running-header.ts).
  displayHeaderFooter: false,
  margin: PAGE_MARGINS,
});

/**
 * Prints one report on a print page of the session (scripts disabled, every request blocked: see
 * session.ts). A report whose contents have page-number slots is printed twice (see above).
 */
export async function printPdf(session: RenderSession, html: string, o: PdfOptions, slot = 0): Promise<Uint8Array> {
  const page = await session.printPage(slot);
  const anchors = contentsAnchors(html);
  let numbers = '';
  if (anchors.length > 0) {
    await page.setContent(printCopy(layoutCopy(html), LAYOUT_ONLY_STYLE), { waitUntil: 'load' });
    const layout = await page.pdf({ ...PDF_OPTIONS(o), printBackground: false, outline: false, tagged: false });
    numbers = contentsPageCss(anchors, namedDestinationPages(layout));
  }
  await page.setContent(printCopy(html, numbers), { waitUntil: 'load' });
  const raw = await page.pdf({ ...PDF_OPTIONS(o), printBackground: true, outline: true, tagged: true });
  return setMetadata(raw, o);
}

export function setMetadata(pdf: Uint8Array, o: Pick<PdfOptions, 'title' | 'author' | 'subject' | 'keywords' | 'creator' | 'date'>): Uint8Array {
  return setPdfInfo(pdf, {
    Title: showInvisibles(o.title),
    ...(o.author ? { Author: showInvisibles(o.author) } : {}),
    Subject: showInvisibles(o.subject),
    Keywords: showInvisibles(o.keywords),
    Creator: o.creator,
    Producer: `${o.creator} (Chromium Skia/PDF)`,
  }, o.date);
}
