import { num, str } from './canonical';
import type { EntryBody } from './entry';
import { isHundredths, isInt, isPlain, isPlainArray, isUuid, text, UUID } from './walk-checks';

type SaleBody = EntryBody<'sale'>;
type Line = SaleBody['lines'][number];

/**
 * `SaleBodySchema.parse` for the bodies the till's own checkout builds, without zod
 * (decision 0461): in a sale's commit zod's generic, megamorphic walk cost 50–75 µs of
 * CPU, most of it cold caches after the previous commit's fsync; this walk costs a tenth.
 *
 * One-sided: it returns what zod would return, a new object with the same fields in the
 * same order and texts trimmed, or null when it is not sure, and the caller then asks zod,
 * so errors and every unusual input stay zod's. It is sure only of a plain object with
 * none but the schema's keys, of exactly one of `cardUid` and `doorPlate`, and of values
 * that pass every check. `sale-body.test.ts` holds it to zod on random and edge inputs.
 */
export function saleBodyAsZodParses(body: unknown): SaleBody | null {
  if (!UUID || !isPlain(body)) return null;
  const b = body as Record<string, unknown>;
  const hasCard = Object.hasOwn(b, 'cardUid');
  if (hasCard === Object.hasOwn(b, 'doorPlate')) return null;
  // A key zod would strip: ask zod. Every other key is checked below by its value, so a
  // count of 9 (8 and the card or the plate) leaves room for none; a count costs a third
  // of a for-in over the keys (decision 0462).
  if (Object.keys(b).length !== BODY_KEY_COUNT) return null;
  const { shopId, householdId, receiptNo, lines, totalPoints, balanceBefore, balanceAfter, shiftId } = b;
  if (!isUuid(shopId) || !isUuid(householdId)) return null;
  if (!(shiftId === null || isUuid(shiftId))) return null;
  const receipt = text(receiptNo, 40);
  if (receipt === null) return null;
  if (!isHundredths(totalPoints) || totalPoints <= 0) return null;
  if (!isHundredths(balanceBefore) || !isHundredths(balanceAfter)) return null;
  const parsedLines = saleLines(lines);
  if (parsedLines === null) return null;
  // zod's output keeps the schema's key order: the card or the plate sits after householdId.
  let owner: Pick<SaleBody, 'cardUid' | 'doorPlate'>;
  if (hasCard) {
    const cardUid = b.cardUid;
    if (typeof cardUid !== 'string' || !CARD_UID.test(cardUid)) return null;
    owner = { cardUid };
  } else {
    const plate = b.doorPlate;
    if (!isPlain(plate) || Object.keys(plate as object).length !== 1) return null;
    const version = (plate as { version?: unknown }).version;
    if (!isInt(version, 1, 999_999)) return null;
    owner = { doorPlate: { version } };
  }
  return {
    shopId,
    householdId,
    ...owner,
    receiptNo: receipt,
    lines: parsedLines,
    totalPoints,
    balanceBefore,
    balanceAfter,
    shiftId,
  } as SaleBody;
}

/** shopId, householdId, receiptNo, lines, totalPoints, balanceBefore, balanceAfter, shiftId, and cardUid or doorPlate. */
const BODY_KEY_COUNT = 9;
/** productId, name, qty, unitPoints, points, unitCostFen, isService. */
const LINE_KEY_COUNT = 7;
const CARD_UID = /^[0-9A-F]{8,20}$/;

/** z.array(SaleLineSchema).min(1).max(200): the parsed lines, or null (a void's lines too). */
export function saleLines(lines: unknown): Line[] | null {
  if (!isPlainArray(lines) || lines.length < 1 || lines.length > 200) return null;
  const parsed: Line[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = saleLine(lines[i]);
    if (line === null) return null;
    parsed[i] = line;
  }
  return parsed;
}

function saleLine(v: unknown): Line | null {
  if (!isPlain(v)) return null;
  const l = v as Record<string, unknown>;
  // Each of the seven is checked below by its value: seven keys leave room for no other.
  if (Object.keys(l).length !== LINE_KEY_COUNT) return null;
  const { productId, qty, unitPoints, points, unitCostFen, isService } = l;
  const name = text(l.name, 120);
  if (name === null || !isUuid(productId) || !isInt(qty, 1, 1_000_000)) return null;
  if (!isHundredths(unitPoints) || unitPoints <= 0 || !isHundredths(points) || points <= 0) return null;
  if (!isInt(unitCostFen, 0, 10_000_000_000) || typeof isService !== 'boolean') return null;
  return { productId, name, qty, unitPoints, points, unitCostFen, isService };
}

/**
 * The canonical JSON (JCS) of a body saleBodyAsZodParses returned, keys in their fixed
 * sorted order: what canonicalJson writes for it, without sorting each object's keys.
 * Only for such a body: its fields are exactly these, of these types.
 */
export function saleBodyText(b: SaleBody): string {
  // Ids and the card uid matched their patterns (hex digits and dashes), so they need no
  // escaping; the receipt and the names may, and go through str (decision 0462).
  const owner =
    b.cardUid !== undefined
      ? `"cardUid":"${b.cardUid}"`
      : `"doorPlate":{"version":${num(b.doorPlate!.version)}}`;
  let lines = '';
  for (let i = 0; i < b.lines.length; i++) {
    const l = b.lines[i]!;
    lines += `${i === 0 ? '' : ','}{"isService":${l.isService ? 'true' : 'false'},"name":${str(l.name)},"points":${num(l.points)},"productId":"${l.productId}","qty":${num(l.qty)},"unitCostFen":${num(l.unitCostFen)},"unitPoints":${num(l.unitPoints)}}`;
  }
  const shift = b.shiftId === null ? 'null' : `"${b.shiftId}"`;
  return `{"balanceAfter":${num(b.balanceAfter)},"balanceBefore":${num(b.balanceBefore)},${owner},"householdId":"${b.householdId}","lines":[${lines}],"receiptNo":${str(b.receiptNo)},"shiftId":${shift},"shopId":"${b.shopId}","totalPoints":${num(b.totalPoints)}}`;
}
