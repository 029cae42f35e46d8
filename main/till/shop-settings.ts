import type { ShopReceiptSettings } from '../../src/api/settings';
import { type RedemptionWindow, RedemptionWindowSchema } from '../../src/checkout';
import type { TillStore } from '../store';

/**
 * The shop's receipt header, footer and redemption window. They are township master data;
 * a field the township left empty may be set by the shop's manager at the till, kept in
 * the till's settings table (master data pulls overwrite the shops table, not this).
 */
export const LOCAL_SHOP_SETTING = 'shop.local';

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
  const local = store.getSetting<ShopReceiptSettings>(LOCAL_SHOP_SETTING);
  const sets = townshipSets(row);
  return {
    receiptHeader: sets.receiptHeader ? row.receipt_header : (local?.receiptHeader ?? ''),
    receiptFooter: sets.receiptFooter ? row.receipt_footer : (local?.receiptFooter ?? ''),
    redemptionWindow: windowInForce(row.redemption_window, local),
  };
}

/** The redemption window in force: the township's where it set one, else the shop's own. */
function windowInForce(
  townshipWindow: string | null,
  local: ShopReceiptSettings | null,
): RedemptionWindow | null {
  return townshipWindow !== null
    ? RedemptionWindowSchema.parse(JSON.parse(townshipWindow))
    : (local?.redemptionWindow ?? null);
}

/** The shop's stored texts a sale's checks use (read by main/till/sale-facts.ts with other facts). */
export interface StoredSaleRules {
  /** shops.redemption_window of this shop. */
  township: string | null;
  /** The LOCAL_SHOP_SETTING setting. */
  local: string | null;
  /** The ALLOW_NEGATIVE_SETTING setting. */
  negative: string | null;
}

/** What a sale checks of the shop. */
export interface SaleRules {
  window: RedemptionWindow | null;
  sellPastZero: boolean;
}

/**
 * The redemption window in force (as effectiveShop) and whether the shop may sell past
 * zero (allowsNegativeStock, decision 0802), from the stored texts. main/till/sale-facts.ts
 * keeps the result under the master generation, so it is parsed once per change (0486).
 */
export function saleRules(stored: StoredSaleRules): SaleRules {
  const local = stored.local === null ? null : (JSON.parse(stored.local) as ShopReceiptSettings);
  return {
    window: windowInForce(stored.township, local),
    sellPastZero: stored.negative !== null && JSON.parse(stored.negative) === true,
  };
}

export function saveLocalShop(store: TillStore, value: ShopReceiptSettings): void {
  store.setSetting(LOCAL_SHOP_SETTING, value);
}
