import { tillError } from '../errors';

/**
 * Points as integer hundredths: 0.5 pt = 50. Floats never carry value here;
 * a rounding error in a household account is a dispute at the counter.
 */
export type Points = number & { readonly __unit: 'points-hundredths' };

/** Largest single amount the till accepts: ten million points. */
export const MAX_POINTS = 1_000_000_000 as Points;

export const ZERO_POINTS = 0 as Points;

export function points(hundredths: number): Points {
  if (!Number.isSafeInteger(hundredths) || Math.abs(hundredths) > MAX_POINTS) {
    throw tillError('INVALID_AMOUNT', `积分数值无效：${hundredths}`, `Invalid points amount: ${hundredths}`, {
      value: hundredths,
    });
  }
  return hundredths as Points;
}

const POINTS_TEXT = /^(-)?(\d{1,8})(?:\.(\d{1,2}))?$/;

/** Parses what a person types ("12.5", "-3", "0.25") into hundredths; rejects a third decimal. */
export function parsePoints(text: string): Points {
  const m = POINTS_TEXT.exec(text.trim());
  if (!m) {
    throw tillError(
      'INVALID_AMOUNT',
      `积分格式不对：“${text}”（最多两位小数）`,
      `Not a points amount: "${text}" (at most two decimals)`,
      { value: text },
    );
  }
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const value = whole * 100 + frac;
  return points(m[1] ? -value : value);
}

/** 1250 → "12.5", 1200 → "12", -50 → "-0.5", 1205 → "12.05". */
export function formatPoints(p: number): string {
  const sign = p < 0 ? '-' : '';
  const abs = Math.abs(p);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return `${sign}${whole}`;
  const fracText = frac % 10 === 0 ? String(frac / 10) : String(frac).padStart(2, '0');
  return `${sign}${whole}.${fracText}`;
}

/** A strictly positive amount: prices, awards, quantities of points. */
export function positivePoints(hundredths: number): Points {
  const p = points(hundredths);
  if (p <= 0) {
    throw tillError(
      'INVALID_AMOUNT',
      `积分必须大于零：${formatPoints(p)}`,
      `Points must be above zero: ${formatPoints(p)}`,
      {
        value: hundredths,
      },
    );
  }
  return p;
}

export function addPoints(a: Points, b: Points): Points {
  return points(a + b);
}

export function multiplyPoints(unit: Points, qty: number): Points {
  return points(unit * qty);
}
