import type { SerializedTillError } from '../../src/errors';

/** Transport-level refusals, in the same shape as the till's own errors. */
export function transportError(
  code: 'INVALID_INPUT' | 'FORBIDDEN' | 'NOT_LOGGED_IN' | 'INTERNAL',
  zh: string,
  en: string,
  details: Record<string, unknown> = {},
): SerializedTillError {
  return { code, zh, en, details };
}

/** HTTP status for a till error code; the JSON body always carries the full error. */
export function httpStatusFor(code: string): number {
  switch (code) {
    case 'INVALID_INPUT':
    case 'INVALID_AMOUNT':
      return 400;
    case 'NOT_LOGGED_IN':
    case 'WRONG_PIN':
      return 401;
    case 'FORBIDDEN':
    case 'CLERK_LOCKED':
      return 403;
    case 'SALE_ID_REUSED':
      return 409;
    case 'INTERNAL':
    case 'DATABASE_UNAVAILABLE':
      return 500;
    default:
      return 422;
  }
}
