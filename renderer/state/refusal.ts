import type { TillError } from '../../src/errors';

/**
 * Something the counter cannot do, to be shown plainly. Refusals the renderer detects
 * itself carry only a code and details (worded by i18n); refusals from the till also
 * carry the till's own words in both languages.
 */
export interface Refusal {
  code: string;
  details: Record<string, unknown>;
  text?: { zh: string; en: string };
}

export function fromTillError(e: TillError): Refusal {
  return { code: e.code, details: e.details, text: { zh: e.zh, en: e.en } };
}

export function localRefusal(code: string, details: Record<string, unknown> = {}): Refusal {
  return { code, details };
}

/** Codes after which a resend with the same saleId is the right move (nothing was decided). */
export function isTransportFailure(e: TillError): boolean {
  return e.code === 'INTERNAL' || e.code === 'DATABASE_UNAVAILABLE';
}
