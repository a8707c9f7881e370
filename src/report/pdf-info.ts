// Document metadata for a PDF Chromium printed, by an incremental update (ISO 32000-1, 7.5.6): a new
// revision of the Info dictionary, an xref section for it and a trailer pointing back at the original
// one. The printed bytes stay untouched (but for same-length date strings, see setPdfInfo) and the
// update costs microseconds, where loading and re-saving a 50-page PDF with a general PDF library took
// seconds. Pure.

export interface PdfInfo {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
}

/** A PDF date string (ISO 32000-1, 7.9.4) for 00:00:00 UTC of a YYYY-MM-DD day, in Chromium's form. */
export function pdfDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  return `(D:${m[1]}${m[2]}${m[3]}000000+00'00')`;
}

/** A PDF text string as UTF-16BE hex with a byte order mark: any character, nothing to escape. */
export function pdfTextString(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

export class PdfStructureError extends Error {
  override name = 'PdfStructureError';
}

/**
 * `date` (YYYY-MM-DD) sets CreationDate and ModDate to that day at 00:00:00Z, so the Info dictionary
 * does not depend on when the PDF was printed; without it the original dictionary's dates are kept.
 */
export function setPdfInfo(pdf: Uint8Array, info: PdfInfo, date?: string): Uint8Array {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const sx = text.lastIndexOf('startxref');
  const tr = text.lastIndexOf('trailer', sx);
  if (sx < 0 || tr < 0) throw new PdfStructureError('no classic trailer (cross-reference streams are not supported)');
  const prev = Number(/startxref\s+(\d+)/.exec(text.slice(sx))?.[1]);
  const trailer = text.slice(tr, sx);
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  if (!Number.isFinite(prev) || !Number.isFinite(size) || root === undefined) throw new PdfStructureError('trailer without /Size, /Root or startxref');
  const infoRef = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(trailer);
  const id = /\/ID\s*\[[^\]]*\]/.exec(trailer)?.[0];
  const num = infoRef ? Number(infoRef[1]) : size;
  const gen = infoRef ? Number(infoRef[2]) : 0;

  // Dates: the given day, else what the original Info dictionary says. With a day, the original
  // dictionary's (wall-clock) dates are also overwritten in place where the new one has the same
  // length, as Chromium's do: offsets stay valid and the whole file is the same on every run.
  const kept: string[] = [];
  const d = date !== undefined ? pdfDate(date) : undefined;
  if (d !== undefined) kept.push(`/CreationDate ${d}`, `/ModDate ${d}`);
  const overwrite: Array<[number, string]> = [];
  if (infoRef) {
    const start = text.lastIndexOf(`\n${num} ${gen} obj`, tr);
    const end = start >= 0 ? text.indexOf('endobj', start) : -1;
    if (start >= 0 && end > start) {
      const old = text.slice(start, end);
      for (const key of ['CreationDate', 'ModDate']) {
        const m = new RegExp(`/${key}\\s*(\\([^)]*\\)|<[0-9A-Fa-f]*>)`).exec(old);
        if (!m) continue;
        if (d === undefined) kept.push(`/${key} ${m[1]}`);
        else if (m[1]!.length === d.length) overwrite.push([start + m.index + m[0].length - m[1]!.length, d]);
      }
    }
  }
  const entries = (Object.entries(info) as Array<[string, string | undefined]>).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `/${k} ${pdfTextString(v!)}`);
  const lead = text.endsWith('\n') ? '' : '\n';
  const objOffset = pdf.byteLength + lead.length;
  const obj = `${num} ${gen} obj\n<<${[...entries, ...kept].join('\n')}>>\nendobj\n`;
  const xrefOffset = objOffset + Buffer.byteLength(obj, 'latin1');
  const xref = `xref\n${num} 1\n${String(objOffset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n \n`;
  const newTrailer = `trailer\n<</Size ${Math.max(size, num + 1)} /Root ${root} /Info ${num} ${gen} R /Prev ${prev}${id ? ` ${id}` : ''}>>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  const tail = Buffer.from(lead + obj + xref + newTrailer, 'latin1');
  const out = new Uint8Array(pdf.byteLength + tail.byteLength);
  out.set(pdf, 0);
  for (const [at, value] of overwrite) out.set(Buffer.from(value, 'latin1'), at);
  out.set(tail, pdf.byteLength);
  return out;
}
