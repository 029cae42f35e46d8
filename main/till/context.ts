import type { ClerkView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import type { TillStore } from '../store';

/** What every use case needs: the store and which shop this till serves. */
export interface TillContext {
  store: TillStore;
  shopId: string;
  timeZone: string;
}

export function contextFor(store: TillStore): TillContext {
  const shopId = store.getSetting<string>('shop.id');
  if (!shopId) {
    throw tillError(
      'DATABASE_UNAVAILABLE',
      '此收银机尚未绑定超市（缺少 shop.id 设置）',
      'This till is not assigned to a shop (setting shop.id is missing)',
    );
  }
  const tz = store.db
    .prepare(
      `SELECT t.time_zone FROM shops s JOIN villages v ON v.id = s.village_id JOIN townships t ON t.id = v.township_id
       WHERE s.id = ?`,
    )
    .pluck()
    .get(shopId) as string | undefined;
  const timeZone = tz ?? 'Asia/Shanghai';
  store.setTimeZone(timeZone);
  return { store, shopId, timeZone };
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
