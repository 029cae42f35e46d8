import type { HouseholdDebt, OverdraftView } from '../../src/api/overdraft';
import type { Overdraft } from '../../src/sync/messages';
import { SyncSettings } from '../sync/settings';
import type { TillContext } from './context';

/**
 * Open overdrafts as the last pull brought them, worded for the counter: the household,
 * when and where the overdrawing sale was made. The flag itself is the server's (it sees
 * every till); this till only shows it.
 */
function openOverdrafts(ctx: TillContext): Overdraft[] {
  return new SyncSettings(ctx.store).overdrafts.filter((o) => o.status === 'open');
}

function view(ctx: TillContext, o: Overdraft): OverdraftView & { shopId: string | null } {
  const { store } = ctx;
  const h = store
    .sql(
      `SELECT h.number, (SELECT name FROM members m WHERE m.household_id = h.id ORDER BY is_head DESC, name LIMIT 1) AS head
       FROM households h WHERE h.id = ?`,
    )
    .get(o.householdId) as { number: string; head: string | null } | undefined;
  const entry = store
    .sql(
      'SELECT at, body FROM journal WHERE id = ? UNION ALL SELECT at, body FROM foreign_entries WHERE id = ?',
    )
    .get(o.entryId, o.entryId) as { at: number; body: string } | undefined;
  const body = entry ? (JSON.parse(entry.body) as { shopId?: string; receiptNo?: string }) : {};
  const shopName = body.shopId
    ? ((store.sql('SELECT name FROM shops WHERE id = ?').pluck().get(body.shopId) as string | undefined) ??
      null)
    : null;
  return {
    id: o.id,
    householdId: o.householdId,
    householdNumber: h?.number ?? '',
    headName: h?.head ?? '',
    balanceAfter: o.balanceAfter,
    at: entry?.at ?? null,
    shopName,
    receiptNo: body.receiptNo ?? null,
    detectedAt: o.detectedAt,
    shopId: body.shopId ?? null,
  };
}

/** The debt a household carries, or null when its balance is not below zero. */
export function householdDebt(ctx: TillContext, householdId: string, balance: number): HouseholdDebt | null {
  if (balance >= 0) return null;
  const latest = openOverdrafts(ctx)
    .filter((o) => o.householdId === householdId)
    .sort((a, b) => b.detectedAt - a.detectedAt)[0];
  if (!latest) return { owed: -balance, overdraft: null };
  const { shopId: _shop, ...overdraft } = view(ctx, latest);
  return { owed: -balance, overdraft };
}

/** The shop's open overdrafts: households of its village, and sales this shop made. */
export function shopOverdrafts(ctx: TillContext): OverdraftView[] {
  const village = ctx.store.sql('SELECT village_id FROM shops WHERE id = ?').pluck().get(ctx.shopId) as
    | string
    | undefined;
  const ofVillage = new Set(
    ctx.store
      .sql('SELECT id FROM households WHERE village_id = ?')
      .pluck()
      .all(village ?? '') as string[],
  );
  return openOverdrafts(ctx)
    .map((o) => view(ctx, o))
    .filter((v) => ofVillage.has(v.householdId) || v.shopId === ctx.shopId)
    .map(({ shopId: _shop, ...v }) => v)
    .sort((a, b) => a.householdNumber.localeCompare(b.householdNumber) || (a.at ?? 0) - (b.at ?? 0));
}
