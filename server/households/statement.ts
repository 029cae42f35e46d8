import type { HouseholdView, StatementLine } from '../../src/console/people';
import type { Db } from '../db/connect';
import { householdIn } from './edit';

/** One household with its members and their cards (card state as the card events decide it, decision 0414). */
export async function householdView(db: Db, townshipId: string, id: string): Promise<HouseholdView> {
  const h = await householdIn(db, townshipId, id);
  const [village, members, cards, balance] = await Promise.all([
    db.selectFrom('villages').select('name').where('id', '=', h.villageId).executeTakeFirst(),
    db
      .selectFrom('members')
      .select(['id', 'name', 'tags', 'isHead'])
      .where('householdId', '=', id)
      .orderBy('isHead', 'desc')
      // By name, so the list reads the same on every visit (ids sort by their random tail).
      .orderBy('name')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('cards as c')
      .leftJoin('cardState as s', 's.uid', 'c.uid')
      .select(['c.uid', 'c.memberId', 'c.status', 's.status as state', 's.reason'])
      .where('c.householdId', '=', id)
      .orderBy('c.uid')
      .execute(),
    db.selectFrom('balances').select('balance').where('householdId', '=', id).executeTakeFirst(),
  ]);
  return {
    id: h.id,
    number: h.number,
    villageId: h.villageId,
    villageName: village?.name ?? '',
    address: h.address,
    status: h.status,
    balance: Number(balance?.balance ?? 0),
    plateVersion: Number(h.plateVersion),
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      tags: JSON.parse(m.tags) as string[],
      isHead: m.isHead === 1,
      cards: cards
        .filter((c) => c.memberId === m.id)
        .map((c) => {
          const status = c.status === 'replaced' ? 'replaced' : (c.state ?? 'active');
          return {
            uid: c.uid,
            status,
            reason: status === 'lost' || status === 'blocked' ? (c.reason ?? '') : '',
          };
        }),
    })),
  };
}

function noteOf(kind: string, body: Record<string, unknown>): string {
  if (kind === 'sale') return String(body.receiptNo ?? '');
  if (typeof body.ruleName === 'string' && body.ruleName)
    return `${body.ruleName} ${body.reason ?? ''}`.trim();
  return typeof body.reason === 'string' ? body.reason : '';
}

/** Every ledger line of the household in the order the server received them, with a running balance. */
export async function householdStatement(db: Db, townshipId: string, id: string): Promise<StatementLine[]> {
  await householdIn(db, townshipId, id);
  const rows = await db
    .selectFrom('ledgerLines as l')
    .innerJoin('entries as e', 'e.id', 'l.entryId')
    .leftJoin('devices as d', 'd.id', 'l.deviceId')
    .leftJoin('shops as s', 's.id', 'l.shopId')
    .select([
      'l.entryId',
      'l.lineNo',
      'e.at',
      'e.businessDate',
      'l.period',
      'e.kind',
      'e.body',
      'l.category',
      'l.points',
      'd.name as deviceName',
      'd.kind as deviceKind',
      's.name as shopName',
    ])
    .where('l.householdId', '=', id)
    .where('l.townshipId', '=', townshipId)
    .orderBy('e.recvSeq')
    .orderBy('l.lineNo')
    .execute();
  let balance = 0;
  return rows.map((r) => {
    balance += Number(r.points);
    return {
      entryId: r.entryId,
      at: Number(r.at),
      businessDate: r.businessDate,
      period: r.period,
      kind: r.kind,
      category: r.category,
      points: Number(r.points),
      balanceAfter: balance,
      where: r.shopName ?? (r.deviceKind === 'server' ? 'township' : (r.deviceName ?? '')),
      note: noteOf(r.kind, JSON.parse(r.body) as Record<string, unknown>),
    };
  });
}
