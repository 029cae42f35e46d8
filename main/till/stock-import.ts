import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { ImportProblem, ImportReport } from '../../src/api/stock';
import { isTillError } from '../../src/errors';
import { newId } from '../../src/ids';
import { formatYuan, parseYuan } from '../../src/money';
import { type CheckedProduct, checkProduct } from '../../src/stock';
import { type Actor, requireRole, type TillContext } from './context';
import { STOCK_ROLES } from './inventory';
import { catalogEntryFor, listStockProducts, stockProductView } from './stock-catalog';

/**
 * Catalog import and export, CSV (UTF-8 with or without BOM, GBK/GB18030 as Excel
 * saves it in China) and XLSX. Every problem of the whole file is reported at once by
 * row, column and reason; nothing is written unless the file is clean or the user chose
 * to skip the bad rows. A row updates the product that owns its first barcode, so
 * importing the same file twice changes nothing the second time and never duplicates.
 */

export const COLUMNS = [
  { key: 'barcodes', zh: '条码', en: 'barcodes' },
  { key: 'name', zh: '名称', en: 'name' },
  { key: 'unit', zh: '单位', en: 'unit' },
  { key: 'packSize', zh: '每箱数量', en: 'pack size' },
  { key: 'category', zh: '类别', en: 'category' },
  { key: 'points', zh: '积分价', en: 'points' },
  { key: 'cost', zh: '成本（元）', en: 'cost (yuan)' },
  { key: 'service', zh: '服务项目', en: 'service' },
  { key: 'active', zh: '在售', en: 'active' },
  { key: 'lowStock', zh: '低库存提醒', en: 'low stock' },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];
/** The product checks name their fields; the file names its columns (an absurd price is the price's fault). */
const PRODUCT_FIELD_COLUMN: Record<string, ColumnKey> = {
  pricePoints: 'points',
  costFen: 'cost',
};

const YES = new Set(['是', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

interface ParsedRow {
  row: number;
  cells: Partial<Record<ColumnKey, string>>;
}

function problem(row: number, column: string, zh: string, en: string): ImportProblem {
  return { row, column, zh, en };
}

/** Bytes → text: a BOM says UTF-8; otherwise valid UTF-8 is taken as such, anything else as GB18030. */
export function decodeCsv(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return utf8.decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

function headerIndex(header: string[], problems: ImportProblem[]): Map<ColumnKey, number> {
  const index = new Map<ColumnKey, number>();
  header.forEach((h, i) => {
    const name = h.trim().toLowerCase();
    const col = COLUMNS.find((c) => c.zh === h.trim() || c.en === name || c.key.toLowerCase() === name);
    if (col) index.set(col.key, i);
  });
  for (const required of ['barcodes', 'name', 'points'] as const) {
    if (!index.has(required)) {
      const c = COLUMNS.find((x) => x.key === required)!;
      problems.push(
        problem(1, c.zh, `缺少“${c.zh}”列（编码可能不对）`, `Column "${c.en}" is missing (wrong encoding?)`),
      );
    }
  }
  return index;
}

function rowsFromTable(table: string[][], problems: ImportProblem[]): ParsedRow[] {
  const [header, ...body] = table;
  if (!header) {
    problems.push(problem(1, '', '文件是空的', 'The file is empty'));
    return [];
  }
  const index = headerIndex(header, problems);
  return body
    .map((cells, i) => ({
      row: i + 2,
      cells: Object.fromEntries([...index].map(([k, at]) => [k, (cells[at] ?? '').trim()])),
    }))
    .filter((r) => Object.values(r.cells).some((v) => v !== ''));
}

async function readTable(fileName: string, bytes: Buffer, problems: ImportProblem[]): Promise<string[][]> {
  if (/\.xlsx$/i.test(fileName)) {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      problems.push(problem(1, '', '无法读取这个 XLSX 文件', 'This XLSX file cannot be read'));
      return [];
    }
    const sheet = book.worksheets[0];
    if (!sheet) return [];
    const merged = (sheet.model as { merges?: string[] }).merges ?? [];
    for (const range of merged) {
      const first = range.split(':')[0]!;
      const row = Number(/\d+/.exec(first)?.[0] ?? 1);
      problems.push(
        problem(row, range, `有合并单元格 ${range}，请取消合并`, `Merged cells ${range}; unmerge them`),
      );
    }
    const table: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cell.text ?? '';
      });
      table[n - 1] = cells;
    });
    return Array.from(table, (r) => r ?? []);
  }
  try {
    return parse(decodeCsv(bytes), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    problems.push(
      problem(line, '', `CSV 格式错误：${(e as Error).message}`, `CSV format error: ${(e as Error).message}`),
    );
    return [];
  }
}

function yesNo(v: string | undefined, fallback: boolean): boolean | null {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '') return fallback;
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return null;
}

function wholeNumber(v: string | undefined, fallback: number): number | null {
  const s = (v ?? '').trim();
  if (s === '') return fallback;
  return /^\d+$/.test(s) ? Number(s) : null;
}

interface CheckedRow {
  row: number;
  productId: string;
  isNew: boolean;
  product: CheckedProduct;
}

/** Checks every row; returns the good ones and every problem. */
function checkRows(ctx: TillContext, rows: ParsedRow[], problems: ImportProblem[]): CheckedRow[] {
  const out: CheckedRow[] = [];
  const seen = new Map<string, number>();
  const label = (k: ColumnKey) => COLUMNS.find((c) => c.key === k)!.zh;
  for (const { row, cells } of rows) {
    const before = problems.length;
    const bad = (k: ColumnKey, zh: string, en: string) => problems.push(problem(row, label(k), zh, en));
    const points = Number((cells.points ?? '').trim());
    if (!/^\d+(\.\d{1,2})?$/.test((cells.points ?? '').trim()) || points <= 0) {
      bad(
        'points',
        `积分价必须是大于 0 的数字：“${cells.points ?? ''}”`,
        `Points must be a number above 0: "${cells.points ?? ''}"`,
      );
    }
    let cost = 0;
    try {
      cost = cells.cost ? parseYuan(cells.cost) : 0;
      if (cost < 0) throw new Error('negative');
    } catch {
      bad('cost', `成本不是金额：“${cells.cost}”`, `Cost is not a yuan amount: "${cells.cost}"`);
    }
    const packSize = wholeNumber(cells.packSize, 1);
    if (packSize === null || packSize < 1)
      bad('packSize', '每箱数量必须是正整数', 'Pack size must be a whole number above 0');
    const lowStock = wholeNumber(cells.lowStock, 0);
    if (lowStock === null) bad('lowStock', '低库存提醒必须是整数', 'Low stock must be a whole number');
    const isService = yesNo(cells.service, false);
    if (isService === null) bad('service', '“服务项目”请填 是 或 否', 'Service must be yes or no');
    const active = yesNo(cells.active, true);
    if (active === null) bad('active', '“在售”请填 是 或 否', 'Active must be yes or no');
    const barcodes = (cells.barcodes ?? '').split(/[\s,;，；|]+/).filter(Boolean);
    if (barcodes.length === 0)
      bad('barcodes', '条码不能为空（按条码更新）', 'A barcode is required (updates go by barcode)');
    if (problems.length > before) continue;
    let product: CheckedProduct;
    try {
      product = checkProduct({
        barcodes,
        name: cells.name ?? '',
        unit: cells.unit || '件',
        packSize: packSize!,
        category: cells.category ?? '',
        pricePoints: Math.round(points * 100),
        costFen: cost,
        isService: isService!,
        active: active!,
        lowStock: lowStock!,
      });
    } catch (e) {
      if (!isTillError(e)) throw e;
      const field = String(e.details.field ?? 'name');
      const column = PRODUCT_FIELD_COLUMN[field] ?? (COLUMNS.some((c) => c.key === field) ? field : 'name');
      problems.push(problem(row, label(column as ColumnKey), e.zh, e.en));
      continue;
    }
    const dup = product.barcodes.find((b) => seen.has(b));
    if (dup) {
      bad(
        'barcodes',
        `条码 ${dup} 在第 ${seen.get(dup)} 行已出现`,
        `Barcode ${dup} already appears in row ${seen.get(dup)}`,
      );
      continue;
    }
    for (const b of product.barcodes) seen.set(b, row);
    const existing = ctx.store
      .sql('SELECT product_id FROM product_barcodes WHERE barcode = ?')
      .pluck()
      .get(product.barcodes[0]) as string | undefined;
    const productId = existing ?? newId(ctx.store.clock);
    const clash = product.barcodes
      .map((b) => ({
        b,
        owner: ctx.store
          .sql(
            'SELECT p.id, p.name FROM product_barcodes x JOIN products p ON p.id = x.product_id WHERE x.barcode = ?',
          )
          .get(b) as { id: string; name: string } | undefined,
      }))
      .find((x) => x.owner && x.owner.id !== productId);
    if (clash) {
      bad(
        'barcodes',
        `条码 ${clash.b} 已属于“${clash.owner!.name}”`,
        `Barcode ${clash.b} already belongs to "${clash.owner!.name}"`,
      );
      continue;
    }
    out.push({ row, productId, isNew: !existing, product });
  }
  return out;
}

async function analyse(ctx: TillContext, fileName: string, dataBase64: string) {
  const problems: ImportProblem[] = [];
  const bytes = Buffer.from(dataBase64, 'base64');
  const rows = rowsFromTable(await readTable(fileName, bytes, problems), problems);
  const good = problems.length > 0 && rows.length === 0 ? [] : checkRows(ctx, rows, problems);
  return { rows, good, problems };
}

function report(rows: ParsedRow[], good: CheckedRow[], problems: ImportProblem[]): ImportReport {
  return {
    rows: rows.length,
    valid: good.length,
    creates: good.filter((g) => g.isNew).length,
    updates: good.filter((g) => !g.isNew).length,
    problems: problems.sort((a, b) => a.row - b.row),
  };
}

export async function previewImport(ctx: TillContext, actor: Actor, fileName: string, dataBase64: string) {
  requireRole(actor, STOCK_ROLES, { zh: '导入商品', en: 'import products' });
  const { rows, good, problems } = await analyse(ctx, fileName, dataBase64);
  return report(rows, good, problems);
}

/** Writes the good rows in one transaction; with problems, only when the user chose to skip them. */
export async function applyImport(
  ctx: TillContext,
  actor: Actor,
  input: { fileName: string; dataBase64: string; skipBad: boolean },
): Promise<ImportReport> {
  requireRole(actor, STOCK_ROLES, { zh: '导入商品', en: 'import products' });
  const { rows, good, problems } = await analyse(ctx, input.fileName, input.dataBase64);
  const out = report(rows, good, problems);
  if (problems.length > 0 && !input.skipBad) return { ...out, written: 0 };
  let written = 0;
  ctx.store.transaction(() => {
    for (const g of good) {
      if (!g.isNew && unchanged(ctx, g)) continue;
      catalogEntryFor(ctx, actor, g.productId, g.product);
      written++;
    }
  });
  return { ...out, written };
}

/** A re-import of the same row writes no new entry. */
function unchanged(ctx: TillContext, g: CheckedRow): boolean {
  const now = stockProductView(ctx, g.productId);
  const p = g.product;
  return (
    now.name === p.name &&
    now.unit === p.unit &&
    now.packSize === p.packSize &&
    now.category === p.category &&
    now.pricePoints === p.pricePoints &&
    now.costFen === p.costFen &&
    now.isService === p.isService &&
    now.active === p.active &&
    now.lowStock === p.lowStock &&
    now.barcodes.join(' ') === p.barcodes.join(' ')
  );
}

/** The catalog as a file the import reads back (CSV is UTF-8 with a BOM, so Excel opens it right). */
export async function exportCatalog(ctx: TillContext, format: 'csv' | 'xlsx') {
  const header = COLUMNS.map((c) => c.zh);
  const rows = listStockProducts(ctx).map((p) => [
    p.barcodes.join(' '),
    p.name,
    p.unit,
    String(p.packSize),
    p.category,
    String(p.pricePoints / 100),
    formatYuan(p.costFen),
    p.isService ? '是' : '否',
    p.active ? '是' : '否',
    String(p.lowStock),
  ]);
  if (format === 'csv') {
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const text = [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n');
    return {
      fileName: 'catalog.csv',
      dataBase64: Buffer.from(`\ufeff${text}\r\n`, 'utf8').toString('base64'),
    };
  }
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('商品');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  const buf = Buffer.from(await book.xlsx.writeBuffer());
  return { fileName: 'catalog.xlsx', dataBase64: buf.toString('base64') };
}
