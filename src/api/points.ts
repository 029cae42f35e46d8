import { z } from 'zod';
import type { EntryBody } from '../journal';
import type { AwardStatus, Notice, RuleLimit } from '../points';

/**
 * Till API calls for earning points (issue 13): the rule catalog, awards and deductions
 * with two-person approval, batches by card taps, the red and black lists, the monthly
 * notice and household statements. Merged into apiSchemas / ApiResults in contract.ts.
 */

const id = z.uuid();
const pin = z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits');
const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** Points as typed ("12.5"): parsed by parsePoints, which refuses a third decimal with a clear message. */
const pointsText = z.string().trim().min(1).max(14);
const cardUid = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[^0-9A-F]/g, ''))
  .pipe(z.string().regex(/^[0-9A-F]{8,20}$/, 'card UID must be 4–10 bytes of hex'));
/** A second person who gives their PIN at the till to approve at once. */
const approver = { approverId: id, approverPin: pin };
const optionalApprover = {
  approverId: id.nullable().default(null),
  approverPin: pin.nullable().default(null),
};
const target = { householdId: id, memberId: id.nullable().default(null) };

export const pointsSchemas = {
  'points.rules': z.object({ includeInactive: z.boolean().default(false) }),
  'points.ruleHistory': z.object({ ruleId: id }),
  'points.defineRule': z.object({
    ruleId: id.nullable().default(null),
    category: text(60),
    name: text(120),
    points: pointsText,
    personType: text(40),
    limit: z.enum(['none', 'event', 'month', 'year']),
    yearCap: pointsText.nullable().default(null),
    needsApproval: z.boolean(),
    active: z.boolean().default(true),
  }),
  'points.findHouseholds': z.object({ query: z.string().trim().min(1).max(40) }),
  'points.propose': z.object({
    ...target,
    ruleId: id.nullable(),
    /** Only without a rule. */
    amount: pointsText.nullable().default(null),
    reason: text(200),
    ...optionalApprover,
  }),
  'points.batchLine': z.object({
    ruleId: id,
    uid: cardUid.nullable().default(null),
    houseNumber: z.string().trim().min(1).max(20).nullable().default(null),
    /** A household (and member) picked from a search by name. */
    householdId: id.nullable().default(null),
    memberId: id.nullable().default(null),
    taken: z.array(id).max(2000).default([]),
  }),
  'points.proposeBatch': z.object({
    ruleId: id,
    reason: text(200),
    lines: z.array(z.object(target)).min(1).max(2000),
    ...optionalApprover,
  }),
  'points.list': z.object({
    status: z.enum(['pending', 'approved', 'rejected']).nullable().default(null),
    householdId: id.nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  'points.approve': z.object({ awardId: id, ...approver }),
  'points.reject': z.object({ awardId: id, reason: text(200), ...approver }),
  'points.reverse': z.object({ awardId: id, reason: text(200), ...optionalApprover }),
  'points.blackList': z.object({
    householdId: id,
    ruleId: id,
    reason: text(200),
    months: z.number().int().min(1).max(36).nullable().default(null),
    ...approver,
  }),
  'points.lift': z.object({ householdId: id, reason: text(200), ...approver }),
  'points.honour': z.object({ householdId: id, title: text(60), reason: text(200) }),
  'points.blackListNow': z.object({}),
  /** Without a period: the till's current business month. */
  'points.notice': z.object({
    villageId: id.nullable().default(null),
    period: period.nullable().default(null),
  }),
  /** The short notice on the receipt printer: the same notice as 'points.notice'. */
  'points.printNotice': z.object({
    villageId: id.nullable().default(null),
    period: period.nullable().default(null),
  }),
  'points.statement': z.object({ householdId: id, from: date, to: date }),
  'points.settings': z.object({}),
  'points.saveSettings': z.object({
    maskNames: z.boolean(),
    blackListMonths: z.number().int().min(1).max(36),
    floor: pointsText.nullable(),
  }),
} as const;

export type RuleView = RuleFacts;

export interface HouseholdHit {
  householdId: string;
  number: string;
  headName: string;
  memberId: string | null;
  memberName: string | null;
  balance: number;
}

export interface PointsSettings {
  maskNames: boolean;
  blackListMonths: number;
  /** Hundredths; null when no floor is set. */
  floor: number | null;
}

export interface AwardView {
  id: string;
  status: AwardStatus;
  householdId: string;
  householdNumber: string;
  headName: string;
  memberName: string | null;
  ruleId: string | null;
  ruleName: string | null;
  /** Signed hundredths. */
  amount: number;
  reason: string;
  proposedBy: string | null;
  proposedByName: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  batchId: string | null;
  /** The posted entry this one reverses. */
  reverses: string | null;
  /** The entry that reversed this one, once approved. */
  reversedBy: string | null;
  postedEntryId: string | null;
  at: number;
  businessDate: string;
}

export interface BatchLineView {
  /** The person this line is for (member id, else household id): one line each. */
  key: string;
  householdId: string;
  householdNumber: string;
  memberId: string | null;
  memberName: string | null;
  headName: string;
  cardUid: string | null;
}

export interface SuspensionView {
  entryId: string;
  householdId: string;
  householdNumber: string;
  headName: string;
  reason: string;
  from: string;
  /** Last suspended day; redemption resumes the day after. */
  lastDay: string;
  resumesOn: string;
  liftedOn: string | null;
}

export interface RuleFacts {
  id: string;
  category: string;
  name: string;
  /** Signed hundredths. */
  points: number;
  personType: string;
  limit: RuleLimit;
  yearCap: number | null;
  needsApproval: boolean;
  active: boolean;
}

export interface RuleVersionView {
  entryId: string;
  at: number;
  clerkName: string | null;
  rule: EntryBody<'rule.define'>;
}

export interface StatementLine {
  id: string;
  businessDate: string;
  kind: string;
  text: string;
  amount: number;
  balance: number;
  /** Set when the township stores this entry but does not count it (decision 0720): balance unchanged. */
  uncounted?: 'approver-role' | 'self-approval' | null;
}

export interface HouseholdStatement {
  householdId: string;
  householdNumber: string;
  headName: string;
  villageName: string;
  from: string;
  to: string;
  opening: number;
  closing: number;
  lines: StatementLine[];
}

export interface PointsResults {
  'points.rules': RuleView[];
  'points.ruleHistory': RuleVersionView[];
  'points.defineRule': RuleView;
  'points.findHouseholds': HouseholdHit[];
  'points.propose': AwardView;
  'points.batchLine': BatchLineView;
  'points.proposeBatch': { batchId: string; awards: AwardView[] };
  'points.list': AwardView[];
  'points.approve': AwardView;
  'points.reject': AwardView;
  'points.reverse': AwardView;
  'points.blackList': SuspensionView;
  'points.lift': SuspensionView;
  'points.honour': { entryId: string };
  'points.blackListNow': SuspensionView[];
  'points.notice': Notice;
  'points.printNotice': { queued: true; period: string };
  'points.statement': HouseholdStatement;
  'points.settings': PointsSettings;
  'points.saveSettings': PointsSettings;
}
