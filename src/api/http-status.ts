/**
 * One HTTP answer for a till error, shared by both servers on Fastify: the till's browser
 * host and the township server. The status is a hint for logs and tools; the JSON body
 * always carries the whole error (code, zh, en, details), and that is what clients read.
 */
const STATUS: Partial<Record<string, number>> = {
  INVALID_INPUT: 400,
  INVALID_AMOUNT: 400,
  NOT_LOGGED_IN: 401,
  WRONG_PIN: 401,
  FORBIDDEN: 403,
  SALE_ID_REUSED: 409,
  PERIOD_LOCKED: 409,
  CLERK_LOCKED: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 500,
  TRANSACTION_ROLLED_BACK: 500,
};

/** A refusal by rule (unknown card, not enough points, …) is a 400 whose body says why. */
export function httpStatusFor(code: string): number {
  return STATUS[code] ?? 400;
}

export type FrameworkRefusal = 'too-large' | 'bad-media-type' | 'malformed';

/**
 * What a refusal raised by Fastify itself (body limit, content-type parser, bad framing)
 * was, so each server can word it in its own error shape; null for any other failure.
 */
export function frameworkRefusal(error: unknown): FrameworkRefusal | null {
  const err = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'too-large';
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'bad-media-type';
  if (typeof err.statusCode === 'number' && err.statusCode < 500) return 'malformed';
  return null;
}
