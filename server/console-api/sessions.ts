import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import type { Db } from '../db/connect';
import type { Officer } from '../officers/auth';

/**
 * Console sessions: a random token in an HttpOnly cookie, stored hashed. The CSRF token
 * is a hash of the session token under its own label (synchronizer pattern without a
 * column, stable across restarts): the page learns it from GET /console/api/session and
 * echoes it in x-csrf-token on every change; another site can neither read it nor send
 * the cookie, and the token cannot be recovered from it.
 */
export interface SessionTimes {
  /** Idle time after which the session ends. */
  idleMs: number;
  /** Absolute lifetime, however active. */
  maxMs: number;
}

export const DEFAULT_SESSION_TIMES: SessionTimes = { idleMs: 30 * 60 * 1000, maxMs: 12 * 60 * 60 * 1000 };

export interface ConsoleSession {
  officer: Officer;
  tokenHash: string;
  csrf: string;
  expiresAt: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
export const csrfFor = (token: string) =>
  createHash('sha256').update(`jifen-console-csrf\n${token}`).digest('base64url');

export async function startSession(
  db: Db,
  clock: Clock,
  officerId: string,
  times: SessionTimes,
): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  // Ended sessions go at each sign-in, so the table holds only live ones.
  await db.deleteFrom('consoleSessions').where('expiresAt', '<=', now).execute();
  await db
    .insertInto('consoleSessions')
    .values({
      tokenHash: hash(token),
      officerId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + times.maxMs,
    })
    .execute();
  return { token, csrf: csrfFor(token) };
}

export const notSignedIn = (expired = false) =>
  expired
    ? tillError('NOT_LOGGED_IN', '登录已过期，请重新登录', 'Your session has expired; please sign in again', {
        reason: 'session-expired',
      })
    : tillError('NOT_LOGGED_IN', '请先登录', 'Please sign in first', { reason: 'no-session' });

/** The session behind a cookie token; touches it (idle timeout slides). */
export async function sessionFor(
  db: Db,
  clock: Clock,
  token: string | null,
  times: SessionTimes,
): Promise<ConsoleSession> {
  if (!token) throw notSignedIn();
  const row = await db
    .selectFrom('consoleSessions as s')
    .innerJoin('officers as o', 'o.id', 's.officerId')
    .select([
      'o.id',
      'o.username',
      'o.name',
      'o.role',
      'o.townshipId',
      'o.villageId',
      'o.active',
      'o.createdAt',
      's.tokenHash',
      's.lastSeenAt',
      's.expiresAt',
    ])
    .where('s.tokenHash', '=', hash(token))
    .executeTakeFirst();
  const now = clock.now();
  if (row?.active !== 1) throw notSignedIn();
  if (row.expiresAt <= now || row.lastSeenAt + times.idleMs <= now) {
    await db.deleteFrom('consoleSessions').where('tokenHash', '=', row.tokenHash).execute();
    throw notSignedIn(true);
  }
  await db
    .updateTable('consoleSessions')
    .set({ lastSeenAt: now })
    .where('tokenHash', '=', row.tokenHash)
    .execute();
  const { tokenHash, lastSeenAt: _l, expiresAt, ...officer } = row;
  return { officer, tokenHash, csrf: csrfFor(token), expiresAt: Math.min(expiresAt, now + times.idleMs) };
}

export function checkCsrf(session: ConsoleSession, header: string | string[] | undefined): void {
  const sent = Buffer.from(typeof header === 'string' ? header : '');
  const want = Buffer.from(session.csrf);
  if (sent.length !== want.length || !timingSafeEqual(sent, want)) {
    throw tillError(
      'FORBIDDEN',
      '请求来源校验失败（CSRF），没有做任何修改。请刷新页面后重试。',
      'The request failed its CSRF check; nothing was changed. Reload the page and try again.',
      { reason: 'csrf' },
    );
  }
}

/** Defence in depth beside the token: a browser's change request must come from this origin. */
export function checkSameOrigin(origin: string | undefined, host: string | undefined): void {
  if (origin === undefined) return;
  let same = false;
  try {
    same = new URL(origin).host === host;
  } catch {
    same = false;
  }
  if (!same) {
    throw tillError(
      'FORBIDDEN',
      '请求来自别的网站，没有做任何修改',
      'The request came from another site; nothing was changed',
      { reason: 'csrf', origin },
    );
  }
}

export async function endSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('consoleSessions').where('tokenHash', '=', tokenHash).execute();
}
