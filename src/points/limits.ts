import { tillError } from '../errors';
import { formatPoints } from '../money/points';

export type RuleLimit = 'none' | 'event' | 'month' | 'year';

/** What the till already knows for one rule and one person (pending and approved, not reversed). */
export interface LimitFacts {
  /** Entries of this rule for this person in the same batch (event). */
  inBatch: number;
  /** Entries of this rule for this person in the same month. */
  inMonth: number;
  /** Sum of this rule's points for this person in the same calendar year, hundredths. */
  yearTotal: number;
}

export interface LimitedRule {
  name: string;
  limit: RuleLimit;
  yearCap: number | null;
}

/** Refuses an entry that would break the rule's limit; the message says what was already given. */
export function requireWithinLimit(rule: LimitedRule, amount: number, facts: LimitFacts, who: string): void {
  if (rule.limit === 'event' && facts.inBatch > 0) {
    throw limit(
      `${who}在本次活动已获“${rule.name}”，每次活动限一次`,
      `${who} already has "${rule.name}" for this event (once per event)`,
      rule,
    );
  }
  if (rule.limit === 'month' && facts.inMonth > 0) {
    throw limit(
      `${who}本月已获“${rule.name}”，每月限一次`,
      `${who} already has "${rule.name}" this month (once per month)`,
      rule,
    );
  }
  if (rule.limit === 'year' && rule.yearCap !== null && Math.abs(facts.yearTotal + amount) > rule.yearCap) {
    const cap = formatPoints(rule.yearCap);
    const had = formatPoints(Math.abs(facts.yearTotal));
    throw limit(
      `“${rule.name}”每年最多 ${cap} 分，${who}今年已有 ${had} 分`,
      `"${rule.name}" is capped at ${cap} a year; ${who} already has ${had} this year`,
      rule,
    );
  }
}

function limit(zh: string, en: string, rule: LimitedRule) {
  return tillError('POINTS_LIMIT', zh, en, { limit: rule.limit, yearCap: rule.yearCap });
}
