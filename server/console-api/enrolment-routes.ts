import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EnrolmentPageView, NewEnrolmentCode } from '../../src/console/enrolment';
import { keyFingerprint, type SetupFile } from '../../src/sync/setup-file';
import { issueEnrollmentCode } from '../devices/enrollment';
import { buildSetupFile } from '../master/setup-file';
import { parseWith } from '../routes/errors';
import { audited, auditedAfter } from './audited';
import type { ConsoleDeps, ConsoleRouteModule } from './deps';
import { requireOfficer, requireRowInScope, sessionOf } from './guard';
import { id, townshipParam } from './township-of';

const SETUP_FILE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const ShopParams = z.object({ townshipId: id, shopId: id });

/** The address tills dial: JIFEN_PUBLIC_URL, else the one this browser reached us at. */
export function serverAddress(deps: ConsoleDeps, req: FastifyRequest): string {
  if (deps.publicUrl) return deps.publicUrl.replace(/\/+$/, '');
  return `${deps.secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

/**
 * One-time enrolment codes per shop: shown once as text and QR ({code, server,
 * fingerprint}), or packed into a signed setup file for a village with no network.
 */
export const enrolmentRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock, key } = deps;
  const fingerprint = keyFingerprint(key.publicKey);

  const shopFor = async (req: FastifyRequest) => {
    const s = sessionOf(req);
    const p = parseWith(ShopParams, req.params, false);
    requireOfficer(s, p.townshipId);
    const shop = await db
      .selectFrom('shops')
      .select(['id', 'name', 'townshipId', 'villageId'])
      .where('id', '=', p.shopId)
      .executeTakeFirst();
    requireRowInScope(s, p.townshipId, shop, { shopId: p.shopId });
    return { s, t: p.townshipId, shop: shop! };
  };

  api.get('/townships/:townshipId/enrolment-codes', async (req): Promise<EnrolmentPageView> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireOfficer(s, t);
    const now = clock.now();
    const [codes, shops] = await Promise.all([
      db
        .selectFrom('enrollmentCodes as c')
        .innerJoin('shops as s', 's.id', 'c.shopId')
        .leftJoin('officers as o', 'o.id', 'c.createdBy')
        .select([
          'c.shopId',
          's.name as shopName',
          'o.name as createdBy',
          'c.expiresAt',
          'c.usedAt',
          'c.usedByDevice',
        ])
        .where('c.townshipId', '=', t)
        .orderBy('c.expiresAt', 'desc')
        .limit(200)
        .execute(),
      db
        .selectFrom('shops as s')
        .innerJoin('villages as v', 'v.id', 's.villageId')
        .select(['s.id', 's.name', 'v.name as villageName'])
        .where('s.townshipId', '=', t)
        .orderBy('v.name')
        .orderBy('s.name')
        .execute(),
    ]);
    return {
      codes: codes.map((c) => ({
        shopId: c.shopId,
        shopName: c.shopName,
        createdBy: c.createdBy ?? '-',
        expiresAt: Number(c.expiresAt),
        usedAt: c.usedAt === null ? null : Number(c.usedAt),
        usedByDevice: c.usedByDevice,
        state: c.usedAt !== null ? 'used' : Number(c.expiresAt) < now ? 'expired' : 'open',
      })),
      shops,
      server: serverAddress(deps, req),
      fingerprint,
      tlsFingerprint: deps.tlsFingerprint,
    };
  });

  api.post('/townships/:townshipId/shops/:shopId/enrolment-codes', async (req): Promise<NewEnrolmentCode> => {
    const { s, t, shop } = await shopFor(req);
    const issued = await audited(
      deps,
      s,
      t,
      { action: 'enrolment.code', target: `shop:${shop.id}`, details: {} },
      (trx) => issueEnrollmentCode(trx, clock, shop.id, s.officer.id),
    );
    return {
      ...issued,
      shopId: shop.id,
      shopName: shop.name,
      qr: {
        format: 'jifen-enrol/1',
        code: issued.code,
        server: serverAddress(deps, req),
        fingerprint,
        ...(deps.tlsFingerprint ? { tls: deps.tlsFingerprint } : {}),
      },
    };
  });

  api.post('/townships/:townshipId/shops/:shopId/setup-file', async (req): Promise<SetupFile> => {
    const { s, t, shop } = await shopFor(req);
    return auditedAfter(
      deps,
      s,
      t,
      { action: 'enrolment.setup-file', target: `shop:${shop.id}`, details: {} },
      () =>
        buildSetupFile(db, clock, key, {
          shopId: shop.id,
          officerId: s.officer.id,
          serverUrl: serverAddress(deps, req),
          codeTtlMs: SETUP_FILE_TTL_MS,
          tls: deps.tlsFingerprint,
        }),
    );
  });
};
