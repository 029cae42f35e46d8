/** EAN-13 / EAN-8 check digit (GS1 mod 10): what a keyboard-wedge scan must satisfy. */
export function eanCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidEan(code: string): boolean {
  if (!/^(\d{8}|\d{13})$/.test(code)) return false;
  return eanCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** Completes a 12-digit (or 7-digit) body with its check digit. */
export function withCheckDigit(body: string): string {
  return `${body}${eanCheckDigit(body)}`;
}
