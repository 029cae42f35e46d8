import { create } from 'zustand';
import type { CardView, HouseholdView, ProductView, SaleView } from '../../src/api/contract';
import { hasCheckDigit, isValidGtin } from '../../src/barcode';
import { systemClock } from '../../src/clock';
import type { SerializedTillError } from '../../src/errors';
import { newId } from '../../src/ids';
import { till, toTillError } from '../api';
import { type DraftLine, drafts } from '../db/drafts';
import { fromTillError, isTransportFailure, localRefusal, type Refusal } from './refusal';

export type CounterPhase = 'waiting' | 'looking-up' | 'cart' | 'committing' | 'done' | 'refused';

interface CounterState {
  phase: CounterPhase;
  card: CardView | null;
  household: HouseholdView | null;
  saleId: string | null;
  lines: DraftLine[];
  selected: string | null;
  /** Why this household cannot redeem now (card or household state): the cart stays shut. */
  blocked: Refusal | null;
  /** The last thing that went wrong while building or committing the cart. */
  notice: Refusal | null;
  sale: SaleView | null;
  /** The door plate that opened this cart, when there was no card (decision 0910). */
  plate: string | null;
  /** `pushed` is the card view the till sent with the tap, when it did. */
  cardTapped(uid: string, pushed?: CardView, failed?: SerializedTillError): Promise<void>;
  restore(): Promise<void>;
  /** A scanned door plate: opens the household's cart when the plate is valid and the shop allows it. */
  plateScanned(text: string): Promise<void>;
  scan(code: string): Promise<void>;
  add(product: ProductView): void;
  setQty(productId: string, qty: number): void;
  select(productId: string | null): void;
  remove(productId: string): void;
  cancel(): Promise<void>;
  commit(): Promise<void>;
  next(): void;
  dismissNotice(): void;
}

export const cartTotal = (lines: DraftLine[]): number =>
  lines.reduce((sum, l) => sum + l.product.pricePoints * l.qty, 0);

function cardRefusal(card: CardView): Refusal | null {
  const uid = card.uid;
  const why = { uid, memberName: card.memberName, reason: card.reason };
  if (card.status === 'lost') return localRefusal('CARD_LOST', why);
  if (card.status === 'blocked') return localRefusal('CARD_BLOCKED', why);
  if (card.status === 'replaced') return localRefusal('CARD_REPLACED', { uid, memberName: card.memberName });
  if (!card.household) return localRefusal('UNKNOWN_CARD', { uid });
  return null;
}

function householdRefusal(h: HouseholdView): Refusal | null {
  if (h.status === 'closed') return localRefusal('HOUSEHOLD_CLOSED', { number: h.number });
  if (h.status === 'suspended') {
    return localRefusal('HOUSEHOLD_SUSPENDED', {
      number: h.number,
      resumesOn: h.resumesOn,
      reason: h.suspensionReason,
    });
  }
  return null;
}

export const useCounter = create<CounterState>()((set, get) => {
  async function persist(): Promise<void> {
    const { saleId, card, household, lines, plate } = get();
    // A plate cart is not kept as a draft: it is resumed by scanning the plate again.
    if (!saleId || !card || !household || plate) return;
    const now = Date.now();
    const existing = await drafts.load();
    await drafts.save({
      key: 'current',
      saleId,
      cardUid: card.uid,
      householdId: household.id,
      lines,
      startedAt: existing?.saleId === saleId ? existing.startedAt : now,
      updatedAt: now,
    });
  }

  async function open(
    uid: string,
    resumed: { saleId: string; lines: DraftLine[] } | null,
    pushed?: CardView,
    failed?: SerializedTillError,
  ): Promise<void> {
    if (failed) {
      // The till could not read its ledger for this card: refuse, as a failed lookup does.
      set({
        phase: 'refused',
        card: null,
        household: null,
        plate: null,
        blocked: fromTillError(toTillError(failed)),
      });
      return;
    }
    set({ phase: 'looking-up', notice: null, blocked: null, sale: null, plate: null });
    let card: CardView;
    try {
      card = pushed ?? (await till.call('card.lookup', { uid }));
    } catch (e) {
      set({ phase: 'refused', card: null, household: null, blocked: fromTillError(toTillError(e)) });
      return;
    }
    const refusal = cardRefusal(card);
    if (refusal) {
      set({ phase: 'refused', card, household: null, blocked: refusal, lines: [], saleId: null });
      if (resumed) await drafts.clear();
      return;
    }
    const household = card.household!;
    set({
      phase: 'cart',
      card,
      household,
      blocked: householdRefusal(household),
      saleId: resumed?.saleId ?? newId(systemClock),
      lines: resumed?.lines ?? [],
      selected: resumed?.lines.at(-1)?.product.id ?? null,
    });
    await persist();
  }

  function change(lines: DraftLine[], selected: string | null): void {
    set({ lines, selected, notice: null });
    void persist();
  }

  return {
    phase: 'waiting',
    card: null,
    household: null,
    saleId: null,
    lines: [],
    selected: null,
    blocked: null,
    notice: null,
    sale: null,
    plate: null,

    async plateScanned(text) {
      const { phase, lines } = get();
      if (phase === 'looking-up' || phase === 'committing') return;
      if (phase === 'cart' && lines.length > 0) {
        set({ notice: localRefusal('CART_IN_PROGRESS', { uid: '' }) });
        return;
      }
      set({ phase: 'looking-up', notice: null, blocked: null, sale: null });
      try {
        const { household } = await till.call('plate.forSale', { plate: text });
        set({
          phase: 'cart',
          plate: text,
          card: { uid: '', status: 'active', memberName: null, household, reason: null },
          household,
          blocked: householdRefusal(household),
          saleId: newId(systemClock),
          lines: [],
          selected: null,
        });
      } catch (e) {
        set({
          phase: 'refused',
          card: null,
          household: null,
          plate: null,
          blocked: fromTillError(toTillError(e)),
        });
      }
    },

    async cardTapped(uid, pushed, failed) {
      const { phase, card, lines } = get();
      if (phase === 'looking-up' || phase === 'committing') return;
      if (phase === 'cart' && card?.uid === uid.toUpperCase() && !get().plate) return;
      if (phase === 'cart' && lines.length > 0) {
        set({ notice: localRefusal('CART_IN_PROGRESS', { uid }) });
        return;
      }
      await open(uid, null, pushed, failed);
    },

    async restore() {
      const draft = await drafts.load();
      if (!draft || get().phase !== 'waiting') return;
      await open(draft.cardUid, { saleId: draft.saleId, lines: draft.lines });
    },

    async scan(code) {
      if (get().phase !== 'cart') return;
      if (hasCheckDigit(code) && !isValidGtin(code)) {
        set({ notice: localRefusal('BAD_BARCODE', { code }) });
        return;
      }
      try {
        get().add(await till.call('catalog.byBarcode', { code }));
      } catch (e) {
        set({ notice: fromTillError(toTillError(e)) });
      }
    },

    add(product) {
      const { phase, blocked, lines } = get();
      if (phase !== 'cart') return;
      if (blocked) {
        set({ notice: blocked });
        return;
      }
      const line = lines.find((l) => l.product.id === product.id);
      const qty = (line?.qty ?? 0) + 1;
      if (product.stock !== null && qty > product.stock) {
        set({ notice: localRefusal('OUT_OF_STOCK', { name: product.name, stock: product.stock }) });
        return;
      }
      const next = line
        ? lines.map((l) => (l.product.id === product.id ? { product, qty } : l))
        : [...lines, { product, qty }];
      change(next, product.id);
    },

    setQty(productId, qty) {
      const { lines } = get();
      const line = lines.find((l) => l.product.id === productId);
      if (!line) return;
      if (qty <= 0) return get().remove(productId);
      if (line.product.stock !== null && qty > line.product.stock) {
        set({ notice: localRefusal('OUT_OF_STOCK', { name: line.product.name, stock: line.product.stock }) });
        return;
      }
      change(
        lines.map((l) => (l.product.id === productId ? { ...l, qty: Math.min(qty, 9999) } : l)),
        productId,
      );
    },

    select(productId) {
      set({ selected: productId });
    },

    remove(productId) {
      const lines = get().lines.filter((l) => l.product.id !== productId);
      change(lines, lines.at(-1)?.product.id ?? null);
    },

    async cancel() {
      await drafts.clear();
      set({
        phase: 'waiting',
        card: null,
        household: null,
        saleId: null,
        lines: [],
        blocked: null,
        notice: null,
        plate: null,
      });
    },

    async commit() {
      const { phase, saleId, card, lines, blocked, household } = get();
      if (phase !== 'cart' || !saleId || !card || lines.length === 0) return;
      if (blocked) {
        set({ notice: blocked });
        return;
      }
      const total = cartTotal(lines);
      if (household && total > household.balance) {
        set({ notice: localRefusal('INSUFFICIENT_POINTS', { has: household.balance, needs: total }) });
        return;
      }
      set({ phase: 'committing', notice: null });
      try {
        const items = lines.map((l) => ({ productId: l.product.id, qty: l.qty }));
        const { plate } = get();
        const sale = plate
          ? await till.call('checkout.commitByPlate', { saleId, plate, lines: items })
          : await till.call('checkout.commit', { saleId, cardUid: card.uid, lines: items });
        // Show the sale first: a draft left behind by a crash here resends the same saleId,
        // which the till answers with this very sale.
        set({ phase: 'done', sale, lines: [], saleId: null, selected: null });
        await drafts.clear();
      } catch (e) {
        const err = toTillError(e);
        if (err.code === 'DUPLICATE_ENTRY' || err.code === 'SALE_ID_REUSED') {
          // The till already has this sale (the answer was lost on the way, and perhaps the
          // cart was edited since): show what really was charged, and say so when it differs.
          try {
            const sale = await till.call('sale.get', { saleId });
            await drafts.clear();
            const notice = err.code === 'SALE_ID_REUSED' ? fromTillError(err) : null;
            set({ phase: 'done', sale, notice, lines: [], saleId: null, selected: null });
            return;
          } catch {
            // fall through and show the refusal
          }
        }
        set({ phase: 'cart', notice: fromTillError(err) });
        if (!isTransportFailure(err) && err.code !== 'NOT_LOGGED_IN') await persist();
      }
    },

    next() {
      set({
        phase: 'waiting',
        card: null,
        household: null,
        sale: null,
        blocked: null,
        notice: null,
        plate: null,
      });
    },

    dismissNotice() {
      set({ notice: null });
    },
  };
});
