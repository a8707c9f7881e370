// XLSX (exceljs): sheets Findings, Threats, Drift (when the run had code or deployment evidence), Decisions, Compliance and Questions, each with a frozen, filtered
// header row, set column widths and coloured status cells. Deterministic: the workbook's dates are the
// assessment date and so are the zip entries' (zip-dates.ts). Cells neutralised as in CSV (cells.ts).
import ExcelJS from 'exceljs';
import { neutralise } from './cells.js';
import { timestampOf, type OutputFile, type OutputInput } from './input.js';
import { complianceTable, decisionsTable, driftTable, findingsTable, questionsTable, threatsTable, type Table } from './tables.js';
import { withEntryDates } from './zip-dates.js';
import { TOOL_NAME } from '../util/version.js';

/** Fill colours (ARGB) of status cells: red for what is wrong, amber for what is not known, green for what holds. */
export const STATUS_FILL: Record<string, string> = {
  gap: 'FFF4CCCC', open: 'FFF4CCCC', critical: 'FFE06666', high: 'FFF4CCCC', expired: 'FFF4CCCC',
  unknown: 'FFFFF2CC', unverified: 'FFFFF2CC', medium: 'FFFFF2CC', unmatched: 'FFFFF2CC',
  met: 'FFD9EAD3', mitigated: 'FFD9EAD3', low: 'FFD9EAD3', live: 'FFD9EAD3',
  accepted: 'FFDDE7F5', 'not-applicable': 'FFEEEEEE', 'not covered': 'FFEEEEEE',
};

function addSheet(wb: ExcelJS.Workbook, table: Table): void {
  const ws = wb.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of table.rows) ws.addRow(r.map((v) => (typeof v === 'number' ? v : neutralise(v))));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, table.rows.length + 1), column: table.columns.length } };
  table.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.alignment = { vertical: 'top', wrapText: c.width >= 40 };
    if (!c.status) return;
    column.eachCell((cell, row) => {
      const fill = row > 1 ? STATUS_FILL[String(cell.value)] : undefined;
      if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    });
  });
}

export async function renderXlsx(input: OutputInput): Promise<OutputFile[]> {
  const wb = new ExcelJS.Workbook();
  const when = new Date(timestampOf(input.date));
  wb.creator = TOOL_NAME;
  wb.lastModifiedBy = TOOL_NAME;
  wb.created = when;
  wb.modified = when;
  wb.title = neutralise(`${input.assessment.loaded.model.solution.name} — security assessment`);
  const drift = driftTable(input);
  for (const table of [findingsTable(input), threatsTable(input), ...(drift ? [drift] : []), decisionsTable(input), complianceTable(input), questionsTable(input)]) addSheet(wb, table);
  const buffer = await wb.xlsx.writeBuffer();
  return [{ suffix: '.xlsx', data: withEntryDates(new Uint8Array(buffer as ArrayBuffer), input.date) }];
}
