import { SaleLineSchema } from './entry';

/**
 * The checks the plain walks (sale-body.ts, points-body.ts, entry-walk.ts) make in zod's place, each
 * exactly what the schema's own check accepts: a walk is sure of a value only when every
 * field passed one of these, and otherwise hands it to zod (decision 0461).
 */

/** zod's own uuid pattern, taken from the schema, so the two cannot drift; none: always ask zod. */
export const UUID =
  (SaleLineSchema.shape.productId._zod.def as { pattern?: unknown }).pattern instanceof RegExp
    ? ((SaleLineSchema.shape.productId._zod.def as { pattern?: RegExp }).pattern as RegExp)
    : null;

export function isPlain(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** An array zod would walk as it is: a plain Array, no subclass. */
export function isPlainArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype;
}

/** zod's z.uuid(); false when zod's pattern was not found (callers then ask zod). */
export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID !== null && UUID.test(v);
}

/** id.nullable() */
export function isUuidOrNull(v: unknown): v is string | null {
  return v === null || isUuid(v);
}

/** z.number().int().min(min).max(max), the bounds inside the safe integers. */
export function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** z.number().int().min(min) with no upper bound: zod's int is a safe integer. */
export function isSafeIntFrom(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

export function isHundredths(v: unknown): v is number {
  return isInt(v, -1_000_000_000, 1_000_000_000);
}

/** z.string().trim().min(1).max(max): the trimmed text, or null. */
export function text(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t.length >= 1 && t.length <= max ? t : null;
}

/** z.string().max(max), untrimmed. */
export function isStringUpTo(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}
