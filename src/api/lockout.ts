import { z } from 'zod';

/**
 * Till API call to lift a clerk's PIN lockout (issue 11): a manager gives their own PIN
 * at the till. No clerk session is needed: the locked clerk cannot log in.
 */
const id = z.uuid();
const pin = z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits');

export const lockoutSchemas = {
  'session.unlock': z.object({
    clerkId: id,
    managerId: id,
    managerPin: pin,
    /** Why, as the manager picked it; recorded in the `clerk.unlock` journal entry. */
    reason: z.string().trim().min(1).max(200).optional(),
  }),
};

export const LOCKOUT_PUBLIC_CALLS = ['session.unlock'] as const;

export interface LockoutResults {
  'session.unlock': { ok: true };
}
