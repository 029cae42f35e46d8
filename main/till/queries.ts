import type { CardView, HouseholdView, LedgerLineView, MemberView, SaleView } from '../../src/api/contract';
import type { CardFacts, HouseholdFacts } from '../../src/checkout';
import { tillError } from '../../src/errors';
import type { Entry } from '../../src/journal';
import type { TillContext } from './context';
import { householdDebt } from './overdrafts';
import { uncountedReasonSql } from './uncounted-sql';

/** Read models for the counter: one or two indexed queries each, cheap enough per tap. */

export type CardOfHousehold = CardFacts & { householdId: string; memberId: string | null };

/**
 * A card's columns, from `cards c LEFT JOIN card_state s ON s.uid = c.uid`, read raw (an
 * array: decision 0462) by cardFacts and by a sale's first read (saleOpening), each
 * mapped by cardOfRaw, the one place of the rule on its status.
 */
export const CARD_COLUMNS =
  'c.uid, c.household_id, c.member_id, c.status AS issued, s.status AS event_status, s.reason';

/** CARD_COLUMNS as a raw row: uid, household_id, member_id, issued, event_status, reason. */
export type CardRaw = [string, string, string | null, string, string | null, string | null];

export function cardFacts(ctx: TillContext, uid: string): CardOfHousehold | null {
  const row = ctx.store
    .sql(`SELECT ${CARD_COLUMNS} FROM cards c LEFT JOIN card_state s ON s.uid = c.uid WHERE c.uid = ?`)
    .raw()
    .get(uid) as CardRaw | undefined;
  return row ? cardOfRaw(row, 0) : null;
}

/** The card of CARD_COLUMNS read raw, from position `at` of the row. */
export function cardOfRaw(row: readonly unknown[], at: number): CardOfHousehold {
  return {
    uid: row[at] as string,
    status: cardStatus(row[at + 3] as string, row[at + 4] as string | null),
    reason: row[at + 5] as string | null,
    householdId: row[at + 1] as string,
    memberId: row[at + 2] as string | null,
  };
}

/**
 * A card's status: its journal events (block, lost, unblock, replace; card_state holds the
 * one in force) win over the status master data issued it with (ARCHITECTURE: card blocks
 * are journal events, never master-data fields).
 */
export function cardStatus(issued: string, eventStatus: string | null): CardFacts['status'] {
  return (eventStatus ?? issued) as CardFacts['status'];
}

export function householdFacts(ctx: TillContext, householdId: string): HouseholdFacts | null {
  const row = ctx.store
    .sql(
      `SELECT h.id, h.number, h.status, s.resumes_on, s.reason FROM households h
       LEFT JOIN household_state s ON s.household_id = h.id WHERE h.id = ?`,
    )
    .get(householdId) as HouseholdRow | undefined;
  return row ? householdFactsOf(row) : null;
}

/** The names a sale's answer shows (SaleView), besides the household number. */
export interface SaleNames {
  headName: string;
  clerkName: string;
}

/**
 * householdFacts for a sale, with the names its answer shows and its balance read in the
 * same statement: statements a sale's commit no longer runs apart (decisions 0461, 0462).
 */
export function saleHouseholdFacts(
  ctx: TillContext,
  householdId: string,
  clerkId: string | null,
): (HouseholdFacts & SaleNames & { balance: number }) | null {
  // Raw: an array, not an object better-sqlite3 builds key by key (decision 0462). The head is
  // the first by `is_head DESC, name`, as everywhere, taken as min(name) among the max is_head:
  // ORDER BY … LIMIT 1 opened a temporary b-tree for every sale (decision 0468).
  const row = ctx.store
    .sql(
      `SELECT h.id, h.number, h.status, s.resumes_on, s.reason,
         (SELECT min(name) FROM members
           WHERE household_id = h.id AND is_head = (SELECT max(is_head) FROM members WHERE household_id = h.id)) AS head,
         (SELECT name FROM clerks WHERE id = ?) AS clerk,
         (SELECT balance FROM balances WHERE household_id = h.id) AS balance
       FROM households h LEFT JOIN household_state s ON s.household_id = h.id WHERE h.id = ?`,
    )
    .raw()
    .get(clerkId, householdId) as
    | [
        string,
        string,
        HouseholdRow['status'],
        string | null,
        string | null,
        string | null,
        string | null,
        number | null,
      ]
    | undefined;
  if (!row) return null;
  return {
    id: row[0],
    number: row[1],
    status: row[2],
    resumesOn: row[3],
    suspensionReason: row[4],
    headName: row[5] ?? '',
    clerkName: row[6] ?? '',
    // As store.balance: 0 for a household with no entries.
    balance: row[7] ?? 0,
  };
}

interface HouseholdRow {
  id: string;
  number: string;
  status: 'active' | 'closed';
  resumes_on: string | null;
  reason: string | null;
}

function householdFactsOf(row: HouseholdRow): HouseholdFacts {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    resumesOn: row.resumes_on,
    suspensionReason: row.reason,
  };
}

export function householdView(ctx: TillContext, householdId: string, recentLimit = 8): HouseholdView {
  const h = ctx.store
    .sql(
      `SELECT h.id, h.number, h.address, h.status, v.name AS village, s.resumes_on, s.reason
       FROM households h JOIN villages v ON v.id = h.village_id
       LEFT JOIN household_state s ON s.household_id = h.id WHERE h.id = ?`,
    )
    .get(householdId) as
    | {
        id: string;
        number: string;
        address: string;
        status: string;
        village: string;
        resumes_on: string | null;
        reason: string | null;
      }
    | undefined;
  if (!h) {
    throw tillError('UNKNOWN_HOUSEHOLD', `找不到该户：${householdId}`, `Unknown household: ${householdId}`, {
      householdId,
    });
  }
  const members = (
    ctx.store
      .sql('SELECT id, name, tags, is_head FROM members WHERE household_id = ? ORDER BY is_head DESC, name')
      .all(householdId) as {
      id: string;
      name: string;
      tags: string;
      is_head: number;
    }[]
  ).map((m): MemberView => ({ id: m.id, name: m.name, tags: JSON.parse(m.tags), isHead: m.is_head === 1 }));
  const recent = (
    ctx.store
      .sql(
        // A redemption reads as what was bought ("大米×2, 毛巾"), not as its receipt number.
        `SELECT p.id, p.at, p.kind, p.amount, CASE WHEN p.kind = 'redemption' THEN coalesce(
           (SELECT group_concat(l.name || CASE WHEN l.qty > 1 THEN '×' || l.qty ELSE '' END, ', ')
            FROM sale_lines l WHERE l.sale_id = p.sale_id), p.reason) ELSE p.reason END AS reason,
           ${uncountedReasonSql('p.id')} AS uncounted
         FROM points_entries p WHERE p.household_id = ?
         ORDER BY p.at DESC, p.device_id DESC, p.device_seq DESC, p.id DESC LIMIT ?`,
      )
      .all(householdId, recentLimit) as {
      id: string;
      at: number;
      kind: string;
      amount: number;
      reason: string;
      uncounted: LedgerLineView['uncounted'];
    }[]
  ).map(
    (r): LedgerLineView => ({
      id: r.id,
      at: r.at,
      kind: r.kind,
      amount: r.amount,
      text: r.reason,
      ...(r.uncounted ? { uncounted: r.uncounted } : {}),
    }),
  );
  const today = ctx.store.businessDate();
  const suspended = h.resumes_on !== null && h.resumes_on > today;
  const balance = ctx.store.balance(householdId);
  return {
    id: h.id,
    number: h.number,
    villageName: h.village,
    address: h.address,
    headName: members.find((m) => m.isHead)?.name ?? members[0]?.name ?? '',
    members,
    balance,
    status: h.status === 'closed' ? 'closed' : suspended ? 'suspended' : 'active',
    resumesOn: suspended ? h.resumes_on : null,
    suspensionReason: suspended ? h.reason : null,
    recent,
    debt: householdDebt(ctx, householdId, balance),
  };
}

export function cardView(ctx: TillContext, uid: string): CardView {
  const card = cardFacts(ctx, uid);
  if (!card) return { uid, status: 'unregistered', memberName: null, household: null, reason: null };
  const memberName = card.memberId
    ? ((ctx.store.sql('SELECT name FROM members WHERE id = ?').pluck().get(card.memberId) as
        | string
        | undefined) ?? null)
    : null;
  return {
    uid,
    status: card.status,
    memberName,
    household: householdView(ctx, card.householdId),
    reason: card.status === 'active' ? null : card.reason,
  };
}

/**
 * The view of a sale just appended, from its entry: the same as `saleView` reads back once
 * its rows are written, without waiting for them (decision 0483). The names are the ones
 * its checks read (decision 0461).
 */
export function saleViewOf(e: Entry<'sale'>, householdNumber: string, names: SaleNames): SaleView {
  return {
    saleId: e.id,
    receiptNo: e.body.receiptNo,
    at: e.at,
    householdId: e.body.householdId,
    householdNumber,
    headName: names.headName,
    clerkName: names.clerkName,
    lines: e.body.lines.map((l) => ({
      productId: l.productId,
      name: l.name,
      qty: l.qty,
      unitPoints: l.unitPoints,
      points: l.points,
    })),
    totalPoints: e.body.totalPoints,
    balanceBefore: e.body.balanceBefore,
    balanceAfter: e.body.balanceAfter,
    voided: false,
    returnedPoints: 0,
  };
}

export function saleView(ctx: TillContext, saleId: string): SaleView {
  const s = ctx.store
    .sql(
      `SELECT s.*, h.number, c.name AS clerk_name FROM sales s JOIN households h ON h.id = s.household_id
       LEFT JOIN clerks c ON c.id = s.clerk_id WHERE s.id = ?`,
    )
    .get(saleId) as
    | {
        id: string;
        receipt_no: string;
        at: number;
        household_id: string;
        number: string;
        clerk_name: string | null;
        total_points: number;
        balance_before: number;
        balance_after: number;
      }
    | undefined;
  if (!s) throw tillError('UNKNOWN_SALE', `找不到这笔兑换：${saleId}`, `Unknown sale: ${saleId}`, { saleId });
  const lines = (
    ctx.store
      .sql(
        'SELECT product_id, name, qty, unit_points, points FROM sale_lines WHERE sale_id = ? ORDER BY line_no',
      )
      .all(saleId) as {
      product_id: string;
      name: string;
      qty: number;
      unit_points: number;
      points: number;
    }[]
  ).map((l) => ({
    productId: l.product_id,
    name: l.name,
    qty: l.qty,
    unitPoints: l.unit_points,
    points: l.points,
  }));
  const reversals = ctx.store
    .sql(
      `SELECT count(*) FILTER (WHERE mode = 'void') AS voids, coalesce(sum(total_points), 0) AS points FROM sale_reversals WHERE sale_id = ?`,
    )
    .get(saleId) as { voids: number; points: number };
  const head = ctx.store
    .sql('SELECT name FROM members WHERE household_id = ? ORDER BY is_head DESC, name LIMIT 1')
    .pluck()
    .get(s.household_id) as string | undefined;
  return {
    saleId: s.id,
    receiptNo: s.receipt_no,
    at: s.at,
    householdId: s.household_id,
    householdNumber: s.number,
    headName: head ?? '',
    clerkName: s.clerk_name ?? '',
    lines,
    totalPoints: s.total_points,
    balanceBefore: s.balance_before,
    balanceAfter: s.balance_after,
    voided: reversals.voids > 0,
    returnedPoints: reversals.points,
  };
}
