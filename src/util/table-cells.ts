// Cells of the tables other tools import: CSV (RFC 4180) and Markdown. Text from a model is data, never
// a formula or markup.

/** A cell a spreadsheet would take for a formula (=, +, -, @, tab, CR first) gets a leading apostrophe. */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** One CSV field: formula-neutralised, quoted when it holds a comma, quote or line break (quotes doubled). */
export function csvField(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text: CRLF line ends (RFC 4180), optionally a UTF-8 byte-order mark for Excel. */
export function csvText(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | undefined | null>>, bom = false): string {
  return (bom ? '\uFEFF' : '') + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A Markdown table cell: pipes and backslashes escaped, line breaks as spaces, markup characters as entities. */
export function markdownCell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>&`*_[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}
