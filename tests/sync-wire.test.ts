import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  createBrotliCompress,
  createBrotliDecompress,
  gunzipSync,
  gzipSync,
} from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncConnection } from '../main/sync/connection';
import { newDeviceKeys, signWith, verifyWith } from '../main/sync/keys';
import { pinnedRequest } from '../main/sync/pinned-request';
import { unpackRequests } from '../server/http/compression';
import { errorHandler } from '../server/routes/errors';
import { ManualClock } from '../src/clock';
import { syncRefusal } from '../src/sync/refusals';
import { HEADER_NONCE, HEADER_SERVER_SIGNATURE, responseSigningString } from '../src/sync/signing';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';
import { bodies, RawDevice } from './support/township';

/**
 * Sync bodies travel packed both ways (decision 0460): in brotli where the other end takes
 * it, in gzip to and from earlier versions (0498). The device signature covers the JSON
 * text before packing and the server's signature the answer's text before packing, so a
 * packed body is exactly as safe as a plain one. The HTTP layer is the same on both
 * dialects; SQLite is enough here (bench/sync-wire.ts measures both).
 */
const NOW = Date.UTC(2027, 2, 10, 2, 0, 0);
let town: SeededTownship;
let d: RawDevice;

beforeAll(async () => {
  town = await startSeededTownship({
    dialect: 'sqlite',
    nowMs: NOW,
    size: { villages: 1, shopsPerVillage: 1, households: 3 },
    dirPrefix: 'jifen-wire-',
  });
  d = new RawDevice(town.server.url, town.t.shopIds[0]!, town.server.clock);
  await d.enroll(town.api);
});
afterAll(async () => town?.close());

const stored = async () =>
  (
    await town.api.call<{ id: string; lastSeq: number }[]>(
      'GET',
      `/api/townships/${town.t.townshipId}/devices`,
    )
  ).find((x) => x.id === d.id)?.lastSeq ?? 0;
const gzip = { 'content-encoding': 'gzip' };

describe('packing on the sync wire', () => {
  it('stores a gzipped push whose signature covers the unpacked text', async () => {
    const entries = d.append(20, (i) => bodies.award(town.t.households[i % 3]!.id, 100 + i));
    const body = { entries, head: entries.at(-1)!.seq };
    const packed = gzipSync(JSON.stringify(body));
    expect(packed.length).toBeLessThan(JSON.stringify(body).length / 3);
    const res = await d.post('/sync/push', body, { bytes: packed, headers: gzip });
    expect(res.status, res.text).toBe(200);
    expect(await stored()).toBe(20);
  });

  it('stores a push packed in brotli, and names the request codings it takes in a signed answer', async () => {
    const entries = d.append(20, (i) => bodies.award(town.t.households[i % 3]!.id, 100 + i));
    const body = { entries, head: entries.at(-1)!.seq };
    const res = await d.post('/sync/push', body, {
      bytes: brotliCompressSync(JSON.stringify(body)),
      headers: { 'content-encoding': 'br' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('accept-encoding')).toBe('br, gzip');
    expect(await stored()).toBe(40);
  });

  it('refuses a body changed after signing, a broken stream and a bomb, in brotli and in gzip, and any other coding, storing nothing', async () => {
    for (const [coding, pack] of [
      ['br', brotliCompressSync],
      ['gzip', gzipSync],
    ] as const) {
      const entries = d.append(2, () => bodies.award(town.t.households[0]!.id, 500));
      const body = { entries, head: entries.at(-1)!.seq };
      const headers = { 'content-encoding': coding };
      const changed = JSON.stringify(body).replace('"amount":500', '"amount":900');
      const forged = await d.post('/sync/push', body, { bytes: pack(changed), headers });
      expect(forged.json.error?.details.reason, coding).toBe('bad-signature');
      const broken = await d.post('/sync/push', body, {
        bytes: new TextEncoder().encode(`not ${coding} at all`),
        headers,
      });
      expect(broken.status, coding).toBe(400);
      expect(broken.json.error?.details.reason, coding).toBe('malformed');
      const bomb = pack(Buffer.alloc(20 * 1024 * 1024, 0x20));
      expect(bomb.length).toBeLessThan(64 * 1024);
      expect((await d.post('/sync/push', body, { bytes: bomb, headers })).status, coding).toBe(413);
      const deflate = await d.post('/sync/push', body, { headers: { 'content-encoding': 'deflate' } });
      expect(deflate.status).toBe(400);
      expect(await stored()).toBe(40);
      d.chain.splice(-2); // never stored: the next entries follow the server's head
    }
  });

  it('packs a large signed answer in the coding the till accepts, and signs its unpacked text', async () => {
    const asked = { cursor: 0, masterVersion: 0 };
    // A till of this version, an earlier till, one that refuses brotli, one that takes no packing.
    for (const [accept, coding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const res = await d.post('/sync/pull', asked, { headers: { 'accept-encoding': accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding'), accept).toBe(coding);
      expect(res.text.length).toBeGreaterThan(1024);
      expect(res.json).toHaveProperty('cursor');
      const sig = res.headers.get(HEADER_SERVER_SIGNATURE)!;
      expect(verifyWith(d.serverPublicKey, responseSigningString(res.text, res.nonce), sig)).toBe(true);
    }
  });
});

describe("the server's unpacking of requests", () => {
  /** The process's CPU in ms (the unpacker runs on libuv's pool, which this counts too). */
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  /** Waits until the process has been idle for 200 ms (at most 30 s): whatever ran on has ended. */
  const settled = async () => {
    for (let i = 0; i < 150; i++) {
      const before = cpuMs();
      await new Promise((ok) => setTimeout(ok, 200));
      if (cpuMs() - before < 20) return;
    }
  };

  it('stops unpacking a bomb at the limit, not after unpacking it whole', async () => {
    // 256 MiB of spaces in about 50 KB of brotli, against a 1 MiB limit.
    const packer = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
    const packed: Buffer[] = [];
    packer.on('data', (c: Buffer) => packed.push(c));
    const spaces = Buffer.alloc(1 << 24, 0x20);
    for (let i = 0; i < 16; i++) packer.write(spaces);
    await new Promise((ok) => packer.end(ok));
    const bomb = Buffer.concat(packed);
    expect(bomb.length).toBeLessThan(256 * 1024);

    // What unpacking it whole costs here, now, for the measure below.
    await settled();
    let t0 = cpuMs();
    const whole = createBrotliDecompress();
    whole.resume();
    await new Promise((ok) => whole.end(bomb, () => whole.once('end', ok)));
    const wholeMs = cpuMs() - t0;

    // The server's own hook and error handler in a Fastify of its version, over real HTTP.
    const app = Fastify({ bodyLimit: 1024 * 1024 });
    unpackRequests(app);
    app.setErrorHandler(errorHandler);
    app.post('/sync/push', async () => ({ stored: true }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await settled();
      t0 = cpuMs();
      const res = await fetch(`${url}/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
        body: bomb,
      });
      expect(res.status).toBe(413);
      await settled();
      const spentMs = cpuMs() - t0;
      // Stopped at the limit this took 18-19 ms against 500-600 for the whole bomb; the hook
      // that left the limit to Fastify went on unpacking after its 413 and took 153.
      expect(
        spentMs,
        `${spentMs.toFixed(0)} ms of CPU against ${wholeMs.toFixed(0)} for the whole bomb`,
      ).toBeLessThan(wholeMs / 10);
    } finally {
      await app.close();
    }
  });
});

describe("the till's side of packing", () => {
  it('packs its requests in brotli once its server names it, and sends one refused by an earlier server again in gzip', async () => {
    // A server of this version names br and takes both; one put back to an earlier version
    // names nothing and refuses any coding but gzip as malformed, as it did.
    const serverKeys = newDeviceKeys();
    let earlier = false;
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const coding = req.headers['content-encoding'];
        seen.push(coding);
        if (earlier && coding !== 'gzip') {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ error: syncRefusal('malformed', { issue: `content-encoding ${coding}` }) }),
          );
          return;
        }
        const raw = Buffer.concat(chunks);
        const asked = JSON.parse(
          (coding === 'br' ? brotliDecompressSync(raw) : gunzipSync(raw)).toString(),
        ) as { text: string };
        const text = JSON.stringify({ got: asked.text.length });
        const nonce = String(req.headers[HEADER_NONCE]);
        res.writeHead(200, {
          'content-type': 'application/json',
          [HEADER_SERVER_SIGNATURE]: signWith(serverKeys.privateKey, responseSigningString(text, nonce)),
          ...(earlier ? {} : { 'accept-encoding': 'br, gzip' }),
        });
        res.end(text);
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const connection = new SyncConnection({
        serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        clock: new ManualClock(NOW),
        clockOffsetMs: () => 0,
        onClockOffset: () => {},
      });
      const identity = {
        deviceId: 'till-1',
        privateKey: newDeviceKeys().privateKey,
        serverPublicKey: serverKeys.publicKey,
      };
      const sent = async () =>
        (await connection.signed<{ got: number }>(identity, '/sync/push', { text: '积分'.repeat(2000) })).got;
      expect(await sent()).toBe(4000); // nothing learnt yet: gzip, which every server takes
      expect(seen).toEqual(['gzip']);
      expect(await sent()).toBe(4000); // the answer named br
      expect(seen).toEqual(['gzip', 'br']);
      earlier = true;
      expect(await sent()).toBe(4000); // refused in brotli, sent again in gzip: no error to show
      expect(seen).toEqual(['gzip', 'br', 'br', 'gzip']);
      expect(await sent()).toBe(4000);
      expect(seen).toEqual(['gzip', 'br', 'br', 'gzip', 'gzip']);
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  /** A real HTTP server that answers every request with these bytes and this coding. */
  const answering = async (bytes: Buffer, coding: string) => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
      res.end(bytes);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sync/pull`);
    return { url, close: () => new Promise<void>((ok) => server.close(() => ok())) };
  };
  const ask = (url: URL, maxAnswerBytes?: number) =>
    pinnedRequest(url, {
      method: 'POST',
      headers: {},
      body: '{}',
      timeoutMs: 10_000,
      tlsFingerprint: null,
      maxAnswerBytes,
    });

  it('reads brotli and gzip answers as the text the server signed', async () => {
    const text = JSON.stringify({
      entries: Array.from({ length: 300 }, (_, i) => ({ seq: i, reason: '奖励' })),
    });
    for (const [coding, pack] of [
      ['br', brotliCompressSync],
      ['gzip', gzipSync],
    ] as const) {
      const server = await answering(pack(text), coding);
      try {
        const res = await ask(server.url);
        expect(res.headers.get('content-encoding')).toBeNull();
        expect(await res.text()).toBe(text);
      } finally {
        await server.close();
      }
    }
  });

  it('refuses a brotli or gzip answer that unpacks past its limit, without unpacking it all', async () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 0x20);
    for (const [coding, pack] of [
      ['br', brotliCompressSync],
      ['gzip', gzipSync],
    ] as const) {
      const bomb = pack(big);
      expect(bomb.length).toBeLessThan(64 * 1024);
      const server = await answering(bomb, coding);
      try {
        await expect(ask(server.url, 1024 * 1024)).rejects.toThrow(/answer does not unpack/);
        const broken = await answering(Buffer.from('not packed at all'), coding);
        try {
          await expect(ask(broken.url)).rejects.toThrow(/answer does not unpack/);
        } finally {
          await broken.close();
        }
      } finally {
        await server.close();
      }
    }
  });
});
