import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../journal';
import { deriveLedgerRows, deriveStateRows } from './projection';

const header = (seq: number) => ({
  id: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
  deviceId: '01900000-0000-7000-8000-00000000d001',
  seq,
  at: 1_700_000_000_000 + seq,
  businessDate: '2024-03-01',
  clerkId: null,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

/** A sale of `n` lines, every third a service, products repeating (line 10 sorts before line 2 by id). */
function sale(n: number): JournalEntry {
  const lines = Array.from({ length: n }, (_, i) => ({
    productId: `01900000-0000-7000-8000-0000000000${String(i % 4).padStart(2, '0')}`,
    name: `商品${i}`,
    qty: 1 + (i % 3),
    unitPoints: 100,
    points: 100 * (1 + (i % 3)),
    unitCostFen: 50 + i,
    isService: i % 3 === 2,
  }));
  const total = lines.reduce((s, l) => s + l.points, 0);
  return {
    ...header(n),
    kind: 'sale',
    body: {
      shopId: '01900000-0000-7000-8000-00000000a001',
      householdId: '01900000-0000-7000-8000-00000000b001',
      cardUid: '04A1B2C3',
      receiptNo: `R-${n}`,
      lines,
      totalPoints: total,
      balanceBefore: 100_000,
      balanceAfter: 100_000 - total,
      shiftId: null,
    },
  };
}

describe('deriveStateRows', () => {
  it('gives exactly the points and stock rows of deriveLedgerRows, in their order, for sales of 1 to 12 lines and other kinds', () => {
    const award: JournalEntry = {
      ...header(99),
      kind: 'points.award',
      body: {
        householdId: '01900000-0000-7000-8000-00000000b001',
        memberId: null,
        ruleId: null,
        amount: 500,
        reason: '志愿服务',
        proposedBy: null,
        approvedBy: '01900000-0000-7000-8000-00000000c001',
        reverses: null,
      },
    };
    for (const e of [...Array.from({ length: 12 }, (_, i) => sale(i + 1)), award]) {
      const all = deriveLedgerRows(e);
      const state = deriveStateRows(e);
      expect(state.points_entries).toEqual(all.points_entries);
      expect(state.stock_moves).toEqual(all.stock_moves);
      // Key order too: the rows are written by LEDGER_COLUMNS, but a row is a row.
      expect(state.stock_moves.map((m) => Object.keys(m))).toEqual(
        all.stock_moves.map((m) => Object.keys(m)),
      );
    }
    expect(deriveStateRows(sale(12)).stock_moves.map((m) => m.id.split(':')[1])).toEqual([
      '1',
      '10',
      '11',
      '2',
      '4',
      '5',
      '7',
      '8',
    ]);
  });
});
