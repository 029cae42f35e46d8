import type { HouseholdStatement, StatementLine } from '../../src/api/points';
import { addDays, lastDayOf, startOfLocalDay } from '../../src/clock';
import { tillError } from '../../src/errors';
import { buildNotice, type Notice, type NoticeEntry, type NoticeListing } from '../../src/points';
import type { TillContext } from './context';
import { blackListBetween } from './points-lists';
import { countedSql, uncountedReasonSql } from './uncounted-sql';

/** The ledger kinds an award, deduction or their reversal leaves (sale voids are reversals with a sale). */
const EARNING = "(pe.kind IN ('award', 'deduction') OR (pe.kind = 'reversal' AND pe.sale_id IS NULL))";
/** Points rows the township counts: not those it stores without counting (decision 0720). */
const COUNTED = countedSql('pe.id');

function villageOf(ctx: TillContext, villageId: string | null): { id: string; name: string } {
  const row = (
    villageId
      ? ctx.store.sql('SELECT id, name FROM villages WHERE id = ?').get(villageId)
      : ctx.store
          .sql('SELECT v.id, v.name FROM shops s JOIN villages v ON v.id = s.village_id WHERE s.id = ?')
          .get(ctx.shopId)
  ) as { id: string; name: string } | undefined;
  if (!row) throw tillError('INVALID_INPUT', '没有这个村', 'No such village', { villageId });
  return row;
}

/**
 * The monthly public notice of one village, read from the ledger itself (only approved
 * entries are there), so its totals are the ledger's. Content-ordered: the same closed
 * month gives the same notice every time it is printed.
 */
export function monthlyNotice(ctx: TillContext, input: { villageId: string | null; period: string }): Notice {
  const village = villageOf(ctx, input.villageId);
  const first = `${input.period}-01`;
  const last = lastDayOf(input.period);
  const households = ctx.store
    .sql(
      `SELECT h.id, h.number,
         coalesce((SELECT name FROM members WHERE household_id = h.id ORDER BY is_head DESC, name LIMIT 1), '') AS headName
       FROM households h WHERE h.village_id = ?`,
    )
    .all(village.id) as { id: string; number: string; headName: string }[];
  // By household over the (household_id, at) index, a day either side of the month for
  // clocks at other tills; business_date then decides exactly.
  const day = 86_400_000;
  const fromMs = startOfLocalDay(first, ctx.timeZone) - day;
  const toMs = startOfLocalDay(addDays(last, 1), ctx.timeZone) + day;
  const heads = new Map(households.map((h) => [h.id, h.headName]));
  const entries = (
    ctx.store
      .sql(
        `SELECT pe.id, pe.business_date AS businessDate, pe.household_id AS householdId, h.number AS householdNumber,
           m.name AS memberName, coalesce(a.rule_name, r.name, '') AS ruleName, pe.reason, pe.amount
         FROM households h JOIN points_entries pe ON pe.household_id = h.id AND pe.at >= @fromMs AND pe.at < @toMs
         LEFT JOIN awards a ON a.posted_entry_id = pe.id
         LEFT JOIN members m ON m.id = a.member_id
         LEFT JOIN rules r ON r.id = pe.rule_id
         WHERE h.village_id = @village AND pe.business_date BETWEEN @first AND @last AND ${EARNING} AND ${COUNTED}`,
      )
      .all({ village: village.id, first, last, fromMs, toMs }) as (Omit<NoticeEntry, 'name'> & {
      memberName: string | null;
    })[]
  ).map(({ memberName, ...e }) => ({ ...e, name: memberName ?? heads.get(e.householdId) ?? '' }));
  const inVillage = new Set(households.map((h) => h.id));
  const red = (
    ctx.store
      .sql(
        `SELECT o.household_id AS householdId, h.number AS householdNumber, o.title || '：' || o.reason AS reason,
           o.business_date AS "from", NULL AS until,
           coalesce((SELECT name FROM members WHERE household_id = h.id ORDER BY is_head DESC, name LIMIT 1), '') AS name
         FROM honours o JOIN households h ON h.id = o.household_id
         WHERE h.village_id = ? AND o.business_date BETWEEN ? AND ?`,
      )
      .all(village.id, first, last) as NoticeListing[]
  ).filter((r) => inVillage.has(r.householdId));
  const black: NoticeListing[] = blackListBetween(ctx, first, last)
    .filter((s) => inVillage.has(s.householdId))
    .map((s) => ({
      householdId: s.householdId,
      householdNumber: s.householdNumber,
      name: s.headName,
      reason: s.reason,
      from: s.from,
      until: s.liftedOn ?? s.lastDay,
    }));
  return buildNotice({
    villageName: village.name,
    period: input.period,
    households,
    entries,
    red,
    black,
    maskNames: ctx.store.getSetting<boolean>('points.maskNames') === true,
  });
}

/** A household's entries for a period with a running balance (screen and print). */
export function householdStatement(
  ctx: TillContext,
  input: { householdId: string; from: string; to: string },
): HouseholdStatement {
  const h = ctx.store
    .sql(
      `SELECT h.id, h.number, v.name AS village,
         coalesce((SELECT name FROM members WHERE household_id = h.id ORDER BY is_head DESC, name LIMIT 1), '') AS head
       FROM households h JOIN villages v ON v.id = h.village_id WHERE h.id = ?`,
    )
    .get(input.householdId) as { id: string; number: string; village: string; head: string } | undefined;
  if (!h) {
    throw tillError(
      'UNKNOWN_HOUSEHOLD',
      `找不到该户：${input.householdId}`,
      `Unknown household: ${input.householdId}`,
    );
  }
  const opening = ctx.store
    .sql(
      `SELECT coalesce(sum(amount), 0) FROM points_entries pe
       WHERE household_id = ? AND business_date < ? AND ${COUNTED}`,
    )
    .pluck()
    .get(h.id, input.from) as number;
  const rows = ctx.store
    .sql(
      `SELECT pe.id, pe.business_date, pe.kind, pe.amount,
         coalesce(a.rule_name, '') AS rule_name, pe.reason, ${uncountedReasonSql('pe.id')} AS uncounted
       FROM points_entries pe LEFT JOIN awards a ON a.posted_entry_id = pe.id
       WHERE pe.household_id = ? AND pe.business_date BETWEEN ? AND ?
       ORDER BY pe.business_date, pe.at, pe.device_id, pe.device_seq, pe.id`,
    )
    .all(h.id, input.from, input.to) as {
    id: string;
    business_date: string;
    kind: string;
    amount: number;
    rule_name: string;
    reason: string;
    uncounted: StatementLine['uncounted'];
  }[];
  let balance = opening;
  const lines = rows.map((r): StatementLine => {
    if (!r.uncounted) balance += r.amount;
    const text = r.rule_name && r.rule_name !== r.reason ? `${r.rule_name}：${r.reason}` : r.reason;
    const line = { id: r.id, businessDate: r.business_date, kind: r.kind, text, amount: r.amount, balance };
    return r.uncounted ? { ...line, uncounted: r.uncounted } : line;
  });
  return {
    householdId: h.id,
    householdNumber: h.number,
    headName: h.head,
    villageName: h.village,
    from: input.from,
    to: input.to,
    opening,
    closing: balance,
    lines,
  };
}
