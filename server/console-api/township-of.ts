import { z } from 'zod';
import { businessDate, periodOf } from '../../src/clock';
import { tillError } from '../../src/errors';
import type { Db } from '../db/connect';
import { parseWith } from '../routes/errors';

export const id = z.uuid();
export const TownshipParams = z.object({ townshipId: id });

export function townshipParam(params: unknown): string {
  return parseWith(TownshipParams, params, false).townshipId;
}

export async function townshipRow(
  db: Db,
  townshipId: string,
): Promise<{ id: string; name: string; timeZone: string }> {
  const t = await db.selectFrom('townships').selectAll().where('id', '=', townshipId).executeTakeFirst();
  if (!t) throw tillError('INVALID_INPUT', '没有这个乡镇', 'No such township', { townshipId });
  return t;
}

/** The township's current month, in its own time zone. */
export const currentPeriod = (now: number, timeZone: string) => periodOf(businessDate(now, timeZone));

export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
