import { describe, expect, it } from 'vitest';
import {
  divideHalfUp,
  formatPoints,
  formatYuan,
  movingAverageCost,
  parsePoints,
  parseYuan,
  positivePoints,
} from '.';
import type { Fen } from './fen';

describe('points', () => {
  it('parses what a clerk types into hundredths', () => {
    expect(parsePoints('0.5')).toBe(50);
    expect(parsePoints('12.5')).toBe(1250);
    expect(parsePoints('12.05')).toBe(1205);
    expect(parsePoints(' 3 ')).toBe(300);
    expect(parsePoints('-2')).toBe(-200);
  });

  it.each(['', 'abc', '1.234', '1,5', 'NaN', '1e5', '123456789', '.5'])(
    'refuses %j with a bilingual error',
    (text) => {
      try {
        parsePoints(text);
        expect.unreachable();
      } catch (e) {
        expect(e).toMatchObject({ code: 'INVALID_AMOUNT' });
        expect((e as { zh: string }).zh).toMatch(/积分/);
      }
    },
  );

  it('formats without trailing zeros', () => {
    expect(formatPoints(50)).toBe('0.5');
    expect(formatPoints(1200)).toBe('12');
    expect(formatPoints(1205)).toBe('12.05');
    expect(formatPoints(-50)).toBe('-0.5');
  });

  it('refuses zero, negative, NaN and absurd amounts where a positive amount is needed', () => {
    for (const bad of [0, -1, Number.NaN, 0.5, 1e12, Number.POSITIVE_INFINITY]) {
      expect(() => positivePoints(bad)).toThrow(/INVALID_AMOUNT/);
    }
  });
});

describe('yuan', () => {
  it('parses and formats fen', () => {
    expect(parseYuan('12.3')).toBe(1230);
    expect(formatYuan(1230)).toBe('12.30');
    expect(formatYuan(5)).toBe('0.05');
  });

  it('rounds half up and keeps a moving average cost', () => {
    expect(divideHalfUp(5, 2)).toBe(3);
    expect(divideHalfUp(4, 3)).toBe(1);
    // 10 at 1.00 + 5 at 1.50 = 12.50 / 15 = 0.8333.. → 1.17 per unit? no: (1000+750)/15 = 116.67 → 117 fen
    expect(movingAverageCost(10, 100 as Fen, 5, 150 as Fen)).toBe(117);
    expect(movingAverageCost(0, 100 as Fen, 5, 150 as Fen)).toBe(150);
  });
});
