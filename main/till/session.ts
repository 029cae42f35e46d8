import { randomBytes } from 'node:crypto';
import type { ClerkView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import { checkPin } from '../store';
import type { TillContext } from './context';

/** Wrong PINs in a row before a short lockout; a typo-prone clerk waits five minutes. */
const MAX_FAILURES = 5;
const LOCKOUT_MS = 5 * 60_000;
/** Wrong PINs in a row, across short lockouts, before only a manager (or a day) unlocks. */
const HARD_FAILURES = 10;
const HARD_LOCKOUT_MS = 24 * 3600_000;
const SESSION_IDLE_MS = 12 * 3600_000;

interface ClerkRow {
  id: string;
  name: string;
  role: ClerkView['role'];
  pin_hash: string;
}

export function listClerks(ctx: TillContext): ClerkView[] {
  return ctx.store
    .sql(
      `SELECT id, name, role FROM clerks WHERE active = 1 AND (shop_id IS NULL OR shop_id = ?)
       ORDER BY CASE role WHEN 'clerk' THEN 0 WHEN 'stockkeeper' THEN 1 WHEN 'cadre' THEN 2 WHEN 'manager' THEN 3 ELSE 4 END, name`,
    )
    .all(ctx.shopId) as ClerkView[];
}

/**
 * Checks a PIN with lockout: five wrong PINs in a row lock the clerk for five minutes;
 * ten in a row lock them until a manager unlocks them at the till (or a day passes), so
 * a four-digit PIN cannot be guessed at the counter (10 tries a day at most). Failures
 * are counted locally and survive a restart.
 */
export function checkClerkPin(ctx: TillContext, clerkId: string, pin: string): ClerkView {
  const { store } = ctx;
  const clerk = store
    .sql('SELECT id, name, role, pin_hash FROM clerks WHERE id = ? AND active = 1')
    .get(clerkId) as ClerkRow | undefined;
  if (!clerk) throw tillError('UNKNOWN_CLERK', '没有这个收银员', 'Unknown clerk', { clerkId });
  const now = store.now();
  const lock = store
    .sql('SELECT failed_attempts, locked_until FROM clerk_lockouts WHERE clerk_id = ?')
    .get(clerkId) as { failed_attempts: number; locked_until: number | null } | undefined;
  if (lock?.locked_until && lock.locked_until > now && lock.failed_attempts >= HARD_FAILURES)
    throw managerMustUnlock(lock.locked_until);
  if (lock?.locked_until && lock.locked_until > now) {
    const minutes = Math.ceil((lock.locked_until - now) / 60_000);
    throw tillError(
      'CLERK_LOCKED',
      `密码错误次数过多，请 ${minutes} 分钟后再试`,
      `Too many wrong PINs; try again in ${minutes} min`,
      { lockedUntil: lock.locked_until },
    );
  }
  if (!checkPin(pin, clerk.pin_hash)) {
    const failures = (lock?.failed_attempts ?? 0) + 1;
    const lockedUntil =
      failures >= HARD_FAILURES
        ? now + HARD_LOCKOUT_MS
        : failures % MAX_FAILURES === 0
          ? now + LOCKOUT_MS
          : null;
    store
      .sql(
        `INSERT INTO clerk_lockouts (clerk_id, failed_attempts, locked_until) VALUES (?, ?, ?)
         ON CONFLICT (clerk_id) DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until`,
      )
      .run(clerkId, failures, lockedUntil);
    if (failures >= HARD_FAILURES) throw managerMustUnlock(now + HARD_LOCKOUT_MS);
    const triesLeft = lockedUntil ? 0 : MAX_FAILURES - (failures % MAX_FAILURES);
    throw tillError(
      'WRONG_PIN',
      `密码不对（还可尝试 ${triesLeft} 次）`,
      `Wrong PIN (${triesLeft} tries left)`,
      {
        triesLeft,
      },
    );
  }
  store.sql('DELETE FROM clerk_lockouts WHERE clerk_id = ?').run(clerkId);
  return { id: clerk.id, name: clerk.name, role: clerk.role };
}

function managerMustUnlock(lockedUntil: number) {
  return tillError(
    'CLERK_LOCKED',
    '密码错误次数过多，已锁定，请店长输入自己的密码解锁',
    'Too many wrong PINs; locked until a manager unlocks it with their own PIN',
    { lockedUntil, managerUnlock: true },
  );
}

/**
 * A manager lifts a clerk's lockout at the till with their own PIN (checked with the same
 * lockout). A manager cannot unlock themselves: another manager or the wait does.
 */
export function unlockClerk(ctx: TillContext, managerId: string, managerPin: string, clerkId: string): void {
  const manager = checkClerkPin(ctx, managerId, managerPin);
  if (manager.role !== 'manager' && manager.role !== 'officer')
    throw tillError(
      'FORBIDDEN',
      `${manager.name}不是店长，不能解锁`,
      `${manager.name} is not a manager and may not unlock`,
      {
        role: manager.role,
      },
    );
  if (manager.id === clerkId)
    throw tillError('FORBIDDEN', '不能给自己解锁', 'A manager cannot unlock themselves');
  const known = ctx.store.sql('SELECT 1 FROM clerks WHERE id = ?').pluck().get(clerkId);
  if (!known) throw tillError('UNKNOWN_CLERK', '没有这个收银员', 'Unknown clerk', { clerkId });
  ctx.store.sql('DELETE FROM clerk_lockouts WHERE clerk_id = ?').run(clerkId);
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

  end(token: string | null): void {
    if (token) this.byToken.delete(token);
  }
}
