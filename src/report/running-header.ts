// The PDF's running header (document title, classification) and footer (report id, page X of Y) as CSS
// page-margin boxes, filled in per report. report.css styles the boxes; this only sets their content.
// Margin boxes cost Chromium less than puppeteer's header and footer templates (which lay out a
// separate document per page: about 70 ms of a 55-page report's print) and they also appear when a
// reader prints the HTML file from a browser. Pure.
import { shorten } from '../util/text.js';

/** Chromium does not clip margin boxes: longer texts are shortened so header cells never overlap. */
export const RUNNING_HEADER_LIMITS = { title: 72, classification: 32 } as const;

/**
 * A CSS string literal for any text. Quotes, backslashes and '<' '>' '&' become hexadecimal escapes
 * (nothing can close the style element); control and line-separator characters become spaces.
 */
export function cssString(s: string): string {
  const body = s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/["\\<>&]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
  return `"${body}"`;
}

export interface RunningHeaderText {
  /** The document's title (the cover's title and the PDF's Title). */
  documentTitle: string;
  classification?: string;
  reportId: string;
}

/**
 * The @page rules giving the margin boxes their text (see report.css for their style). The cover
 * (first page) has its own title block and no running header.
 */
export function runningHeaderCss(t: RunningHeaderText): string {
  const boxes = [
    `@top-left { content: ${cssString(shorten(t.documentTitle, RUNNING_HEADER_LIMITS.title))}; }`,
    ...(t.classification ? [`@top-right { content: ${cssString(shorten(t.classification, RUNNING_HEADER_LIMITS.classification))}; }`] : []),
    `@bottom-left { content: ${cssString(`Report ${t.reportId}`)}; }`,
  ];
  return `@page { ${boxes.join(' ')} } @page :first { @top-left { content: none; } @top-right { content: none; } }`;
}
