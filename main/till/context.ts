import type { ClerkView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import type { TillStore } from '../store';

/** What every use case needs: the store and which shop this till serves. */
export interface TillContext {
  store: TillStore;
  shopId: string;
  timeZone: string;
}

/**
 * The till's context. It is live: a till started on an empty data folder has no shop yet
 * (shopId '') and gets one when enrolment brings its master data; reloadContext then
 * updates this same object, so every use case holding it serves the new shop at once.
 */
export function contextFor(store: TillStore): TillContext {
  const ctx: TillContext = { store, shopId: '', timeZone: 'Asia/Shanghai' };
  reloadContext(ctx);
  return ctx;
}

/** Re-reads which shop this till serves; true once the setting and the shop's row are both there. */
export function reloadContext(ctx: TillContext): boolean {
  const shopId = ctx.store.getSetting<string>('shop.id');
  const tz = shopId
    ? (ctx.store
        .sql(
          `SELECT t.time_zone FROM shops s JOIN villages v ON v.id = s.village_id JOIN townships t ON t.id = v.township_id
       WHERE s.id = ?`,
        )
        .pluck()
        .get(shopId) as string | undefined)
    : undefined;
  if (!shopId || tz === undefined) return false;
  ctx.shopId = shopId;
  ctx.timeZone = tz;
  ctx.store.setTimeZone(tz);
  return true;
}

export function isSetUp(ctx: TillContext): boolean {
  return ctx.shopId !== '';
}

/** Trading calls on a till that has no shop yet are refused with what to do instead. */
export function requireSetUp(ctx: TillContext): void {
  if (!isSetUp(ctx)) {
    throw tillError(
      'NOT_SET_UP',
      '此收银机还没有加入乡镇，请先在设置页面登记',
      'This till has not joined a township yet; enrol it on the setup screen first',
    );
  }
}

/** The clerk acting; use cases check roles themselves, never trusting the UI. */
export type Actor = ClerkView;

export function requireRole(
  actor: Actor,
  roles: readonly Actor['role'][],
  action: { zh: string; en: string },
): void {
  if (!roles.includes(actor.role)) {
    throw tillError(
      'FORBIDDEN',
      `${actor.name}（${actor.role}）无权${action.zh}`,
      `${actor.name} (${actor.role}) may not ${action.en}`,
      { role: actor.role },
    );
  }
}
