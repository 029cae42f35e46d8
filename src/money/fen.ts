import { tillError } from '../errors';

/** Yuan as integer fen: 1 yuan = 100 fen. Goods carry a yuan cost beside the points price. */
export type Fen = number & { readonly __unit: 'fen' };

export const MAX_FEN = 100_000_000_00 as Fen; // a hundred million yuan

export function fen(value: number): Fen {
  if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_FEN) {
    throw tillError('INVALID_AMOUNT', `金额无效：${value}`, `Invalid yuan amount: ${value}`, { value });
  }
  return value as Fen;
}

const YUAN_TEXT = /^(-)?(\d{1,9})(?:\.(\d{1,2}))?$/;

export function parseYuan(text: string): Fen {
  const m = YUAN_TEXT.exec(text.trim());
  if (!m) {
    throw tillError('INVALID_AMOUNT', `金额格式不对：“${text}”`, `Not a yuan amount: "${text}"`, {
      value: text,
    });
  }
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return fen(m[1] ? -value : value);
}

/** 1234 → "12.34" (always two decimals, as on an invoice). */
export function formatYuan(f: number): string {
  const sign = f < 0 ? '-' : '';
  const abs = Math.abs(f);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer division rounded half up (away from zero for positives), for average costs. */
export function divideHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const abs = Math.abs(numerator);
  return sign * Math.floor((abs * 2 + denominator) / (denominator * 2));
}

/**
 * Moving average cost after a receipt, rounded half up, as the architecture fixes.
 * Stock at or below zero restarts the average from the incoming cost.
 */
export function movingAverageCost(onHand: number, avgCost: Fen, receivedQty: number, unitCost: Fen): Fen {
  if (onHand <= 0) return unitCost;
  return fen(divideHalfUp(onHand * avgCost + receivedQty * unitCost, onHand + receivedQty));
}
