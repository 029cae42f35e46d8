import type { JournalEntry } from '../../src/journal';
import { isSelfApproved } from '../../src/points/approval';
import type { Db } from './database';
import { MultiRowInsert } from './multi-row';

/** An award approved as it is written (no proposal before it): one statement, or a page's rows. */
const DIRECT_AWARD = `INSERT OR IGNORE INTO awards (id, household_id, member_id, rule_id, rule_name, amount, reason,
  proposed_by, reverses, status, decided_by, posted_entry_id, at, business_date, decided_at)`;

/**
 * Where each award stands (proposed, approved, rejected, reversed), the rule catalog and
 * its versions, black-listings and honours: state derived from journal entries (own and
 * foreign) inside the transaction that stores them. Balances still come only from
 * points_entries, which holds approved entries alone.
 */
export class PointsState {
  private readonly s;
  /** Direct awards of a pull page, written together (decision 0497); null outside a page. */
  private page: MultiRowInsert | null = null;
  private readonly directRows: MultiRowInsert;

  constructor(db: Db) {
    this.directRows = new MultiRowInsert(db, DIRECT_AWARD, 15);
    this.s = {
      propose: db.prepare(
        `INSERT OR IGNORE INTO awards (id, household_id, member_id, rule_id, rule_name, amount, reason,
           proposed_by, batch_id, reverses, status, at, business_date)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      ),
      approve: db.prepare(
        `UPDATE awards SET status = 'approved', decided_by = ?, posted_entry_id = ?, decided_at = ?
         WHERE id = ? AND status = 'pending'`,
      ),
      direct: db.prepare(`${DIRECT_AWARD} VALUES (${new Array(15).fill('?').join(', ')})`),
      reversed: db.prepare('UPDATE awards SET reversed_by = ? WHERE posted_entry_id = ?'),
      reject: db.prepare(
        `UPDATE awards SET status = 'rejected', decided_by = ?, decision_reason = ?, decided_at = ?
         WHERE id = ? AND status = 'pending'`,
      ),
      rule: db.prepare(
        `INSERT INTO rules (id, category, name, points, person_type, needs_approval, active, limit_kind, year_cap)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET category = excluded.category, name = excluded.name,
           points = excluded.points, person_type = excluded.person_type,
           needs_approval = excluded.needs_approval, active = excluded.active,
           limit_kind = excluded.limit_kind, year_cap = excluded.year_cap`,
      ),
      ruleVersion: db.prepare(
        'INSERT OR IGNORE INTO rule_versions (entry_id, rule_id, at, clerk_id, body) VALUES (?, ?, ?, ?, ?)',
      ),
      suspend: db.prepare(
        `INSERT OR IGNORE INTO black_listings (entry_id, household_id, resumes_on, reason, at, business_date)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      lift: db.prepare('UPDATE black_listings SET lifted_by = ?, lifted_on = ? WHERE entry_id = ?'),
      honour: db.prepare(
        `INSERT OR IGNORE INTO honours (entry_id, household_id, title, reason, at, business_date)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** From here to endPage, a direct award's row waits for the next other award statement or the page's end. */
  beginPage(): void {
    this.directRows.clear();
    this.page = this.directRows;
  }

  endPage(): void {
    this.page = null;
    this.directRows.flush();
  }

  /** The page failed: what it gathered goes with its transaction. */
  dropPage(): void {
    this.page = null;
    this.directRows.clear();
  }

  apply(e: JournalEntry): void {
    const s = this.s;
    const page = this.page;
    if (page?.pending && !isDirectAward(e)) page.flush();
    switch (e.kind) {
      case 'points.propose': {
        const b = e.body;
        s.propose.run(
          e.id,
          b.householdId,
          b.memberId,
          b.ruleId,
          b.ruleName,
          b.amount,
          b.reason,
          b.proposedBy,
          b.batchId,
          b.reverses,
          e.at,
          e.businessDate,
        );
        break;
      }
      case 'points.award':
      case 'points.deduct':
      case 'points.reverse': {
        const b = e.body;
        if (isSelfApproved(b)) break;
        const settled =
          b.proposalId != null && s.approve.run(b.approvedBy, e.id, e.at, b.proposalId).changes > 0;
        if (!settled) {
          // The awards columns of DIRECT_AWARD, in order: a page gathers them, else one insert.
          const row = [
            e.id,
            b.householdId,
            b.memberId,
            b.ruleId,
            b.ruleName ?? null,
            b.amount,
            b.reason,
            b.proposedBy,
            b.reverses,
            'approved',
            b.approvedBy,
            e.id,
            e.at,
            e.businessDate,
            e.at,
          ];
          if (page && !b.reverses) for (const v of row) page.value(v);
          else s.direct.run(row);
        }
        if (b.reverses) s.reversed.run(e.id, b.reverses);
        break;
      }
      case 'points.reject':
        s.reject.run(e.body.rejectedBy, e.body.reason, e.at, e.body.proposalId);
        break;
      case 'rule.define': {
        const b = e.body;
        s.rule.run(
          b.ruleId,
          b.category,
          b.name,
          b.points,
          b.personType,
          b.needsApproval ? 1 : 0,
          b.active ? 1 : 0,
          b.limit,
          b.yearCap,
        );
        s.ruleVersion.run(e.id, b.ruleId, e.at, e.clerkId, JSON.stringify(b));
        break;
      }
      case 'household.suspend':
        s.suspend.run(e.id, e.body.householdId, e.body.resumesOn, e.body.reason, e.at, e.businessDate);
        break;
      case 'household.lift':
        if (e.body.lifts) s.lift.run(e.id, e.businessDate, e.body.lifts);
        break;
      case 'household.honour':
        s.honour.run(e.id, e.body.householdId, e.body.title, e.body.reason, e.at, e.businessDate);
        break;
      default:
        break;
    }
  }
}

/** An award, deduction or reversal posted without a proposal: its row is one INSERT and nothing else. */
function isDirectAward(e: JournalEntry): boolean {
  return (
    (e.kind === 'points.award' || e.kind === 'points.deduct' || e.kind === 'points.reverse') &&
    e.body.proposalId == null &&
    !e.body.reverses &&
    !isSelfApproved(e.body)
  );
}
