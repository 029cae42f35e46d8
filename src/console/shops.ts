import { z } from 'zod';
import { RedemptionWindowSchema } from '../checkout/redemption-window';

/** GET /console/api/townships/:townshipId/villages */
export interface ShopView {
  id: string;
  villageId: string;
  name: string;
  receiptHeader: string;
  receiptFooter: string;
  /** null: always open. */
  redemptionWindow: z.infer<typeof RedemptionWindowSchema> | null;
  tills: number;
}

export interface VillageView {
  id: string;
  name: string;
  shops: ShopView[];
}

export const VillageInputSchema = z.object({ name: z.string().trim().min(1).max(120) });

/** POST /townships/:t/shops (new) and PUT /townships/:t/shops/:shopId (edit). */
export const ShopInputSchema = z.object({
  villageId: z.uuid(),
  name: z.string().trim().min(1).max(120),
  receiptHeader: z.string().max(200),
  receiptFooter: z.string().max(200),
  redemptionWindow: RedemptionWindowSchema.nullable(),
});
export type ShopInput = z.infer<typeof ShopInputSchema>;
