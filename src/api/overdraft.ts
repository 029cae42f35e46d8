import { z } from 'zod';

/**
 * A household's open overdraft as the counter shows it: offline double spending at two
 * shops took the balance below zero; the township flagged it and every till pulls it.
 */
export interface OverdraftView {
  id: string;
  householdId: string;
  householdNumber: string;
  headName: string;
  /** Balance right after the entry that overdrew it (hundredths, negative). */
  balanceAfter: number;
  /** When the overdrawing sale was made, as its till recorded it; null if not pulled yet. */
  at: number | null;
  /** The shop that made it; null if the entry has not reached this till. */
  shopName: string | null;
  receiptNo: string | null;
  detectedAt: number;
}

/** Shown with a household whose balance is below zero: how deep, since when, where. */
export interface HouseholdDebt {
  /** Hundredths owed (positive). */
  owed: number;
  /** The latest open overdraft of the household, when the township has flagged one. */
  overdraft: OverdraftView | null;
}

export const overdraftSchemas = {
  /** Managers: the shop's open overdrafts (households of its village, or sales made here). */
  'overdraft.list': z.object({}),
} as const;

export interface OverdraftResults {
  'overdraft.list': OverdraftView[];
}
