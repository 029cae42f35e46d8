import type { UncountedVerdict } from '../../src/sync/messages';
import type { Db } from './database';

/**
 * Applies the township's "not counted" verdicts (decision 0720) inside the caller's
 * transaction: each is kept once, and the first time it is kept the entry's points come
 * out of its household's balance. The entry and its points row stay as hashed; a repeated
 * verdict changes nothing. Entries arrive before their verdicts: a pull page carries an
 * entry and the verdict on it together, and the till's own entries are in its journal.
 */
export function applyUncounted(db: Db, verdicts: readonly UncountedVerdict[], now: number): number {
  if (verdicts.length === 0) return 0;
  const keep = db.prepare(
    'INSERT INTO uncounted_entries (entry_id, reason, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const takeOut = db.prepare(
    `UPDATE balances SET balance = balance - (SELECT amount FROM points_entries WHERE id = @id)
     WHERE household_id = (SELECT household_id FROM points_entries WHERE id = @id)`,
  );
  let kept = 0;
  for (const v of verdicts) {
    if (keep.run(v.entryId, v.reason, now).changes === 0) continue;
    takeOut.run({ id: v.entryId });
    kept++;
  }
  return kept;
}

/**
 * Points the township does not count, by household (verify takes them out of the recomputed
 * sums). `till verify` opens a file read-only and never migrates it: one from before
 * migration 10 has no verdicts.
 */
export function uncountedByHousehold(db: Db): Map<string, number> {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'uncounted_entries'");
  if (!table.get()) return new Map();
  return new Map(
    db
      .prepare(
        // CROSS JOIN keeps the verdicts as the outer loop: with a plain JOIN SQLite walks
        // every points row by household to spare the GROUP BY's sort (9 s at 1M entries).
        `SELECT p.household_id, sum(p.amount) FROM uncounted_entries u
         CROSS JOIN points_entries p ON p.id = u.entry_id GROUP BY p.household_id`,
      )
      .raw()
      .all() as [string, number][],
  );
}
