import ExcelJS from 'exceljs';
import type { PeriodReport } from '../../src/reports/reconciliation';
import { reportTables } from '../../src/reports/render';

/** One worksheet per report table; numbers stay numbers so officers can sum them. */
export async function reportXlsx(r: PeriodReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jifen Till township server';
  for (const t of reportTables(r)) {
    const ws = wb.addWorksheet(t.title.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31));
    ws.addRow(t.header).font = { bold: true };
    for (const row of t.rows)
      ws.addRow(row.map((c) => (typeof c === 'string' && /^-?\d+(\.\d+)?$/.test(c) ? Number(c) : c)));
    ws.columns.forEach((c) => {
      c.width = 18;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
