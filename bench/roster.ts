import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openServerDb, type ServerDb } from '../server/db/connect';
import { nameInitials } from '../server/households/initials';
import { searchHouseholds } from '../server/households/search';
import { ensureTownship, upsertMasterData } from '../server/master/master-data';
import { applyRoster } from '../server/roster/apply';
import { findHeaderRow, suggestMapping } from '../server/roster/mapping';
import { readTable } from '../server/roster/read-table';
import { checkRoster } from '../server/roster/validate';
import { ManualClock, startOfLocalDay } from '../src/clock';
import type { RosterRow } from '../src/console/people';
import { newId } from '../src/ids';

/**
 * Roster import and household search on the embedded SQLite file (fsync on), in-process,
 * so the figures are server time without the network: an XLSX of 5,000 households and
 * 15,000 members read, checked and applied; then household search (house number, name
 * and pinyin-initial prefixes) at 5,000 and 50,000 households, p50 and p99.
 */
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'秀英华玉兰芳明国建军平志强文杰丽敏静霞红伟刚勇毅俊峰磊超浩宇轩涵梓晨欣怡雨婷佳琪子豪一鸣思远德福春梅桂香金凤海波',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const rand = rng(20261201);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
const name = () => pick(SURNAMES) + pick(GIVEN) + (rand() < 0.7 ? pick(GIVEN) : '');

const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;

async function township(store: ServerDb, clock: ManualClock, villages: number) {
  const t = newId(clock);
  await ensureTownship(store.db, { id: t, name: '基准镇', timeZone: 'Asia/Shanghai' });
  const vs = Array.from({ length: villages }, (_, i) => ({
    id: newId(clock),
    townshipId: t,
    name: `第${i + 1}村`,
  }));
  await upsertMasterData(store.db, t, { villages: vs });
  return { t, villages: vs };
}

async function searchFigures(store: ServerDb, t: string, households: number): Promise<void> {
  const queries: string[] = [];
  for (let i = 0; i < 300; i++) {
    const r = rand();
    if (r < 0.34) queries.push(String(1 + Math.floor(rand() * households)).slice(0, 3));
    else if (r < 0.67) queries.push(pick(SURNAMES) + pick(GIVEN));
    else queries.push(nameInitials(name()).slice(0, 2));
  }
  for (const q of queries.slice(0, 20)) await searchHouseholds(store.db, t, { q, villageId: null });
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    await searchHouseholds(store.db, t, { q, villageId: null });
    times.push(ms(t0));
  }
  console.log(
    `household search at ${households.toLocaleString('en')} households: p50 ${pct(times, 50).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms (${times.length} searches, 50 hits max)`,
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-roster-'));
  const clock = new ManualClock(startOfLocalDay('2026-11-20') + 3_600_000);
  const store = await openServerDb({ sqliteFile: join(dir, 'server.db') });
  try {
    const { t, villages } = await township(store, clock, 10);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['村', '户号', '户主', '家庭成员', '地址', '期初积分']);
    for (let i = 1; i <= 5000; i++) {
      ws.addRow([
        villages[i % 10]!.name,
        i,
        name(),
        `${name()}、${name()}`,
        `${i}号`,
        i % 3 === 0 ? (i % 50) + 0.5 : '',
      ]);
    }
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const t0 = performance.now();
    const read = await readTable(file);
    if (!read.ok) throw new Error(read.problem.en);
    const tRead = ms(t0);
    const header = findHeaderRow(read.table.rows);
    const check = checkRoster(read.table, header, suggestMapping(read.table.rows[header]!.cells), {
      villages,
    });
    const tCheck = ms(t0) - tRead;
    const summary = await store.db
      .transaction()
      .execute((trx) => applyRoster(trx, clock, t, newId(clock), check.rows, 'bench.xlsx'));
    const total = ms(t0);
    console.log(
      `roster import, XLSX ${(file.length / 1024).toFixed(0)} kB, ${summary.created} households / ${summary.membersAdded} members / ${summary.openingEntries} opening entries: ${(total / 1000).toFixed(2)} s (read ${(tRead / 1000).toFixed(2)} s, check ${(tCheck / 1000).toFixed(2)} s, write ${((total - tRead - tCheck) / 1000).toFixed(2)} s)`,
    );
    const t1 = performance.now();
    const again = await store.db
      .transaction()
      .execute((trx) => applyRoster(trx, clock, t, newId(clock), check.rows, 'bench.xlsx'));
    console.log(
      `re-import of the same 5,000 rows: ${(ms(t1) / 1000).toFixed(2)} s, ${again.unchanged} unchanged, ${again.created} created`,
    );
    await searchFigures(store, t, 5000);

    const big = await township(store, clock, 50);
    const rows: RosterRow[] = Array.from({ length: 50_000 }, (_, i) => {
      const v = big.villages[i % 50]!;
      return {
        row: i + 2,
        villageId: v.id,
        villageName: v.name,
        number: String(i + 1),
        head: name(),
        members: [name(), name()],
        address: '',
        opening: null,
      };
    });
    const t2 = performance.now();
    await store.db
      .transaction()
      .execute((trx) => applyRoster(trx, clock, big.t, newId(clock), rows, 'bench'));
    console.log(
      `(seeded 50,000 households / 150,000 members through the same apply in ${(ms(t2) / 1000).toFixed(1)} s)`,
    );
    await searchFigures(store, big.t, 50_000);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
