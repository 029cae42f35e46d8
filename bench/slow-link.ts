/**
 * A village link (issue 14): a bench-only TCP proxy between till and township server that
 * passes 256 kbit/s each way and holds every chunk 300 ms, and a 3-week catch-up through
 * it: the till pushes 5,000 entries and pulls the 5,000 another till pushed meanwhile,
 * through the real SyncClient on both ends (gzip, signatures, hashes, SQLite). Aim: under
 * 60 s. The 300 ms is added each way (600 ms round trip). SQLite server; the wire is the
 * same for PostgreSQL. Not yet here: a dropped connection mid-transfer and the resume.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TillStore } from '../main/store';
import { OfficerApi, startServer } from '../tests/support/server-process';
import { seedTownship } from '../tests/support/township';
import { enrolled, fill } from './sync-client';

const BYTES_PER_S = 256_000 / 8;
const LATENCY_MS = 300;
const N = Number(process.env.BENCH_SLOW_LINK_ENTRIES ?? 5000);
const NOW = Date.UTC(2026, 9, 15, 4);

/** One direction of the link: chunks leave in order, each no earlier than the line rate and the latency allow. */
function throttled(from: Socket, to: Socket, counter: { bytes: number }): void {
  let free = 0;
  from.on('data', (chunk: Buffer) => {
    counter.bytes += chunk.length;
    const now = performance.now();
    free = Math.max(free, now) + (chunk.length / BYTES_PER_S) * 1000;
    setTimeout(() => to.writable && to.write(chunk), free - now + LATENCY_MS);
  });
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, free - performance.now()) + LATENCY_MS));
  from.on('error', () => to.destroy());
}

async function proxy(target: URL) {
  const up = { bytes: 0 };
  const down = { bytes: 0 };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    throttled(client, upstream, up);
    throttled(upstream, client, down);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, up, down, close: () => server.close() };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-slow-link-'));
  const server = await startServer({ dir, nowMs: NOW });
  const tills: TillStore[] = [];
  const link = await proxy(new URL(server.url));
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
  } finally {
    for (const s of tills) s.close();
    link.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
