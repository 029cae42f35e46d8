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
