// The page each named destination of a PDF Chromium printed points at. Chromium writes a named
// destination for every element an in-document link points at (the contents' entries point at the
// headings) into the catalog's /Dests dictionary, each as [page /XYZ x y zoom]. Read from the classic
// cross-reference table Chromium writes, without a general PDF library: the catalog, the page tree and
// the /Dests dictionary are plain objects, and reading them takes milliseconds. Pure.
import { PdfStructureError } from './pdf-info.js';

/** Byte offsets of the objects, from the (last) classic cross-reference table and those it points back to. */
function objectOffsets(text: string): Map<number, number> {
  const offsets = new Map<number, number>();
  let at = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))?.[1]);
  const seen = new Set<number>();
  while (Number.isFinite(at) && !seen.has(at)) {
    seen.add(at);
    if (!text.startsWith('xref', at)) throw new PdfStructureError('no classic cross-reference table (cross-reference streams are not supported)');
    const end = text.indexOf('trailer', at);
    const lines = text.slice(at + 4, end).split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => l !== '');
    let num = 0;
    for (const line of lines) {
      const head = /^(\d+)\s+(\d+)$/.exec(line);
      if (head) {
        num = Number(head[1]);
        continue;
      }
      const entry = /^(\d{10})\s+(\d{5})\s+([nf])$/.exec(line);
      if (entry && entry[3] === 'n' && !offsets.has(num)) offsets.set(num, Number(entry[1]));
      num++;
    }
    const trailer = text.slice(end, text.indexOf('startxref', end));
    at = Number(/\/Prev\s+(\d+)/.exec(trailer)?.[1]);
  }
  return offsets;
}

/** The end of a stream's dictionary: `>>` then the keyword `stream` and an end of line. */
const STREAM = />>\s*stream\r?\n/g;
/** The keyword endobj (not part of a name). */
const ENDOBJ = /(?<=[\s>\]])endobj/g;

/** A PDF name's bytes (#xx escapes decoded) as text. */
function nameText(raw: string): string {
  return Buffer.from(raw.replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

/**
 * Named destination → 1-based page number. Empty when the PDF has no /Dests dictionary (a report
 * without in-document links). Throws PdfStructureError for a PDF it cannot read.
 */
export function namedDestinationPages(pdf: Uint8Array): Map<string, number> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const offsets = objectOffsets(text);
  const body = (num: number): string => {
    const at = offsets.get(num);
    if (at === undefined) throw new PdfStructureError(`object ${num} is not in the cross-reference table`);
    // The dictionary up to its stream's data, if it has one (a name may hold "stream" or "endobj").
    STREAM.lastIndex = at;
    const stream = STREAM.exec(text);
    ENDOBJ.lastIndex = at;
    const end = ENDOBJ.exec(text)?.index ?? text.length;
    return text.slice(at, stream !== null && stream.index < end ? stream.index + 2 : end);
  };
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const root = /\/Root\s+(\d+)\s+\d+\s+R/.exec(trailer)?.[1];
  if (root === undefined) throw new PdfStructureError('trailer without /Root');
  const catalog = body(Number(root));
  const pagesRef = /\/Pages\s+(\d+)\s+\d+\s+R/.exec(catalog)?.[1];
  if (pagesRef === undefined) throw new PdfStructureError('catalog without /Pages');

  // Pages in document order: a depth-first walk of the page tree.
  const pageNumber = new Map<number, number>();
  const walk = (num: number, depth: number) => {
    if (depth > 32) throw new PdfStructureError('page tree too deep');
    const node = body(num);
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node);
    if (kids && /\/Type\s*\/Pages\b/.test(node)) {
      for (const m of kids[1]!.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(m[1]), depth + 1);
    } else {
      pageNumber.set(num, pageNumber.size + 1);
    }
  };
  walk(Number(pagesRef), 0);

  const out = new Map<string, number>();
  const destsRef = /\/Dests\s+(\d+)\s+\d+\s+R/.exec(catalog)?.[1];
  const dests = destsRef !== undefined ? body(Number(destsRef)) : /\/Dests\s*(<<[\s\S]*?>>)/.exec(catalog)?.[1];
  if (dests === undefined) return out;
  for (const m of dests.matchAll(/\/([^\s/[\]<>(){}%]+)\s*\[\s*(\d+)\s+\d+\s+R/g)) {
    const page = pageNumber.get(Number(m[2]));
    if (page !== undefined) out.set(nameText(m[1]!), page);
  }
  return out;
}
