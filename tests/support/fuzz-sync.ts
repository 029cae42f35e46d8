import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { signWith } from '../../main/sync/keys';
import { entryHash, type JournalEntry } from '../../src/journal';
import { bundleSigningString } from '../../src/sync/signing';
import type { OfficerApi } from './server-process';
import { bodies, type RawDevice, type Township } from './township';

/**
 * Generated bad requests to every sync endpoint of a running township server: pushes
 * with one thing wrong in an otherwise good entry (seq, chain, hash, device, another
 * shop's or township's ids, an unknown clerk, a kind a till may not write, wrong types,
 * huge text), garbage bodies, bad signatures and timestamps, replayed and reordered
 * requests, pulls, enrolments, epochs and bundles. Each must be refused with a typed
 * error (status 4xx, code and both messages); afterwards every device's head, every
 * balance and the month's entry count are as before. Shared by tests/fuzz-sync.test.ts
 * and bench/fuzz.ts.
 */
export interface SyncFuzzReport {
  cases: number;
  byEndpoint: Record<string, number>;
  byReason: Record<string, number>;
}

export interface SyncFuzzTarget {
  url: string;
  api: OfficerApi;
  /** The township under attack, with one enrolled device at shop 0 holding `chain` stored entries. */
  township: Township;
  device: RawDevice;
  /** Another township's ids, for cross-township mutations. */
  other: Township;
  date: string;
}

type Mutation = (e: Record<string, unknown>, t: SyncFuzzTarget) => { entry: unknown; rehash: boolean };

const body = (e: Record<string, unknown>) => e.body as Record<string, unknown>;
const HUGE = 'x'.repeat(50_000);
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

/** One thing wrong with a good next entry; `rehash` keeps the hash right so deeper checks run. */
const mutations: Record<string, fc.Arbitrary<Mutation>> = {
  seqGap: fc
    .integer({ min: 2, max: 10_000 })
    .map((n) => (e) => ({ entry: { ...e, seq: (e.seq as number) + n }, rehash: true })),
  seqBad: fc
    .constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, '1')
    .map((v) => (e) => ({ entry: { ...e, seq: v }, rehash: true })),
  prevHash: hex64.map((h) => (e) => ({ entry: { ...e, prevHash: h }, rehash: true })),
  hash: hex64.map((h) => (e) => ({ entry: { ...e, hash: h }, rehash: false })),
  deviceId: fc.uuid().map((id) => (e) => ({ entry: { ...e, deviceId: id }, rehash: true })),
  clerkId: fc.uuid().map((id) => (e) => ({ entry: { ...e, clerkId: id }, rehash: true })),
  otherTownshipHousehold: fc.nat(1).map((i) => (e, t) => ({
    entry: { ...e, body: { ...body(e), householdId: t.other.households[i % t.other.households.length]!.id } },
    rehash: true,
  })),
  otherTownshipClerk: fc.constant((e, t) => ({ entry: { ...e, clerkId: t.other.clerkId }, rehash: true })),
  otherShopSale: fc.constant((e, t) => ({
    entry: {
      ...e,
      ...bodies.sale(
        t.township.shopIds[1]!,
        t.township.households[0]!,
        t.township.productIds[0]!,
        1,
        100,
        10,
      ),
    },
    rehash: true,
  })),
  forbiddenKind: fc.constantFrom('card.unblock', 'card.replace').map((kind) => (e, t) => ({
    entry: {
      ...e,
      kind,
      body: {
        cardUid: t.township.households[0]!.cardUid,
        householdId: t.township.households[0]!.id,
        reason: 'x',
      },
    },
    rehash: true,
  })),
  unknownKind: fc
    .string({ minLength: 1, maxLength: 20 })
    .map((kind) => (e) => ({ entry: { ...e, kind }, rehash: true })),
  amount: fc
    .constantFrom('100', 1.5, 0, 1e12, -1e12, null, Number.NaN)
    .map((amount) => (e) => ({ entry: { ...e, body: { ...body(e), amount } }, rehash: true })),
  hugeReason: fc.constant((e) => ({ entry: { ...e, body: { ...body(e), reason: HUGE } }, rehash: true })),
  junkField: fc
    .tuple(fc.constantFrom('id', 'at', 'businessDate', 'body', 'kind'), fc.anything({ maxDepth: 2 }))
    .map(([k, v]) => (e) => ({ entry: { ...e, [k]: v }, rehash: true })),
};

export async function fuzzSync(
  t: SyncFuzzTarget,
  opts: { numRuns: number; seed?: number },
): Promise<SyncFuzzReport> {
  const { device: d } = t;
  const report: SyncFuzzReport = { cases: 0, byEndpoint: {}, byReason: {} };
  const state = async () => ({
    devices: (
      await t.api.call<{ id: string; lastSeq: number; status: string }[]>(
        'GET',
        `/api/townships/${t.township.townshipId}/devices`,
      )
    ).map((x) => [x.id, Number(x.lastSeq), x.status]),
    balances: await t.api.call<Record<string, number>>(
      'GET',
      `/api/townships/${t.township.townshipId}/balances`,
    ),
    otherBalances: await t.api.call<Record<string, number>>(
      'GET',
      `/api/townships/${t.other.townshipId}/balances`,
    ),
  });
  const before = await state();

  const nextEntry = (): Record<string, unknown> => {
    const prev = d.chain[d.chain.length - 1]!;
    const unhashed = {
      ...bodies.award(t.township.households[0]!.id, 100),
      id: crypto.randomUUID(),
      deviceId: d.id,
      seq: prev.seq + 1,
      at: prev.at + 1,
      businessDate: t.date,
      clerkId: d.clerkId,
      prevHash: prev.hash,
    };
    return { ...unhashed, hash: entryHash(unhashed as Omit<JournalEntry, 'hash'>) };
  };
  const refused = (endpoint: string, r: { status: number; json: Record<string, unknown> }) => {
    report.cases++;
    report.byEndpoint[endpoint] = (report.byEndpoint[endpoint] ?? 0) + 1;
    const error = r.json.error as
      | { code?: string; zh?: string; en?: string; details?: { reason?: string } }
      | undefined;
    const key = error?.details?.reason ?? error?.code ?? `status ${r.status}`;
    report.byReason[key] = (report.byReason[key] ?? 0) + 1;
    if (r.status < 400 || r.status >= 500 || !error?.code || !error.zh || !error.en)
      throw new Error(`${endpoint} answered ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
  };
  const post = async (path: string, payload: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = { raw: text };
    }
    return { status: res.status, json };
  };

  const pushCase = fc.oneof(...Object.values(mutations)).map((m) => ({ kind: 'push' as const, m }));
  const pullCase = fc
    .record(
      {
        cursor: fc.oneof(
          fc.integer({ min: -1e9, max: -1 }),
          fc.string(),
          fc.double({ min: 0.1, max: 10, noNaN: true }),
        ),
        masterVersion: fc.oneof(fc.integer({ min: -100, max: -1 }), fc.constant(null)),
        limit: fc.oneof(fc.constantFrom(0, -1, 1e9), fc.string()),
        head: fc.oneof(fc.constantFrom(-1, 0.5, '3'), fc.anything({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    )
    .filter((b) => Object.keys(b).length > 0)
    .map((b) => ({ kind: 'pull' as const, b }));
  const garbageCase = fc
    .tuple(fc.constantFrom('/sync/push', '/sync/pull', '/sync/epoch'), fc.anything({ maxDepth: 3 }))
    .map(([path, b]) => ({ kind: 'garbage' as const, path, b }));
  const enrollCase = fc
    .record({
      code: fc.oneof(fc.stringMatching(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/), fc.string()),
      deviceId: fc.oneof(fc.uuid(), fc.string()),
      name: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(HUGE)),
      publicKey: fc.oneof(fc.base64String({ minLength: 40, maxLength: 60 }), fc.string()),
      previousDeviceId: fc.oneof(fc.uuid(), fc.constant(null), fc.constant(d.id)),
    })
    .map((b) => ({ kind: 'enroll' as const, b }));
  const epochCase = fc
    .record({
      newDeviceId: fc.oneof(fc.uuid(), fc.string()),
      publicKey: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('!'.repeat(50))),
    })
    .map((b) => ({ kind: 'epoch' as const, b }));
  const authCase = fc
    .constantFrom('signature', 'timestamp', 'device', 'unsigned', 'body-after-signing')
    .map((how) => ({ kind: 'auth' as const, how }));
  const replayCase = fc.constant({ kind: 'replay' as const });
  const reorderCase = fc.integer({ min: 2, max: 5 }).map((ahead) => ({ kind: 'reorder' as const, ahead }));
  const bundleCase = fc
    .oneof(fc.anything({ maxDepth: 2 }), fc.constant('wrong-signature'), fc.constant('other-device-entries'))
    .map((b) => ({ kind: 'bundle' as const, b }));

  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        { weight: 6, arbitrary: pushCase },
        { weight: 1, arbitrary: pullCase },
        { weight: 1, arbitrary: garbageCase },
        { weight: 1, arbitrary: enrollCase },
        { weight: 1, arbitrary: epochCase },
        { weight: 1, arbitrary: authCase },
        { weight: 1, arbitrary: replayCase },
        { weight: 1, arbitrary: reorderCase },
        { weight: 1, arbitrary: bundleCase },
      ),
      async (c) => {
        switch (c.kind) {
          case 'push': {
            const { entry, rehash } = c.m(nextEntry(), t);
            const e = entry as Record<string, unknown>;
            const { hash: _h, ...rest } = e;
            const sent = rehash ? { ...rest, hash: safeHash(rest) } : e;
            refused('/sync/push', await d.post('/sync/push', { entries: [sent] }));
            break;
          }
          case 'pull':
            refused('/sync/pull', await d.post('/sync/pull', c.b));
            break;
          case 'garbage':
            refused(c.path, await d.post(c.path, c.b));
            break;
          case 'enroll':
            refused('/sync/enroll', await post('/sync/enroll', c.b));
            break;
          case 'epoch':
            refused('/sync/epoch', await d.post('/sync/epoch', c.b));
            break;
          case 'auth': {
            const good = { entries: [nextEntry()] };
            const tamper: Parameters<RawDevice['post']>[2] =
              c.how === 'signature'
                ? { signature: randomBytes(64).toString('base64') }
                : c.how === 'timestamp'
                  ? { timestamp: Date.now() + d.clockOffsetMs - 3_600_000 }
                  : c.how === 'device'
                    ? { headers: { 'x-jifen-device': crypto.randomUUID() } }
                    : c.how === 'unsigned'
                      ? { signature: '' }
                      : { text: JSON.stringify({ entries: [{ ...good.entries[0], seq: 1 }] }) };
            refused('/sync/push', await d.post('/sync/push', good, tamper));
            break;
          }
          case 'replay': {
            const nonce = randomBytes(18).toString('base64url');
            const first = await d.post(
              '/sync/pull',
              { cursor: 0, masterVersion: 1_000_000, head: d.chain.length },
              { nonce },
            );
            if (first.status !== 200) throw new Error(`a good pull was refused: ${first.text.slice(0, 200)}`);
            refused(
              '/sync/pull (replayed)',
              await d.post(
                '/sync/pull',
                { cursor: 0, masterVersion: 1_000_000, head: d.chain.length },
                { nonce },
              ),
            );
            break;
          }
          case 'reorder': {
            // The entry `ahead` places after the head arrives first: refused, naming the seq to send.
            let e = nextEntry();
            for (let i = 1; i < c.ahead; i++) {
              const { hash: prevHash } = e;
              const unhashed = { ...e, id: crypto.randomUUID(), seq: (e.seq as number) + 1, prevHash };
              delete (unhashed as Record<string, unknown>).hash;
              e = { ...unhashed, hash: safeHash(unhashed) };
            }
            refused('/sync/push (reordered)', await d.post('/sync/push', { entries: [e] }));
            break;
          }
          case 'bundle': {
            let payload: unknown = c.b;
            if (c.b === 'wrong-signature' || c.b === 'other-device-entries') {
              const entries = [nextEntry()];
              const unsigned = {
                format: 'jifen-till-bundle/1',
                deviceId: d.id,
                createdAt: Date.now(),
                entries:
                  c.b === 'other-device-entries'
                    ? entries.map((e) => ({ ...e, deviceId: crypto.randomUUID() }))
                    : entries,
              };
              payload = {
                ...unsigned,
                signature:
                  c.b === 'wrong-signature'
                    ? randomBytes(64).toString('base64')
                    : signWith(d.keys.privateKey, bundleSigningString(unsigned)),
              };
            }
            const res = await t.api.raw('POST', '/api/bundles', payload);
            refused('/api/bundles', {
              status: res.status,
              json: (await res.json()) as Record<string, unknown>,
            });
            break;
          }
        }
      },
    ),
    { numRuns: opts.numRuns, seed: opts.seed, endOnFailure: true },
  );
  const after = await state();
  if (JSON.stringify(after) !== JSON.stringify(before))
    throw new Error(`bad requests changed the server: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  return report;
}

/** entryHash throws on shapes that are not entries (junk fields); then any hash will do. */
function safeHash(e: Record<string, unknown>): string {
  try {
    return entryHash(e as Omit<JournalEntry, 'hash'>);
  } catch {
    return '0'.repeat(64);
  }
}
