import type { ClerkView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import { checkPin } from '../store';
import type { TillContext } from './context';

/**
 * Where a PIN is typed. Wrong PINs count per clerk being tried and per path, so wrong
 * PINs typed at the login for the manager do not stop the manager approving a void
 * (decision 0310). A right PIN on any path clears every path of that clerk.
 */
export type PinPath = 'login' | 'approve' | 'unlock';

/** Wrong PINs in a row on one path before the first wait; a typo-prone clerk waits five minutes. */
const FIRST_WAIT_AT = 5;
const FIRST_WAIT_MS = 5 * 60_000;
/** Wrong PINs in a row on one path before only a manager, a township PIN reset or a day lifts it. */
export const HARD_FAILURES = 10;
const HARD_LOCKOUT_MS = 24 * 3600_000;

/**
 * The wait after the nth wrong PIN in a row on one path: none for the first four, then
 * 5, 10, 20, 40 and 80 minutes, and from the tenth a lock only a manager lifts.
 */
export function waitAfter(failures: number): number {
  if (failures >= HARD_FAILURES) return HARD_LOCKOUT_MS;
  if (failures < FIRST_WAIT_AT) return 0;
  return FIRST_WAIT_MS * 2 ** (failures - FIRST_WAIT_AT);
}

interface ClerkRow {
  id: string;
  name: string;
  role: ClerkView['role'];
  pin_hash: string;
}

interface LockRow {
  failed_attempts: number;
  locked_until: number | null;
}

/**
 * Checks a PIN on one path with growing backoff. `roles`, when given, are the roles that
 * may be tried on this path: another clerk is refused before the PIN is checked, so a
 * wrong guess costs them nothing and a right one tells them nothing. Counts survive a
 * restart (SQLite).
 */
export function checkClerkPin(
  ctx: TillContext,
  clerkId: string,
  pin: string,
  path: PinPath,
  roles?: { allowed: readonly ClerkView['role'][]; zh: string; en: string },
): ClerkView {
  const { store } = ctx;
  const clerk = store
    .sql('SELECT id, name, role, pin_hash FROM clerks WHERE id = ? AND active = 1')
    .get(clerkId) as ClerkRow | undefined;
  if (!clerk) throw tillError('UNKNOWN_CLERK', '没有这个收银员', 'Unknown clerk', { clerkId });
  if (roles && !roles.allowed.includes(clerk.role)) {
    throw tillError(
      'FORBIDDEN',
      `${clerk.name}（${clerk.role}）无权${roles.zh}`,
      `${clerk.name} (${clerk.role}) may not ${roles.en}`,
      { role: clerk.role },
    );
  }
  const now = store.now();
  const lock = store
    .sql('SELECT failed_attempts, locked_until FROM pin_lockouts WHERE clerk_id = ? AND path = ?')
    .get(clerkId, path) as LockRow | undefined;
  if (lock?.locked_until && lock.locked_until > now) {
    if (lock.failed_attempts >= HARD_FAILURES) throw managerMustUnlock(lock.locked_until, path);
    throw waitRefusal('CLERK_LOCKED', lock.failed_attempts, lock.locked_until, now, path);
  }
  if (!checkPin(pin, clerk.pin_hash)) {
    const failures = (lock?.failed_attempts ?? 0) + 1;
    const wait = waitAfter(failures);
    const lockedUntil = wait > 0 ? now + wait : null;
    store
      .sql(
        `INSERT INTO pin_lockouts (clerk_id, path, failed_attempts, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (clerk_id, path) DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until`,
      )
      .run(clerkId, path, failures, lockedUntil);
    if (failures >= HARD_FAILURES) throw managerMustUnlock(lockedUntil!, path);
    if (lockedUntil) throw waitRefusal('WRONG_PIN', failures, lockedUntil, now, path);
    const triesLeft = FIRST_WAIT_AT - failures;
    throw tillError(
      'WRONG_PIN',
      `密码不对（还可尝试 ${triesLeft} 次）`,
      `Wrong PIN (${triesLeft} tries left)`,
      {
        triesLeft,
        failures,
        path,
      },
    );
  }
  // The clerk's own right PIN lifts what others' wrong guesses did, on every path.
  store.sql('DELETE FROM pin_lockouts WHERE clerk_id = ?').run(clerkId);
  return { id: clerk.id, name: clerk.name, role: clerk.role };
}

/** A wait in plain words, with how many more wrong PINs are left before a manager must unlock. */
function waitRefusal(
  code: 'WRONG_PIN' | 'CLERK_LOCKED',
  failures: number,
  lockedUntil: number,
  now: number,
  path: PinPath,
) {
  const minutes = Math.ceil((lockedUntil - now) / 60_000);
  const beforeManager = HARD_FAILURES - failures;
  const head = code === 'WRONG_PIN' ? { zh: '密码不对。', en: 'Wrong PIN. ' } : { zh: '', en: '' };
  return tillError(
    code,
    `${head.zh}已连续错 ${failures} 次，请 ${minutes} 分钟后再试（再错 ${beforeManager} 次须店长解锁）`,
    `${head.en}${failures} wrong in a row; try again in ${minutes} min (${beforeManager} more and a manager must unlock)`,
    { lockedUntil, failures, triesLeft: 0, beforeManager, minutes, path },
  );
}

function managerMustUnlock(lockedUntil: number, path: PinPath) {
  return tillError(
    'CLERK_LOCKED',
    '密码错误次数过多，已锁定，请店长输入自己的密码解锁',
    'Too many wrong PINs; locked until a manager unlocks it with their own PIN',
    { lockedUntil, managerUnlock: true, path },
  );
}

/** Wrong PINs counted for a clerk now, over all paths, and on which paths (for the unlock record). */
export function pinFailures(ctx: TillContext, clerkId: string): { failures: number; paths: PinPath[] } {
  const rows = ctx.store
    .sql('SELECT path, failed_attempts FROM pin_lockouts WHERE clerk_id = ? ORDER BY path')
    .all(clerkId) as { path: PinPath; failed_attempts: number }[];
  return { failures: rows.reduce((s, r) => s + r.failed_attempts, 0), paths: rows.map((r) => r.path) };
}

/** Clears every path of a clerk: a manager's unlock, a PIN reset here or from the township. */
export function clearPinLockouts(ctx: Pick<TillContext, 'store'>, clerkId: string): void {
  ctx.store.sql('DELETE FROM pin_lockouts WHERE clerk_id = ?').run(clerkId);
}
