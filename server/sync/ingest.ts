import type { Transaction } from 'kysely';
import { nextPeriod, periodOf } from '../../src/clock';
import { newId } from '../../src/ids';
import { checkChain, entryHash, type JournalEntry } from '../../src/journal';
import { syncRefusal } from '../../src/sync/refusals';
import { applyCardEffects } from '../cards/effects';
import { applyClerkEffects } from '../clerks/effects';
import { type BulkInsert, inChunks, insertRows, oneOf } from '../db/bulk';
import type {
  BalanceTable,
  DeviceTable,
  EntryTable,
  LedgerLineTable,
  OverdraftTable,
  PointsFlagTable,
  ServerDatabase,
  StockLineTable,
} from '../db/schema';
import { bumpMasterVersion } from '../master/version';
import { reviewPoints } from '../points/award-effects';
import { applyRuleEffects } from '../points/rule-effects';
import { checkBusinessDates } from './date-check';
import { checkPermissions } from './permissions';
import { type FlagContext, pointsFlagOf, pointsFlagRow } from './points-flags';
import { householdOf, type Projection, type ProjectionContext, projectEntry, ruleOf } from './projection';
import { flagRefunds } from './refund-flags';
import { addTotals } from './totals';
import { auditUnlocks } from './unlock-audit';

type Trx = Transaction<ServerDatabase>;

/** Every column of each row ingest writes by the thousand (the compile-time check names them all). */
const everyField =
  <Row>() =>
  <const C extends readonly (keyof Row & string)[]>(
    columns: C & ([keyof Row] extends [C[number]] ? unknown : 'a column is missing'),
  ) =>
    columns;
/** The push's row writers, exported for the bench's storage floor (bench/sync-client.ts). */
export const ENTRY_ROWS: BulkInsert<EntryTable> = {
  table: 'entries',
  onConflict: 'ON CONFLICT DO NOTHING',
  columns: everyField<EntryTable>()([
    'deviceId',
    'seq',
    'id',
    'townshipId',
    'kind',
    'at',
    'businessDate',
    'clerkId',
    'body',
    'prevHash',
    'hash',
    'recvSeq',
    'receivedAt',
    'period',
    'late',
  ]),
};
export const LEDGER_ROWS: BulkInsert<LedgerLineTable> = {
  table: 'ledgerLines',
  columns: everyField<LedgerLineTable>()([
    'entryId',
    'lineNo',
    'townshipId',
    'period',
    'deviceId',
    'shopId',
    'villageId',
    'householdId',
    'kind',
    'category',
    'points',
    'costFen',
  ]),
};
export const STOCK_ROWS: BulkInsert<StockLineTable> = {
  table: 'stockLines',
  columns: everyField<StockLineTable>()([
    'entryId',
    'lineNo',
    'townshipId',
    'period',
    'shopId',
    'productId',
    'kind',
    'qty',
    'valueFen',
  ]),
};
const BALANCE_ROWS: BulkInsert<BalanceTable> = {
  table: 'balances',
  columns: everyField<BalanceTable>()(['householdId', 'townshipId', 'balance']),
  onConflict: 'ON CONFLICT (household_id) DO UPDATE SET balance = excluded.balance',
};

/**
 * Names the clash behind an entries insert that wrote fewer rows than it was given: the
 * first entry of the batch whose id is stored as another entry (another device's, another
 * seq's, or an earlier one of this very batch). Any other skipped row means a key above
 * the device's head or a receive number is already taken, which the lock rules out.
 */
async function refuseClash(trx: Trx, device: DeviceTable, fresh: readonly JournalEntry[]): Promise<never> {
  const rows = await trx
    .selectFrom('entries')
    .select(['id', 'deviceId', 'seq'])
    .where((eb) =>
      oneOf(
        trx,
        eb,
        'id',
        fresh.map((e) => e.id),
      ),
    )
    .execute();
  const stored = new Map(rows.map((r) => [r.id, r]));
  for (const e of fresh) {
    const s = stored.get(e.id);
    if (s && (s.deviceId !== device.id || Number(s.seq) !== e.seq))
      throw syncRefusal('conflict', { id: e.id });
  }
  throw new Error('entries insert skipped rows without an id clash');
}

export interface IngestResult {
  stored: number;
  duplicates: number;
  lastSeq: number;
}

/**
 * Takes the township-wide sync lock (a row lock on the receive counter) and returns the
 * current receive sequence. Every writer of entries holds it, so pull cursors never skip
 * an entry that commits late on PostgreSQL, and one device's pushes never interleave.
 */
export async function lockSync(trx: Trx): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('name', '=', 'recv_seq')
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}

/**
 * Stores a device's entries idempotently, inside a transaction that holds lockSync.
 * Entries at or below the device's stored head must equal what is stored (a resend);
 * new ones must continue the chain exactly. Anything else refuses the whole batch,
 * naming the seq the device should send next.
 */
export async function ingest(
  trx: Trx,
  device: DeviceTable,
  batch: JournalEntry[],
  recvBase: number,
  now: number,
): Promise<IngestResult> {
  if (batch.some((e) => e.deviceId !== device.id)) throw syncRefusal('wrong-device');
  const sorted = [...batch].sort((a, b) => a.seq - b.seq);
  const unique: JournalEntry[] = [];
  for (const e of sorted) {
    const last = unique[unique.length - 1];
    if (last && last.seq === e.seq) {
      if (last.hash !== e.hash || last.id !== e.id) throw syncRefusal('conflict', { seq: e.seq });
      continue;
    }
    unique.push(e);
  }
  const old = unique.filter((e) => e.seq <= device.lastSeq);
  const fresh = unique.filter((e) => e.seq > device.lastSeq);

  if (old.length > 0) {
    const stored = await trx
      .selectFrom('entries')
      .select(['seq', 'id', 'hash'])
      .where('deviceId', '=', device.id)
      .where('seq', '>=', old[0]!.seq)
      .where('seq', '<=', old[old.length - 1]!.seq)
      .execute();
    const bySeq = new Map(stored.map((s) => [Number(s.seq), s]));
    for (const e of old) {
      const s = bySeq.get(e.seq);
      // Below the head but absent: the device was linked from an archive (never happens
      // today) or the server lost data; either way this is not a harmless resend.
      if (!s || s.hash !== e.hash || s.id !== e.id || entryHash(e) !== e.hash) {
        throw syncRefusal('conflict', { seq: e.seq });
      }
    }
  }
  if (fresh.length === 0) return { stored: 0, duplicates: old.length, lastSeq: device.lastSeq };

  const expectedSeq = device.lastSeq + 1;
  const problems = checkChain(fresh, device.lastSeq, device.lastHash);
  const first = problems[0];
  if (first?.kind === 'seq-gap') throw syncRefusal('seq-gap', { expectedSeq, got: first.seq });
  if (first) throw syncRefusal('chain-broken', { expectedSeq, seq: first.seq, problem: first.kind });

  // The entries go in first, skipping any whose id (or key) is taken: a clash shows as a
  // short count, and only then is it looked for. Everything below runs in the same
  // transaction, so a refusal further on still stores nothing. This takes the place of
  // a 1000-id lookup before every batch, at the same point in the order of checks.
  const townshipId = device.townshipId;
  const lockedRows = await trx
    .selectFrom('periods')
    .select('period')
    .where('townshipId', '=', townshipId)
    .execute();
  const locked = new Set(lockedRows.map((r) => r.period));
  // Each entry counts by the date its time gives; a till date that differs is flagged (0723).
  const dateOf = await checkBusinessDates(trx, device, fresh, now);
  const periodsOf = new Map<string, { period: string; late: boolean; flags: FlagContext }>();
  const entryPeriods: { period: string; late: boolean; flags: FlagContext }[] = [];
  const entryRows: EntryTable[] = [];
  for (let i = 0; i < fresh.length; i++) {
    const e = fresh[i]!;
    const date = dateOf(e);
    let p = periodsOf.get(date);
    if (!p) {
      let period = periodOf(date);
      const late = locked.has(period);
      while (locked.has(period)) period = nextPeriod(period);
      p = { period, late, flags: { townshipId, period, now } };
      periodsOf.set(date, p);
    }
    entryPeriods.push(p);
    entryRows.push({
      deviceId: e.deviceId,
      seq: e.seq,
      id: e.id,
      townshipId,
      kind: e.kind,
      at: e.at,
      businessDate: e.businessDate,
      clerkId: e.clerkId,
      body: JSON.stringify(e.body),
      prevHash: e.prevHash,
      hash: e.hash,
      recvSeq: recvBase + i + 1,
      receivedAt: now,
      period: p.period,
      late: p.late ? 1 : 0,
    });
  }
  if ((await insertRows(trx, ENTRY_ROWS, entryRows)) < entryRows.length)
    await refuseClash(trx, device, fresh);
  // The village of every household the batch names (householdOf names the same ones).
  const villages = await checkPermissions(trx, device, fresh);
  // Rules first, so a limit checked below sees a rule edited earlier in the same batch.
  const rulesMoved = await applyRuleEffects(trx, device.townshipId, fresh);

  const households = [...new Set(fresh.map(householdOf).filter((h): h is string => h !== null))];
  const rules = [...new Set(fresh.map(ruleOf).filter((r): r is string => r !== null))];
  const [ruleRows, balanceRows] = await Promise.all([
    rules.length
      ? trx.selectFrom('rules').select(['id', 'category']).where('id', 'in', rules).execute()
      : Promise.resolve([]),
    households.length
      ? trx
          .selectFrom('balances')
          .select(['householdId', 'balance'])
          .where((eb) => oneOf(trx, eb, 'householdId', households))
          .execute()
      : Promise.resolve([]),
  ]);
  const categories = new Map(ruleRows.map((r) => [r.id, r.category]));
  const balances = new Map(balanceRows.map((r) => [r.householdId, Number(r.balance)]));
  const review = await reviewPoints(trx, device.townshipId, fresh, villages, dateOf);

  const lines: Projection = { ledger: [], stock: [] };
  const { ledger, stock } = lines;
  const overdrafts: OverdraftTable[] = [];
  const pointsFlags: PointsFlagTable[] = [];
  // One context for the batch.
  const ctx: ProjectionContext = {
    townshipId,
    deviceShopId: device.shopId,
    villageOf: (h) => villages.get(h) ?? null,
    categoryOf: (r) => (r ? (categories.get(r) ?? 'unknown-rule') : 'manual'),
  };
  for (let i = 0; i < fresh.length; i++) {
    const e = fresh[i]!;
    const p = entryPeriods[i]!;
    const { period } = p;
    const firstLine = ledger.length;
    if (!review.uncounted.has(e.id)) projectEntry(e, period, ctx, lines);
    const flag = pointsFlagOf(e, p.flags);
    if (flag) pointsFlags.push(flag);
    const reasons = review.flags.get(e.id);
    if (reasons) for (const reason of reasons) pointsFlags.push(pointsFlagRow(e, reason, p.flags));
    let overdrawn = false;
    for (let j = firstLine; j < ledger.length; j++) {
      const line = ledger[j]!;
      const after = (balances.get(line.householdId) ?? 0) + line.points;
      balances.set(line.householdId, after);
      // Offline double spend: both sales stand; the one that takes the balance below zero is flagged.
      if (line.points < 0 && after < 0 && !overdrawn) {
        overdrawn = true;
        overdrafts.push({
          id: newId({ now: () => now }),
          townshipId,
          householdId: line.householdId,
          entryId: e.id,
          deviceId: e.deviceId,
          balanceAfter: after,
          period,
          detectedAt: now,
          status: 'open',
        });
      }
    }
  }

  await insertRows(trx, LEDGER_ROWS, ledger);
  await insertRows(trx, STOCK_ROWS, stock);
  await inChunks(overdrafts, (chunk) => trx.insertInto('overdrafts').values(chunk).execute());
  await inChunks(pointsFlags, (chunk) => trx.insertInto('pointsFlags').values(chunk).execute());
  await addTotals(trx, device.townshipId, entryRows, ledger, stock);
  const periods = new Map(entryRows.map((r) => [r.id, r.period]));
  await flagRefunds(trx, device.townshipId, fresh, (id) => periods.get(id)!, now);
  await auditUnlocks(trx, device, fresh, now);
  // Final balances of the batch, one upsert each (one statement on PostgreSQL).
  const finalBalances: BalanceTable[] = [...balances].map(([householdId, balance]) => ({
    householdId,
    townshipId: device.townshipId,
    balance,
  }));
  await insertRows(trx, BALANCE_ROWS, finalBalances);
  // Card and clerk events are also master data: materialise them and move the version once.
  const cardsMoved = await applyCardEffects(trx, device.townshipId, fresh);
  const clerksMoved = await applyClerkEffects(trx, device.townshipId, fresh);
  if (cardsMoved || clerksMoved || rulesMoved) await bumpMasterVersion(trx, device.townshipId);
  const last = fresh[fresh.length - 1]!;
  await trx
    .updateTable('counters')
    .set({ value: recvBase + fresh.length })
    .where('name', '=', 'recv_seq')
    .execute();
  await trx
    .updateTable('devices')
    .set({ lastSeq: last.seq, lastHash: last.hash, lastSyncAt: now })
    .where('id', '=', device.id)
    .execute();
  return { stored: fresh.length, duplicates: old.length, lastSeq: last.seq };
}

export async function deviceForUpdate(trx: Trx, id: string): Promise<DeviceTable | undefined> {
  const row = await trx.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...row, lastSeq: Number(row.lastSeq) } : undefined;
}
