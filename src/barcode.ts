/** GS1 lengths that carry a check digit: GTIN-8 (EAN-8), -12 (UPC-A), -13 (EAN-13), -14. */
const GTIN_LENGTHS = [8, 12, 13, 14];

/**
 * GS1 mod-10 check digit of a code body: weights 3 and 1 from the right. The one
 * implementation for the till (demo barcodes) and the counter (scans).
 */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Lengths that carry a GS1 check digit; shop-internal codes of other lengths pass as they are. */
export function hasCheckDigit(code: string): boolean {
  return GTIN_LENGTHS.includes(code.length);
}

/** A GTIN-8/12/13/14 whose last digit checks: a misread scan fails here before it reaches the till. */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || !hasCheckDigit(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** EAN-13 or EAN-8 only. */
export function isValidEan(code: string): boolean {
  return (code.length === 8 || code.length === 13) && isValidGtin(code);
}

/** Completes a body (e.g. 12 digits for EAN-13, 7 for EAN-8) with its check digit. */
export function withCheckDigit(body: string): string {
  return `${body}${gtinCheckDigit(body)}`;
}
