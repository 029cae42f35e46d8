import { z } from 'zod';
import type { HouseholdView, SaleView } from './contract';

/**
 * Till API calls for household door plates (decision 0910): checking a scanned plate, the
 * A4 sheet of plates, the shop's "redeem by plate" setting and a sale by plate. Merged into
 * apiSchemas / ApiResults in contract.ts.
 */
const id = z.uuid();
/** As the scanner typed it; the signature is checked by the till, never here. */
const plateText = z.string().trim().min(1).max(300);
const qty = z.number().int().min(1).max(9999);

export const doorPlateSchemas = {
  /** Finds the household of a valid plate (award screen, statement): refuses a forged one. */
  'plate.find': z.object({ plate: plateText }),
  /** The counter: also refuses when the shop does not allow redemption by plate. */
  'plate.forSale': z.object({ plate: plateText }),
  'plate.sheet': z.object({ villageId: id.nullable().default(null) }),
  'plate.settings': z.object({}),
  'plate.saveSettings': z.object({ redeemAllowed: z.boolean() }),
  'checkout.commitByPlate': z.object({
    saleId: id,
    plate: plateText,
    lines: z
      .array(z.object({ productId: id, qty }))
      .min(1)
      .max(200),
  }),
};

export interface PlateFound {
  household: HouseholdView;
  version: number;
  redeemAllowed: boolean;
}

export interface DoorPlateSheet {
  villageName: string;
  plates: { householdId: string; number: string; address: string; headName: string; plate: string }[];
}

export interface DoorPlateResults {
  'plate.find': PlateFound;
  'plate.forSale': PlateFound;
  'plate.sheet': DoorPlateSheet;
  'plate.settings': { redeemAllowed: boolean };
  'plate.saveSettings': { redeemAllowed: boolean };
  'checkout.commitByPlate': SaleView;
}
