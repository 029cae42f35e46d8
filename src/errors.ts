/**
 * Typed errors with a stable code and a message in both languages the till speaks.
 * Every refusal the clerk, stockkeeper or officer sees is one of these; the code is
 * what tests and the sync protocol rely on, the messages are what people read.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_AMOUNT'
  | 'UNKNOWN_HOUSEHOLD'
  | 'UNKNOWN_CARD'
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_SALE'
  | 'UNKNOWN_CLERK'
  | 'UNKNOWN_RULE'
  | 'DUPLICATE_ENTRY'
  | 'SALE_ID_REUSED'
  | 'CARD_LOST'
  | 'CARD_BLOCKED'
  | 'CARD_REPLACED'
  | 'HOUSEHOLD_SUSPENDED'
  | 'HOUSEHOLD_CLOSED'
  | 'INSUFFICIENT_POINTS'
  | 'OUT_OF_STOCK'
  | 'OUTSIDE_REDEMPTION_WINDOW'
  | 'EMPTY_CART'
  | 'PRODUCT_INACTIVE'
  | 'SALE_ALREADY_VOIDED'
  | 'RETURN_EXCEEDS_SALE'
  | 'NOT_LOGGED_IN'
  | 'WRONG_PIN'
  | 'CLERK_LOCKED'
  | 'FORBIDDEN'
  | 'LEDGER_IMMUTABLE'
  | 'DATABASE_TOO_NEW'
  | 'DATABASE_UNAVAILABLE'
  | 'TRANSACTION_ROLLED_BACK'
  | 'PERIOD_LOCKED'
  | 'PRINTER_UNAVAILABLE'
  | 'READER_UNAVAILABLE'
  | 'SYNC_REFUSED'
  | 'NOT_SET_UP'
  | 'KEY_MISMATCH'
  | 'DEMO_DATABASE'
  | 'PIN_CHANGE_REQUIRED'
  | 'POINTS_LIMIT'
  | 'RULE_NOT_FOR_PERSON'
  | 'SELF_APPROVAL'
  | 'ALREADY_DECIDED'
  | 'BELOW_FLOOR'
  | 'DUPLICATE_IN_BATCH'
  | 'UNKNOWN_ENTRY'
  | 'PLATE_INVALID'
  | 'PLATE_NO_KEY'
  | 'PLATE_REPLACED'
  | 'PLATE_REDEEM_OFF'
  | 'INTERNAL';

export interface ErrorMessages {
  zh: string;
  en: string;
}

export class TillError extends Error {
  readonly code: ErrorCode;
  readonly zh: string;
  readonly en: string;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, messages: ErrorMessages, details: Record<string, unknown> = {}) {
    super(`${code}: ${messages.en}`);
    this.name = 'TillError';
    this.code = code;
    this.zh = messages.zh;
    this.en = messages.en;
    this.details = details;
  }

  toJSON(): SerializedTillError {
    return { code: this.code, zh: this.zh, en: this.en, details: this.details };
  }
}

export interface SerializedTillError {
  code: ErrorCode;
  zh: string;
  en: string;
  details: Record<string, unknown>;
}

export function isTillError(e: unknown): e is TillError {
  return e instanceof TillError;
}

/** Rebuilds a TillError on the far side of a transport (HTTP, IPC, sync). */
export function fromSerialized(s: SerializedTillError): TillError {
  return new TillError(s.code, { zh: s.zh, en: s.en }, s.details);
}

export const tillError = (code: ErrorCode, zh: string, en: string, details: Record<string, unknown> = {}) =>
  new TillError(code, { zh, en }, details);
