import type { JournalEntry } from '../../src/journal';
import type { PullResponse } from '../../src/sync/messages';
import { applyMasterData, type TillStore } from '../store';
import { applyUncounted } from '../store/township-verdicts';
import type { SyncSettings } from './settings';

/**
 * Applies one (already signature-checked) pull page whole or not at all: master data,
 * foreign entries, then the cursor, in one transaction, or one savepoint of the
 * transaction the pull holds across several pages (decision 0471). A till killed mid-sync
 * therefore has either the whole page and the new cursor or neither; a repeated page is
 * skipped by id.
 * `checked`: the entries' canonical body texts, from checkForeign run on a worker thread
 * over this very page (decision 0496); without them the entries are checked here.
 */
export function applyPull(
  store: TillStore,
  settings: SyncSettings,
  page: PullResponse,
  checked?: readonly (string | null)[],
): { applied: number } {
  return store.transaction(() => {
    if (page.master) {
      applyMasterData(store.db, page.master);
      settings.masterVersion = page.masterVersion;
    }
    const entries = page.entries as JournalEntry[];
    const { applied } = checked ? store.applyCheckedForeign(entries, checked) : store.applyForeign(entries);
    // After the page's entries: a verdict may name one of them (decision 0720).
    applyUncounted(store.db, page.uncounted ?? [], store.now());
    settings.cursor = Math.max(settings.cursor, page.cursor);
    settings.overdrafts = page.overdrafts;
    settings.lockedPeriods = page.lockedPeriods;
    return { applied };
  });
}
