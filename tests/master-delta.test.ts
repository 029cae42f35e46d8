import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWith } from '../main/sync/keys';
import { parsePlate, plateSigningText } from '../src/points/door-plate';
import type { MasterData } from '../src/sync/master-data';
import type { PullResponse } from '../src/sync/messages';
import { type Postgres, startPostgres } from './support/postgres';
import { OfficerApi, type ServerProcess, startServer } from './support/server-process';
import { RawDevice, seedTownship, type Township } from './support/township';

const NOW = Date.UTC(2030, 5, 10, 2, 0, 0);
const HOUSEHOLDS = 2000;

/**
 * Master data moves as changes since the till's version (decision 0701), on both
 * dialects: a first pull pages through every row with no entries until the last page,
 * a price change afterwards sends one product, and a clerk who moved to another shop
 * reaches the old shop's till as inactive without a PIN hash.
 */
describe.each(['sqlite', 'postgres'] as const)('master data delta pull on %s', (dialect) => {
  let dir: string;
  let pg: Postgres | undefined;
  let server: ServerProcess | undefined;
  let api: OfficerApi;
  let t: Township;
  let till: RawDevice;
  let version = 0;

  type Page = PullResponse & { masterCursor?: string | null };
  const pull = async (masterVersion: number, masterCursor: string | null = null, cursor = 0) => {
    const r = await till.post('/sync/pull', { cursor, masterVersion, masterCursor });
    expect(r.status, r.text).toBe(200);
    return { page: r.json as unknown as Page, bytes: r.text.length };
  };
  /** Every page of one catch-up, as the till client runs it. */
  const catchUp = async (from: number) => {
    const pages: Page[] = [];
    let cursor: string | null = null;
    for (;;) {
      const { page } = await pull(from, cursor);
      pages.push(page);
      cursor = page.masterCursor ?? null;
      if (!cursor) return pages;
    }
  };
  const rows = (pages: Page[], table: keyof MasterData): unknown[] =>
    pages.flatMap((p) => (p.master?.[table] ?? []) as unknown[]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-delta-'));
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pg = await startPostgres();
      databaseUrl = await pg.newDatabase();
    }
    server = await startServer({ dir, databaseUrl, nowMs: NOW });
    api = new OfficerApi(server.url);
    await api.login();
    t = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: HOUSEHOLDS });
    till = new RawDevice(server.url, t.shopIds[0]!, server.clock);
    await till.enroll(api);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a first pull pages through every master row; entries wait for the last page', async () => {
    const pages = await catchUp(0);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages.slice(0, -1)) {
      expect(p.entries).toEqual([]);
      expect(p.more).toBe(true);
      expect(p.masterVersion).toBe(0);
    }
    const last = pages[pages.length - 1]!;
    expect(last.masterVersion).toBeGreaterThan(0);
    version = last.masterVersion;
    expect(new Set(rows(pages, 'households').map((h) => (h as { id: string }).id)).size).toBe(HOUSEHOLDS);
    // Each household carries its door plate, signed with the server key the till pinned (decision 0910).
    for (const h of rows(pages, 'households').slice(0, 50) as MasterData['households']) {
      const plate = parsePlate(h.plate ?? '');
      expect(plate, h.id).toMatchObject({ householdId: h.id, version: 1 });
      const signed = plateSigningText({ townshipId: t.townshipId, householdId: h.id, version: 1 });
      expect(verifyWith(till.serverPublicKey, signed, plate!.signature)).toBe(true);
      expect(verifyWith(till.serverPublicKey, signed.replace(h.id, t.townshipId), plate!.signature)).toBe(
        false,
      );
    }
    expect(rows(pages, 'cards')).toHaveLength(HOUSEHOLDS);
    expect(rows(pages, 'products')).toHaveLength(t.productIds.length);
    expect(rows(pages, 'shops')).toHaveLength(2);
  });

  it('after one price change the pull carries that product and nothing else', async () => {
    const product = rows(await catchUp(0), 'products')[0] as MasterData['products'][number];
    await api.call('PUT', `/api/townships/${t.townshipId}/master`, {
      products: [{ ...product, pricePoints: product.pricePoints + 100 }],
    });
    const { page, bytes } = await pull(version);
    expect(page.masterCursor ?? null).toBeNull();
    expect(page.masterVersion).toBe(version + 1);
    expect(page.master?.products).toEqual([{ ...product, pricePoints: product.pricePoints + 100 }]);
    expect(page.master?.households).toEqual([]);
    expect(page.master?.members).toEqual([]);
    expect(page.master?.cards).toEqual([]);
    expect(bytes).toBeLessThan(4000);
    version = page.masterVersion;
    // Up to date: nothing to send.
    expect((await pull(version)).page.master).toBeNull();
  });

  it('a clerk who moves to another shop reaches the old till inactive and without a PIN hash', async () => {
    const clerks = rows(await catchUp(0), 'clerks') as MasterData['clerks'];
    const clerk = clerks.find((c) => c.shopId === t.shopIds[0]) ?? clerks[0]!;
    await api.call('PUT', `/api/townships/${t.townshipId}/master`, {
      clerks: [{ ...clerk, shopId: t.shopIds[1] }],
    });
    const { page } = await pull(version);
    const moved = page.master?.clerks.find((c) => c.id === clerk.id);
    expect(moved).toMatchObject({ active: false, pinHash: '!', shopId: null });
    // A till that never held it gets no row at all.
    expect(rows(await catchUp(0), 'clerks').some((c) => (c as { id: string }).id === clerk.id)).toBe(false);
  });

  it('refuses a forged cursor', async () => {
    const r = await till.post('/sync/pull', { cursor: 0, masterVersion: 0, masterCursor: 'bm9wZQ' });
    expect(r.status).toBe(400);
    expect(r.json.error?.details.reason).toBe('malformed');
  });
});
