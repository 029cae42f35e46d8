import type { Statement } from 'better-sqlite3';
import type { JournalEntry } from '../../src/journal';
import type { Db } from './database';

/**
 * Master rows a journal entry changes on the till: a PIN set (clerk.pin, which also lifts
 * the clerk's PIN lockout, so a township reset is an unlock) and a card issued by tapping
 * it (card.issue), from this till or pulled from another device.
 * The township's master data carries the same result once the server has the entry.
 */
export class PeopleState {
  private readonly setPin: Statement;
  private readonly clearLockouts: Statement;
  private readonly issueCard: Statement;
  private readonly retireCard: Statement;

  constructor(db: Db) {
    this.setPin = db.prepare('UPDATE clerks SET pin_hash = ?, must_change_pin = ? WHERE id = ?');
    this.clearLockouts = db.prepare('DELETE FROM pin_lockouts WHERE clerk_id = ?');
    this.issueCard = db.prepare(
      `INSERT INTO cards (uid, member_id, household_id, status) VALUES (?, ?, ?, 'active')
       ON CONFLICT (uid) DO UPDATE SET member_id = excluded.member_id, household_id = excluded.household_id, status = 'active'`,
    );
    this.retireCard = db.prepare("UPDATE cards SET status = 'replaced' WHERE uid = ?");
  }

  apply(e: JournalEntry): void {
    if (e.kind === 'clerk.pin') {
      this.setPin.run(e.body.pinHash, e.body.mustChangePin ? 1 : 0, e.body.clerkId);
      // A new PIN, also one the township reset, lifts the wrong PINs counted for the old one.
      this.clearLockouts.run(e.body.clerkId);
    } else if (e.kind === 'card.issue') {
      this.issueCard.run(e.body.cardUid, e.body.memberId, e.body.householdId);
      if (e.body.replaces) this.retireCard.run(e.body.replaces);
    }
  }
}
