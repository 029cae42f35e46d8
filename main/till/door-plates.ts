import type { HouseholdView } from '../../src/api/contract';
import type { DoorPlateSheet, PlateFound } from '../../src/api/door-plate';
import { tillError } from '../../src/errors';
import { parsePlate, plateSigningText } from '../../src/points/door-plate';
import { verifyWith } from '../sync/keys';
import { type Actor, requireRole, type TillContext } from './context';
import { householdView } from './queries';

/** The shop setting: may a door plate alone open a sale? Off unless a manager turns it on. */
export const PLATE_REDEEM_KEY = 'plates.redeem';
/** The demo township's public key (the demo seed signs its plates with the matching private key). */
export const DEMO_PLATE_KEY = 'plates.demoTownshipKey';

const forged = (details: Record<string, unknown> = {}) =>
  tillError(
    'PLATE_INVALID',
    '门牌二维码无效：不是本乡镇签发的门牌，或已被改动。请刷卡，或到村委会补办门牌',
    'Invalid door plate: not issued by this township, or altered. Tap the card, or ask the village office for a new plate',
    details,
  );

/**
 * The key a plate must be signed with: the township server key this till pinned at
 * enrolment; on a demo database (which never enrols), the demo township's key.
 */
function townshipKey(ctx: TillContext): string | null {
  const enrolment = ctx.store.getSetting<{ serverPublicKey?: string }>('sync.enrolment');
  if (enrolment?.serverPublicKey) return enrolment.serverPublicKey;
  return ctx.store.getSetting<boolean>('demo') === true ? ctx.store.getSetting<string>(DEMO_PLATE_KEY) : null;
}

function townshipId(ctx: TillContext): string | null {
  return (
    (ctx.store
      .sql('SELECT v.township_id FROM shops s JOIN villages v ON v.id = s.village_id WHERE s.id = ?')
      .pluck()
      .get(ctx.shopId) as string | undefined) ?? null
  );
}

/**
 * Checks a scanned plate: its shape, the Ed25519 signature over township, household and
 * version with the pinned key, the household known here, and no older than the plate this
 * till was last sent for it (a reissued plate retires the old one). Anything else is
 * refused with one message and opens nothing.
 */
export function checkPlate(ctx: TillContext, text: string): { household: HouseholdView; version: number } {
  const plate = parsePlate(text);
  if (!plate) throw forged();
  const key = townshipKey(ctx);
  const township = townshipId(ctx);
  if (!key || !township) {
    throw tillError(
      'PLATE_NO_KEY',
      '此收银机还没有乡镇密钥，不能核验门牌，请先登记到乡镇',
      'This till has no township key to check door plates; enrol it with the township first',
    );
  }
  const signed = plateSigningText({
    townshipId: township,
    householdId: plate.householdId,
    version: plate.version,
  });
  if (!verifyWith(key, signed, plate.signature)) throw forged();
  const row = ctx.store.sql('SELECT id, plate FROM households WHERE id = ?').get(plate.householdId) as
    | { id: string; plate: string | null }
    | undefined;
  if (!row) throw forged({ householdId: plate.householdId });
  const current = row.plate ? parsePlate(row.plate)?.version : undefined;
  if (current !== undefined && plate.version < current) {
    throw tillError(
      'PLATE_REPLACED',
      `这块门牌已作废（已补办第 ${current} 版），请用新门牌或刷卡`,
      `This door plate was replaced (version ${current} is current); use the new plate or tap the card`,
      { householdId: plate.householdId, version: plate.version, current },
    );
  }
  return { household: householdView(ctx, plate.householdId), version: plate.version };
}

export function plateRedeemAllowed(ctx: TillContext): boolean {
  return ctx.store.getSetting<boolean>(PLATE_REDEEM_KEY) === true;
}

/** At the door or for scoring: a valid plate finds the household, whatever the shop setting. */
export function findByPlate(ctx: TillContext, text: string): PlateFound {
  const { household, version } = checkPlate(ctx, text);
  return { household, version, redeemAllowed: plateRedeemAllowed(ctx) };
}

/** At the counter: the plate opens a sale only where the shop allows it, and says so plainly. */
export function plateForSale(ctx: TillContext, text: string): PlateFound {
  const found = findByPlate(ctx, text);
  if (!found.redeemAllowed) {
    const h = found.household;
    throw tillError(
      'PLATE_REDEEM_OFF',
      `门牌有效（${h.number} ${h.headName}），但本店不允许凭门牌兑换，请刷卡`,
      `Valid door plate (${h.number} ${h.headName}), but this shop does not allow redemption by door plate; please tap the card`,
      { householdId: h.id },
    );
  }
  return found;
}

export function setPlateRedeem(ctx: TillContext, actor: Actor, allowed: boolean): { redeemAllowed: boolean } {
  requireRole(actor, ['manager', 'officer'], { zh: '修改门牌兑换设置', en: 'change the door-plate setting' });
  ctx.store.setSetting(PLATE_REDEEM_KEY, allowed);
  return { redeemAllowed: plateRedeemAllowed(ctx) };
}

/** The village's plates for the A4 sheet, by house number. */
export function plateSheet(ctx: TillContext, villageId: string | null): DoorPlateSheet {
  const village = (
    villageId
      ? ctx.store.sql('SELECT id, name FROM villages WHERE id = ?').get(villageId)
      : ctx.store
          .sql('SELECT v.id, v.name FROM shops s JOIN villages v ON v.id = s.village_id WHERE s.id = ?')
          .get(ctx.shopId)
  ) as { id: string; name: string } | undefined;
  if (!village) throw tillError('INVALID_INPUT', '没有这个村', 'No such village', { villageId });
  const plates = ctx.store
    .sql(
      `SELECT h.id AS householdId, h.number, h.address, h.plate,
         coalesce((SELECT name FROM members WHERE household_id = h.id ORDER BY is_head DESC, name LIMIT 1), '') AS headName
       FROM households h WHERE h.village_id = ? AND h.status = 'active' AND h.plate IS NOT NULL ORDER BY h.number`,
    )
    .all(village.id) as DoorPlateSheet['plates'];
  return { villageName: village.name, plates };
}
