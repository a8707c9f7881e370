// A template must not make the report navigate away: a `<meta http-equiv="refresh">` would replace the
// report with another page (the print page blocks the request, and Chromium then prints nothing
// useful or drops the page). Found in the rendered HTML, reported against the template that holds it.
import { decodeAttribute } from './pdf.js';

const META = /<meta\b[^>]*>/gi;
const HTTP_EQUIV = /\shttp-equiv\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/** Whether `html` holds a `<meta http-equiv="refresh">` (in any case, quoting or character references). */
export function hasMetaRefresh(html: string): boolean {
  for (const [tag] of html.matchAll(META)) {
    const m = HTTP_EQUIV.exec(tag);
    if (m && decodeAttribute(m[1] ?? m[2] ?? m[3] ?? '').trim().toLowerCase() === 'refresh') return true;
  }
  return false;
}
