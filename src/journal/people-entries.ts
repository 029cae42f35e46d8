import { z } from 'zod';

/**
 * Journal bodies for the township's people and things: cards issued, clerks set up and
 * their PINs, and opening balances carried over from a paper ledger. The township
 * server writes them as entries of its own device; a till may write `card.issue` and
 * `clerk.pin` too (a card issued by tapping, a PIN changed at first login or reset by
 * a manager). Master data is the materialised state; these entries are the history.
 */
const id = z.uuid();
const cardUid = z.string().regex(/^[0-9A-F]{8,20}$/);
const text = (max: number) => z.string().trim().min(1).max(max);

export const CardIssueBodySchema = z.object({
  cardUid,
  householdId: id,
  memberId: id.nullable(),
  /** The card this one takes over from (a replacement); null for a first card. */
  replaces: cardUid.nullable(),
  reason: z.string().max(200),
});

export const CLERK_ROLES = ['clerk', 'stockkeeper', 'cadre', 'manager', 'officer'] as const;

/** A clerk as defined from this entry on (created, renamed, moved, role changed, (de)activated). */
export const ClerkSetBodySchema = z.object({
  clerkId: id,
  name: text(120),
  role: z.enum(CLERK_ROLES),
  shopId: id.nullable(),
  active: z.boolean(),
  /** scrypt hash of a new PIN; null when this change leaves the PIN as it was. */
  pinHash: z.string().min(1).max(400).nullable(),
  /** The clerk must choose a new PIN at the next till login (an initial or reset PIN). */
  mustChangePin: z.boolean(),
});

/** A PIN set: the officer's initial PIN, a manager's reset, or the clerk's own change. */
export const ClerkPinBodySchema = z.object({
  clerkId: id,
  pinHash: z.string().min(1).max(400),
  mustChangePin: z.boolean(),
  /** 'initial' | 'reset' | 'changed', free text kept short. */
  reason: text(200),
});

/**
 * A manager lifted a clerk's PIN lockout at the till (decision 0310): the header names the
 * manager, the body whom, why, and the wrong PINs counted then. History only: the lockout
 * itself is local to the till that counted it.
 */
export const ClerkUnlockBodySchema = z.object({
  clerkId: id,
  reason: text(200),
  failedAttempts: z.number().int().min(0).max(1_000_000),
  /** The paths that had wrong PINs counted: login, approve, unlock. */
  paths: z.array(z.enum(['login', 'approve', 'unlock'])).max(3),
});

/** Points a household held on the paper ledger when it joined; counts in its balance. */
export const OpeningBalanceBodySchema = z.object({
  householdId: id,
  amount: z
    .number()
    .int()
    .min(-1_000_000_000)
    .max(1_000_000_000)
    .refine((v) => v !== 0, 'must not be zero'),
  reason: text(200),
  /** Where it came from, e.g. the roster file name. */
  source: z.string().max(200),
});
