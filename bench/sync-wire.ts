/**
 * Bytes per entry on the sync wire (issue 14): a till's journal of a typical month's mix
 * (bench/store.ts build: stock in, a top-up per household, then ~70% awards and ~30%
 * 1–3 line sales), cut into push batches of the client's size (500) and pull pages of
 * the server's (2000), each body packed as the till packs a request
 * (main/sync/connection.ts: brotli to a server of decision 0498 on, gzip level 1 to an
 * earlier one) and as the server packs an answer (server/http/compression.ts: brotli to
 * a till of 0498 on, gzip to an earlier one). Prints plain and packed bytes per entry
 * and the CPU the packing and unpacking cost. Aim: at most 150 bytes per entry, packed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { TillStore } from '../main/store';
import { packedRequest } from '../main/sync/connection';
import { packedAnswer } from '../server/http/compression';
import { build } from './store';

const ENTRIES = Number(process.env.BENCH_WIRE_ENTRIES ?? 20_000);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-wire-'));
  try {
    const path = join(dir, 'till.db');
    build(path, ENTRIES);
    const store = new TillStore(path);
    try {
      for (const [what, size, pack, unpack] of [
        ['push (batches of 500), brotli', 500, (t: string) => packedRequest(t, 'br'), brotliDecompressSync],
        [
          'push (batches of 500), gzip level 1 to an earlier server',
          500,
          (t: string) => packedRequest(t, 'gzip'),
          gunzipSync,
        ],
        ['pull (pages of 2000), brotli', 2000, (t: string) => packedAnswer(t, 'br'), brotliDecompressSync],
        [
          'pull (pages of 2000), gzip to an earlier till',
          2000,
          (t: string) => packedAnswer(t, 'gzip'),
          gunzipSync,
        ],
      ] as const) {
        let plain = 0;
        let packed = 0;
        let n = 0;
        let packCpu = 0;
        let unpackCpu = 0;
        for (let after = 0; ; after += size) {
          const entries = store.journalAfter(after, size);
          if (entries.length === 0) break;
          const text = JSON.stringify(
            what.startsWith('push')
              ? { entries, head: entries.at(-1)!.seq }
              : { entries, cursor: after + entries.length, more: true, master: null },
          );
          let c = process.cpuUsage();
          const z = pack(text);
          let u = process.cpuUsage(c);
          packCpu += u.user + u.system;
          c = process.cpuUsage();
          if (unpack(z).toString() !== text) throw new Error(`${what}: round trip differs`);
          u = process.cpuUsage(c);
          unpackCpu += u.user + u.system;
          plain += Buffer.byteLength(text);
          packed += z.length;
          n += entries.length;
        }
        console.log(
          `sync-wire: ${what}: ${n.toLocaleString('en')} entries, ${(plain / n).toFixed(0)} B/entry plain, ${(packed / n).toFixed(0)} B/entry packed (aim ≤ 150), pack ${(packCpu / n).toFixed(1)} µs/entry, unpack ${(unpackCpu / n).toFixed(1)} µs/entry CPU; load average ${loadavg()[0]!.toFixed(1)}`,
        );
      }
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
