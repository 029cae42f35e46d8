import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Db } from '../db/connect';
import type { ServerDatabase } from '../db/schema';
import type { AuditRecord } from './audit';
import { audited } from './audited';
import type { ConsoleDeps } from './deps';
import { outOfScope, requireOfficer, sessionOf } from './guard';

const TABLES = {
  villageId: ['villages', 'id'],
  shopId: ['shops', 'id'],
  householdId: ['households', 'id'],
  memberId: ['members', 'id'],
  clerkId: ['clerks', 'id'],
  productId: ['products', 'id'],
  cardUid: ['cards', 'uid'],
} as const;

/** Ids a change names, in its URL or its body, by kind (a move names two households). */
export type NamedIds = Partial<Record<keyof typeof TABLES, string | null | (string | null)[]>>;

/**
 * Every id a change names must be a row of the URL's township: one of another township
 * is refused as out of scope before anything runs. An id no township has is left to the
 * change itself, which says "no such household" (or card, clerk …) in its own words.
 */
export async function requireNamedInTownship(db: Db, townshipId: string, named: NamedIds): Promise<void> {
  for (const [field, value] of Object.entries(named) as [keyof typeof TABLES, NamedIds[keyof NamedIds]][]) {
    const [table, key] = TABLES[field];
    for (const id of [value].flat()) {
      if (!id) continue;
      const row = (await db
        // biome-ignore lint/suspicious/noExplicitAny: one lookup over seven tables
        .selectFrom(table as any)
        .select('townshipId')
        .where(key, '=', id)
        .executeTakeFirst()) as { townshipId: string } | undefined;
      if (row && row.townshipId !== townshipId) throw outOfScope({ [field]: id });
    }
  }
}

/**
 * The one path of a console change (decision 0630): a township officer of the URL's
 * township (a cadre only reads), every named id inside that township, then the change
 * and its audit row in one transaction, both or neither.
 */
export async function scopedChange<T>(
  deps: ConsoleDeps,
  req: FastifyRequest,
  townshipId: string,
  named: NamedIds,
  record: AuditRecord,
  change: (trx: Transaction<ServerDatabase>) => Promise<T>,
): Promise<T> {
  const s = sessionOf(req);
  requireOfficer(s, townshipId);
  await requireNamedInTownship(deps.db, townshipId, named);
  return audited(deps, s, townshipId, record, change);
}
