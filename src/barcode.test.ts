import { describe, expect, it } from 'vitest';
import { hasCheckDigit, isValidEan, isValidGtin, withCheckDigit } from './barcode';

describe('GS1 check digits', () => {
  it('accepts real EAN-13, EAN-8, UPC-A and GTIN-14 codes', () => {
    expect(isValidGtin('6901234567892')).toBe(true);
    expect(isValidGtin('4006381333931')).toBe(true);
    expect(isValidGtin('96385074')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('10012345678902')).toBe(true);
  });

  it('refuses a wrong check digit, letters and odd lengths', () => {
    expect(isValidGtin('6901234567891')).toBe(false);
    expect(isValidGtin('96385075')).toBe(false);
    expect(isValidGtin('69012345678a2')).toBe(false);
    expect(isValidGtin('1234567')).toBe(false);
    expect(hasCheckDigit('12345')).toBe(false);
  });

  it('keeps the EAN-only check and completes a body with its check digit', () => {
    expect(isValidEan('6901234567892')).toBe(true);
    expect(isValidEan('6901234567893')).toBe(false);
    expect(isValidEan('96385074')).toBe(true);
    expect(isValidEan('036000291452')).toBe(false);
    expect(isValidEan('12345')).toBe(false);
    expect(withCheckDigit('690123456789')).toBe('6901234567892');
    expect(withCheckDigit('9638507')).toBe('96385074');
  });
});
