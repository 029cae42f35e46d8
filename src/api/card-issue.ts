import { z } from 'zod';
import type { CardView } from './contract';

/** A manager issues a card at the till, or replaces a household's card, by tapping it. */
const cardUid = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[^0-9A-F]/g, ''))
  .pipe(z.string().regex(/^[0-9A-F]{8,20}$/, 'card UID must be 4–10 bytes of hex'));

export const cardIssueSchemas = {
  'card.issue': z.object({
    uid: cardUid,
    householdNumber: z.string().trim().min(1).max(40),
    /** The household head's current card stops working (a lost or broken card). */
    replaceOld: z.boolean(),
    reason: z.string().trim().max(200).default(''),
  }),
} as const;

export interface CardIssueResults {
  'card.issue': CardView;
}
