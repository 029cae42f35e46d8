/**
 * Month-end reconciliation math, pure: the server aggregates ledger lines with SQL
 * (GROUP BY village, shop, category, kind) and this module pivots those groups into
 * the report. Points are hundredths, money is fen, both integers.
 */
export type LineKind = 'issued' | 'deducted' | 'redeemed' | 'reversed' | 'voided';
export const LINE_KINDS: readonly LineKind[] = ['issued', 'deducted', 'redeemed', 'reversed', 'voided'];

export interface LedgerGroup {
  villageId: string | null;
  shopId: string | null;
  category: string;
  kind: LineKind;
  points: number;
  costFen: number;
  count: number;
}

export type KindTotals = Record<LineKind, number>;

export interface ReportRow extends KindTotals {
  key: string;
  name: string;
  /** Net effect on household balances. */
  net: number;
  goodsCostFen: number;
}

export interface DeviceSyncRow {
  deviceId: string;
  name: string;
  shopName: string;
  lastSyncAt: number | null;
  lastSeq: number;
  /** The till's clock minus the server's at its last signed request (ms); null before one. */
  clockSkewMs: number | null;
  syncedPastCutoff: boolean;
}

export interface PeriodReport {
  townshipId: string;
  townshipName: string;
  period: string;
  /** First instant after the month, township time. */
  cutoff: number;
  generatedAt: number;
  closed: boolean;
  totals: ReportRow & { entries: number; lateEntries: number };
  byVillage: ReportRow[];
  byShop: ReportRow[];
  byCategory: { category: string; kind: LineKind; points: number; count: number }[];
  stock: { shopId: string; name: string; qty: number; valueFen: number }[];
  stockValueFen: number;
  /** Sum of every household balance after this period (all periods up to it). */
  closingBalance: number;
  overdrafts: {
    householdId: string;
    householdNumber: string;
    entryId: string;
    deviceId: string;
    balanceAfter: number;
  }[];
  voids: { entryId: string; shopName: string; householdNumber: string; points: number; costFen: number }[];
  devices: DeviceSyncRow[];
}

const emptyTotals = (): KindTotals => ({ issued: 0, deducted: 0, redeemed: 0, reversed: 0, voided: 0 });

function rollUp(
  groups: LedgerGroup[],
  keyOf: (g: LedgerGroup) => string,
  nameOf: (key: string) => string,
): ReportRow[] {
  const rows = new Map<string, ReportRow>();
  for (const g of groups) {
    const key = keyOf(g);
    let row = rows.get(key);
    if (!row) {
      row = { key, name: nameOf(key), ...emptyTotals(), net: 0, goodsCostFen: 0 };
      rows.set(key, row);
    }
    row[g.kind] += g.points;
    row.net += g.points;
    row.goodsCostFen += g.costFen;
  }
  return [...rows.values()].sort(
    (a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key),
  );
}

export function pivot(
  groups: LedgerGroup[],
  names: { village(id: string): string; shop(id: string): string },
): Pick<PeriodReport, 'byVillage' | 'byShop' | 'byCategory'> & { totals: ReportRow } {
  const totals = rollUp(
    groups,
    () => 'total',
    () => '合计 Total',
  )[0] ?? {
    key: 'total',
    name: '合计 Total',
    ...emptyTotals(),
    net: 0,
    goodsCostFen: 0,
  };
  const byCategory = new Map<string, { category: string; kind: LineKind; points: number; count: number }>();
  for (const g of groups) {
    const k = `${g.kind}\u0000${g.category}`;
    const row = byCategory.get(k) ?? { category: g.category, kind: g.kind, points: 0, count: 0 };
    row.points += g.points;
    row.count += g.count;
    byCategory.set(k, row);
  }
  return {
    totals,
    byVillage: rollUp(
      groups,
      (g) => g.villageId ?? '-',
      (k) => (k === '-' ? '(未知村 unknown)' : names.village(k)),
    ),
    byShop: rollUp(
      groups,
      (g) => g.shopId ?? '-',
      (k) => (k === '-' ? '乡镇 Township' : names.shop(k)),
    ),
    byCategory: [...byCategory.values()].sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.category.localeCompare(b.category),
    ),
  };
}
