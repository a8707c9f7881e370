// HTML → PDF in the session's browser: A4 or Letter, the HTML's own running header and footer (CSS
// margin boxes), bookmarks from the headings (outline), tagged PDF, backgrounds printed. Chromium
// fills in the title from <title> but not author, subject or keywords (checked with pdfinfo):
// pdf-info.ts adds them afterwards.
import { setPdfInfo } from './pdf-info.js';
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
 * The HTML as the print page loads it: PRINT_ONLY_STYLE at the end of the head; for a user template
 * without one, right after the doctype (before it would switch the page to quirks mode).
 */
export function printCopy(html: string): string {
  const at = html.search(/<\/head\s*>/i);
  if (at >= 0) return html.slice(0, at) + PRINT_ONLY_STYLE + html.slice(at);
  const doctype = /^\uFEFF?\s*(?:<!--[\s\S]*?-->\s*)*<!doctype[^>]*>/i.exec(html);
  const cut = doctype ? doctype[0].length : 0;
  return html.slice(0, cut) + PRINT_ONLY_STYLE + html.slice(cut);
}

/** Prints one report on a print page of the session (scripts disabled, every request blocked: see session.ts). */
export async function printPdf(session: RenderSession, html: string, o: PdfOptions, slot = 0): Promise<Uint8Array> {
  const page = await session.printPage(slot);
  await page.setContent(printCopy(html), { waitUntil: 'load' });
  const raw = await page.pdf({
    format: o.paper === 'letter' ? 'Letter' : 'A4',
    preferCSSPageSize: true,
    printBackground: true,
    // The running header and footer are page-margin boxes in the HTML (running-header.ts).
    displayHeaderFooter: false,
    margin: PAGE_MARGINS,
    outline: true,
    tagged: true,
  });
  return setMetadata(raw, o);
}

export function setMetadata(pdf: Uint8Array, o: Pick<PdfOptions, 'title' | 'author' | 'subject' | 'keywords' | 'creator' | 'date'>): Uint8Array {
  return setPdfInfo(pdf, {
    Title: o.title,
    ...(o.author ? { Author: o.author } : {}),
    Subject: o.subject,
    Keywords: o.keywords,
    Creator: o.creator,
    Producer: `${o.creator} (Chromium Skia/PDF)`,
  }, o.date);
}
