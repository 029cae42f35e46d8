import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDb } from '../server/db/connect';
import { householdStatement } from '../server/households/statement';
import { ensureTownship, upsertMasterData } from '../server/master/master-data';
import { applyRoster } from '../server/roster/apply';
import { MAX_ROSTER_BYTES } from '../server/roster/limits';
import { findHeaderRow, type RosterMapping, suggestMapping } from '../server/roster/mapping';
import { type RawTable, readTable } from '../server/roster/read-table';
import { checkRoster, parsePoints } from '../server/roster/validate';
import { ManualClock, startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';

/**
 * Roster files as villages make them, built here byte by byte: CSV in UTF-8 with and
 * without a BOM and in GBK (Excel's "CSV" on a Chinese Windows), XLSX from exceljs with
 * a title row and merged cells. Every problem is reported with its row and column.
 */
const clock = new ManualClock(startOfLocalDay('2026-11-20') + 3_600_000);
const T = newId(clock);
const EAST = newId(clock);
const WEST = newId(clock);
const villages = [
  { id: EAST, name: '东村' },
  { id: WEST, name: '西村' },
];

const CSV = [
  '村,户号,户主,家庭成员,地址,期初积分',
  '东村,101,张三,李梅、张小明,东村1组,12.5',
  '西村,201,王五,,西村3组,',
  '',
].join('\r\n');

async function read(buf: Buffer): Promise<RawTable> {
  const r = await readTable(buf);
  if (!r.ok) throw new Error(`not read: ${r.problem.en}`);
  return r.table;
}

function checked(table: RawTable, mapping?: RosterMapping) {
  const header = findHeaderRow(table.rows);
  return checkRoster(table, header, mapping ?? suggestMapping(table.rows[header]!.cells), { villages });
}

async function xlsx(rows: unknown[][], merges: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  for (const r of rows) ws.addRow(r);
  for (const m of merges) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading roster files', () => {
  it('reads UTF-8 CSV with and without a BOM, and GBK CSV, to the same rows', async () => {
    const plain = await read(Buffer.from(CSV, 'utf8'));
    const bom = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]));
    const gbk = await read(iconv.encode(CSV, 'gbk'));
    expect([plain.encoding, bom.encoding, gbk.encoding]).toEqual(['utf-8', 'utf-8-bom', 'gb18030']);
    expect(bom.rows).toEqual(plain.rows);
    expect(gbk.rows).toEqual(plain.rows);
    expect(plain.rows[1]?.cells).toEqual(['东村', '101', '张三', '李梅、张小明', '东村1组', '12.5']);
    const result = checked(gbk);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.villageName, r.number, r.head, r.members, r.opening])).toEqual([
      ['东村', '101', '张三', ['李梅', '张小明'], 1250],
      ['西村', '201', '王五', [], null],
    ]);
  });

  it('reads XLSX below a title row, numbers and formulas as text', async () => {
    const table = await read(
      await xlsx(
        [
          ['东村、西村花名册（2026）'],
          ['村', '户号', '户主姓名', '期初积分'],
          ['东村', 101, '张三', 12.5],
          [
            '西村',
            202,
            { richText: [{ text: '王' }, { text: '五' }] },
            { formula: '10+2.25', result: 12.25 },
          ],
        ],
        ['A1:D1'],
      ),
    );
    expect(table.format).toBe('xlsx');
    const result = checked(table);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.row, r.number, r.head, r.opening])).toEqual([
      [3, '101', '张三', 1250],
      [4, '202', '王五', 1225],
    ]);
  });

  it('reports merged cells on every row they cover, by column', async () => {
    const table = await read(
      await xlsx(
        [
          ['村', '户号', '户主'],
          ['东村', 101, '张三'],
          [null, 102, '李四'],
          [null, 103, '王五'],
          ['西村', 201, '赵六'],
        ],
        ['A2:A4'],
      ),
    );
    const result = checked(table);
    expect(result.problems.map((p) => [p.row, p.column, p.header, p.reason])).toEqual([
      [2, 'A', '村', 'merged-cell'],
      [3, 'A', '村', 'merged-cell'],
      [4, 'A', '村', 'merged-cell'],
    ]);
    expect(result.problems[0]?.zh).toContain('合并单元格 A2:A4');
    expect(result.problems[0]?.en).toContain('Merged cells A2:A4');
    expect(result.rows.map((r) => r.number)).toEqual(['201']);
  });

  it('reports every problem at once: duplicates, unknown villages, empty cells, bad numbers', async () => {
    const table = await read(
      Buffer.from(
        [
          '村,户号,户主,期初积分',
          '东村,101,张三,5',
          '东村,101,李四,',
          '南村,301,王五,',
          '西村,,赵六,',
          '西村,302,,abc',
          '西村,303,钱七,1.234',
        ].join('\n'),
      ),
    );
    const result = checked(table);
    expect(result.importable).toBe(true);
    expect(result.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
      [3, 'B', 'duplicate-number'],
      [4, 'A', 'unknown-village'],
      [5, 'B', 'empty-cell'],
      [6, 'C', 'empty-cell'],
      [6, 'D', 'bad-points'],
      [7, 'D', 'bad-points'],
    ]);
    expect(result.problems[0]).toMatchObject({
      zh: '户号 101 重复：第 2 行已经有这个户号',
      en: 'House number 101 is repeated: row 2 has it already',
    });
    expect(result.problems[1]?.zh).toContain('没有这个村：“南村”');
    expect(result.badRows).toEqual([3, 4, 5, 6, 7]);
    expect(result.rows.map((r) => r.row)).toEqual([2]);
  });

  it('refuses a wrong encoding, an old .xls, an empty file and a file over the limit', async () => {
    const utf16 = Buffer.from(CSV, 'utf16le');
    const refusals = await Promise.all(
      [
        utf16,
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(0),
        Buffer.alloc(MAX_ROSTER_BYTES + 1, 0x41),
        Buffer.from([0xb0, 0xa1, 0x80, 0xff, 0xfe]),
      ].map(readTable),
    );
    expect(refusals.map((r) => (r.ok ? 'read' : r.problem.reason))).toEqual([
      'wrong-encoding',
      'old-excel',
      'empty-file',
      'too-large',
      'wrong-encoding',
    ]);
    const wrong = refusals[0];
    expect(wrong?.ok === false && wrong.problem.zh).toContain('文件编码无法识别');
  });

  it('says which required column is not mapped', async () => {
    const table = await read(Buffer.from('姓名,电话\n张三,123\n'));
    const result = checked(table);
    expect(result.importable).toBe(false);
    expect(result.problems.map((p) => p.en)).toEqual([
      'No column is chosen for "house number"',
      'No column is chosen for "head of household"',
      'The township has several villages: choose the "village" column',
    ]);
  });

  it('parses points with at most two decimals', () => {
    expect(['12.5', '1,200', '-3', '0.05', '1.234', 'abc', '1e3'].map(parsePoints)).toEqual([
      1250,
      120000,
      -300,
      5,
      null,
      null,
      null,
    ]);
  });
});

describe('applying a roster', () => {
  let dir: string;
  let store: ServerDb;
  const OFFICER = newId(clock);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-roster-'));
    store = await openServerDb({ sqliteFile: join(dir, 'server.db') });
    await ensureTownship(store.db, { id: T, name: '测试镇', timeZone: 'Asia/Shanghai' });
    await upsertMasterData(store.db, T, { villages: villages.map((v) => ({ ...v, townshipId: T })) });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const apply = async (csv: string) => {
    const result = checked(await read(Buffer.from(csv)));
    expect(result.problems).toEqual([]);
    return store.db
      .transaction()
      .execute((trx) => applyRoster(trx, clock, T, OFFICER, result.rows, 'roster.csv'));
  };
  const counts = async () => ({
    households: (await store.db.selectFrom('households').select('id').execute()).length,
    members: (await store.db.selectFrom('members').select('id').execute()).length,
    entries: (
      await store.db.selectFrom('entries').select('id').where('kind', '=', 'points.opening').execute()
    ).length,
  });

  it('imports households, members and opening balances as server journal entries', async () => {
    expect(await apply(CSV)).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      membersAdded: 4,
      openingEntries: 1,
      openingPoints: 1250,
    });
    expect(await counts()).toEqual({ households: 2, members: 4, entries: 1 });
    const h = await store.db
      .selectFrom('households')
      .select('id')
      .where('number', '=', '101')
      .executeTakeFirstOrThrow();
    const lines = await householdStatement(store.db, T, h.id);
    expect(lines.map((l) => [l.kind, l.points, l.balanceAfter])).toEqual([['points.opening', 1250, 1250]]);
  });

  it('imports the same file again without duplicating anything', async () => {
    expect(await apply(CSV)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2,
      membersAdded: 0,
      openingEntries: 0,
      openingPoints: 0,
    });
    expect(await counts()).toEqual({ households: 2, members: 4, entries: 1 });
  });

  it('updates by house number: a new member, a new head, the opening balance difference', async () => {
    const edited = [
      '村,户号,户主,家庭成员,地址,期初积分',
      '东村,101,李梅,张三、张小明、张小红,东村1组,20',
      '西村,201,王五,,西村3组,',
    ].join('\n');
    expect(await apply(edited)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 1,
      membersAdded: 1,
      openingEntries: 1,
      openingPoints: 750,
    });
    const h = await store.db
      .selectFrom('households')
      .select('id')
      .where('number', '=', '101')
      .executeTakeFirstOrThrow();
    const members = await store.db
      .selectFrom('members')
      .select(['name', 'isHead'])
      .where('householdId', '=', h.id)
      .orderBy('name')
      .execute();
    expect(members.filter((m) => m.isHead === 1).map((m) => m.name)).toEqual(['李梅']);
    expect(members).toHaveLength(4);
    const balance = await store.db
      .selectFrom('balances')
      .select('balance')
      .where('householdId', '=', h.id)
      .executeTakeFirstOrThrow();
    expect(Number(balance.balance)).toBe(2000);
  });
});
