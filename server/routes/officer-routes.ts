import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { reportCsv, reportHtml } from '../../src/reports/render';
import { MasterDataPatchSchema } from '../../src/sync/master-data';
import { openBlocks } from '../cards/open-blocks';
import { writeAudit } from '../console-api/audit';
import type { ServerKey } from '../crypto/server-key';
import type { Db } from '../db/connect';
import { issueEnrollmentCode, revokeDevice } from '../devices/enrollment';
import { appendServerEntry } from '../journal/server-journal';
import { ensureTownship, upsertMasterData } from '../master/master-data';
import { buildSetupFile } from '../master/setup-file';
import { bumpMasterVersion } from '../master/version';
import { createOfficer, login, logout, officerForToken, requireRole } from '../officers/auth';
import { LoginLimiter } from '../officers/login-limiter';
import { closePeriod, periodReport } from '../periods/close';
import { reportXlsx } from '../periods/xlsx';
import { importTillBundle, MAX_BUNDLE_BYTES } from '../sync/bundle';
import { parseWith } from './errors';

const id = z.uuid();
const cardUid = z.string().regex(/^[0-9A-F]{8,20}$/);
const TownshipParams = z.object({ townshipId: id });

export interface OfficerRouteDeps {
  db: Db;
  clock: Clock;
  key: ServerKey;
}

/** Township officer endpoints: login, master data, devices, awards, blocks, month-end. */
export function officerRoutes(app: FastifyInstance, deps: OfficerRouteDeps): void {
  const { db, clock, key } = deps;
  const officer = (req: FastifyRequest) => officerForToken(db, clock, req.headers.authorization);
  const township = (req: FastifyRequest) => parseWith(TownshipParams, req.params, false).townshipId;
  const limiter = new LoginLimiter();

  app.post('/api/login', async (req) => {
    const b = parseWith(
      z.object({ username: z.string().min(1).max(60), password: z.string().min(1).max(200) }),
      req.body,
      false,
    );
    const wait = limiter.retryAfterMs(b.username, req.ip, clock.now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw tillError(
        'CLERK_LOCKED',
        `登录失败次数太多，请 ${seconds} 秒后再试`,
        `Too many failed logins; try again in ${seconds} s`,
        { retryAfterMs: wait },
      );
    }
    try {
      const r = await login(db, clock, b.username, b.password);
      limiter.succeed(b.username, req.ip);
      return r;
    } catch (e) {
      limiter.fail(b.username, req.ip, clock.now());
      throw e;
    }
  });

  app.post('/api/logout', async (req) => {
    await logout(db, req.headers.authorization);
    return { ok: true };
  });

  app.post('/api/officers', async (req) => {
    const o = await officer(req);
    const b = parseWith(
      z.object({
        username: z.string().trim().min(2).max(60),
        name: z.string().trim().min(1).max(60),
        password: z.string().min(10).max(200),
        role: z.enum(['officer', 'cadre']),
        townshipId: id.nullable(),
        villageId: id.nullable().default(null),
      }),
      req.body,
      false,
    );
    // Only an unscoped officer may create another unscoped one.
    requireRole(o, 'officer', b.townshipId ?? undefined);
    if (b.townshipId === null && o.townshipId !== null)
      throw tillError('FORBIDDEN', '没有权限', 'Not allowed for this account');
    return { id: await createOfficer(db, clock, b) };
  });

  app.put('/api/townships/:townshipId', async (req) => {
    const o = await officer(req);
    const t = township(req);
    requireRole(o, 'officer', t);
    const b = parseWith(
      z.object({ name: z.string().trim().min(1).max(120), timeZone: z.string().default('Asia/Shanghai') }),
      req.body,
      false,
    );
    await ensureTownship(db, { id: t, name: b.name, timeZone: b.timeZone });
    return { masterVersion: await bumpMasterVersion(db, t) };
  });

  app.put('/api/townships/:townshipId/master', async (req) => {
    const o = await officer(req);
    const t = township(req);
    requireRole(o, 'officer', t);
    const patch = parseWith(MasterDataPatchSchema, req.body, false);
    const masterVersion = await upsertMasterData(db, t, patch);
    // The audit trail names what changed, by table and row count: never the rows (PIN hashes).
    const rows = Object.fromEntries(Object.entries(patch).map(([table, list]) => [table, list?.length ?? 0]));
    await writeAudit(
      db,
      clock,
      o,
      { action: 'master.upsert', target: `township:${t}`, details: { rows } },
      t,
    );
    return { masterVersion };
  });

  app.post('/api/shops/:shopId/enrollment-codes', async (req) => {
    const o = await officer(req);
    const { shopId } = parseWith(z.object({ shopId: id }), req.params, false);
    const shop = await db
      .selectFrom('shops')
      .select('townshipId')
      .where('id', '=', shopId)
      .executeTakeFirst();
    requireRole(o, 'officer', shop?.townshipId);
    return issueEnrollmentCode(db, clock, shopId, o.id);
  });

  // A code as a signed setup file for a till with no network (server/master/setup-file.ts).
  app.post('/api/shops/:shopId/setup-file', async (req) => {
    const o = await officer(req);
    const { shopId } = parseWith(z.object({ shopId: id }), req.params, false);
    const b = parseWith(z.object({ serverUrl: z.url().max(300) }), req.body, false);
    const shop = await db
      .selectFrom('shops')
      .select('townshipId')
      .where('id', '=', shopId)
      .executeTakeFirst();
    requireRole(o, 'officer', shop?.townshipId);
    return buildSetupFile(db, clock, key, { shopId, officerId: o.id, serverUrl: b.serverUrl });
  });

  app.get('/api/townships/:townshipId/devices', async (req) => {
    const o = await officer(req);
    const t = township(req);
    requireRole(o, 'officer', t);
    return db
      .selectFrom('devices')
      .select([
        'id',
        'name',
        'kind',
        'shopId',
        'status',
        'previousDeviceId',
        'lastSeq',
        'lastSyncAt',
        'lastClockSkewMs',
      ])
      .where('townshipId', '=', t)
      .orderBy('name')
      .execute();
  });

  app.post('/api/devices/:deviceId/revoke', async (req) => {
    const o = await officer(req);
    const { deviceId } = parseWith(z.object({ deviceId: id }), req.params, false);
    const d = await db
      .selectFrom('devices')
      .select('townshipId')
      .where('id', '=', deviceId)
      .executeTakeFirst();
    requireRole(o, 'officer', d?.townshipId);
    await revokeDevice(db, deviceId);
    return { ok: true };
  });

  app.post('/api/townships/:townshipId/awards', async (req) => {
    const o = await officer(req);
    const t = township(req);
    requireRole(o, 'cadre', t);
    const b = parseWith(
      z.object({
        householdId: id,
        memberId: id.nullable().default(null),
        ruleId: id.nullable().default(null),
        amount: z
          .number()
          .int()
          .min(-1_000_000_000)
          .max(1_000_000_000)
          .refine((v) => v !== 0),
        reason: z.string().trim().min(1).max(200),
        /** The cadre or officer who proposed it, when this officer approves another's proposal. */
        proposedBy: id.nullable().default(null),
      }),
      req.body,
      false,
    );
    if (b.proposedBy === o.id) {
      throw tillError('SELF_APPROVAL', '不能审批自己提交的积分', 'You cannot approve your own proposal');
    }
    const h = await db
      .selectFrom('households')
      .select(['villageId', 'townshipId'])
      .where('id', '=', b.householdId)
      .executeTakeFirst();
    if (!h || h.townshipId !== t)
      throw tillError('UNKNOWN_HOUSEHOLD', '没有这户', 'No such household', { householdId: b.householdId });
    if (o.role === 'cadre' && o.villageId !== null && o.villageId !== h.villageId) {
      throw tillError('FORBIDDEN', '只能给本村农户记分', 'Cadres award points only in their own village');
    }
    return appendServerEntry(db, clock, t, {
      kind: b.amount > 0 ? 'points.award' : 'points.deduct',
      clerkId: o.id,
      // One officer is never recorded as both proposer and approver (issue 13).
      body: {
        ...b,
        proposedBy: b.proposedBy ?? o.id,
        approvedBy: b.proposedBy ? o.id : null,
        reverses: null,
      },
    });
  });

  app.post('/api/townships/:townshipId/cards/:uid/:action', async (req) => {
    const o = await officer(req);
    const p = parseWith(
      z.object({ townshipId: id, uid: cardUid, action: z.enum(['block', 'lost', 'unblock']) }),
      req.params,
      false,
    );
    requireRole(o, 'officer', p.townshipId);
    const b = parseWith(z.object({ reason: z.string().max(200).default('') }), req.body ?? {}, false);
    const card = await db
      .selectFrom('cards')
      .select(['householdId', 'townshipId'])
      .where('uid', '=', p.uid)
      .executeTakeFirst();
    if (!card || card.townshipId !== p.townshipId)
      throw tillError('UNKNOWN_CARD', '没有这张卡', 'No such card', { uid: p.uid });
    const entry = await appendServerEntry(db, clock, p.townshipId, {
      kind: `card.${p.action}` as 'card.block' | 'card.lost' | 'card.unblock',
      clerkId: o.id,
      body: {
        cardUid: p.uid,
        householdId: card.householdId,
        reason: b.reason,
        ...(p.action === 'unblock' ? { lifts: await openBlocks(db, p.townshipId, p.uid) } : {}),
      },
    });
    // Audited after the change, so a refused one writes no row.
    await writeAudit(
      db,
      clock,
      o,
      { action: `card.${p.action}`, target: `card:${p.uid}`, details: { reason: b.reason } },
      p.townshipId,
    );
    return entry;
  });

  app.get('/api/townships/:townshipId/balances', async (req) => {
    const o = await officer(req);
    const t = township(req);
    requireRole(o, 'officer', t);
    const rows = await db
      .selectFrom('balances')
      .select(['householdId', 'balance'])
      .where('townshipId', '=', t)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.householdId, Number(r.balance)]));
  });

  app.get('/api/townships/:townshipId/overdrafts', async (req) => {
    const o = await officer(req);
    const t = township(req);
    requireRole(o, 'officer', t);
    return db
      .selectFrom('overdrafts')
      .selectAll()
      .where('townshipId', '=', t)
      .orderBy('detectedAt')
      .execute();
  });

  app.post('/api/overdrafts/:overdraftId/resolve', async (req) => {
    const o = await officer(req);
    const { overdraftId } = parseWith(z.object({ overdraftId: id }), req.params, false);
    const row = await db
      .selectFrom('overdrafts')
      .select('townshipId')
      .where('id', '=', overdraftId)
      .executeTakeFirst();
    requireRole(o, 'officer', row?.townshipId);
    await db.updateTable('overdrafts').set({ status: 'resolved' }).where('id', '=', overdraftId).execute();
    return { ok: true };
  });

  app.get('/api/townships/:townshipId/periods/:period/report.:format', async (req, reply) => {
    const o = await officer(req);
    const p = parseWith(
      z.object({ townshipId: id, period: z.string(), format: z.enum(['json', 'csv', 'xlsx', 'html']) }),
      req.params,
      false,
    );
    requireRole(o, 'officer', p.townshipId);
    const { report, signature } = await periodReport(db, clock, p.townshipId, p.period);
    const file = `jifen-${p.period}`;
    switch (p.format) {
      case 'json':
        return { report, signature };
      case 'csv':
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}.csv"`)
          .send(reportCsv(report));
      case 'xlsx':
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${file}.xlsx"`)
          .send(await reportXlsx(report));
      default:
        return reply.type('text/html; charset=utf-8').send(reportHtml(report, signature));
    }
  });

  app.post('/api/townships/:townshipId/periods/:period/close', async (req) => {
    const o = await officer(req);
    const p = parseWith(z.object({ townshipId: id, period: z.string() }), req.params, false);
    requireRole(o, 'officer', p.townshipId);
    const b = parseWith(z.object({ force: z.boolean().default(false) }), req.body ?? {}, false);
    return closePeriod(db, clock, key, p.townshipId, p.period, o.id, b.force);
  });

  // The officer is checked before the body is read, so nobody unknown can make us buffer it;
  // the bundle's own device decides the township the officer must hold.
  app.post(
    '/api/bundles',
    { bodyLimit: MAX_BUNDLE_BYTES, onRequest: async (req) => requireRole(await officer(req), 'officer') },
    async (req) => importTillBundle(db, clock, key, req.body, await officer(req)),
  );
}
