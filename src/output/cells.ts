// Text that goes into spreadsheet cells (CSV, XLSX): a cell starting with =, +, -, @, tab or CR would be
// read by Excel, LibreOffice or Sheets as a formula (CSV injection); such a cell gets a leading apostrophe,
// which those programs show as text. Invisible characters are shown as ⟨U+…⟩ as in every output.
import { showInvisibles } from '../util/text.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  const t = showInvisibles(text);
  return FORMULA_START.test(t) ? `'${t}` : t;
}
