import { describe, expect, it } from 'vitest';
import { isValidEan, withCheckDigit } from './barcode';

describe('EAN check digits', () => {
  it('accepts real codes and refuses a mistyped digit', () => {
    expect(isValidEan('6901234567892')).toBe(true);
    expect(isValidEan('6901234567893')).toBe(false);
    expect(isValidEan('96385074')).toBe(true);
    expect(isValidEan('12345')).toBe(false);
    expect(withCheckDigit('690123456789')).toBe('6901234567892');
  });
});
