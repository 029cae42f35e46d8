import type { Entry } from '../../src/journal';
import { blockInForce, type HeldBlock, liftedBy } from '../../src/journal/causal-blocks';
import type { Db } from './database';

type CardEntry = Entry<'card.block' | 'card.lost' | 'card.unblock' | 'card.replace'>;
type HouseholdEntry = Entry<'household.suspend' | 'household.lift'>;

/**
 * Card and suspension state from causality, not clocks (decision 0414; the card rule is
 * src/journal/causal-blocks.ts, shared with the township server). A block (or lost
 * report) stays until an unblock names it by entry id; a suspension stays until a lift
 * names it. An unblock or lift that names nothing (older versions) lifts what this device
 * holds open when it applies it. Whatever order entries arrive in on any device, the
 * same set of open blocks results, so a till whose clock runs slow can no longer report
 * a lost card "before" an earlier unblock and have it ignored. A replacement is final.
 */
export class CausalState {
  private readonly keepBlock;
  private readonly liftBlock;
  private readonly openBlocks;
  private readonly topBlock;
  private readonly cardStatus;
  private readonly upsertCard;
  private readonly keepSuspension;
  private readonly liftSuspension;
  private readonly openSuspensions;
  private readonly topSuspension;
  private readonly upsertHousehold;

  constructor(db: Db) {
    this.keepBlock = db.prepare(
      `INSERT INTO card_blocks (entry_id, uid, status, reason, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (entry_id) DO UPDATE SET uid = excluded.uid, status = excluded.status,
         reason = excluded.reason, at = excluded.at`,
    );
    this.liftBlock = db.prepare(
      `INSERT INTO card_blocks (entry_id, lifted_by) VALUES (?, ?)
       ON CONFLICT (entry_id) DO UPDATE SET lifted_by = excluded.lifted_by`,
    );
    this.openBlocks = db
      .prepare('SELECT entry_id FROM card_blocks WHERE uid = ? AND status IS NOT NULL AND lifted_by IS NULL')
      .pluck();
    this.topBlock = db.prepare(
      `SELECT entry_id AS entryId, status, reason, at FROM card_blocks
       WHERE uid = ? AND status IS NOT NULL AND lifted_by IS NULL`,
    );
    this.cardStatus = db.prepare('SELECT status FROM card_state WHERE uid = ?').pluck();
    this.upsertCard = db.prepare(
      `INSERT INTO card_state (uid, status, reason, entry_id, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (uid) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         entry_id = excluded.entry_id, at = excluded.at`,
    );
    this.keepSuspension = db.prepare(
      `INSERT INTO suspensions (entry_id, household_id, resumes_on, reason, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (entry_id) DO UPDATE SET household_id = excluded.household_id,
         resumes_on = excluded.resumes_on, reason = excluded.reason, at = excluded.at`,
    );
    this.liftSuspension = db.prepare(
      `INSERT INTO suspensions (entry_id, lifted_by) VALUES (?, ?)
       ON CONFLICT (entry_id) DO UPDATE SET lifted_by = excluded.lifted_by`,
    );
    this.openSuspensions = db
      .prepare(
        'SELECT entry_id FROM suspensions WHERE household_id = ? AND resumes_on IS NOT NULL AND lifted_by IS NULL',
      )
      .pluck();
    this.topSuspension = db.prepare(
      `SELECT entry_id, resumes_on, reason, at FROM suspensions
       WHERE household_id = ? AND resumes_on IS NOT NULL AND lifted_by IS NULL
       ORDER BY resumes_on DESC, entry_id DESC LIMIT 1`,
    );
    this.upsertHousehold = db.prepare(
      `INSERT INTO household_state (household_id, resumes_on, reason, entry_id, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (household_id) DO UPDATE SET resumes_on = excluded.resumes_on, reason = excluded.reason,
         entry_id = excluded.entry_id, at = excluded.at`,
    );
  }

  card(e: CardEntry): void {
    const uid = e.body.cardUid;
    if (e.kind === 'card.replace' || this.cardStatus.get(uid) === 'replaced') {
      if (e.kind === 'card.replace') this.upsertCard.run(uid, 'replaced', e.body.reason, e.id, e.at);
      return;
    }
    if (e.kind === 'card.block' || e.kind === 'card.lost') {
      this.keepBlock.run(e.id, uid, e.kind === 'card.lost' ? 'lost' : 'blocked', e.body.reason, e.at);
    } else {
      for (const id of liftedBy(e.body.lifts, this.openBlocks.all(uid) as string[]))
        this.liftBlock.run(id, e.id);
    }
    const top = blockInForce(this.topBlock.all(uid) as HeldBlock[]);
    if (top) this.upsertCard.run(uid, top.status, top.reason, top.entryId, top.at);
    else this.upsertCard.run(uid, 'active', e.body.reason, e.id, e.at);
  }

  household(e: HouseholdEntry): void {
    const household = e.body.householdId;
    if (e.kind === 'household.suspend') {
      this.keepSuspension.run(e.id, household, e.body.resumesOn, e.body.reason, e.at);
    } else {
      const named = e.body.lifts;
      for (const id of named ? [named] : (this.openSuspensions.all(household) as string[]))
        this.liftSuspension.run(id, e.id);
    }
    const top = this.topSuspension.get(household) as
      | { entry_id: string; resumes_on: string; reason: string; at: number }
      | undefined;
    if (top) this.upsertHousehold.run(household, top.resumes_on, top.reason, top.entry_id, top.at);
    else this.upsertHousehold.run(household, null, null, e.id, e.at);
  }
}
