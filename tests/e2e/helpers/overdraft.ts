import { join } from 'node:path';
import { TillStore } from '../../../main/store';
import { applyPull } from '../../../main/sync/apply-pull';
import { SyncSettings } from '../../../main/sync/settings';
import { businessDate, systemClock } from '../../../src/clock';
import { newId } from '../../../src/ids';
import { entryHash, GENESIS_HASH, type JournalEntry } from '../../../src/journal';

export interface PulledOverdraft {
  householdId: string;
  saleId: string;
  shopName: string;
  receiptNo: string;
  at: number;
  balanceAfter: number;
}

/**
 * What a pull brings after two offline tills redeemed the same points: the other shop's
 * sale (a foreign entry, hash-checked by the store) that takes the household `below`
 * hundredths under zero, and the township's overdraft flag. Applied to a stopped till's
 * database through the sync client's own applyPull.
 */
export function pullOverdraft(dataDir: string, cardUid: string, below: number, at: number): PulledOverdraft {
  const store = new TillStore(join(dataDir, 'till.db'));
  try {
    const card = store.sql('SELECT household_id FROM cards WHERE uid = ?').get(cardUid) as {
      household_id: string;
    };
    const householdId = card.household_id;
    const ownShop = store.getSetting<string>('shop.id');
    const shop = store.sql('SELECT id, name FROM shops WHERE id <> ? ORDER BY name LIMIT 1').get(ownShop) as {
      id: string;
      name: string;
    };
    const product = store
      .sql('SELECT id, name, price_points FROM products WHERE is_service = 0 ORDER BY name LIMIT 1')
      .get() as { id: string; name: string; price_points: number };
    const balance = store.balance(householdId);
    const total = balance + below;
    const clock = { now: () => at };
    const deviceId = newId(clock);
    const receiptNo = `${shop.id.slice(-4).toUpperCase()}-${deviceId.slice(-4).toUpperCase()}-000001`;
    const unhashed: Omit<JournalEntry, 'hash'> = {
      id: newId(clock),
      deviceId,
      seq: 1,
      at,
      businessDate: businessDate(at),
      clerkId: null,
      kind: 'sale',
      body: {
        shopId: shop.id,
        householdId,
        cardUid,
        receiptNo,
        lines: [
          {
            productId: product.id,
            name: product.name,
            qty: 1,
            unitPoints: total,
            points: total,
            unitCostFen: 0,
            isService: false,
          },
        ],
        totalPoints: total,
        balanceBefore: total,
        balanceAfter: 0,
        shiftId: null,
      },
      prevHash: GENESIS_HASH,
    } as Omit<JournalEntry, 'hash'>;
    const entry = { ...unhashed, hash: entryHash(unhashed) } as JournalEntry;
    const settings = new SyncSettings(store);
    applyPull(store, settings, {
      serverTime: systemClock.now(),
      cursor: settings.cursor + 1,
      more: false,
      masterVersion: settings.masterVersion,
      master: null,
      entries: [entry],
      overdrafts: [
        {
          id: newId(clock),
          householdId,
          entryId: entry.id,
          deviceId,
          balanceAfter: -below,
          period: businessDate(at).slice(0, 7),
          detectedAt: at,
          status: 'open',
        },
      ],
      lockedPeriods: [],
    });
    return {
      householdId,
      saleId: entry.id,
      shopName: shop.name,
      receiptNo,
      at,
      balanceAfter: store.balance(householdId),
    };
  } finally {
    store.close();
  }
}
