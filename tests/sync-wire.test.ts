import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWith } from '../main/sync/keys';
import { HEADER_SERVER_SIGNATURE, responseSigningString } from '../src/sync/signing';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';
import { bodies, RawDevice } from './support/township';

/**
 * Sync bodies travel gzipped both ways (decision 0460): the device signature covers the
 * JSON text before packing and the server's signature the answer's text before packing,
 * so a packed body is exactly as safe as a plain one. The HTTP layer is the same on both
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

describe('gzip on the sync wire', () => {
  it('stores a gzipped push whose signature covers the unpacked text', async () => {
    const entries = d.append(20, (i) => bodies.award(town.t.households[i % 3]!.id, 100 + i));
    const body = { entries, head: entries.at(-1)!.seq };
    const packed = gzipSync(JSON.stringify(body));
    expect(packed.length).toBeLessThan(JSON.stringify(body).length / 3);
    const res = await d.post('/sync/push', body, { bytes: packed, headers: gzip });
    expect(res.status, res.text).toBe(200);
    expect(await stored()).toBe(20);
  });

  it('refuses a gzipped body changed after signing, a broken gzip stream and a gzip bomb, storing nothing', async () => {
    const entries = d.append(2, () => bodies.award(town.t.households[0]!.id, 500));
    const body = { entries, head: entries.at(-1)!.seq };
    const changed = JSON.stringify(body).replace('"amount":500', '"amount":900');
    const forged = await d.post('/sync/push', body, { bytes: gzipSync(changed), headers: gzip });
    expect(forged.json.error?.details.reason).toBe('bad-signature');
    const broken = await d.post('/sync/push', body, {
      bytes: new TextEncoder().encode('not gzip at all'),
      headers: gzip,
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error?.details.reason).toBe('malformed');
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect((await d.post('/sync/push', body, { bytes: bomb, headers: gzip })).status).toBe(413);
    const brotli = await d.post('/sync/push', body, { headers: { 'content-encoding': 'br' } });
    expect(brotli.status).toBe(400);
    expect(await stored()).toBe(20);
  });

  it('gzips a large signed answer and signs its unpacked text', async () => {
    const res = await d.post(
      '/sync/pull',
      { cursor: 0, masterVersion: 0 },
      { headers: { 'accept-encoding': 'gzip' } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const sig = res.headers.get(HEADER_SERVER_SIGNATURE)!;
    expect(verifyWith(d.serverPublicKey, responseSigningString(res.text, res.nonce), sig)).toBe(true);
  });
});
