import type { KeyObject } from 'node:crypto';
import type { Db } from '../db/connect';
import { newKeyPair, privateKeyFrom } from './keys';

export interface ServerKey {
  publicKey: string;
  privateKey: KeyObject;
}

/** The server's Ed25519 key, made on first start; tills learn the public half at enrolment. */
export async function loadServerKey(db: Db): Promise<ServerKey> {
  const existing = await db
    .selectFrom('serverState')
    .select('value')
    .where('key', '=', 'server.key')
    .executeTakeFirst();
  if (existing) {
    const k = JSON.parse(existing.value) as { publicKey: string; privateKey: string };
    return { publicKey: k.publicKey, privateKey: privateKeyFrom(k.privateKey) };
  }
  const pair = newKeyPair();
  await db
    .insertInto('serverState')
    .values({ key: 'server.key', value: JSON.stringify(pair) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return loadServerKey(db);
}
