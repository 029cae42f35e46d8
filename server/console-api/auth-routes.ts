import { z } from 'zod';
import { tillError } from '../../src/errors';
import { hashPassword, verifyPassword } from '../crypto/passwords';
import { LoginLimiter } from '../officers/login-limiter';
import { parseWith } from '../routes/errors';
import { writeAudit } from './audit';
import { clearedCookie, sessionCookie } from './cookies';
import type { ConsoleRouteModule } from './deps';
import { sessionOf, visibleTownships } from './guard';
import { endSession, startSession } from './sessions';

const SignIn = z.object({ username: z.string().trim().min(1).max(60), password: z.string().min(1).max(200) });

let dummyHash: Promise<string> | null = null;

/** Sign-in, who am I (with the CSRF token), sign-out. */
export const authRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;
  const limiter = new LoginLimiter();

  api.post('/sign-in', { config: { consolePublic: true } }, async (req, reply) => {
    const b = parseWith(SignIn, req.body, false);
    const wait = limiter.retryAfterMs(b.username, req.ip, clock.now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw tillError(
        'CLERK_LOCKED',
        `登录失败次数太多，请 ${seconds} 秒后再试`,
        `Too many failed sign-ins; try again in ${seconds} s`,
        { retryAfterMs: wait },
      );
    }
    const row = await db
      .selectFrom('officers')
      .selectAll()
      .where('username', '=', b.username)
      .executeTakeFirst();
    // Same work and the same answer for an unknown name, so names cannot be probed.
    dummyHash ??= hashPassword('not-a-password');
    const ok = await verifyPassword(b.password, row?.passwordHash ?? (await dummyHash));
    if (!row || !ok || row.active !== 1) {
      limiter.fail(b.username, req.ip, clock.now());
      throw tillError('WRONG_PIN', '用户名或密码不对', 'Wrong user name or password');
    }
    limiter.succeed(b.username, req.ip);
    const { token, csrf } = await startSession(db, clock, row.id, deps.times);
    await writeAudit(
      db,
      clock,
      { id: row.id, name: row.name, townshipId: row.townshipId },
      {
        action: 'session.sign-in',
        target: `officer:${row.id}`,
        details: { username: row.username },
      },
    );
    void reply.header('set-cookie', sessionCookie(token, Math.floor(deps.times.maxMs / 1000), deps.secure));
    return { csrf };
  });

  api.get('/session', async (req) => {
    const s = sessionOf(req);
    const { id, username, name, role, townshipId, villageId } = s.officer;
    return {
      officer: { id, username, name, role, townshipId, villageId },
      csrf: s.csrf,
      expiresAt: s.expiresAt,
      townships: await visibleTownships(db, s),
    };
  });

  api.post('/sign-out', async (req, reply) => {
    const s = sessionOf(req);
    await endSession(db, s.tokenHash);
    await writeAudit(
      db,
      clock,
      { id: s.officer.id, name: s.officer.name, townshipId: s.officer.townshipId },
      {
        action: 'session.sign-out',
        target: `officer:${s.officer.id}`,
        details: {},
      },
    );
    void reply.header('set-cookie', clearedCookie(deps.secure));
    return { ok: true };
  });
};
