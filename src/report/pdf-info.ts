// Document metadata for a PDF Chromium printed, by an incremental update (ISO 32000-1, 7.5.6): a new
// revision of the Info dictionary, an xref section for it and a trailer pointing back at the original
// one. The printed bytes stay untouched and the update costs microseconds, where loading and
// re-saving a 50-page PDF with a general PDF library took seconds. Pure.

export interface PdfInfo {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
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

export function setPdfInfo(pdf: Uint8Array, info: PdfInfo): Uint8Array {
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

  // Keep what the original Info dictionary says about dates.
  const kept: string[] = [];
  if (infoRef) {
    const start = text.lastIndexOf(`\n${num} ${gen} obj`, tr);
    const end = start >= 0 ? text.indexOf('endobj', start) : -1;
    if (start >= 0 && end > start) {
      const old = text.slice(start, end);
      for (const key of ['CreationDate', 'ModDate']) {
        const m = new RegExp(`/${key}\\s*(\\([^)]*\\)|<[0-9A-Fa-f]*>)`).exec(old);
        if (m) kept.push(`/${key} ${m[1]}`);
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
  out.set(tail, pdf.byteLength);
  return out;
}
