/**
 * The roster fields the township needs and the headers villages write for them. A
 * mapping says which column holds each field; the officer confirms or changes the
 * suggestion before the preview.
 */
import { ROSTER_FIELDS, type RosterField, type RosterMapping } from '../../src/console/people';

export { ROSTER_FIELDS, type RosterField, type RosterMapping };

const ALIASES: Record<RosterField, string[]> = {
  village: ['村', '村名', '所属村', '村委会', '村组', '行政村', 'village'],
  number: ['户号', '门牌号', '户编号', '家庭编号', '编号', 'housenumber', 'householdnumber', 'number'],
  head: ['户主', '户主姓名', '户主名', 'head', 'headofhousehold'],
  members: ['家庭成员', '成员', '其他成员', '家庭成员姓名', 'members'],
  address: ['地址', '住址', '家庭住址', '详细地址', 'address'],
  opening: [
    '期初积分',
    '期初余额',
    '原有积分',
    '积分余额',
    '已有积分',
    '剩余积分',
    'openingbalance',
    'opening',
  ],
};

export const REQUIRED_FIELDS: readonly RosterField[] = ['number', 'head'];

const norm = (h: string) =>
  h
    .toLowerCase()
    .replace(/[\s_\-:：()（）*＊]/g, '')
    .trim();

/** Exact header matches first, then a header that contains an alias (户主姓名（必填）). */
export function suggestMapping(headers: string[]): RosterMapping {
  const mapping = Object.fromEntries(ROSTER_FIELDS.map((f) => [f, null])) as RosterMapping;
  const taken = new Set<number>();
  const normalised = headers.map(norm);
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of ROSTER_FIELDS) {
      if (mapping[field] !== null) continue;
      const i = normalised.findIndex(
        (h, idx) =>
          !taken.has(idx) &&
          h !== '' &&
          ALIASES[field].some((a) => (pass === 'exact' ? h === a : h.includes(a))),
      );
      if (i >= 0) {
        mapping[field] = i;
        taken.add(i);
      }
    }
  }
  return mapping;
}

/** The header row: the first of the top ten rows that names at least two fields, else the first row. */
export function findHeaderRow(rows: { row: number; cells: string[] }[]): number {
  for (const [i, r] of rows.slice(0, 10).entries()) {
    const m = suggestMapping(r.cells);
    if (Object.values(m).filter((v) => v !== null).length >= 2) return i;
  }
  return 0;
}
