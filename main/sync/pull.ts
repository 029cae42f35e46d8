import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { fromSerialized } from '../../src/errors';
import { type PullResponse, PullResponseSchema } from '../../src/sync/messages';
import type { TillStatus } from '../../src/sync/till-status';
import type { TillStore } from '../store';
import { applyPull } from './apply-pull';
import { type PageCheck, PageChecker } from './check-worker';
import type { Identity, SyncConnection } from './connection';
import type { SyncSettings } from './settings';

/**
 * A pull page whose entries are validated each against JournalEntrySchema by checkForeign,
 * on the worker thread or in applyForeign (any fault refuses the page): parsing them here
 * as well was a second zod pass over every pulled entry (issue 14).
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

const noop = () => undefined;

/** Pages asked for beyond the one being applied. */
const AHEAD = 2;

/**
 * Entries applied in one held till transaction at most (decision 0471): five full pages.
 * A commit rewrites nearly every leaf page of the household-keyed indexes whatever the
 * number of entries, so fewer commits write fewer frames per entry.
 */
export const HELD_ENTRIES = 10_000;
/** How long held pages wait for the next one; past it (a slow link), they are committed. */
export const HELD_WAIT_MS = 400;

/** A page read, signature-checked and parsed, with its entries' check under way. */
interface Received {
  from: PullFrom;
  /** What applying it stores: where the page after it is asked from. */
  after: PullFrom;
  page: PullResponse;
  /** The worker's check of its entries; null: applyForeign checks them in-thread. */
  check: Promise<PageCheck | null> | null;
}

/**
 * Pages until the server has no more. While the till applies page n, the server already
 * builds the pages after it (decision 0495) and a worker thread checks page n+1's entries
 * (decision 0496): each page's request names the cursor and master version that the
 * pages before it are about to store, and is on the wire before an apply starts. The
 * stored cursor still moves only with its page's rows; an early answer is used only if
 * the applies stored exactly what it asked from, and is dropped otherwise (asked again
 * from the stored cursor). Every answer's signature is checked as it is read and every
 * entry's schema and hash before its page is applied; a page the worker refuses is
 * refused with the error applyForeign would throw, and nothing of it is stored.
 *
 * Pages that are ready one after another share one till transaction (decision 0471):
 * each page is a savepoint with its cursor, and what is held is committed once
 * HELD_ENTRIES are in it, when the pull ends or fails, when the next page takes longer
 * than HELD_WAIT_MS, or at once when anything else writes to the store (HeldTransaction).
 * While the counter is in use each page commits on its own, and a tap or a clerk's call
 * commits what is held at once (HeldTransaction.hold, noteCounterUse), so a sale in a
 * queue waits at most for the one page being applied, as before. Held pages that were not
 * stored after all (a failed commit, or SQLite rolling the transaction back by itself) end
 * the pull with the hold's error saying so (decision 0457); it never returns as if stored.
 */
export async function pullPages(c: PullContext): Promise<void> {
  const { store, settings, conn } = c;
  let checker: PageChecker | null = null;
  let generation = 0;
  let queue: Promise<Received>[] = [];
  /** The newest page read whose next page is not asked for yet. */
  let frontier: Received | null = null;
  /** The newest request, settled once its bytes are handed to the OS (or it failed). */
  let onWire: Promise<void> = Promise.resolve();

  const ask = (from: PullFrom): Promise<Received> => {
    const gen = generation;
    let sent = () => {};
    const wire = new Promise<void>((resolve) => {
      sent = resolve;
    });
    const answer = conn.sendSignedWithText<PullResponse>(
      conn.prepareSigned(c.identity, '/sync/pull', {
        ...from,
        limit: c.pullPage,
        head: store.lastSeq(),
        status: c.tillStatus?.(),
      }),
      sent,
    );
    const received = answer.then(({ value, text }): Received => {
      const page = PullPageSchema.parse(value) as unknown as PullResponse;
      const after: PullFrom = {
        cursor: Math.max(from.cursor, page.cursor),
        masterVersion: page.master ? page.masterVersion : from.masterVersion,
        masterCursor: page.masterCursor ?? null,
      };
      const current = gen === generation;
      // The first page is checked in-thread while the worker starts, for a pull of more than
      // one page on a till of more than one core (on one core a worker would only add work).
      const check = current && checker ? checker.check(text, store.deviceId) : null;
      if (current && page.more && availableParallelism() > 1) checker ??= new PageChecker();
      const r = { from, after, page, check };
      if (current && page.more) {
        frontier = r;
        askAhead();
      }
      return r;
    });
    // Handled here too, so an answer dropped after a failed apply is never unhandled.
    const settled = received.then(noop, noop);
    onWire = Promise.race([wire, settled]);
    return received;
  };
  const askAhead = () => {
    if (frontier && queue.length < AHEAD) {
      const from = frontier.after;
      frontier = null;
      queue.push(ask(from));
    }
  };
  const stored = (): PullFrom => ({
    cursor: settings.cursor,
    masterVersion: settings.masterVersion,
    // A master catch-up comes in pages; the version moves only with the last (decision 0701).
    masterCursor: null,
  });

  let heldEntries = 0;
  let timer: NodeJS.Timeout | null = null;
  let timerFailed: unknown = null;
  const commit = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    heldEntries = 0;
    store.commitHeld();
  };

  try {
    queue.push(ask(stored()));
    for (;;) {
      if (store.holdsOpen) {
        // A turn for the counter between pages: a sale that comes now commits the held pages
        // first and runs in its own transaction. A full hold is committed in a turn of its own.
        await new Promise((resolve) => setImmediate(resolve));
        if (heldEntries >= HELD_ENTRIES) commit();
        else
          timer ??= setTimeout(() => {
            timer = null;
            try {
              commit();
            } catch (e) {
              timerFailed = e;
            }
          }, HELD_WAIT_MS);
      }
      const r = await queue.shift()!;
      askAhead();
      // The next page is read before this one is applied, so the worker checks it meanwhile;
      // if it is lost, this page is still applied, and the loss then ends the pull.
      if (queue[0]) await queue[0].then(noop, noop);
      const check = r.check ? await r.check : null;
      await onWire;
      if (timerFailed) throw timerFailed;
      if (check && 'refused' in check) throw fromSerialized(check.refused);
      if (timer) clearTimeout(timer);
      timer = null;
      const before = stored();
      if (before.cursor !== r.from.cursor || before.masterVersion !== r.from.masterVersion) {
        // The stored state is not what this page was asked from (held pages went back): never
        // apply it; ask again from what is stored. A loss of held pages the hold reports itself.
        generation++;
        frontier = null;
        queue = [ask(before)];
        continue;
      }
      // Committed meanwhile by another use of the store (a sale): a new hold starts.
      if (!store.holdsOpen) heldEntries = 0;
      store.holdOpen(() =>
        applyPull(
          store,
          settings,
          r.page,
          check && 'bodies' in check && check.exact ? check.bodies : undefined,
        ),
      );
      heldEntries += r.page.entries.length;
      if (!r.page.more) {
        commit();
        return;
      }
      const now = stored();
      if (now.cursor !== r.after.cursor || now.masterVersion !== r.after.masterVersion) {
        generation++;
        frontier = null;
        queue = [ask({ ...now, masterCursor: r.after.masterCursor })];
      }
    }
  } catch (e) {
    // The pages applied before the failure are whole, each with its cursor: they stay, unless
    // SQLite rolled them back with it; then e is the hold's error saying they were not stored.
    try {
      commit();
    } catch {
      // Rolled back with their cursor; the next pull asks for them again.
    }
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    await (checker as PageChecker | null)?.close();
  }
}
