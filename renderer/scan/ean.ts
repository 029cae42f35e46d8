/**
 * GS1 check digit (EAN-8, UPC-A, EAN-13, GTIN-14): weights 3 and 1 from the right,
 * excluding the check digit itself. A misread scan fails here before it reaches the till.
 */
export function gtinCheckDigitValid(code: string): boolean {
  if (!/^\d+$/.test(code) || ![8, 12, 13, 14].includes(code.length)) return false;
  const digits = code.split('').map(Number);
  const check = digits.pop()!;
  let sum = 0;
  for (let i = digits.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += digits[i]! * w;
  return (10 - (sum % 10)) % 10 === check;
}

/** Lengths that carry a GS1 check digit; shop-internal codes of other lengths pass as they are. */
export function hasCheckDigit(code: string): boolean {
  return [8, 12, 13, 14].includes(code.length);
}
