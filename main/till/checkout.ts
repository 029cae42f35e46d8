import type { SaleView } from '../../src/api/contract';
import { type CartLineFacts, checkoutRefusal, localMoment } from '../../src/checkout';
import { tillError } from '../../src/errors';
import type { Entry, EntryBody, SaleLine } from '../../src/journal';
import type { Actor, TillContext } from './context';
import { saleHouseholdFacts, saleView, saleViewOf } from './queries';
import { saleFacts, saleOpening } from './sale-facts';

export interface CheckoutInput {
  saleId: string;
  cardUid: string;
  lines: { productId: string; qty: number }[];
}

/**
 * Commits one redemption in ONE transaction: re-checks card, household status,
 * redemption window, balance and stock against the database as it is now, then
 * appends the sale entry (which writes the sale, its lines, the points entry and the
 * stock moves and updates balance and stock). A refusal writes nothing. A resend of
 * the same saleId is treated the way Stripe treats an idempotency key: the same card and
 * lines get the sale already committed, anything else is refused (SALE_ID_REUSED), so a
 * cart edited after a lost answer is never reported as sold.
 */
export function commitSale(
  ctx: TillContext,
  actor: Actor,
  input: CheckoutInput,
  shiftId: string | null,
  onNew?: OnNewSale,
): SaleView {
  return commit(ctx, actor, input, null, shiftId, onNew);
}

/**
 * Runs inside the sale's transaction for a sale newly appended, never for a resend: the
 * receipt job is queued there, so a crash right after the commit cannot lose it.
 */
export type OnNewSale = (sale: SaleView) => void;

/**
 * A sale for a household found by its checked door plate, without a card (decision 0910):
 * the same checks and the same one transaction; the sale entry names the plate's version
 * instead of a card. The caller has verified the plate and the shop's setting.
 */
export function commitSaleByPlate(
  ctx: TillContext,
  actor: Actor,
  input: { saleId: string; householdId: string; version: number; lines: CheckoutInput['lines'] },
  shiftId: string | null,
  onNew?: OnNewSale,
): SaleView {
  return commit(
    ctx,
    actor,
    { saleId: input.saleId, cardUid: '', lines: input.lines },
    { householdId: input.householdId, version: input.version },
    shiftId,
    onNew,
  );
}

function commit(
  ctx: TillContext,
  actor: Actor,
  input: CheckoutInput,
  plate: { householdId: string; version: number } | null,
  shiftId: string | null,
  onNew: OnNewSale | undefined,
): SaleView {
  const { store } = ctx;
  const appended = store.transaction(() => {
    const opening = saleOpening(ctx, input.saleId, plate ? null : input.cardUid);
    if (opening.resent) {
      refuseChangedResend(ctx, input);
      return null;
    }
    // A plate stands for the household's own card, in good standing: the household's state still counts.
    const card = plate
      ? { uid: '', status: 'active' as const, reason: null, householdId: plate.householdId, memberId: null }
      : opening.card;
    const household = card ? saleHouseholdFacts(ctx, card.householdId, actor.id) : null;
    const facts = saleFacts(ctx, opening.generation);
    const now = store.now();
    // Decision 0802: a shop may sell goods before they are received; the stock card flags them for a count.
    const { window, sellPastZero } = facts.rules;
    // Read with the household; without one the card is refused before the balance counts.
    const balance = household ? household.balance : 0;
    // The check's lines and the entry's, in one pass: no closure or array per step (decision 0462).
    const lines: CartLineFacts[] = [];
    const saleLines: SaleLine[] = [];
    let totalPoints = 0;
    for (const { productId, qty } of mergeLines(input.lines)) {
      const p = facts.product(productId);
      const isService = p.is_service === 1;
      lines.push({
        productId: p.id,
        name: p.name,
        qty,
        unitPoints: p.price_points,
        isService,
        active: p.active === 1,
        stock: isService || sellPastZero ? null : (p.qty ?? 0),
      });
      const points = p.price_points * qty;
      saleLines.push({
        productId: p.id,
        name: p.name,
        qty,
        unitPoints: p.price_points,
        points,
        unitCostFen: isService ? 0 : (p.avg_cost_fen ?? 0),
        isService,
      });
      totalPoints += points;
    }
    const refusal = checkoutRefusal({
      card,
      cardUid: input.cardUid,
      household,
      today: store.businessDate(now),
      moment: localMoment(now, ctx.timeZone),
      window,
      balance,
      lines,
    });
    if (refusal) throw refusal;
    const entry = store.appendNext(input.saleId, (seq) => {
      const h = store.header(actor.id, input.saleId);
      const body: EntryBody<'sale'> = {
        shopId: ctx.shopId,
        householdId: card!.householdId,
        receiptNo: receiptNumber(ctx, seq),
        lines: saleLines,
        totalPoints,
        balanceBefore: balance,
        balanceAfter: balance - totalPoints,
        shiftId,
      };
      // The store's walk (or zod) gives the body the schema's key order, whatever this one's is.
      if (plate) body.doorPlate = { version: plate.version };
      else body.cardUid = input.cardUid;
      // Field by field, not spread: a spread is a generic copy, cold in every sale (decision 0462).
      return {
        id: h.id,
        deviceId: h.deviceId,
        at: h.at,
        businessDate: h.businessDate,
        clerkId: h.clerkId,
        kind: 'sale',
        body,
      };
    }) as Entry<'sale'>;
    // A new sale's view comes from its entry and the names read with the household: its ledger rows are written after the answer.
    const sale = saleViewOf(entry, household!.number, household!);
    onNew?.(sale);
    return sale;
  });
  return appended ?? saleView(ctx, input.saleId);
}

/** A saleId names one cart: a resend must carry the same card and the same goods. */
function refuseChangedResend(ctx: TillContext, input: CheckoutInput): void {
  const stored = ctx.store.sql('SELECT card_uid, receipt_no FROM sales WHERE id = ?').get(input.saleId) as {
    card_uid: string;
    receipt_no: string;
  };
  const storedLines = ctx.store
    .sql('SELECT product_id AS productId, qty FROM sale_lines WHERE sale_id = ?')
    .all(input.saleId) as CheckoutInput['lines'];
  const key = (lines: CheckoutInput['lines']) =>
    JSON.stringify(mergeLines(lines).sort((a, b) => (a.productId < b.productId ? -1 : 1)));
  if (stored.card_uid.toUpperCase() === input.cardUid.toUpperCase() && key(storedLines) === key(input.lines))
    return;
  throw tillError(
    'SALE_ID_REUSED',
    `这笔兑换已经按原来的购物车记账（小票号 ${stored.receipt_no}），之后的改动没有记账`,
    `This sale was already recorded with the earlier cart (receipt ${stored.receipt_no}); later changes were not charged`,
    { saleId: input.saleId, receiptNo: stored.receipt_no },
  );
}

/**
 * Same product scanned twice is one line with the summed quantity, in the order first
 * scanned. One pass, without spreading a Map: this runs in every sale's checks (decision 0486).
 */
function mergeLines(lines: CheckoutInput['lines']): CheckoutInput['lines'] {
  const merged: CheckoutInput['lines'] = [];
  const byProduct = new Map<string, CheckoutInput['lines'][number]>();
  for (const l of lines) {
    const same = byProduct.get(l.productId);
    if (same) same.qty += l.qty;
    else {
      // The sum starts at 0, as it always has.
      const line = { productId: l.productId, qty: 0 + l.qty };
      byProduct.set(l.productId, line);
      merged.push(line);
    }
  }
  return merged;
}

/** shop-device-seq: unique across the township, readable over the phone. */
export function receiptNumber(ctx: TillContext, seq: number): string {
  return `${receiptPrefix(ctx.shopId, ctx.store.deviceId)}${String(seq).padStart(6, '0')}`;
}

let lastPrefix = { shopId: '', deviceId: '', prefix: '--' };

/** "SHOP-DEVI-", made again only when the shop or the device epoch changed (decision 0486). */
function receiptPrefix(shopId: string, deviceId: string): string {
  if (lastPrefix.shopId !== shopId || lastPrefix.deviceId !== deviceId)
    lastPrefix = { shopId, deviceId, prefix: `${shortId(shopId)}-${shortId(deviceId)}-` };
  return lastPrefix.prefix;
}

const shortId = (id: string) => id.replace(/-/g, '').slice(-4).toUpperCase();
