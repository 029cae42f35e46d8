import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../src/clock';
import type { JournalEntry } from '../../src/journal';
import {
  EnrollRequestSchema,
  EpochRequestSchema,
  HeadRequestSchema,
  MAX_PUSH_BATCH,
  PullRequestSchema,
  PushRequestSchema,
} from '../../src/sync/messages';
import { pushRequestAsZodParses } from '../../src/sync/push-request';
import { syncRefusal } from '../../src/sync/refusals';
import { HEADER_NONCE, HEADER_SERVER_SIGNATURE, responseSigningString } from '../../src/sync/signing';
import { signText } from '../crypto/keys';
import type { ServerKey } from '../crypto/server-key';
import type { Db } from '../db/connect';
import { enroll, startEpoch } from '../devices/enrollment';
import { RateLimit } from '../devices/rate-limit';
import { noteReportedHead } from '../devices/reported-head';
import { verifySignedRequest } from '../devices/request-auth';
import { noteTillStatus } from '../devices/till-status';
import { packAnswer } from '../http/compression';
import { deviceForUpdate, ingest, lockSync } from '../sync/ingest';
import { buildPullText } from '../sync/pull';
import { parseWith } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's digest is taken over this: its bytes, or its text (server/http/signed-body.ts). */
    rawBody?: Uint8Array | string;
    syncNonce?: string;
  }
}

export interface SyncRouteDeps {
  db: Db;
  clock: Clock;
  key: ServerKey;
  /** Fault injection for the crash tests: hold the push transaction open this long. */
  ingestDelayMs: number;
  /** Requests per minute per device (and per address for enrolment). */
  ratePerMinute: number;
}

/** Device-facing endpoints: enrolment (code-authenticated), push and pull (signed). */
export function syncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  const { db, clock, key } = deps;
  // Per address before any work (generous: several tills may share a NAT), then per
  // device once the signature proved who it is, so nobody can spend another's budget.
  const perAddress = new RateLimit(deps.ratePerMinute * 10);
  const perDevice = new RateLimit(deps.ratePerMinute);
  const throttle = (limit: RateLimit, key: string) => {
    if (!limit.allow(key, clock.now())) throw syncRefusal('rate-limited');
  };
  const authenticate = async (req: FastifyRequest, allowSuperseded = false) => {
    throttle(perAddress, req.ip);
    const { device, nonce } = await verifySignedRequest(
      db,
      clock,
      { method: req.method, url: req.url, rawBody: req.rawBody ?? '', headers: req.headers },
      { allowSuperseded },
    );
    throttle(perDevice, device.id);
    req.syncNonce = nonce;
    return device;
  };

  // Every answer to a signed request is signed back, bound to the request nonce.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.syncNonce && typeof payload === 'string') {
      reply.header(
        HEADER_SERVER_SIGNATURE,
        signText(key.privateKey, responseSigningString(payload, req.syncNonce)),
      );
    }
    return payload;
  });
  // After the signature: it covers the JSON text, and the till checks it once unpacked.
  app.addHook('onSend', async (req, reply, payload) =>
    req.syncNonce ? packAnswer(req, reply, payload) : payload,
  );

  app.post('/sync/enroll', async (req) => {
    throttle(perAddress, req.ip);
    // The till pinned this server's key out of band: sign the answer for its nonce (decision 0700).
    const nonce = req.headers[HEADER_NONCE];
    if (typeof nonce === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(nonce)) req.syncNonce = nonce;
    return enroll(db, clock, parseWith(EnrollRequestSchema, req.body, true), key.publicKey);
  });

  app.post('/sync/epoch', async (req) => {
    // A superseded device may repeat its own epoch request (the first answer may have been lost).
    const device = await authenticate(req, true);
    const body = parseWith(EpochRequestSchema, req.body, true);
    return startEpoch(db, clock, device, body, key.publicKey);
  });

  app.post('/sync/push', async (req) => {
    const device = await authenticate(req);
    // The plain walk when it is sure, else zod, whose issue a refusal names (decision 0453).
    const body = pushRequestAsZodParses(req.body) ?? parseWith(PushRequestSchema, req.body, true);
    const now = clock.now();
    const result = await db.transaction().execute(async (trx) => {
      const recv = await lockSync(trx);
      const current = await deviceForUpdate(trx, device.id);
      if (current?.status !== 'active') throw syncRefusal(current ? 'revoked' : 'unknown-device');
      const r = await ingest(trx, current, body.entries as JournalEntry[], recv, now);
      await noteReportedHead(trx, device.id, body.head, now);
      if (r.stored === 0)
        await trx.updateTable('devices').set({ lastSyncAt: now }).where('id', '=', device.id).execute();
      if (deps.ingestDelayMs > 0) {
        process.stderr.write(`fault: ingest holding ${r.stored} entries uncommitted\n`);
        await new Promise((resolve) => setTimeout(resolve, deps.ingestDelayMs));
      }
      return r;
    });
    return { ...result, serverTime: now, maxBatch: MAX_PUSH_BATCH };
  });

  // Read only: the device row as committed (a push still in flight resends as duplicates).
  app.post('/sync/head', async (req) => {
    const device = await authenticate(req);
    parseWith(HeadRequestSchema, req.body, true);
    return {
      lastSeq: device.lastSeq,
      lastHash: device.lastSeq > 0 ? device.lastHash : null,
      serverTime: clock.now(),
    };
  });

  app.post('/sync/pull', async (req, reply) => {
    const device = await authenticate(req);
    const body = parseWith(PullRequestSchema, req.body, true);
    const now = clock.now();
    // Written as text with the stored bodies as they are (decision 0495); signed as sent.
    const response = await buildPullText(db, device, body, now, (t) => signText(key.privateKey, t));
    // One commit for the three notes, not three: a pull of many pages paid three fsyncs a page.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('devices').set({ lastSyncAt: now }).where('id', '=', device.id).execute();
      await noteReportedHead(trx, device.id, body.head, now);
      await noteTillStatus(trx, device.id, body.status, now);
    });
    reply.type('application/json; charset=utf-8');
    return response;
  });
}
