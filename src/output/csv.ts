// CSV (RFC 4180): one file of findings and one of threats, CRLF line ends, fields quoted when they hold a
// quote, comma, CR or LF; quotes doubled. Cells neutralised against formula injection (cells.ts).
import { neutralise } from './cells.js';
import type { OutputFile, OutputInput } from './input.js';
import { driftTable, findingsTable, threatsTable, type Cell, type Table } from './tables.js';

const BOM = '\ufeff';

export function csvField(value: Cell): string {
  const text = typeof value === 'number' ? String(value) : neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(table: Table, bom = false): string {
  const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((r) => r.map(csvField))].map((fields) => fields.join(','));
  return (bom ? BOM : '') + lines.join('\r\n') + '\r\n';
}

export function renderCsv(input: OutputInput): OutputFile[] {
  const drift = driftTable(input);
  return [
    { suffix: '.findings.csv', data: csvText(findingsTable(input), input.csvBom) },
    { suffix: '.threats.csv', data: csvText(threatsTable(input), input.csvBom) },
    // Only when the run had evidence (code or deployment): then an empty file says "no drift".
    ...(drift ? [{ suffix: '.drift.csv', data: csvText(drift, input.csvBom) }] : []),
  ];
}
