import type { RosterRow } from '../../src/console/people';
import { REQUIRED_FIELDS, type RosterField, type RosterMapping } from './mapping';
import { columnLetter, fileProblem, type ProblemReason, type RosterProblem } from './problems';
import type { RawTable } from './read-table';

export interface RosterCheck {
  rows: RosterRow[];
  problems: RosterProblem[];
  /** Sheet rows with at least one problem (skipped when the officer chooses to). */
  badRows: number[];
  /** Data rows read (after the header). */
  total: number;
  /** False when a problem concerns the whole file: nothing can be imported. */
  importable: boolean;
}

export interface RosterContext {
  villages: { id: string; name: string }[];
}

const FIELD_NAMES: Record<RosterField, [string, string]> = {
  village: ['村', 'village'],
  number: ['户号', 'house number'],
  head: ['户主', 'head of household'],
  members: ['家庭成员', 'members'],
  address: ['地址', 'address'],
  opening: ['期初积分', 'opening balance'],
};

const MAX_LENGTH: Record<RosterField, number> = {
  village: 120,
  number: 40,
  head: 120,
  members: 2000,
  address: 200,
  opening: 20,
};

/**
 * Checks every data row against the mapping and the township, and reports every
 * problem at once (row, column, reason) so the officer can fix the file in one go.
 */
export function checkRoster(
  table: RawTable,
  headerIndex: number,
  mapping: RosterMapping,
  ctx: RosterContext,
): RosterCheck {
  const headers = table.rows[headerIndex]?.cells ?? [];
  const problems: RosterProblem[] = [];
  const fileLevel = (reason: ProblemReason, zh: string, en: string) =>
    problems.push(fileProblem(reason, zh, en));

  for (const f of REQUIRED_FIELDS) {
    if (mapping[f] === null) {
      const [zh, en] = FIELD_NAMES[f];
      fileLevel('unmapped', `没有指定“${zh}”在哪一列`, `No column is chosen for "${en}"`);
    }
  }
  const oneVillage = ctx.villages.length === 1 ? ctx.villages[0] : undefined;
  if (mapping.village === null && !oneVillage) {
    fileLevel(
      'unmapped',
      '乡镇有多个村：请指定“村”在哪一列',
      'The township has several villages: choose the "village" column',
    );
  }
  const dataRows = table.rows.slice(headerIndex + 1);
  if (dataRows.length === 0)
    fileLevel('empty-file', '表头下面没有数据', 'There are no rows under the header');
  if (problems.length > 0)
    return { rows: [], problems, badRows: [], total: dataRows.length, importable: false };

  const villageByName = new Map(ctx.villages.map((v) => [v.name.trim(), v]));
  const seen = new Map<string, number>();
  const rows: RosterRow[] = [];
  const bad = new Set<number>();
  const lastRow = dataRows[dataRows.length - 1]?.row ?? 0;

  const add = (row: number, col: number | null, reason: ProblemReason, zh: string, en: string) => {
    problems.push({
      row,
      column: col === null ? '' : columnLetter(col),
      header: col === null ? '' : (headers[col] ?? ''),
      reason,
      zh,
      en,
    });
    bad.add(row);
  };

  // A merged range over data rows: its value shows on the first row only in Excel.
  for (const m of table.merges) {
    if (m.bottom <= (table.rows[headerIndex]?.row ?? 0) || m.top > lastRow) continue;
    for (let r = Math.max(m.top, (table.rows[headerIndex]?.row ?? 0) + 1); r <= m.bottom; r++) {
      add(
        r,
        m.left,
        'merged-cell',
        `合并单元格 ${m.range}：请取消合并，并在每一行填上内容`,
        `Merged cells ${m.range}: unmerge them and fill in every row`,
      );
    }
  }

  for (const r of dataRows) {
    const cell = (f: RosterField) => {
      const i = mapping[f];
      return i === null ? '' : (r.cells[i] ?? '').trim();
    };
    const before = bad.has(r.row);
    let ok = !before;
    const fail = (f: RosterField, reason: ProblemReason, zh: string, en: string) => {
      add(r.row, mapping[f], reason, zh, en);
      ok = false;
    };
    for (const f of [
      'number',
      'head',
      ...(mapping.village !== null ? (['village'] as const) : []),
    ] as RosterField[]) {
      if (cell(f) === '') {
        const [zh, en] = FIELD_NAMES[f];
        fail(f, 'empty-cell', `“${zh}”是空的`, `"${en}" is empty`);
      }
    }
    for (const f of Object.keys(MAX_LENGTH) as RosterField[]) {
      if (cell(f).length > MAX_LENGTH[f]) {
        const [zh, en] = FIELD_NAMES[f];
        fail(
          f,
          'too-long',
          `“${zh}”太长（最多 ${MAX_LENGTH[f]} 个字）`,
          `"${en}" is too long (at most ${MAX_LENGTH[f]} characters)`,
        );
      }
    }
    let village = oneVillage;
    if (mapping.village !== null && cell('village') !== '') {
      village = villageByName.get(cell('village'));
      if (!village) {
        fail(
          'village',
          'unknown-village',
          `没有这个村：“${cell('village')}”（本乡镇的村：${ctx.villages.map((v) => v.name).join('、')}）`,
          `Unknown village "${cell('village')}" (villages here: ${ctx.villages.map((v) => v.name).join(', ')})`,
        );
      }
    }
    let opening: number | null = null;
    if (cell('opening') !== '') {
      opening = parsePoints(cell('opening'));
      if (opening === null) {
        fail(
          'opening',
          'bad-points',
          `期初积分“${cell('opening')}”不是数字（最多两位小数）`,
          `Opening balance "${cell('opening')}" is not a number (at most two decimals)`,
        );
      }
    }
    const number = cell('number');
    if (village && number) {
      const key = `${village.id}\u0000${number}`;
      const first = seen.get(key);
      if (first !== undefined) {
        fail(
          'number',
          'duplicate-number',
          `户号 ${number} 重复：第 ${first} 行已经有这个户号`,
          `House number ${number} is repeated: row ${first} has it already`,
        );
      } else seen.set(key, r.row);
    }
    if (!ok || !village) continue;
    const head = cell('head');
    rows.push({
      row: r.row,
      villageId: village.id,
      villageName: village.name,
      number,
      head,
      members: splitNames(cell('members')).filter((n) => n !== head),
      address: cell('address'),
      opening,
    });
  }
  problems.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  return {
    rows,
    problems,
    badRows: [...bad].sort((a, b) => a - b),
    total: dataRows.length,
    importable: true,
  };
}

/** 张三、李四, 王五；赵六 — the separators villages use between names. */
function splitNames(s: string): string[] {
  return [
    ...new Set(
      s
        .split(/[、,，;；/\s]+/)
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    ),
  ];
}

/** "12.5", "1,200", "-3" → hundredths; null when it is not a number with at most two decimals. */
export function parsePoints(s: string): number | null {
  const t = s.replace(/[,，\s]/g, '');
  const m = /^(-?)(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -value : value;
}
