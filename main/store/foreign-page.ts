import type { Statement } from 'better-sqlite3';
import type { JournalEntry } from '../../src/journal';
import { deriveLedgerRows } from '../../src/ledger';
import type { Db } from './database';
import type { Materialiser } from './materialise';
import { MultiRowInsert } from './multi-row';

/**
 * Writes one pulled page of checked foreign entries inside the caller's transaction
 * (TillStore.applyForeign / applyCheckedForeign): the foreign_entries rows and the
 * ledger rows go together at the page's end (decision 0497), and repeats are skipped, so
 * a repeated pull changes nothing.
 */
export class ForeignPageWriter {
  private readonly rows: MultiRowInsert;
  /** One statement for the three look-ups, where two statements were: each run has a fixed cost. */
  private readonly here: Statement;

  constructor(
    db: Db,
    private readonly materialiser: Materialiser,
  ) {
    this.rows = new MultiRowInsert(
      db,
      'INSERT INTO foreign_entries (device_id, seq, id, kind, at, business_date, clerk_id, body, prev_hash, hash)',
      10,
    );
    this.here = db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM foreign_entries WHERE device_id = ? AND seq = ?)
           OR EXISTS (SELECT 1 FROM foreign_entries WHERE id = ?) OR EXISTS (SELECT 1 FROM journal WHERE id = ?)`,
      )
      .pluck();
  }

  /**
   * Checked foreign entries (body null: this device's own, skipped), each stored and
   * counted unless it is here already, by id (journal or foreign) or by (device, seq):
   * also an earlier entry of the same page, whose rows are not written yet.
   */
  write(
    entries: readonly JournalEntry[],
    bodies: readonly (string | null)[],
    own: string,
  ): { applied: number; skipped: number } {
    const rows = this.rows;
    rows.clear();
    // The page's own repeats: its rows are written together at its end.
    const ids = new Set<string>();
    const seqs = new Map<string, Set<number>>();
    let applied = 0;
    this.materialiser.inPage(() => {
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        const body = bodies[i] ?? null;
        if (body === null || e.deviceId === own) continue;
        let ofDevice = seqs.get(e.deviceId);
        if (ofDevice === undefined) {
          ofDevice = new Set();
          seqs.set(e.deviceId, ofDevice);
        }
        if (ofDevice.has(e.seq) || ids.has(e.id)) continue;
        if (this.here.get(e.deviceId, e.seq, e.id, e.id)) continue;
        ids.add(e.id);
        ofDevice.add(e.seq);
        // By position, no spread copy per entry (decision 0495).
        rows.value(e.deviceId);
        rows.value(e.seq);
        rows.value(e.id);
        rows.value(e.kind);
        rows.value(e.at);
        rows.value(e.businessDate);
        rows.value(e.clerkId);
        rows.value(body);
        rows.value(e.prevHash);
        rows.value(e.hash);
        this.materialiser.apply(e, deriveLedgerRows(e));
        applied++;
      }
      rows.flush();
    });
    return { applied, skipped: entries.length - applied };
  }
}
