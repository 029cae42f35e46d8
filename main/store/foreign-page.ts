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
  /**
   * A device's seqs stored between its lowest and highest seq in the page: one range scan
   * of the primary key a device and page, where each entry had a statement of its own
   * (decision 0476). The server sends a device's entries in the order of their seqs, so the
   * range is about as long as the page's run of that device.
   */
  private readonly storedSeqs: Statement;
  /**
   * Which of the page's ids (one JSON array, bound twice) are stored, foreign or in this
   * till's journal: json_each drives the join, one probe of each table's UNIQUE(id) index
   * an id, without the temporary b-tree that `id IN (SELECT value FROM json_each(?))`
   * fills with the page's ids first.
   */
  private readonly storedIds: Statement;

  constructor(
    db: Db,
    private readonly materialiser: Materialiser,
  ) {
    this.rows = new MultiRowInsert(
      db,
      'INSERT INTO foreign_entries (device_id, seq, id, kind, at, business_date, clerk_id, body, prev_hash, hash)',
      10,
    );
    this.storedSeqs = db
      .prepare('SELECT seq FROM foreign_entries WHERE device_id = ? AND seq BETWEEN ? AND ?')
      .pluck();
    this.storedIds = db
      .prepare(
        `SELECT f.id FROM json_each(?) AS j CROSS JOIN foreign_entries AS f ON f.id = j.value
         UNION ALL SELECT o.id FROM json_each(?) AS j CROSS JOIN journal AS o ON o.id = j.value`,
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
    const foreign = (i: number) => bodies[i] != null && entries[i]!.deviceId !== own;
    // Each device's lowest and highest seq in the page.
    const ranges = new Map<string, { low: number; high: number }>();
    for (let i = 0; i < entries.length; i++) {
      if (!foreign(i)) continue;
      const e = entries[i]!;
      const range = ranges.get(e.deviceId);
      if (range === undefined) ranges.set(e.deviceId, { low: e.seq, high: e.seq });
      else if (e.seq < range.low) range.low = e.seq;
      else if (e.seq > range.high) range.high = e.seq;
    }
    // What is here: stored before the page, and then what the page writes, whose rows
    // are written together at its end.
    const seqs = new Map<string, Set<number>>();
    for (const [device, { low, high }] of ranges) {
      seqs.set(device, new Set(this.storedSeqs.all(device, low, high) as number[]));
    }
    // The ids of the entries not already here by (device, seq).
    const unseen: string[] = [];
    for (let i = 0; i < entries.length; i++) {
      if (foreign(i) && !seqs.get(entries[i]!.deviceId)!.has(entries[i]!.seq)) unseen.push(entries[i]!.id);
    }
    const json = unseen.length > 0 ? JSON.stringify(unseen) : null;
    const ids = new Set<string>(json === null ? [] : (this.storedIds.all(json, json) as string[]));
    let applied = 0;
    this.materialiser.inPage(() => {
      for (let i = 0; i < entries.length; i++) {
        if (!foreign(i)) continue;
        const e = entries[i]!;
        const ofDevice = seqs.get(e.deviceId)!;
        if (ofDevice.has(e.seq) || ids.has(e.id)) continue;
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
        rows.value(bodies[i]!);
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
