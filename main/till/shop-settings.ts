import type { ShopReceiptSettings } from '../../src/api/settings';
import { RedemptionWindowSchema } from '../../src/checkout';
import type { TillStore } from '../store';

/**
 * The shop's receipt header, footer and redemption window. They are township master data;
 * a field the township left empty may be set by the shop's manager at the till, kept in
 * the till's settings table (master data pulls overwrite the shops table, not this).
 */
const LOCAL_KEY = 'shop.local';

interface ShopRow {
  receipt_header: string;
  receipt_footer: string;
  redemption_window: string | null;
}

export function townshipShop(store: TillStore, shopId: string): ShopRow {
  return (
    (store
      .sql('SELECT receipt_header, receipt_footer, redemption_window FROM shops WHERE id = ?')
      .get(shopId) as ShopRow | undefined) ?? {
      receipt_header: '',
      receipt_footer: '',
      redemption_window: null,
    }
  );
}

export function townshipSets(row: ShopRow) {
  return {
    receiptHeader: row.receipt_header.trim() !== '',
    receiptFooter: row.receipt_footer.trim() !== '',
    redemptionWindow: row.redemption_window !== null,
  };
}

/** What is in force: the township's value where it set one, else the shop's own. */
export function effectiveShop(store: TillStore, shopId: string): ShopReceiptSettings {
  const row = townshipShop(store, shopId);
  const local = store.getSetting<ShopReceiptSettings>(LOCAL_KEY);
  const sets = townshipSets(row);
  return {
    receiptHeader: sets.receiptHeader ? row.receipt_header : (local?.receiptHeader ?? ''),
    receiptFooter: sets.receiptFooter ? row.receipt_footer : (local?.receiptFooter ?? ''),
    redemptionWindow: sets.redemptionWindow
      ? RedemptionWindowSchema.parse(JSON.parse(row.redemption_window!))
      : (local?.redemptionWindow ?? null),
  };
}

export function saveLocalShop(store: TillStore, value: ShopReceiptSettings): void {
  store.setSetting(LOCAL_KEY, value);
}
