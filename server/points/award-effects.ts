import type { Transaction } from 'kysely';
import type { EntryBody, JournalEntry } from '../../src/journal';
import { isApproverRole, isSelfApproved } from '../../src/points/approval';
import { inChunks } from '../db/bulk';
import type { PointsAwardTable, PointsFlagReason, ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;
type Posting = JournalEntry & { kind: 'points.award' | 'points.deduct' | 'points.reverse' };

export interface PointsReview {
  /** Postings stored with their device's chain but given no ledger line. */
  uncounted: Set<string>;
  /** Flags to record per entry id, beyond self-approval (points-flags.ts flags that one). */
  flags: Map<string, PointsFlagReason[]>;
}

const isPosting = (e: JournalEntry): e is Posting =>
  e.kind === 'points.award' || e.kind === 'points.deduct' || e.kind === 'points.reverse';

/**
 * Points entries as the server judges them at ingest, in receive order (decision 0920):
 * - a posting whose approver does not hold the approver role as the server knows it
 *   (a till clerk, an unknown id) is stored, never counted, and flagged, like a
 *   self-approval (0900);
 * - a counted posting that breaks its rule's limit against what the server already
 *   counted (two tills offline each gave a once-a-month rule) counts and is flagged,
 *   the way an overdraft is (0403): the later one in receive order is the one flagged;
 * - proposals, approvals and rejections update `points_awards`, which the console's
 *   approval list reads and later limit checks count.
 */
export async function reviewPoints(
  trx: Trx,
  townshipId: string,
  entries: JournalEntry[],
  /** The village of every household the entries name, as ingest read them for the batch. */
  villages: ReadonlyMap<string, string | null>,
  /** The date each entry counts by: its time's, where the till wrote another (0723). */
  dateOf: (e: JournalEntry) => string,
): Promise<PointsReview> {
  const review: PointsReview = { uncounted: new Set(), flags: new Map() };
  const relevant = entries.filter(
    (e) => isPosting(e) || e.kind === 'points.propose' || e.kind === 'points.reject',
  );
  if (relevant.length === 0) return review;

  const postings = relevant.filter(isPosting);
  const approverIds = [
    ...new Set(postings.map((e) => e.body.approvedBy).filter((a): a is string => a != null)),
  ];
  const ruleIds = [...new Set(postings.map((e) => e.body.ruleId).filter((r): r is string => r != null))];
  const [clerkRows, officerRows, ruleRows] = await Promise.all([
    approverIds.length
      ? trx
          .selectFrom('clerks')
          .select(['id', 'role'])
          .where('townshipId', '=', townshipId)
          .where('id', 'in', approverIds)
          .execute()
      : Promise.resolve([]),
    approverIds.length
      ? trx.selectFrom('officers').select(['id', 'townshipId']).where('id', 'in', approverIds).execute()
      : Promise.resolve([]),
    ruleIds.length
      ? trx
          .selectFrom('rules')
          .select(['id', 'limitKind', 'yearCap'])
          .where('townshipId', '=', townshipId)
          .where('id', 'in', ruleIds)
          .execute()
      : Promise.resolve([]),
  ]);
  // Console accounts (officers and cadres) approve in the console; till clerks need the role.
  const approvers = new Set([
    ...clerkRows.filter((c) => isApproverRole(c.role)).map((c) => c.id),
    ...officerRows.filter((o) => o.townshipId === null || o.townshipId === townshipId).map((o) => o.id),
  ]);
  const limits = new Map(ruleRows.map((r) => [r.id, r]));
  const flag = (id: string, reason: PointsFlagReason) =>
    review.flags.set(id, [...(review.flags.get(id) ?? []), reason]);

  // New rows wait in a buffer and go in as multi-row inserts: a push of thousands of awards
  // costs a few statements. Anything that reads or updates rows flushes it first.
  const buffer: PointsAwardTable[] = [];
  const flush = async () => {
    await inChunks(buffer, (chunk) =>
      trx
        .insertInto('pointsAwards')
        .values(chunk)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute(),
    );
    buffer.length = 0;
  };
  // A rejection or an approval of a proposal reads and updates rows: the buffer goes first.
  const readsRows = (e: JournalEntry) => e.kind === 'points.reject' || (isPosting(e) && e.body.proposalId);

  for (const e of relevant) {
    if (e.kind === 'points.propose') {
      const b = e.body;
      buffer.push({
        ...base(e, townshipId, villages.get(b.householdId) ?? null, dateOf(e)),
        id: e.id,
        proposedBy: b.proposedBy,
        batchId: b.batchId,
        reverses: b.reverses,
        status: 'pending',
      });
      continue;
    }
    if (readsRows(e)) await flush();
    if (e.kind === 'points.reject') {
      const b = e.body as EntryBody<'points.reject'>;
      await trx
        .updateTable('pointsAwards')
        .set({ status: 'rejected', decidedBy: b.rejectedBy, decisionReason: b.reason, decidedAt: e.at })
        .where('id', '=', b.proposalId)
        .where('townshipId', '=', townshipId)
        .where('status', '=', 'pending')
        .execute();
      continue;
    }
    if (!isPosting(e)) continue;
    const b = e.body;
    let counted = true;
    if (isSelfApproved(b)) counted = false;
    else if (b.approvedBy != null && !approvers.has(b.approvedBy)) {
      counted = false;
      flag(e.id, 'approver-role');
    }
    if (!counted) review.uncounted.add(e.id);

    const proposal = b.proposalId
      ? await trx
          .selectFrom('pointsAwards')
          .selectAll()
          .where('id', '=', b.proposalId)
          .where('townshipId', '=', townshipId)
          .where('status', '=', 'pending')
          .executeTakeFirst()
      : undefined;
    const rule = b.ruleId ? limits.get(b.ruleId) : undefined;
    const limited = (rule?.limitKind ?? 'none') !== 'none';
    // Most postings are awards of unlimited rules with no proposal: they need no row at all.
    const row = proposal
      ? { ...proposal, amount: Number(proposal.amount) }
      : limited
        ? {
            ...base(e, townshipId, villages.get(b.householdId) ?? null, dateOf(e)),
            id: e.id,
            proposedBy: b.proposedBy,
            batchId: null,
            reverses: b.reverses,
          }
        : null;
    if (row && counted && rule && limited && e.kind !== 'points.reverse') {
      await flush();
      const breach = await limitBreach(trx, townshipId, rule, row);
      if (breach) flag(e.id, breach);
    }
    const decided = {
      status: 'approved' as const,
      decidedBy: b.approvedBy,
      decidedAt: e.at,
      postedEntryId: e.id,
      counted: counted ? 1 : 0,
    };
    if (proposal) {
      await trx.updateTable('pointsAwards').set(decided).where('id', '=', proposal.id).execute();
    } else if (row && limited) {
      // A posting without a proposal is kept only where a later limit check counts it: the
      // approval list shows proposals alone, and most pushes are awards of unlimited rules.
      buffer.push({ ...row, ...decided, status: 'approved' });
    }
    if (counted && b.reverses) {
      await flush();
      await trx
        .updateTable('pointsAwards')
        .set({ reversedBy: e.id })
        .where('postedEntryId', '=', b.reverses)
        .where('townshipId', '=', townshipId)
        .execute();
    }
  }
  await flush();
  return review;
}

function base(e: JournalEntry, townshipId: string, villageId: string | null, businessDate: string) {
  const b = e.body as EntryBody<'points.propose'>;
  return {
    townshipId,
    villageId,
    householdId: b.householdId,
    memberId: b.memberId,
    ruleId: b.ruleId,
    ruleName: b.ruleName ?? null,
    amount: b.amount,
    reason: b.reason,
    decidedBy: null,
    decisionReason: null,
    decidedAt: null,
    postedEntryId: null,
    counted: 0,
    reversedBy: null,
    deviceId: e.deviceId,
    at: e.at,
    businessDate,
  } satisfies Partial<PointsAwardTable>;
}

/**
 * The rule's limit against what the server already counted for the same rule and person
 * (the member, else the household): once per event (batch), once per month, a yearly cap.
 * Dates are the proposal's business date as the township counts it: the date its time gives
 * where the till wrote another (0723), so a till cannot date an award out of the month it
 * was given in.
 */
export async function limitBreach(
  trx: Trx,
  townshipId: string,
  rule: { limitKind?: string; yearCap?: number | null },
  row: Pick<
    PointsAwardTable,
    'id' | 'householdId' | 'memberId' | 'ruleId' | 'amount' | 'businessDate' | 'batchId'
  >,
): Promise<PointsFlagReason | null> {
  const kind = rule.limitKind ?? 'none';
  if (kind === 'none' || (kind === 'event' && row.batchId === null)) return null;
  let q = trx
    .selectFrom('pointsAwards')
    .where('townshipId', '=', townshipId)
    .where('ruleId', '=', row.ruleId)
    .where('householdId', '=', row.householdId)
    .where('status', '=', 'approved')
    .where('counted', '=', 1)
    .where('reversedBy', 'is', null)
    .where('id', '!=', row.id);
  q = row.memberId === null ? q.where('memberId', 'is', null) : q.where('memberId', '=', row.memberId);
  if (kind === 'event') q = q.where('batchId', '=', row.batchId);
  else {
    const prefix = row.businessDate.slice(0, kind === 'month' ? 7 : 4);
    q = q.where('businessDate', '>=', `${prefix}-00`).where('businessDate', '<=', `${prefix}-99`);
  }
  const r = await q
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount').as('total')])
    .executeTakeFirstOrThrow();
  if (kind === 'year') {
    const cap = rule.yearCap == null ? null : Number(rule.yearCap);
    return cap !== null && Math.abs(Number(r.total ?? 0) + row.amount) > cap ? 'limit-year' : null;
  }
  if (Number(r.n) === 0) return null;
  return kind === 'event' ? 'limit-event' : 'limit-month';
}
