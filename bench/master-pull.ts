/**
 * Master data pulls (decision 0701), through a real township server process (SQLite)
 * and a real till (TillStore + SyncClient):
 *  - a till's first pull of a 5,000-household township (bytes and seconds, applied);
 *  - a catch-up pull after 3 months of changes (90 daily edits: households changed and
 *    added, cards replaced, prices changed), against the whole snapshot it replaces;
 *  - the size of the pull after one price change at 50,000 households.
 * Bytes are the pull answers' bodies as the till received them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPin, TillStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { ManualClock } from '../src/clock';
import { newId } from '../src/ids';
import type { MasterData } from '../src/sync/master-data';
import { OfficerApi, type ServerProcess, startServer } from '../tests/support/server-process';

const NOW = Date.UTC(2030, 0, 6, 2, 0, 0);
const ids = new ManualClock(NOW);
const uid = () => {
  ids.advance(1);
  return newId(ids);
};

type Rows = Required<Pick<MasterData, 'households' | 'members' | 'cards'>>;

/** Counts the bytes of every /sync/pull answer this process receives. */
function countPullBytes(): { take(): number } {
  let bytes = 0;
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    if (String(input instanceof Request ? input.url : input).endsWith('/sync/pull')) {
      const body = await res.clone().arrayBuffer();
      bytes += body.byteLength;
    }
    return res;
  };
  return {
    take() {
      const b = bytes;
      bytes = 0;
      return b;
    },
  };
}

function householdRows(villageIds: string[], from: number, n: number, prefix = '05'): Rows {
  const out: Rows = { households: [], members: [], cards: [] };
  for (let i = from; i < from + n; i++) {
    const h = {
      id: uid(),
      villageId: villageIds[i % villageIds.length]!,
      number: `H${String(i + 1).padStart(6, '0')}`,
      address: `${(i % 300) + 1}号`,
      status: 'active' as const,
    };
    const m = { id: uid(), householdId: h.id, name: `户主${i + 1}`, tags: [], isHead: true };
    out.households.push(h);
    out.members.push(m);
    out.cards.push({
      uid: `${prefix}${String(i + 1).padStart(10, '0')}`,
      memberId: m.id,
      householdId: h.id,
      status: 'active',
    });
  }
  return out;
}

async function township(api: OfficerApi, households: number, cardPrefix: string) {
  const townshipId = uid();
  await api.call('PUT', `/api/townships/${townshipId}`, { name: '青山镇', timeZone: 'Asia/Shanghai' });
  const villages = Array.from({ length: 10 }, (_, i) => ({ id: uid(), townshipId, name: `第${i + 1}村` }));
  const shops = villages.map((v) => ({
    id: uid(),
    villageId: v.id,
    name: `${v.name}积分超市`,
    receiptHeader: '',
    receiptFooter: '',
    redemptionWindow: null,
  }));
  const products = Array.from({ length: 60 }, (_, i) => ({
    id: uid(),
    barcode: `69${String(i + 1).padStart(11, '0')}`,
    name: `商品${i + 1}`,
    pinyin: '',
    unit: '件',
    pricePoints: 500 + i * 100,
    category: '日用品',
    isService: false,
    active: true,
    favourite: false,
  }));
  const clerks = shops.map((s) => ({
    id: uid(),
    name: '店长',
    role: 'manager' as const,
    shopId: s.id,
    pinHash: hashPin('583920'),
    active: true,
  }));
  await api.call('PUT', `/api/townships/${townshipId}/master`, { villages, shops, products, clerks });
  const rows: Rows = { households: [], members: [], cards: [] };
  for (let i = 0; i < households; i += 5000) {
    const chunk = householdRows(
      villages.map((v) => v.id),
      i,
      Math.min(5000, households - i),
      cardPrefix,
    );
    await api.call('PUT', `/api/townships/${townshipId}/master`, chunk);
    rows.households.push(...chunk.households);
    rows.members.push(...chunk.members);
    rows.cards.push(...chunk.cards);
  }
  return {
    townshipId,
    villageIds: villages.map((v) => v.id),
    shopIds: shops.map((s) => s.id),
    products,
    rows,
  };
}

async function newTill(server: ServerProcess, api: OfficerApi, shopId: string, dir: string) {
  const store = new TillStore(join(dir, `till-${uid()}.db`), { clock: server.clock });
  const sync = new SyncClient({ store, clock: server.clock });
  const { code } = await api.call<{ code: string }>('POST', `/api/shops/${shopId}/enrollment-codes`);
  await sync.enroll(server.url, code, '收银机');
  return { store, sync };
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timedSync(sync: SyncClient, bytes: { take(): number }) {
  bytes.take();
  const t0 = performance.now();
  const st = await sync.syncNow();
  if (st.state !== 'idle') throw new Error(`sync ended ${st.state}: ${JSON.stringify(st.message)}`);
  return { ms: performance.now() - t0, bytes: bytes.take() };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-master-'));
  const server = await startServer({ dir, nowMs: NOW });
  const bytes = countPullBytes();
  const stores: TillStore[] = [];
  try {
    const api = new OfficerApi(server.url);
    await api.login();

    const small = await township(api, 5000, '05');
    const a = await newTill(server, api, small.shopIds[0]!, dir);
    stores.push(a.store);
    const first = await timedSync(a.sync, bytes);
    const counted = a.store.sql('SELECT count(*) FROM households').pluck().get() as number;
    console.log(
      `first pull, 5,000 households: ${kb(first.bytes)} in ${s(first.ms)} (${counted} households applied)`,
    );

    // Three months offline: 90 days of township edits while the till does not sync.
    let added = 5000;
    let changedRows = 0;
    for (let day = 0; day < 90; day++) {
      const patch: Partial<MasterData> = {};
      const edited = Array.from({ length: 5 }, (_, k) => {
        const h = small.rows.households[(day * 37 + k * 11) % small.rows.households.length]!;
        return { ...h, address: `${h.address}（第${day + 1}天改）` };
      });
      const fresh = householdRows(small.villageIds, added, 3);
      added += 3;
      const replaced = Array.from({ length: 2 }, (_, k) => {
        const old = small.rows.cards[(day * 53 + k * 7) % small.rows.cards.length]!;
        return [
          { ...old, status: 'replaced' as const },
          { ...old, uid: `06${String(day * 2 + k).padStart(10, '0')}`, status: 'active' as const },
        ];
      }).flat();
      patch.households = [...edited, ...fresh.households];
      patch.members = fresh.members;
      patch.cards = [...fresh.cards, ...replaced];
      if (day % 3 === 0) {
        const p = small.products[day % small.products.length]!;
        p.pricePoints += 100;
        patch.products = [p];
      }
      changedRows +=
        patch.households.length + patch.members.length + patch.cards.length + (patch.products?.length ?? 0);
      await api.call('PUT', `/api/townships/${small.townshipId}/master`, patch);
    }
    const catchUp = await timedSync(a.sync, bytes);
    const b = await newTill(server, api, small.shopIds[1]!, dir);
    stores.push(b.store);
    const whole = await timedSync(b.sync, bytes);
    console.log(
      `catch-up after 3 months (90 daily edits, ${changedRows} rows changed): ${kb(catchUp.bytes)} in ${s(catchUp.ms)}` +
        `; a whole snapshot would be ${kb(whole.bytes)} (${s(whole.ms)})`,
    );

    const big = await township(api, 50_000, '07');
    const c = await newTill(server, api, big.shopIds[0]!, dir);
    stores.push(c.store);
    const bigFirst = await timedSync(c.sync, bytes);
    const product = big.products[0]!;
    await api.call('PUT', `/api/townships/${big.townshipId}/master`, {
      products: [{ ...product, pricePoints: product.pricePoints + 100 }],
    });
    const change = await timedSync(c.sync, bytes);
    console.log(
      `50,000 households: one price change pulls ${kb(change.bytes)} in ${s(change.ms)}` +
        ` (the first pull was ${kb(bigFirst.bytes)} in ${s(bigFirst.ms)})`,
    );
  } finally {
    for (const st of stores) st.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
