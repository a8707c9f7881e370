// CSV (RFC 4180) and XLSX: quoting, formula injection neutralised, the workbook's sheets, frozen and
// filtered headers, status colours, and identical bytes for the same inputs (fixed dates).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutralise } from '../src/output/cells.js';
import { csvField, csvText, renderCsv } from '../src/output/csv.js';
import { renderXlsx, STATUS_FILL } from '../src/output/xlsx.js';
import { withEntryDates } from '../src/output/zip-dates.js';
import { SMALL_MODEL } from './helpers/report.js';
import { outputInput } from './helpers/output.js';

const HOSTILE = SMALL_MODEL.replace('name: Temperature sensors', 'name: "=HYPERLINK(\\"http://evil\\",\\"x\\")"').replace('name: Cameras', 'name: "@SUM(1+1), \\"quoted\\"\\nsecond line"');

describe('cells', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('%j is neutralised with a leading apostrophe', (v) => {
    expect(neutralise(v)).toBe(`'${v}`);
  });
  it('other text is kept', () => {
    for (const v of ['plain', 'a=b', 'x-1', 'Überwachung', '']) expect(neutralise(v)).toBe(v);
  });
});

describe('csv', () => {
  it('quotes fields with a comma, quote, CR or LF and doubles quotes; numbers and plain text stay bare', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(12)).toBe('12');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
  });

  it('ends records with CRLF; a BOM only when asked', () => {
    const t = { name: 'T', columns: [{ header: 'A', width: 1 }, { header: 'B', width: 1 }], rows: [['x', 1]] };
    expect(csvText(t)).toBe('A,B\r\nx,1\r\n');
    expect(csvText(t, true)).toBe('\ufeffA,B\r\nx,1\r\n');
  });

  it('writes findings and threats files; hostile names are quoted and neutralised', () => {
    const files = renderCsv(outputInput(HOSTILE));
    expect(files.map((f) => f.suffix)).toEqual(['.findings.csv', '.threats.csv']);
    const findings = String(files[0]!.data);
    expect(findings).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(findings).toContain(`"'@SUM(1+1), ""quoted""\nsecond line"`);
    expect(findings).not.toMatch(/(^|,)"?[=+@]/m);
    expect(findings.startsWith('\ufeff')).toBe(false);
    expect(String(renderCsv({ ...outputInput(SMALL_MODEL), csvBom: true })[1]!.data).startsWith('\ufeffId,')).toBe(true);
  });
});

describe('xlsx', () => {
  it('opens with exceljs: five sheets with frozen, filtered headers, widths, status colours and neutralised cells', async () => {
    const [file] = await renderXlsx(outputInput(HOSTILE));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file!.data) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Findings', 'Threats', 'Decisions', 'Compliance', 'Questions']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getColumn(1).width).toBeGreaterThan(0);
    }
    const findings = wb.getWorksheet('Findings')!;
    const header = findings.getRow(1).values as unknown[];
    const nameCol = header.indexOf('Element name');
    const statusCol = header.indexOf('Status');
    const values: string[] = [];
    findings.eachRow((row, n) => {
      if (n > 1) values.push(String(row.getCell(nameCol).value));
    });
    expect(values).toContain(`'=HYPERLINK("http://evil","x")`);
    expect(values.some((v) => /^[=+\-@]/.test(v))).toBe(false);
    let coloured = false;
    findings.eachRow((row, n) => {
      const cell = row.getCell(statusCol);
      if (n > 1 && cell.value === 'gap') {
        expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(STATUS_FILL.gap);
        coloured = true;
      }
    });
    expect(coloured).toBe(true);
    expect(wb.getWorksheet('Questions')!.rowCount).toBeGreaterThan(1);
    expect(wb.created?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('the same inputs give the same bytes, at any time of day; another date gives other bytes', async () => {
    const one = (await renderXlsx(outputInput(SMALL_MODEL)))[0]!.data;
    await new Promise((r) => setTimeout(r, 2100)); // zip times have a 2-second resolution
    const two = (await renderXlsx(outputInput(SMALL_MODEL)))[0]!.data;
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    const other = (await renderXlsx(outputInput(SMALL_MODEL, 'model.yaml', '2026-12-02')))[0]!.data;
    expect(Buffer.from(one).equals(Buffer.from(other))).toBe(false);
  });

  it('withEntryDates dates every zip entry and refuses what is not a zip', async () => {
    const zip = new Uint8Array(await new ExcelJS.Workbook().xlsx.writeBuffer() as ArrayBuffer);
    const fixed = withEntryDates(zip, '2026-12-01');
    expect(fixed.length).toBe(zip.length);
    expect(() => withEntryDates(new Uint8Array(100), '2026-12-01')).toThrow(/not a zip/);
  });
});
