import { describe, expect, it } from 'vitest';
import { TillError } from './errors';
import { assertPinAllowed, pinProblem } from './pin-policy';

describe('pin policy', () => {
  it('refuses short, common, repeated and sequential PINs with a reason', () => {
    expect(pinProblem('1234')).toBe('too-short');
    expect(pinProblem('0000')).toBe('too-short');
    expect(pinProblem('12a456')).toBe('not-digits');
    expect(pinProblem('123456789')).toBe('too-long');
    expect(pinProblem('000000')).toBe('repeated');
    expect(pinProblem('111111')).toBe('repeated');
    expect(pinProblem('123456')).toBe('sequence');
    expect(pinProblem('987654')).toBe('sequence');
    expect(pinProblem('890123')).toBe('sequence');
    expect(pinProblem('121212')).toBe('pattern');
    expect(pinProblem('123123')).toBe('pattern');
    expect(pinProblem('112233')).toBe('pattern');
    expect(pinProblem('520520')).toBe('pattern');
    expect(pinProblem('131420')).toBe('common');
  });

  it('accepts an ordinary six to eight digit PIN', () => {
    for (const pin of ['602817', '4071936', '93048215']) expect(pinProblem(pin)).toBeNull();
    expect(() => assertPinAllowed('602817')).not.toThrow();
  });

  it('throws a TillError with both languages', () => {
    try {
      assertPinAllowed('1111');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TillError);
      const t = e as TillError;
      expect(t.code).toBe('INVALID_INPUT');
      expect(t.zh).toContain('6');
      expect(t.en).toContain('6 digits');
    }
  });
});
