import { Dexie, type Table } from 'dexie';
import type { ProductView } from '../../src/api/contract';

export interface DraftLine {
  product: ProductView;
  qty: number;
}

/**
 * The cart being built, one per till. It carries the saleId made when the cart started,
 * so a commit resent after a reload or a power cut is the same sale, never a second one.
 */
export interface Draft {
  key: 'current';
  saleId: string;
  cardUid: string;
  householdId: string;
  lines: DraftLine[];
  startedAt: number;
  updatedAt: number;
}

class TillDb extends Dexie {
  drafts!: Table<Draft, string>;
  constructor() {
    // Strict durability: the write reaches disk before the promise settles (power cuts).
    super('jifen-till', { chromeTransactionDurability: 'strict' });
    this.version(1).stores({ drafts: 'key' });
  }
}

const db = new TillDb();

export const drafts = {
  load: (): Promise<Draft | undefined> => db.drafts.get('current'),
  save: async (draft: Draft): Promise<void> => {
    await db.drafts.put(draft);
  },
  clear: (): Promise<void> => db.drafts.delete('current'),
};
