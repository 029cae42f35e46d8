import { tillError } from '../../src/errors';
import { assertPinAllowed } from '../../src/pin-policy';
import { hashPin } from '../store';
import { type Actor, requireRole, type TillContext } from '../till/context';
import { checkClerkPin, clearPinLockouts } from '../till/pin-lockout';

const MANAGER_ROLES = ['manager', 'officer'] as const;

/** An initial or reset PIN opens no session: the clerk must choose their own first. */
export function requirePinCurrent(ctx: TillContext, clerkId: string): void {
  const must = ctx.store.sql('SELECT must_change_pin FROM clerks WHERE id = ?').pluck().get(clerkId);
  if (must === 1) {
    throw tillError(
      'PIN_CHANGE_REQUIRED',
      '这是初始密码，请先设置您自己的新密码',
      'This is an initial PIN; choose your own new PIN first',
      { clerkId },
    );
  }
}

/**
 * A clerk sets their own PIN, proving the old one (lockout applies). A `clerk.pin`
 * journal entry carries the new hash to the township, which hands it to the shop's
 * other tills with the clerk's master data.
 */
export function changePin(ctx: TillContext, clerkId: string, pin: string, newPin: string): void {
  const clerk = checkClerkPin(ctx, clerkId, pin, 'login');
  assertPinAllowed(newPin);
  if (newPin === pin) {
    throw tillError('INVALID_INPUT', '新密码不能和原来的一样', 'The new PIN must differ from the old one', {
      field: 'newPin',
    });
  }
  ctx.store.append({
    ...ctx.store.header(clerk.id),
    kind: 'clerk.pin',
    body: { clerkId, pinHash: hashPin(newPin), mustChangePin: false, reason: 'changed' },
  });
}

/** A manager gives a clerk of this shop a new initial PIN (forgotten, locked out). */
export function resetPin(ctx: TillContext, manager: Actor, clerkId: string, newPin: string): void {
  requireRole(manager, MANAGER_ROLES, { zh: '重设收银员密码', en: "reset a clerk's PIN" });
  assertPinAllowed(newPin);
  const clerk = ctx.store
    .sql('SELECT id FROM clerks WHERE id = ? AND active = 1 AND (shop_id = ? OR shop_id IS NULL)')
    .get(clerkId, ctx.shopId);
  if (!clerk)
    throw tillError('UNKNOWN_CLERK', '本店没有这个收银员', 'No such clerk at this shop', { clerkId });
  ctx.store.transaction(() => {
    ctx.store.append({
      ...ctx.store.header(manager.id),
      kind: 'clerk.pin',
      body: { clerkId, pinHash: hashPin(newPin), mustChangePin: true, reason: 'reset' },
    });
    // The reset is also the manager's unlock after repeated wrong PINs.
    clearPinLockouts(ctx, clerkId);
  });
}
