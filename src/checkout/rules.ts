import type { CardStatus } from '../api/contract';
import { addDays } from '../clock';
import { type TillError, tillError } from '../errors';
import { formatPoints } from '../money';
import { describeWindow, isWindowOpen, type LocalMoment, type RedemptionWindow } from './redemption-window';

/**
 * Can this household take this cart now? Pure: the till gathers the facts inside the
 * checkout transaction and asks here; the same rules run in the renderer for the
 * preview, so the clerk sees a refusal before pressing confirm.
 */
export interface CardFacts {
  uid: string;
  status: CardStatus;
  reason: string | null;
}

export interface HouseholdFacts {
  id: string;
  number: string;
  status: 'active' | 'closed';
  /** First day redemption is allowed again; null when not suspended. */
  resumesOn: string | null;
  suspensionReason: string | null;
}

export interface CartLineFacts {
  productId: string;
  name: string;
  qty: number;
  unitPoints: number;
  isService: boolean;
  active: boolean;
  /** On hand at this shop; null for services, and for goods the shop may sell past zero (decision 0802). */
  stock: number | null;
}

export interface CheckoutFacts {
  card: CardFacts | null;
  cardUid: string;
  household: HouseholdFacts | null;
  today: string;
  moment: LocalMoment;
  window: RedemptionWindow | null;
  balance: number;
  lines: CartLineFacts[];
}

/** Refusal for the card and household alone (shown as soon as the card is tapped). */
export function cardRefusal(
  cardUid: string,
  card: CardFacts | null,
  household: HouseholdFacts | null,
  today: string,
): TillError | null {
  if (!card || !household) {
    return tillError('UNKNOWN_CARD', `此卡未登记：${cardUid}`, `This card is not registered: ${cardUid}`, {
      uid: cardUid,
    });
  }
  const why = card.reason ? `（${card.reason}）` : '';
  const whyEn = card.reason ? ` (${card.reason})` : '';
  if (card.status === 'lost') {
    return tillError(
      'CARD_LOST',
      `此卡已挂失，不能兑换${why}`,
      `This card was reported lost and cannot redeem${whyEn}`,
      {
        uid: cardUid,
      },
    );
  }
  if (card.status === 'blocked') {
    return tillError(
      'CARD_BLOCKED',
      `此卡已冻结，不能兑换${why}`,
      `This card is blocked and cannot redeem${whyEn}`,
      {
        uid: cardUid,
      },
    );
  }
  if (card.status === 'replaced') {
    return tillError(
      'CARD_REPLACED',
      '此卡已换新卡，请使用新卡',
      'This card was replaced; please use the new card',
      {
        uid: cardUid,
      },
    );
  }
  if (household.status === 'closed') {
    return tillError(
      'HOUSEHOLD_CLOSED',
      `${household.number} 户账户已注销`,
      `Household ${household.number} is closed`,
      {
        householdId: household.id,
      },
    );
  }
  if (household.resumesOn && household.resumesOn > today) {
    const lastDay = addDays(household.resumesOn, -1);
    const reason = household.suspensionReason ?? '';
    return tillError(
      'HOUSEHOLD_SUSPENDED',
      `${household.number} 户暂停兑换至 ${lastDay}（${household.resumesOn} 起恢复）${reason ? `：${reason}` : ''}`,
      `Household ${household.number} is suspended from redemption until ${lastDay} (resumes ${household.resumesOn})${reason ? `: ${reason}` : ''}`,
      { householdId: household.id, lastSuspendedDay: lastDay, resumesOn: household.resumesOn },
    );
  }
  return null;
}

/** The first reason this checkout cannot happen, or null when it can. */
export function checkoutRefusal(f: CheckoutFacts): TillError | null {
  const cardProblem = cardRefusal(f.cardUid, f.card, f.household, f.today);
  if (cardProblem) return cardProblem;
  if (!isWindowOpen(f.window, f.moment)) {
    const w = describeWindow(f.window!);
    return tillError(
      'OUTSIDE_REDEMPTION_WINDOW',
      `现在不在兑换时间内（兑换时间：${w.zh}）`,
      `Outside the redemption window (open: ${w.en})`,
      { window: f.window },
    );
  }
  if (f.lines.length === 0) return tillError('EMPTY_CART', '购物清单是空的', 'The cart is empty');
  const wanted = new Map<string, { line: CartLineFacts; qty: number }>();
  for (const line of f.lines) {
    if (!line.active) {
      return tillError('PRODUCT_INACTIVE', `${line.name} 已停止兑换`, `${line.name} is no longer offered`, {
        productId: line.productId,
      });
    }
    const w = wanted.get(line.productId);
    wanted.set(line.productId, { line, qty: (w?.qty ?? 0) + line.qty });
  }
  for (const { line, qty } of wanted.values()) {
    if (!line.isService && line.stock !== null && line.stock < qty) {
      const has = Math.max(line.stock ?? 0, 0);
      return tillError(
        'OUT_OF_STOCK',
        `${line.name} 库存不足：现有 ${has}，需要 ${qty}`,
        `${line.name} is out of stock: ${has} on hand, ${qty} wanted`,
        { productId: line.productId, onHand: has, wanted: qty },
      );
    }
  }
  const total = cartTotal(f.lines);
  if (total > f.balance) {
    return tillError(
      'INSUFFICIENT_POINTS',
      `积分不足：现有 ${formatPoints(f.balance)} 分，需要 ${formatPoints(total)} 分`,
      `Not enough points: has ${formatPoints(f.balance)}, needs ${formatPoints(total)}`,
      { balance: f.balance, needed: total },
    );
  }
  return null;
}

export function cartTotal(lines: readonly { qty: number; unitPoints: number }[]): number {
  return lines.reduce((sum, l) => sum + l.qty * l.unitPoints, 0);
}
