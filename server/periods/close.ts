import canonicalize from 'canonicalize';
import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import type { PeriodReport } from '../../src/reports/reconciliation';
import { signText } from '../crypto/keys';
import type { ServerKey } from '../crypto/server-key';
import type { Db } from '../db/connect';
import { lockSync } from '../sync/ingest';
import { computeReport } from './report';

/**
 * Closes a township month: refuses while a till has not synced past the cut-off (unless
 * the officer forces it, e.g. a till that was stolen), then, holding the sync lock,
 * computes the report, signs it and locks the period. Entries that arrive later dated
 * in this month are booked to the next open month and flagged late.
 */
export async function closePeriod(
  db: Db,
  clock: Clock,
  key: ServerKey,
  townshipId: string,
  period: string,
  officerId: string,
  force: boolean,
): Promise<{ report: PeriodReport; signature: string }> {
  return db.transaction().execute(async (trx) => {
    await lockSync(trx);
    const now = clock.now();
    const already = await trx
      .selectFrom('periods')
      .select('period')
      .where('townshipId', '=', townshipId)
      .where('period', '=', period)
      .executeTakeFirst();
    if (already)
      throw tillError('PERIOD_LOCKED', `${period} 已经结账`, `${period} is already closed`, { period });
    const report = await computeReport(trx, townshipId, period, now);
    if (now < report.cutoff) {
      throw tillError('INVALID_INPUT', '本月还没结束，不能结账', 'The month has not ended yet', {
        period,
        cutoff: report.cutoff,
      });
    }
    const behind = report.devices.filter((d) => !d.syncedPastCutoff);
    if (behind.length > 0 && !force) {
      throw tillError(
        'INVALID_INPUT',
        `有 ${behind.length} 台收银机还没同步到截止时间之后：${behind.map((d) => d.name).join('、')}`,
        `${behind.length} till(s) have not synced past the cut-off: ${behind.map((d) => d.name).join(', ')}`,
        { devices: behind },
      );
    }
    const closed = { ...report, closed: true };
    const signature = signText(key.privateKey, canonicalize(closed) ?? '');
    await trx
      .insertInto('periods')
      .values({
        townshipId,
        period,
        closedAt: now,
        closedBy: officerId,
        report: JSON.stringify(closed),
        signature,
      })
      .execute();
    return { report: closed, signature };
  });
}

/** A closed month's report as it was locked; an open month's as it stands now. */
export async function periodReport(
  db: Db,
  clock: Clock,
  townshipId: string,
  period: string,
): Promise<{ report: PeriodReport; signature: string | null }> {
  const row = await db
    .selectFrom('periods')
    .select(['report', 'signature'])
    .where('townshipId', '=', townshipId)
    .where('period', '=', period)
    .executeTakeFirst();
  if (row) return { report: JSON.parse(row.report) as PeriodReport, signature: row.signature };
  return { report: await computeReport(db, townshipId, period, clock.now()), signature: null };
}
