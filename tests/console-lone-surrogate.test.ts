import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDb } from '../server/db/connect';
import { startOfLocalDay } from '../src/clock';
import { ConsoleClient } from './support/console-client';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';
import { OFFICER } from './support/server-process';

/**
 * A lone UTF-16 surrogate has no canonical JSON (RFC 8785): a people event or a price the
 * server hashes, signs or sends to the tills cannot hold one. The township console API
 * refuses it at the door, in both languages, and writes nothing, instead of failing deep
 * in hashing with canonicalize's English (or storing what no till can take).
 */
const NOW = startOfLocalDay('2027-04-06') + 9 * 3_600_000;

/** The rows these changes could write, and the audit trail: equal before and after means nothing was written. */
async function everything(db: ServerDb['db']): Promise<string> {
  const out: Record<string, string[]> = {};
  for (const t of ['households', 'members', 'products', 'entries', 'consoleAudit'] as const) {
    const rows = await db.selectFrom(t).selectAll().execute();
    out[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

describe('a lone surrogate at the township console API', () => {
  let s: SeededTownship;
  let db: ServerDb;
  let admin: ConsoleClient;

  beforeAll(async () => {
    s = await startSeededTownship({
      dialect: 'sqlite',
      nowMs: NOW,
      size: { villages: 1, shopsPerVillage: 1, households: 2 },
      dirPrefix: 'jifen-console-surrogate-',
    });
    admin = await new ConsoleClient(s.server.url).signIn(OFFICER.username, OFFICER.password);
    db = await openServerDb({ databaseUrl: s.databaseUrl, sqliteFile: join(s.dir, 'server.db') });
  }, 180_000);

  afterAll(async () => {
    await db?.close();
    await s?.close();
  });

  it('is refused in a product name, a household head and a member name, and nothing is written', async () => {
    const t = s.t;
    const h = t.households[0]!;
    const before = await everything(db.db);
    const cases = [
      [
        'PUT',
        `/townships/${t.townshipId}/products/${t.productIds[0]}`,
        { name: '毛巾\uD800', pricePoints: 100 },
        'name',
      ],
      ['POST', `/townships/${t.townshipId}/products`, { name: '\uDC00香皂', pricePoints: 100 }, 'name'],
      [
        'POST',
        `/townships/${t.townshipId}/households`,
        { villageId: t.villageIds[0], number: 'S1', head: '张\uD83D' },
        'head',
      ],
      ['POST', `/townships/${t.townshipId}/households/${h.id}/members`, { name: '李\uDBFF四' }, 'name'],
    ] as const;
    for (const [method, path, body, field] of cases) {
      const r = await admin.raw(method, path, body);
      expect([path, r.status, r.body.error?.code]).toEqual([path, 400, 'INVALID_INPUT']);
      expect(r.body.error?.zh).toBe(`输入有误：${field}：含有无法保存的字符（不成对的代理项）`);
      expect(r.body.error?.en).toBe(
        `Invalid input: ${field}: holds a character that cannot be stored (a lone surrogate)`,
      );
    }
    expect(await everything(db.db)).toBe(before);

    // A pair (U+20BB7 𠮷) is a character like any other.
    const ok = await admin.raw('POST', `/townships/${t.townshipId}/households/${h.id}/members`, {
      name: '𠮷四',
    });
    expect(ok.status).toBe(200);
  });
});
