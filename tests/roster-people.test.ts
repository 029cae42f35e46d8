import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPin } from '../main/store/pin';
import { rebuildCardState } from '../server/cards/effects';
import { findCard, issueCard, replaceCard, setCardLost } from '../server/cards/issue';
import { listClerks, saveClerk } from '../server/clerks/clerks';
import { openServerDb, type ServerDb } from '../server/db/connect';
import type { ServerDatabase } from '../server/db/schema';
import { closeHousehold, moveMember, saveHousehold, saveMember } from '../server/households/edit';
import { searchHouseholds } from '../server/households/search';
import { householdStatement, householdView } from '../server/households/statement';
import { appendServerEntry } from '../server/journal/server-journal';
import { ensureTownship, masterSnapshot, upsertMasterData } from '../server/master/master-data';
import { masterVersion } from '../server/master/version';
import { ManualClock, startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';

/**
 * Households, members, cards and clerks as the console changes them, on a real SQLite
 * file built from the server migrations: what is written, what is refused, and that a
 * refusal writes nothing.
 */
const clock = new ManualClock(startOfLocalDay('2026-11-20') + 3_600_000);
const T = newId(clock);
const V1 = newId(clock);
const V2 = newId(clock);
const SHOP = newId(clock);
const OFFICER = newId(clock);

let dir: string;
let store: ServerDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jifen-people-'));
  store = await openServerDb({ sqliteFile: join(dir, 'server.db') });
  await ensureTownship(store.db, { id: T, name: '测试镇', timeZone: 'Asia/Shanghai' });
  await upsertMasterData(store.db, T, {
    villages: [
      { id: V1, townshipId: T, name: '东村' },
      { id: V2, townshipId: T, name: '西村' },
    ],
    shops: [
      {
        id: SHOP,
        villageId: V1,
        name: '东村积分超市',
        receiptHeader: '',
        receiptFooter: '',
        redemptionWindow: null,
      },
    ],
  });
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const tx = <R>(fn: (trx: Transaction<ServerDatabase>) => Promise<R>) => store.db.transaction().execute(fn);

describe('households and members', () => {
  let h1: string;
  let h2: string;
  let zhang: string;
  let li: string;

  it('creates households and finds them by house number, name and pinyin initials', async () => {
    h1 = await tx((trx) =>
      saveHousehold(trx, clock, T, null, { villageId: V1, number: '101', address: '东村1组' }),
    );
    h2 = await tx((trx) =>
      saveHousehold(trx, clock, T, null, { villageId: V2, number: '102', address: '西村2组' }),
    );
    await tx((trx) => saveMember(trx, clock, T, h1, null, { name: '张三', tags: [], isHead: true }));
    zhang = await tx((trx) =>
      saveMember(trx, clock, T, h1, null, { name: '曾小红', tags: ['党员'], isHead: false }),
    );
    li = await tx((trx) => saveMember(trx, clock, T, h2, null, { name: '李四', tags: [], isHead: true }));

    const byNumber = await searchHouseholds(store.db, T, { q: '10', villageId: null });
    expect(byNumber.map((h) => h.number)).toEqual(['101', '102']);
    expect(byNumber[0]).toMatchObject({ villageName: '东村', head: '张三', memberCount: 2 });
    expect((await searchHouseholds(store.db, T, { q: 'zxh', villageId: null })).map((h) => h.id)).toEqual([
      h1,
    ]);
    expect((await searchHouseholds(store.db, T, { q: 'ZS', villageId: null })).map((h) => h.id)).toEqual([
      h1,
    ]);
    expect((await searchHouseholds(store.db, T, { q: '李', villageId: null })).map((h) => h.id)).toEqual([
      h2,
    ]);
    // A cadre of 东村 sees only 东村.
    expect((await searchHouseholds(store.db, T, { q: '', villageId: V1 })).map((h) => h.id)).toEqual([h1]);
  });

  it('finds members written through the old PUT /master by their pinyin initials', async () => {
    const h = newId(clock);
    await upsertMasterData(store.db, T, {
      households: [{ id: h, villageId: V2, number: '901', address: '', status: 'active' }],
      members: [{ id: newId(clock), householdId: h, name: '曾国强', tags: [], isHead: true }],
    });
    expect((await searchHouseholds(store.db, T, { q: 'zgq', villageId: null })).map((x) => x.id)).toEqual([
      h,
    ]);
  });

  it('refuses a house number already used in the village, and writes nothing', async () => {
    const before = await masterVersion(store.db, T);
    await expect(
      tx((trx) => saveHousehold(trx, clock, T, null, { villageId: V1, number: '101', address: '' })),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'duplicate-number' } });
    expect(await masterVersion(store.db, T)).toBe(before);
    // The same number in another village is another house.
    await tx((trx) => saveHousehold(trx, clock, T, null, { villageId: V2, number: '101', address: '' }));
  });

  it('moves a member with their card to another household; the head cannot move', async () => {
    await tx((trx) => issueCard(trx, clock, T, OFFICER, { memberId: zhang, uid: '04A1B2C3' }));
    await tx((trx) => moveMember(trx, T, zhang, h2));
    const view = await householdView(store.db, T, h2);
    expect(view.members.map((m) => m.name)).toEqual(['李四', '曾小红']);
    expect(view.members[1]?.cards).toEqual([{ uid: '04A1B2C3', status: 'active', reason: '' }]);
    await expect(tx((trx) => moveMember(trx, T, li, h1))).rejects.toMatchObject({
      details: { reason: 'head-cannot-move' },
    });
  });

  it('closes a household; a closed household takes no members and no cards', async () => {
    await tx((trx) => closeHousehold(trx, T, h1));
    expect((await householdView(store.db, T, h1)).status).toBe('closed');
    await expect(tx((trx) => moveMember(trx, T, zhang, h1))).rejects.toMatchObject({
      code: 'HOUSEHOLD_CLOSED',
    });
    const snapshot = await masterSnapshot(store.db, T);
    expect(snapshot.households.find((h) => h.id === h1)?.status).toBe('closed');
  });

  it('shows a statement with opening balance, awards and a running balance', async () => {
    await appendServerEntry(store.db, clock, T, {
      kind: 'points.opening',
      clerkId: OFFICER,
      body: { householdId: h2, amount: 12_50, reason: '期初积分 opening balance', source: 'roster.xlsx' },
    });
    await appendServerEntry(store.db, clock, T, {
      kind: 'points.award',
      clerkId: OFFICER,
      body: {
        householdId: h2,
        memberId: li,
        ruleId: null,
        amount: 5_00,
        reason: '志愿服务',
        proposedBy: OFFICER,
        // Posted by the officer alone: an approver the server does not know would not count (0920).
        approvedBy: null,
        reverses: null,
      },
    });
    const lines = await householdStatement(store.db, T, h2);
    expect(lines.map((l) => [l.kind, l.category, l.points, l.balanceAfter])).toEqual([
      ['points.opening', 'opening', 12_50, 12_50],
      ['points.award', 'manual', 5_00, 17_50],
    ]);
    expect((await householdView(store.db, T, h2)).balance).toBe(17_50);
  });
});

describe('cards', () => {
  let member: string;
  let other: string;
  beforeAll(async () => {
    const h = await tx((trx) =>
      saveHousehold(trx, clock, T, null, { villageId: V1, number: '201', address: '' }),
    );
    member = await tx((trx) => saveMember(trx, clock, T, h, null, { name: '王五', tags: [], isHead: true }));
    const h2 = await tx((trx) =>
      saveHousehold(trx, clock, T, null, { villageId: V1, number: '202', address: '' }),
    );
    other = await tx((trx) => saveMember(trx, clock, T, h2, null, { name: '赵六', tags: [], isHead: true }));
  });

  it('issues a card as a journal event of the server device; tills get it in master data', async () => {
    const e = await tx((trx) =>
      issueCard(trx, clock, T, OFFICER, { memberId: member, uid: '04AABBCCDD0011' }),
    );
    expect(e.kind).toBe('card.issue');
    const snapshot = await masterSnapshot(store.db, T);
    expect(snapshot.cards.find((c) => c.uid === '04AABBCCDD0011')).toMatchObject({
      memberId: member,
      status: 'active',
    });
  });

  it('refuses a UID already issued to someone else, and writes nothing', async () => {
    const entries = await store.db.selectFrom('entries').select('id').execute();
    await expect(
      tx((trx) => issueCard(trx, clock, T, OFFICER, { memberId: other, uid: '04AABBCCDD0011' })),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'uid-taken' } });
    expect(await store.db.selectFrom('entries').select('id').execute()).toHaveLength(entries.length);
    expect((await findCard(store.db, T, '04AABBCCDD0011'))?.memberId).toBe(member);
  });

  it('reports lost, found and replaces a card', async () => {
    await tx((trx) =>
      setCardLost(trx, clock, T, OFFICER, { uid: '04AABBCCDD0011', lost: true, reason: '丢在地里' }),
    );
    expect(await findCard(store.db, T, '04AABBCCDD0011')).toMatchObject({
      status: 'lost',
      reason: '丢在地里',
    });
    clock.advance(1000);
    await tx((trx) =>
      setCardLost(trx, clock, T, OFFICER, { uid: '04AABBCCDD0011', lost: false, reason: '找到了' }),
    );
    expect((await findCard(store.db, T, '04AABBCCDD0011'))?.status).toBe('active');
    clock.advance(1000);
    const [retire, issue] = await tx((trx) =>
      replaceCard(trx, clock, T, OFFICER, {
        oldUid: '04AABBCCDD0011',
        newUid: '04AABBCCDD0022',
        reason: '卡坏了',
      }),
    );
    expect([retire?.kind, issue?.kind]).toEqual(['card.replace', 'card.issue']);
    expect((await findCard(store.db, T, '04AABBCCDD0011'))?.status).toBe('replaced');
    expect(await findCard(store.db, T, '04AABBCCDD0022')).toMatchObject({
      status: 'active',
      memberId: member,
    });
  });
});

describe('card state rebuilt from the entries', () => {
  it('gives the same card state as the entries gave when they arrived (migration 0632)', async () => {
    const state = () => store.db.selectFrom('cardState').selectAll().orderBy('uid').execute();
    const live = await state();
    expect(live.map((c) => c.status)).toContain('replaced');
    await tx(async (trx) => {
      await trx.deleteFrom('cardBlocks').execute();
      await trx.deleteFrom('cardState').execute();
      await rebuildCardState(trx);
    });
    expect(await state()).toEqual(live);
  });
});

describe('clerks', () => {
  it('refuses a weak initial PIN and writes nothing', async () => {
    for (const pin of ['1234', '000000', '123456', '121212']) {
      await expect(
        tx((trx) =>
          saveClerk(trx, clock, T, OFFICER, null, {
            name: '小刘',
            role: 'clerk',
            shopId: SHOP,
            active: true,
            pin,
          }),
        ),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'pin' } });
    }
    expect(await listClerks(store.db, T, null)).toEqual([]);
  });

  it('makes a clerk whose initial PIN the till accepts and must change', async () => {
    const { id, entry } = await tx((trx) =>
      saveClerk(trx, clock, T, OFFICER, null, {
        name: '小刘',
        role: 'clerk',
        shopId: SHOP,
        active: true,
        pin: '602817',
      }),
    );
    expect(entry.kind).toBe('clerk.set');
    expect(await listClerks(store.db, T, SHOP)).toEqual([
      {
        id,
        name: '小刘',
        role: 'clerk',
        shopId: SHOP,
        shopName: '东村积分超市',
        active: true,
        mustChangePin: true,
      },
    ]);
    const row = await store.db
      .selectFrom('clerks')
      .select('pinHash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(checkPin('602817', row.pinHash)).toBe(true);
    expect(checkPin('602818', row.pinHash)).toBe(false);
    // Renaming keeps the PIN and its flag.
    await tx((trx) =>
      saveClerk(trx, clock, T, OFFICER, id, {
        name: '刘小红',
        role: 'manager',
        shopId: SHOP,
        active: true,
        pin: null,
      }),
    );
    expect((await listClerks(store.db, T, SHOP))[0]).toMatchObject({
      name: '刘小红',
      role: 'manager',
      mustChangePin: true,
    });
  });
});
