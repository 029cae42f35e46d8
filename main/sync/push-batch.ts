import type { TillStore } from '../store';

/** One entry of a push, as the JSON text that goes on the wire. */
export interface PushEntryText {
  seq: number;
  hash: string;
  json: string;
}

/** Reads the entries after a seq, at most `limit`, in seq order. */
export type PushRead = (after: number, limit: number) => PushEntryText[];

/**
 * An entry as JSON text written by SQLite, in the field order of JournalEntry. The
 * stored body is passed through `json()`, which refuses a body that is not JSON and
 * emits it as one value: a stored text can never add or override a field of the entry.
 * Parsing each body into objects and writing it out again was a fifth of the till's
 * push CPU (issue 14, decision 0490); the server parses and checks the entry as before.
 */
const ENTRY_JSON = `json_object('id', id, 'deviceId', ?, 'seq', seq, 'at', at, 'businessDate', business_date,
  'clerkId', clerk_id, 'kind', kind, 'body', json(body), 'prevHash', prev_hash, 'hash', hash)`;

function reader(
  store: TillStore,
  sql: string,
  params: (after: number, limit: number) => unknown[],
): PushRead {
  return (after, limit) =>
    (
      store
        .sql(sql)
        .raw()
        .all(...params(after, limit)) as [number, string, string][]
    ).map(([seq, hash, json]) => ({ seq, hash, json }));
}

/** This till's own journal. */
export function journalReader(store: TillStore): PushRead {
  return reader(
    store,
    `SELECT seq, hash, ${ENTRY_JSON} FROM journal WHERE seq > ? ORDER BY seq LIMIT ?`,
    (after, limit) => [store.deviceId, after, limit],
  );
}

/** A previous epoch's entries, kept as foreign entries after a restore. */
export function foreignReader(store: TillStore, deviceId: string): PushRead {
  return reader(
    store,
    `SELECT seq, hash, ${ENTRY_JSON} FROM foreign_entries WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    (after, limit) => [deviceId, deviceId, after, limit],
  );
}

/** The push request's JSON text: `{"entries":[…],"head":n}`, as JSON.stringify wrote it before. */
export function pushRequestText(batch: readonly PushEntryText[], head: number | undefined): string {
  let text = '{"entries":[';
  for (let i = 0; i < batch.length; i++) text += i === 0 ? batch[i]!.json : `,${batch[i]!.json}`;
  return head === undefined ? `${text}]}` : `${text}],"head":${head}}`;
}
