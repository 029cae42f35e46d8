import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DeviceRenameSchema, DeviceRevokeSchema, type DeviceView } from '../../src/console/devices';
import { revokeDevice } from '../devices/enrollment';
import { bumpMasterVersion } from '../master/version';
import { parseWith } from '../routes/errors';
import { audited } from './audited';
import type { ConsoleRouteModule } from './deps';
import { requireOfficer, requireRowInScope, requireTownship, sessionOf, villageScope } from './guard';
import { id, num, townshipParam } from './township-of';

const DeviceParams = z.object({ townshipId: id, deviceId: id });

/** Tills: rename, revoke, and each till's restore-epoch chain (a restore starts a new device id). */
export const devicesRoutes: ConsoleRouteModule = (api, deps) => {
  const { db } = deps;

  api.get('/townships/:townshipId/devices', async (req): Promise<DeviceView[]> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireTownship(s, t);
    const village = villageScope(s);
    const rows = await db
      .selectFrom('devices as d')
      .leftJoin('shops as s', 's.id', 'd.shopId')
      .select([
        'd.id',
        'd.name',
        'd.shopId',
        's.name as shopName',
        's.villageId',
        'd.status',
        'd.enrolledAt',
        'd.lastSeq',
        'd.lastSyncAt',
        'd.previousDeviceId',
      ])
      .where('d.townshipId', '=', t)
      .where('d.kind', '=', 'till')
      .$if(village !== null, (q) => q.where('s.villageId', '=', village!))
      .orderBy('d.name')
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const superseded = new Set(rows.map((r) => r.previousDeviceId).filter((x): x is string => !!x));
    // One line per till: its newest epoch, with the older ids it came from.
    return rows
      .filter((r) => !superseded.has(r.id))
      .map((r) => {
        const chain: DeviceView['chain'] = [];
        const seen = new Set([r.id]);
        for (let p = r.previousDeviceId ? byId.get(r.previousDeviceId) : undefined; p && !seen.has(p.id); ) {
          seen.add(p.id);
          chain.push({
            id: p.id,
            status: p.status,
            enrolledAt: Number(p.enrolledAt),
            lastSeq: Number(p.lastSeq),
          });
          p = p.previousDeviceId ? byId.get(p.previousDeviceId) : undefined;
        }
        return {
          id: r.id,
          name: r.name,
          shopId: r.shopId,
          shopName: r.shopName,
          status: r.status,
          enrolledAt: Number(r.enrolledAt),
          lastSeq: Number(r.lastSeq),
          lastSyncAt: num(r.lastSyncAt),
          chain,
        };
      });
  });

  const deviceFor = async (req: FastifyRequest) => {
    const s = sessionOf(req);
    const p = parseWith(DeviceParams, req.params, false);
    requireOfficer(s, p.townshipId);
    const d = await db
      .selectFrom('devices')
      .select(['id', 'name', 'townshipId', 'kind', 'status'])
      .where('id', '=', p.deviceId)
      .executeTakeFirst();
    requireRowInScope(s, p.townshipId, d && d.kind === 'till' ? d : undefined, { deviceId: p.deviceId });
    return { s, t: p.townshipId, device: d! };
  };

  api.put('/townships/:townshipId/devices/:deviceId/name', async (req) => {
    const { s, t, device } = await deviceFor(req);
    const b = parseWith(DeviceRenameSchema, req.body, false);
    await audited(
      deps,
      s,
      t,
      { action: 'device.rename', target: `device:${device.id}`, details: { from: device.name, to: b.name } },
      async (trx) => {
        await trx.updateTable('devices').set({ name: b.name }).where('id', '=', device.id).execute();
        // Tills list each other by name: the change travels with master data.
        await bumpMasterVersion(trx, t);
      },
    );
    return { ok: true };
  });

  api.post('/townships/:townshipId/devices/:deviceId/revoke', async (req) => {
    const { s, t, device } = await deviceFor(req);
    const b = parseWith(DeviceRevokeSchema, req.body, false);
    await audited(
      deps,
      s,
      t,
      {
        action: 'device.revoke',
        target: `device:${device.id}`,
        details: { name: device.name, reason: b.reason },
      },
      (trx) => revokeDevice(trx, device.id),
    );
    return { ok: true };
  });
};
