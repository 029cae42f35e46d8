import { z } from 'zod';
import type { Clock } from '../../src/clock';
import { DEFAULT_TIME_ZONE } from '../../src/clock';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import { writeAudit } from '../console-api/audit';
import type { Db } from '../db/connect';
import { ensureTownship } from '../master/master-data';
import { bumpMasterVersion } from '../master/version';
import { createOfficer } from '../officers/auth';
import { hasOfficer, type SetupGate } from './setup-gate';

export const FirstOfficerSchema = z.object({
  token: z.string().min(1).max(200),
  townshipName: z.string().trim().min(1).max(120),
  name: z.string().trim().min(1).max(60),
  username: z.string().trim().min(2).max(60),
  // Length is checked by createOfficer, with a message people can read.
  password: z.string().min(1).max(200),
});
export type FirstOfficerInput = z.infer<typeof FirstOfficerSchema>;

export const alreadySetUp = () =>
  tillError(
    'FORBIDDEN',
    '本服务器已经设置过，第一个乡镇干部账号已存在。请用该账号登录；忘记密码请找已有的干部重设。',
    'This server is already set up: the first officer account exists. Sign in with it; for a lost password ask an existing officer to reset it.',
    { reason: 'already-set-up' },
  );

const badToken = () =>
  tillError(
    'FORBIDDEN',
    '设置地址无效：请用服务器这次启动时打印的地址',
    'This setup address is not valid: use the one the server printed at this start',
    { reason: 'bad-setup-token' },
  );

/**
 * Makes the township and its first officer (scoped to it). The gate closes before the
 * first write, so two browsers racing with the printed address cannot both succeed.
 */
export async function createFirstOfficer(
  db: Db,
  clock: Clock,
  gate: SetupGate,
  input: FirstOfficerInput,
): Promise<{ officerId: string; townshipId: string }> {
  if (await hasOfficer(db)) throw alreadySetUp();
  if (!gate.matches(input.token)) throw badToken();
  const token = input.token;
  gate.close();
  try {
    const townshipId = newId(clock);
    await ensureTownship(db, { id: townshipId, name: input.townshipName, timeZone: DEFAULT_TIME_ZONE });
    await bumpMasterVersion(db, townshipId);
    const officerId = await createOfficer(db, clock, {
      username: input.username,
      name: input.name,
      password: input.password,
      role: 'officer',
      townshipId,
      villageId: null,
    });
    await writeAudit(
      db,
      clock,
      { id: officerId, name: input.name, townshipId },
      {
        action: 'setup.first-officer',
        target: `township:${townshipId}`,
        details: { townshipName: input.townshipName, username: input.username },
      },
    );
    return { officerId, townshipId };
  } catch (e) {
    gate.reopen(token);
    throw e;
  }
}
