/**
 * A village link (issue 14): a TCP proxy (tests/support/tcp-proxy.ts) between till and server that
 * passes 256 kbit/s each way and holds every chunk 300 ms, and a 3-week catch-up through
 * it: the till pushes 5,000 entries and pulls the 5,000 another till pushed meanwhile,
 * through the real SyncClient on both ends (gzip, signatures, hashes, SQLite). Aim: under
 * 60 s. The 300 ms is added each way (600 ms round trip). SQLite server; the wire is the
 * same for PostgreSQL. Then the drop: the village till has N more entries, the link cuts
 * the connection once the server stored the third batch of 1000 and began its answer, and
 * the next sync resumes from the server's head (decision 0470). Printed: the entries sent
 * again that the server already held (aim 0) and the resume's time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TillStore } from '../main/store';
import type { SyncClient } from '../main/sync';
import { OfficerApi, startServer } from '../tests/support/server-process';
import { pushedSeqs, type TcpProxy, tcpProxy } from '../tests/support/tcp-proxy';
import { seedTownship } from '../tests/support/township';
import { enrolled, fill } from './sync-client';

const BYTES_PER_S = 256_000 / 8;
const LATENCY_MS = 300;
const N = Number(process.env.BENCH_SLOW_LINK_ENTRIES ?? 5000);
const NOW = Date.UTC(2026, 9, 15, 4);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-slow-link-'));
  const server = await startServer({ dir, nowMs: NOW });
  const tills: TillStore[] = [];
  const link = await tcpProxy(server.url, { bytesPerS: BYTES_PER_S, latencyMs: LATENCY_MS });
  try {
    const api = new OfficerApi(server.url);
    await api.login();
    const t = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: 300 });
    // The village till enrols through the link; the other till sits by the server.
    const village = await enrolled(api, link.url, join(dir, 'village.db'), t.shopIds[0]!, server);
    const other = await enrolled(api, server.url, join(dir, 'other.db'), t.shopIds[1]!, server);
    tills.push(village.store, other.store);
    fill(other.store, t, t.shopIds[1]!, t.clerkId, N);
    await other.sync.syncNow();
    fill(village.store, t, t.shopIds[0]!, t.clerkId, N);
    link.up.bytes = 0;
    link.down.bytes = 0;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const s = await village.sync.syncNow();
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    const got = village.store.db.prepare('SELECT count(*) FROM foreign_entries').pluck().get() as number;
    if (s.state !== 'idle' || s.pendingEntries !== 0 || got < N)
      throw new Error(`catch-up incomplete: pulled ${got}, ${JSON.stringify(s)}`);
    console.log(
      `slow-link: ${N.toLocaleString('en')} up + ${got.toLocaleString('en')} down through 256 kbit/s, ${LATENCY_MS} ms: ${(ms / 1000).toFixed(1)} s (aim < 60 s); ${(link.up.bytes / 1024).toFixed(0)} KiB up, ${(link.down.bytes / 1024).toFixed(0)} KiB down; line-rate floor ${((link.up.bytes + link.down.bytes) / BYTES_PER_S).toFixed(1)} s if one way at a time; bench process CPU ${((used.user + used.system) / 1e6).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`,
    );
    await dropAndResume(api, village, link, t);
  } finally {
    for (const s of tills) s.close();
    await link.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function dropAndResume(
  api: OfficerApi,
  village: { store: TillStore; sync: SyncClient },
  link: TcpProxy,
  t: Awaited<ReturnType<typeof seedTownship>>,
): Promise<void> {
  fill(village.store, t, t.shopIds[0]!, t.clerkId, N);
  const serverHead = async () =>
    (await api.call<{ id: string; lastSeq: number }[]>('GET', `/api/townships/${t.townshipId}/devices`)).find(
      (d) => d.id === village.store.deviceId,
    )?.lastSeq ?? 0;
  let pushes = 0;
  link.dropAnswer((r) => r.path === '/sync/push' && ++pushes === 3);
  const cut = await village.sync.syncNow();
  const held = await serverHead();
  if (cut.state !== 'offline' || link.dropped() !== 1) throw new Error(`no drop: ${JSON.stringify(cut)}`);
  const from = link.requests.length;
  const t0 = performance.now();
  const s = await village.sync.syncNow();
  const ms = performance.now() - t0;
  const sent = pushedSeqs(link.requests.slice(from));
  const resent = sent.filter((seq) => seq <= held).length;
  const top = village.store.lastSeq();
  if (s.state !== 'idle' || (await serverHead()) !== top)
    throw new Error(`resume incomplete: ${JSON.stringify(s)}`);
  console.log(
    `slow-link drop: ${N.toLocaleString('en')} more up, link cut after the server stored ${(held - (top - N)).toLocaleString('en')}; resume sent ${sent.length.toLocaleString('en')} entries, ${resent} of them already stored (aim 0), in ${(ms / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
