import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { decodeCsv, type TextEncoding } from './decode';
import { MAX_ROSTER_BYTES, MAX_ROSTER_ROWS } from './limits';
import { fileProblem, type RosterProblem } from './problems';

/** A sheet as text cells, rows numbered as Excel shows them. */
export interface RawTable {
  format: 'xlsx' | 'csv';
  encoding: TextEncoding | null;
  sheetName: string;
  rows: { row: number; cells: string[] }[];
  /** Merged ranges (rows as Excel numbers them, columns 0-based, inclusive): a merged cell hides which rows a value belongs to. */
  merges: { range: string; top: number; bottom: number; left: number; right: number }[];
}

export type ReadResult = { ok: true; table: RawTable } | { ok: false; problem: RosterProblem };

const tooLarge = () =>
  fileProblem(
    'too-large',
    `文件太大（最大 ${MAX_ROSTER_BYTES / 1024 / 1024} MB），请检查是否选错了文件`,
    `The file is too large (at most ${MAX_ROSTER_BYTES / 1024 / 1024} MB); check it is the right file`,
  );

/** XLSX by its ZIP signature, an old binary .xls refused with advice, anything else read as CSV. */
export async function readTable(buf: Buffer): Promise<ReadResult> {
  if (buf.length > MAX_ROSTER_BYTES) return { ok: false, problem: tooLarge() };
  if (buf.length === 0)
    return { ok: false, problem: fileProblem('empty-file', '文件是空的', 'The file is empty') };
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return readXlsx(buf);
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    return {
      ok: false,
      problem: fileProblem(
        'old-excel',
        '这是旧版 Excel（.xls）文件：请在 Excel 里另存为 .xlsx 或 CSV 再导入',
        'This is an old Excel (.xls) file: save it as .xlsx or CSV in Excel, then import',
      ),
    };
  }
  return readCsv(buf);
}

async function readXlsx(buf: Buffer): Promise<ReadResult> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return { ok: false, problem: unreadable() };
  }
  // The first sheet with data: rosters often keep notes on a second sheet.
  const ws = wb.worksheets.find((w) => w.actualRowCount > 0);
  if (!ws) return { ok: false, problem: fileProblem('empty-file', '工作表是空的', 'The worksheet is empty') };
  if (ws.rowCount > MAX_ROSTER_ROWS) return { ok: false, problem: tooManyRows() };
  const rows: RawTable['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push({ row: n, cells: values.slice(1).map(cellText) });
  });
  const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(parseRange);
  return { ok: true, table: { format: 'xlsx', encoding: null, sheetName: ws.name, rows, merges } };
}

function readCsv(buf: Buffer): ReadResult {
  const decoded = decodeCsv(buf);
  if (!decoded.ok) return decoded;
  const firstLine = decoded.text.slice(0, decoded.text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(decoded.text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch {
    return { ok: false, problem: unreadable() };
  }
  if (records.length > MAX_ROSTER_ROWS) return { ok: false, problem: tooManyRows() };
  const rows = records
    .map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  return { ok: true, table: { format: 'csv', encoding: decoded.encoding, sheetName: '', rows, merges: [] } };
}

const unreadable = () =>
  fileProblem(
    'unreadable',
    '读不出这个文件：请用 Excel 打开后另存为 .xlsx 或 CSV',
    'This file cannot be read: open it in Excel and save it as .xlsx or CSV',
  );

const tooManyRows = () =>
  fileProblem(
    'too-large',
    `行数太多（最多 ${MAX_ROSTER_ROWS} 行）`,
    `Too many rows (at most ${MAX_ROSTER_ROWS})`,
  );

function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    if ('error' in v) return String(v.error);
  }
  return '';
}

/** 12.5 stays 12.5; float noise from a formula (12.300000000000001) is cut at 6 places. */
function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)));
}

function parseRange(range: string): RawTable['merges'][number] {
  const [a, b] = range.split(':');
  const p = (ref: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(ref) ?? ['', 'A', '1'];
    const col = [...(m[1] ?? 'A')].reduce((s, c) => s * 26 + c.charCodeAt(0) - 64, 0) - 1;
    return { col, row: Number(m[2]) };
  };
  const from = p(a ?? 'A1');
  const to = p(b ?? a ?? 'A1');
  return { range, top: from.row, bottom: to.row, left: from.col, right: to.col };
}
