// Zip archives (XLSX) record each entry's modification time; the zip library stamps the current time.
// Setting every entry's DOS date and time to one value makes the same workbook the same bytes.

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** DOS date and time words of a YYYY-MM-DD date at midnight (DOS dates start in 1980). */
function dosDateTime(date: string): { date: number; time: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { date: ((Math.max(1980, y) - 1980) << 9) | (m << 5) | d, time: 0 };
}

/** A copy of `zip` with every entry (central directory and local headers) dated `date`. */
export function withEntryDates(zip: Uint8Array, date: string): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const entries = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const { date: d, time: t } = dosDateTime(date);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(p, true) !== CENTRAL) throw new Error('zip central directory is malformed');
    view.setUint16(p + 12, t, true);
    view.setUint16(p + 14, d, true);
    const local = view.getUint32(p + 42, true);
    if (view.getUint32(local, true) !== LOCAL) throw new Error('zip local header is malformed');
    view.setUint16(local + 10, t, true);
    view.setUint16(local + 12, d, true);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return out;
}
