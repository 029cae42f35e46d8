/**
 * The ledger rows a journal entry stands for. Pure and deterministic: the store
 * inserts exactly these rows when it appends an entry, and `verify` derives them
 * again from the hashed journal to find any row edited behind the store's back.
 * Column order matches the tables in main/store/migrations/0001-initial.ts.
 */
export interface LedgerRows {
  points_entries: PointsRow[];
  stock_moves: StockRow[];
  sales: SaleRow[];
  sale_lines: SaleLineRow[];
  sale_reversals: ReversalRow[];
  sale_reversal_lines: ReversalLineRow[];
}

export type PointsKind = 'award' | 'deduction' | 'redemption' | 'reversal' | 'adjustment';
export type StockKind = 'receive' | 'donation' | 'sale' | 'return' | 'adjust' | 'stocktake' | 'write-off';

export interface PointsRow {
  id: string;
  entry_id: string;
  household_id: string;
  amount: number;
  kind: PointsKind;
  rule_id: string | null;
  sale_id: string | null;
  reason: string;
  clerk_id: string | null;
  device_id: string;
  device_seq: number;
  at: number;
  business_date: string;
}

export interface StockRow {
  id: string;
  entry_id: string;
  product_id: string;
  shop_id: string;
  qty: number;
  kind: StockKind;
  unit_cost_fen: number;
  reference: string;
  device_id: string;
  device_seq: number;
  at: number;
}

export interface SaleRow {
  id: string;
  receipt_no: string;
  shop_id: string;
  household_id: string;
  card_uid: string;
  clerk_id: string | null;
  shift_id: string | null;
  total_points: number;
  balance_before: number;
  balance_after: number;
  device_id: string;
  device_seq: number;
  at: number;
  business_date: string;
}

export interface SaleLineRow {
  sale_id: string;
  line_no: number;
  product_id: string;
  name: string;
  qty: number;
  unit_points: number;
  points: number;
  unit_cost_fen: number;
  is_service: number;
}

export interface ReversalRow {
  id: string;
  sale_id: string;
  mode: 'void' | 'return';
  total_points: number;
  reason: string;
  approved_by: string;
  clerk_id: string | null;
  device_id: string;
  device_seq: number;
  at: number;
}

export interface ReversalLineRow {
  reversal_id: string;
  line_no: number;
  product_id: string;
  qty: number;
  points: number;
}

export const LEDGER_TABLES = [
  'points_entries',
  'stock_moves',
  'sales',
  'sale_lines',
  'sale_reversals',
  'sale_reversal_lines',
] as const satisfies readonly (keyof LedgerRows)[];

/**
 * Every column of each table's derived rows: verify asks SQLite for the stored rows as
 * JSON arrays of these and compares them with the derived rows' values picked by the
 * same names (main/store/verify.ts). The type below fails to compile if a row type
 * gains a column this list lacks.
 */
export const LEDGER_COLUMNS = {
  points_entries: [
    'id',
    'entry_id',
    'household_id',
    'amount',
    'kind',
    'rule_id',
    'sale_id',
    'reason',
    'clerk_id',
    'device_id',
    'device_seq',
    'at',
    'business_date',
  ],
  stock_moves: [
    'id',
    'entry_id',
    'product_id',
    'shop_id',
    'qty',
    'kind',
    'unit_cost_fen',
    'reference',
    'device_id',
    'device_seq',
    'at',
  ],
  sales: [
    'id',
    'receipt_no',
    'shop_id',
    'household_id',
    'card_uid',
    'clerk_id',
    'shift_id',
    'total_points',
    'balance_before',
    'balance_after',
    'device_id',
    'device_seq',
    'at',
    'business_date',
  ],
  sale_lines: [
    'sale_id',
    'line_no',
    'product_id',
    'name',
    'qty',
    'unit_points',
    'points',
    'unit_cost_fen',
    'is_service',
  ],
  sale_reversals: [
    'id',
    'sale_id',
    'mode',
    'total_points',
    'reason',
    'approved_by',
    'clerk_id',
    'device_id',
    'device_seq',
    'at',
  ],
  sale_reversal_lines: ['reversal_id', 'line_no', 'product_id', 'qty', 'points'],
} as const satisfies { [T in keyof LedgerRows]: readonly (keyof LedgerRows[T][number])[] };

type Unlisted<T extends keyof LedgerRows> = Exclude<
  keyof LedgerRows[T][number],
  (typeof LEDGER_COLUMNS)[T][number]
>;
export const LEDGER_COLUMNS_COMPLETE: {
  [T in keyof LedgerRows]: [Unlisted<T>] extends [never] ? true : Unlisted<T>;
} = {
  points_entries: true,
  stock_moves: true,
  sales: true,
  sale_lines: true,
  sale_reversals: true,
  sale_reversal_lines: true,
};

export function emptyRows(): LedgerRows {
  return {
    points_entries: [],
    stock_moves: [],
    sales: [],
    sale_lines: [],
    sale_reversals: [],
    sale_reversal_lines: [],
  };
}
