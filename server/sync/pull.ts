import { journalEntryFrom, type StoredEntry } from '../../src/journal/stored-entry';
import type { PullRequest, PullResponse } from '../../src/sync/messages';
import { MAX_PULL_PAGE } from '../../src/sync/messages';
import type { Db } from '../db/connect';
import { MASTER_PAGE_ROWS, masterChanges } from '../master/delta';
import { masterVersion } from '../master/version';
import { clerksForShop } from './clerk-scope';
import { uncountedBetween } from './verdicts';

/**
 * What a till of the township has not seen yet: the master data when its version is
 * behind, then every other device's entries after its cursor (receive order), plus the
 * open overdraft list. Other tills' entries for all the township's households are sent:
 * households redeem at any shop of the township, so a till needs their balances.
 */
export async function buildPull(
  db: Db,
  device: { id: string; townshipId: string; shopId?: string | null },
  req: PullRequest,
  now: number,
  maxPage = MAX_PULL_PAGE,
  /** Signs the households' door plates with the server key (decision 0910). */
  sign?: (text: string) => string,
): Promise<PullResponse> {
  const { rest, page } = await pullPage(db, device, req, now, maxPage, sign);
  return { ...rest, entries: page.map(journalEntryFrom) };
}

/**
 * The same answer as its JSON text, each entry's body the stored JSON text as it is
 * (decision 0495): parsing the stored bodies only to stringify them again was a third of
 * the server's work on a pull. The text parses to exactly what JSON.stringify of
 * buildPull's answer parses to (tests/sync-pull-pages.test.ts compares them).
 */
export async function buildPullText(
  db: Db,
  device: { id: string; townshipId: string; shopId?: string | null },
  req: PullRequest,
  now: number,
  sign?: (text: string) => string,
): Promise<string> {
  const { rest, page } = await pullPage(db, device, req, now, MAX_PULL_PAGE, sign);
  const { overdrafts, lockedPeriods, ...head } = rest;
  const q = JSON.stringify;
  const entries = page.map(
    (r) =>
      `{"id":${q(r.id)},"deviceId":${q(r.deviceId)},"seq":${Number(r.seq)},"at":${Number(r.at)},"businessDate":${q(r.businessDate)},"clerkId":${q(r.clerkId)},"kind":${q(r.kind)},"body":${r.body},"prevHash":${q(r.prevHash)},"hash":${q(r.hash)}}`,
  );
  return `${q(head).slice(0, -1)},"entries":[${entries.join(',')}],"overdrafts":${q(overdrafts)},"lockedPeriods":${q(lockedPeriods)}}`;
}

async function pullPage(
  db: Db,
  device: { id: string; townshipId: string; shopId?: string | null },
  req: PullRequest,
  now: number,
  maxPage: number,
  sign: ((text: string) => string) | undefined,
): Promise<{ rest: Omit<PullResponse, 'entries'>; page: StoredEntry[] }> {
  const limit = Math.min(req.limit ?? maxPage, maxPage);
  const version = await masterVersion(db, device.townshipId);
  // Master rows changed since the till's version, paged (decision 0701); entries wait until all are in.
  const changes =
    req.masterVersion < version || req.masterCursor
      ? await masterChanges(
          db,
          device,
          req.masterVersion,
          version,
          req.masterCursor,
          Math.max(limit, MASTER_PAGE_ROWS),
          sign,
        )
      : null;
  // Read the head first: every entry at or below it has committed (the counter moves in
  // the same transaction), so jumping the cursor to it can never skip a late commit.
  const head = Number(
    (await db.selectFrom('counters').select('value').where('name', '=', 'recv_seq').executeTakeFirstOrThrow())
      .value,
  );
  const rows = await db
    .selectFrom('entries')
    .select([
      'id',
      'deviceId',
      'seq',
      'kind',
      'at',
      'businessDate',
      'clerkId',
      'body',
      'prevHash',
      'hash',
      'recvSeq',
    ])
    .where('townshipId', '=', device.townshipId)
    .where('recvSeq', '>', req.cursor)
    .where('recvSeq', '<=', head)
    .where('deviceId', '!=', device.id)
    .orderBy('recvSeq')
    .limit(limit + 1)
    .execute();
  const page = changes?.cursor ? [] : rows.slice(0, limit);
  // With no more rows for this device, jump the cursor to the township's head so the
  // till does not rescan its own entries next time.
  let cursor = page.length > 0 ? Number(page[page.length - 1]!.recvSeq) : req.cursor;
  if (rows.length <= limit && !changes?.cursor) cursor = Math.max(cursor, head);
  const [overdrafts, locked, uncounted] = await Promise.all([
    db
      .selectFrom('overdrafts')
      .selectAll()
      .where('townshipId', '=', device.townshipId)
      .where('status', '=', 'open')
      .orderBy('detectedAt')
      .limit(500)
      .execute(),
    db
      .selectFrom('periods')
      .select('period')
      .where('townshipId', '=', device.townshipId)
      .orderBy('period')
      .execute(),
    uncountedBetween(db, device.townshipId, req.cursor, cursor),
  ]);
  const rest = {
    serverTime: now,
    cursor,
    more: rows.length > limit || Boolean(changes?.cursor),
    masterVersion: changes?.versionAfter ?? version,
    master: clerksForShop(changes?.master ?? null, device.shopId),
    masterCursor: changes?.cursor ?? null,
    overdrafts: overdrafts.map(({ townshipId: _t, ...o }) => ({
      ...o,
      balanceAfter: Number(o.balanceAfter),
      detectedAt: Number(o.detectedAt),
    })),
    lockedPeriods: locked.map((l) => l.period),
    uncounted,
  };
  return { rest, page };
}
