import { describe, expect, it } from 'vitest';
import { gtinCheckDigitValid } from './ean';

describe('GS1 check digit', () => {
  it('accepts real EAN-13 and EAN-8 codes', () => {
    expect(gtinCheckDigitValid('6901234567892')).toBe(true);
    expect(gtinCheckDigitValid('4006381333931')).toBe(true);
    expect(gtinCheckDigitValid('96385074')).toBe(true);
  });
  it('refuses a wrong check digit, letters and odd lengths', () => {
    expect(gtinCheckDigitValid('6901234567891')).toBe(false);
    expect(gtinCheckDigitValid('96385075')).toBe(false);
    expect(gtinCheckDigitValid('69012345678a2')).toBe(false);
    expect(gtinCheckDigitValid('1234567')).toBe(false);
  });
});
