import { randomBytes } from 'node:crypto';
import type { ClerkView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import type { TillContext } from './context';
import { checkClerkPin, clearPinLockouts, pinFailures } from './pin-lockout';

export { checkClerkPin, type PinPath } from './pin-lockout';

const SESSION_IDLE_MS = 12 * 3600_000;

export function listClerks(ctx: TillContext): ClerkView[] {
  return ctx.store
    .sql(
      `SELECT id, name, role FROM clerks WHERE active = 1 AND (shop_id IS NULL OR shop_id = ?)
       ORDER BY CASE role WHEN 'clerk' THEN 0 WHEN 'stockkeeper' THEN 1 WHEN 'cadre' THEN 2 WHEN 'manager' THEN 3 ELSE 4 END, name`,
    )
    .all(ctx.shopId) as ClerkView[];
}

const MANAGER_ROLES = ['manager', 'officer'] as const;

/**
 * A manager lifts a clerk's lockout at the till with their own PIN (on the unlock path,
 * counted apart from the login). A manager cannot unlock themselves: another manager, a
 * right PIN of their own on another path, a township PIN reset or the wait does. The
 * unlock is a `clerk.unlock` journal entry naming who, whom, why and the wrong PINs
 * counted, so the township sees it after sync.
 */
export function unlockClerk(
  ctx: TillContext,
  managerId: string,
  managerPin: string,
  clerkId: string,
  reason: string,
): void {
  const manager = checkClerkPin(ctx, managerId, managerPin, 'unlock', {
    allowed: MANAGER_ROLES,
    zh: '解锁',
    en: 'unlock',
  });
  if (manager.id === clerkId)
    throw tillError('FORBIDDEN', '不能给自己解锁', 'A manager cannot unlock themselves');
  const known = ctx.store.sql('SELECT 1 FROM clerks WHERE id = ?').pluck().get(clerkId);
  if (!known) throw tillError('UNKNOWN_CLERK', '没有这个收银员', 'Unknown clerk', { clerkId });
  ctx.store.transaction(() => {
    const { failures, paths } = pinFailures(ctx, clerkId);
    clearPinLockouts(ctx, clerkId);
    ctx.store.append({
      ...ctx.store.header(manager.id),
      kind: 'clerk.unlock',
      body: { clerkId, reason, failedAttempts: failures, paths },
    });
  });
}

/** Session tokens live in memory: a restart asks the clerk for the PIN again. */
export class Sessions {
  private readonly byToken = new Map<string, { clerk: ClerkView; lastSeen: number }>();

  constructor(private readonly now: () => number) {}

  create(clerk: ClerkView): string {
    const token = randomBytes(24).toString('base64url');
    this.byToken.set(token, { clerk, lastSeen: this.now() });
    return token;
  }

  get(token: string | null): ClerkView {
    const s = token ? this.byToken.get(token) : undefined;
    if (!s || this.now() - s.lastSeen > SESSION_IDLE_MS) {
      if (token) this.byToken.delete(token);
      throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
    }
    s.lastSeen = this.now();
    return s.clerk;
  }

  /** Still logged in and not idle; unlike get(), asking does not count as activity. */
  isLive(token: string): boolean {
    const s = this.byToken.get(token);
    return !!s && this.now() - s.lastSeen <= SESSION_IDLE_MS;
  }

  end(token: string | null): void {
    if (token) this.byToken.delete(token);
  }
}
