import { z } from 'zod';

/**
 * Shapes the console's rule catalog, approval and points-flag pages and the server's
 * routes for them share (decision 0920). Points are hundredths, as everywhere.
 */
export type RuleLimitKind = 'none' | 'event' | 'month' | 'year';

/** GET /console/api/townships/:t/rules */
export interface RuleView {
  id: string;
  category: string;
  name: string;
  points: number;
  personType: string;
  limit: RuleLimitKind;
  yearCap: number | null;
  needsApproval: boolean;
  active: boolean;
}

/** GET /console/api/townships/:t/rules/:ruleId/history: every version, oldest first. */
export interface RuleVersionView {
  entryId: string;
  at: number;
  /** Who edited it: an officer in the console or a manager at a till. */
  by: string | null;
  deviceName: string | null;
  rule: Omit<RuleView, 'id' | 'limit'> & { limit: RuleLimitKind };
}

/** POST /townships/:t/rules, PUT /townships/:t/rules/:ruleId */
export const RuleEditSchema = z
  .object({
    category: z.string().trim().min(1).max(60),
    name: z.string().trim().min(1).max(120),
    points: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((v) => v !== 0, 'must not be zero'),
    personType: z.string().trim().min(1).max(40),
    limit: z.enum(['none', 'event', 'month', 'year']),
    yearCap: z.number().int().min(1).max(1_000_000_000).nullable().default(null),
    needsApproval: z.boolean(),
    active: z.boolean().default(true),
  })
  .refine((r) => r.limit !== 'year' || r.yearCap !== null, {
    message: '按年封顶的规则要填写年度上限 / a yearly limit needs a yearly cap',
    path: ['yearCap'],
  });
export type RuleEdit = z.infer<typeof RuleEditSchema>;

export type ProposalStatus = 'pending' | 'approved' | 'rejected';

/** GET /console/api/townships/:t/proposals?status= */
export interface ProposalView {
  id: string;
  householdId: string;
  householdNumber: string | null;
  villageName: string | null;
  memberName: string | null;
  ruleName: string | null;
  amount: number;
  reason: string;
  proposedBy: string | null;
  proposedByName: string | null;
  /** The till (or the township server) the proposal came from. */
  deviceName: string | null;
  at: number;
  businessDate: string;
  status: ProposalStatus;
  decidedByName: string | null;
  decisionReason: string | null;
  decidedAt: number | null;
  /** A reversal proposal names the approved entry it reverses. */
  reverses: string | null;
}

/** POST /townships/:t/proposals: a console officer or cadre proposes by rule, with a note. */
export const ProposalSchema = z.object({
  householdId: z.uuid(),
  memberId: z.uuid().nullable().default(null),
  ruleId: z.uuid(),
  note: z.string().trim().max(200).default(''),
});

/** POST /townships/:t/proposals/:id/reject */
export const RejectSchema = z.object({ reason: z.string().trim().min(2).max(200) });

export type PointsFlagReasonView =
  | 'self-approval'
  | 'approver-role'
  | 'limit-event'
  | 'limit-month'
  | 'limit-year';

/** GET /console/api/townships/:t/points-flags */
export interface PointsFlagView {
  id: string;
  entryId: string;
  householdId: string;
  householdNumber: string | null;
  villageName: string | null;
  deviceName: string | null;
  reason: PointsFlagReasonView;
  ruleName: string | null;
  points: number;
  period: string;
  detectedAt: number;
  /** Whether the entry counts in the balance (limit breaches do; the others never). */
  counted: boolean;
  status: 'open' | 'resolved';
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}

/** POST /townships/:t/points-flags/:flagId/resolve and /refund-flags/:flagId/resolve: an officer's note. */
export const FlagResolveSchema = z.object({ note: z.string().trim().min(2).max(500) });
