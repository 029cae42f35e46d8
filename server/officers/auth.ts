import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import { hashPassword, verifyPassword } from '../crypto/passwords';
import type { Db } from '../db/connect';
import type { OfficerTable } from '../db/schema';

const SESSION_MS = 12 * 60 * 60 * 1000;

export type Officer = Omit<OfficerTable, 'passwordHash'>;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createOfficer(
  db: Db,
  clock: Clock,
  o: {
    username: string;
    name: string;
    password: string;
    role: 'officer' | 'cadre';
    townshipId: string | null;
    villageId: string | null;
  },
): Promise<string> {
  if (o.password.length < 10) {
    throw tillError('INVALID_INPUT', '密码至少 10 个字符', 'The password needs at least 10 characters');
  }
  const id = newId(clock);
  await db
    .insertInto('officers')
    .values({
      id,
      username: o.username,
      name: o.name,
      role: o.role,
      passwordHash: await hashPassword(o.password),
      townshipId: o.townshipId,
      villageId: o.villageId,
      active: 1,
      createdAt: clock.now(),
    })
    .execute();
  return id;
}

/** Same refusal for an unknown name and a wrong password, so names cannot be probed. */
export async function login(
  db: Db,
  clock: Clock,
  username: string,
  password: string,
): Promise<{ token: string; officer: Officer }> {
  const row = await db.selectFrom('officers').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = row
    ? await verifyPassword(password, row.passwordHash)
    : await verifyPassword(password, DUMMY_HASH);
  if (!row || !ok || row.active !== 1) {
    throw tillError('WRONG_PIN', '用户名或密码不对', 'Wrong user name or password');
  }
  const token = randomBytes(32).toString('base64url');
  // Expired sessions are purged at every login, so the table holds only live ones.
  await db.deleteFrom('officerSessions').where('expiresAt', '<=', clock.now()).execute();
  await db
    .insertInto('officerSessions')
    .values({ tokenHash: tokenHash(token), officerId: row.id, expiresAt: clock.now() + SESSION_MS })
    .execute();
  const { passwordHash: _omit, ...officer } = row;
  return { token, officer };
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function officerForToken(db: Db, clock: Clock, header: string | undefined): Promise<Officer> {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : null;
  if (token) {
    const row = await db
      .selectFrom('officerSessions as s')
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
        's.expiresAt',
      ])
      .where('s.tokenHash', '=', tokenHash(token))
      .executeTakeFirst();
    if (row && row.expiresAt > clock.now() && row.active === 1) {
      const { expiresAt: _omit, ...officer } = row;
      return officer;
    }
    if (row) await db.deleteFrom('officerSessions').where('tokenHash', '=', tokenHash(token)).execute();
  }
  throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
}

/** Ends the session of this bearer token (a no-op for an unknown one). */
export async function logout(db: Db, header: string | undefined): Promise<void> {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : null;
  if (token) await db.deleteFrom('officerSessions').where('tokenHash', '=', tokenHash(token)).execute();
}

/** Officers act on their own township (or any, when unscoped); cadres only award points in their village. */
export function requireRole(officer: Officer, role: 'officer' | 'cadre', townshipId?: string): void {
  const roleOk = officer.role === 'officer' || officer.role === role;
  const scopeOk = !townshipId || officer.townshipId === null || officer.townshipId === townshipId;
  if (!roleOk || !scopeOk) {
    throw tillError('FORBIDDEN', '没有权限', 'Not allowed for this account', { need: role });
  }
}
