import { needsNoEscape, num, str } from './canonical';
import type { EntryBody } from './entry';
import { saleBodyText } from './sale-body';
import { isPlain, isPlainArray } from './walk-checks';

/**
 * canonicalJson(body) for the kinds a push carries by the thousand (sales, points
 * awards, deductions and reversals, stock moves), written in their fixed sorted key order
 * instead of sorting each object's keys (decision 0454). Null when the body is not exactly
 * of its kind's shape (a plain object with exactly these keys, each of its JSON type),
 * and the caller then writes it with canonicalJson. The text depends only on the keys,
 * their types and their values, so for every body it writes it is canonicalJson's text;
 * `body-text.test.ts` holds it to canonicalJson and npm canonicalize.
 */
export function knownBodyText(kind: unknown, body: unknown): string | null {
  if (!isPlain(body)) return null;
  switch (kind) {
    case 'sale':
      return isSaleShape(body as Record<string, unknown>) ? saleBodyText(body as SaleBody) : null;
    case 'points.award':
    case 'points.deduct':
    case 'points.reverse':
      return pointsText(body as Record<string, unknown>);
    case 'stock.receive':
    case 'stock.donation':
    case 'stock.adjust':
    case 'stock.stocktake':
    case 'stock.writeoff':
      return stockText(body as Record<string, unknown>);
    default:
      return null;
  }
}

type SaleBody = EntryBody<'sale'>;

/** Own keys of a plain object (its prototype is Object.prototype, which has no enumerable keys). */
function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
/** saleBodyText writes ids and the card uid between quotes as they are (0462): none may need escaping. */
const isBare = (v: unknown): v is string => typeof v === 'string' && needsNoEscape(v);
const stringOrNull = (v: string | null) => (v === null ? 'null' : str(v));

/** Exactly the fields saleBodyText writes, each of the type it writes it as, its ids needing no escape. */
function isSaleShape(b: Record<string, unknown>): boolean {
  // Nine keys: the eight below and the card or the plate (a body with both has ten).
  if (keyCount(b) !== 9) return false;
  if (!isNumber(b.balanceAfter) || !isNumber(b.balanceBefore) || !isNumber(b.totalPoints)) return false;
  if (!isBare(b.householdId) || !isString(b.receiptNo) || !isBare(b.shopId)) return false;
  if (!(b.shiftId === null || isBare(b.shiftId))) return false;
  if (Object.hasOwn(b, 'cardUid')) {
    if (!isBare(b.cardUid)) return false;
  } else {
    const plate = b.doorPlate;
    if (
      !isPlain(plate) ||
      keyCount(plate as object) !== 1 ||
      !isNumber((plate as { version?: unknown }).version)
    )
      return false;
  }
  const lines = b.lines;
  if (!isPlainArray(lines)) return false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as Record<string, unknown>;
    if (!isPlain(l) || keyCount(l) !== 7 || typeof l.isService !== 'boolean' || !isString(l.name))
      return false;
    if (!isBare(l.productId) || !isNumber(l.points) || !isNumber(l.qty)) return false;
    if (!isNumber(l.unitCostFen) || !isNumber(l.unitPoints)) return false;
  }
  return true;
}

/** PointsBodySchema's fields in sorted order; proposalId and ruleName are optional. */
function pointsText(b: Record<string, unknown>): string | null {
  const { amount, approvedBy, householdId, memberId, proposedBy, reason, reverses, ruleId } = b;
  if (!isNumber(amount) || !isString(householdId) || !isString(reason)) return null;
  if (!isStringOrNull(approvedBy) || !isStringOrNull(memberId) || !isStringOrNull(proposedBy)) return null;
  if (!isStringOrNull(reverses) || !isStringOrNull(ruleId)) return null;
  let keys = 8;
  let proposal = '';
  if (Object.hasOwn(b, 'proposalId')) {
    if (!isStringOrNull(b.proposalId)) return null;
    proposal = `"proposalId":${stringOrNull(b.proposalId)},`;
    keys++;
  }
  let ruleName = '';
  if (Object.hasOwn(b, 'ruleName')) {
    if (!isStringOrNull(b.ruleName)) return null;
    ruleName = `,"ruleName":${stringOrNull(b.ruleName)}`;
    keys++;
  }
  if (keyCount(b) !== keys) return null;
  return `{"amount":${num(amount)},"approvedBy":${stringOrNull(approvedBy)},"householdId":${str(householdId)},"memberId":${stringOrNull(memberId)},${proposal}"proposedBy":${stringOrNull(proposedBy)},"reason":${str(reason)},"reverses":${stringOrNull(reverses)},"ruleId":${stringOrNull(ruleId)}${ruleName}}`;
}

/** StockBodySchema's fields in sorted order; donatedValueFen is optional. */
function stockText(b: Record<string, unknown>): string | null {
  const { productId, qty, reason, reference, shopId, unitCostFen } = b;
  if (!isString(productId) || !isNumber(qty) || !isString(reason) || !isString(reference)) return null;
  if (!isString(shopId) || !isNumber(unitCostFen)) return null;
  let keys = 6;
  let donated = '';
  if (Object.hasOwn(b, 'donatedValueFen')) {
    if (!isNumber(b.donatedValueFen)) return null;
    donated = `"donatedValueFen":${num(b.donatedValueFen)},`;
    keys++;
  }
  if (keyCount(b) !== keys) return null;
  return `{${donated}"productId":${str(productId)},"qty":${num(qty)},"reason":${str(reason)},"reference":${str(reference)},"shopId":${str(shopId)},"unitCostFen":${num(unitCostFen)}}`;
}
