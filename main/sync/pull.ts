import { z } from 'zod';
import { type PullResponse, PullResponseSchema } from '../../src/sync/messages';
import type { TillStatus } from '../../src/sync/till-status';
import type { TillStore } from '../store';
import { applyPull } from './apply-pull';
import type { Identity, SyncConnection } from './connection';
import type { SyncSettings } from './settings';

/**
 * A pull page whose entries TillStore.applyForeign validates, each against
 * JournalEntrySchema inside the page's one transaction (any fault refuses the page):
 * parsing them here as well was a second zod pass over every pulled entry (issue 14).
 */
const PullPageSchema = PullResponseSchema.extend({ entries: z.array(z.unknown()) });

/** Where a pull request asks from. */
interface PullFrom {
  cursor: number;
  masterVersion: number;
  masterCursor: string | null;
}

/** What one pull needs from its SyncClient. */
export interface PullContext {
  store: TillStore;
  settings: SyncSettings;
  conn: SyncConnection;
  identity: Identity;
  /** Entries per page asked for; undefined: as many as the server gives. */
  pullPage: number | undefined;
  tillStatus: (() => TillStatus) | undefined;
}

/**
 * Pages until the server has no more. While the till applies page n the server already
 * builds page n+1 (decision 0495): its request names the cursor and master version that
 * page n's transaction is about to store, and is on the wire before that apply starts.
 * The stored cursor still moves only inside each page's one transaction; an early answer
 * is used only if the apply stored exactly what it asked from, and is dropped otherwise
 * (the next sync asks again from the stored cursor).
 */
export async function pullPages(c: PullContext): Promise<void> {
  const { store, settings, conn } = c;
  const ask = (from: PullFrom) => {
    let sent = () => {};
    const onWire = new Promise<void>((resolve) => {
      sent = resolve;
    });
    const answer = conn.sendSigned<PullResponse>(
      conn.prepareSigned(c.identity, '/sync/pull', {
        ...from,
        limit: c.pullPage,
        head: store.lastSeq(),
        status: c.tillStatus?.(),
      }),
      sent,
    );
    // Settled here too, so an early answer dropped after a failed apply is never unhandled.
    const settled = answer.then(
      () => undefined,
      () => undefined,
    );
    return { from, answer, ready: Promise.race([onWire, settled]) };
  };
  const stored = (): PullFrom => ({
    cursor: settings.cursor,
    masterVersion: settings.masterVersion,
    // A master catch-up comes in pages; the version moves only with the last (decision 0701).
    masterCursor: null,
  });
  let next = ask(stored());
  for (;;) {
    const page = PullPageSchema.parse(await next.answer) as unknown as PullResponse;
    const after: PullFrom = {
      cursor: Math.max(settings.cursor, page.cursor),
      masterVersion: page.master ? page.masterVersion : settings.masterVersion,
      masterCursor: page.masterCursor ?? null,
    };
    const ahead = page.more ? ask(after) : null;
    if (ahead) await ahead.ready;
    applyPull(store, settings, page);
    if (!ahead) return;
    const now = stored();
    next =
      now.cursor === after.cursor && now.masterVersion === after.masterVersion
        ? ahead
        : ask({ ...now, masterCursor: after.masterCursor });
  }
}
