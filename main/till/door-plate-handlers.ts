import type { ApiParsedParams, ApiResults, SaleView } from '../../src/api/contract';
import type { DoorPlateResults } from '../../src/api/door-plate';
import { tillError } from '../../src/errors';
import { commitSaleByPlate } from './checkout';
import type { Actor, TillContext } from './context';
import { findByPlate, plateForSale, plateRedeemAllowed, plateSheet, setPlateRedeem } from './door-plates';

type DoorPlateHandlers = {
  [K in keyof DoorPlateResults]: (params: ApiParsedParams<K>, actor: Actor | null) => ApiResults[K];
};

const who = (actor: Actor | null): Actor => {
  if (!actor) throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
  return actor;
};

/** Door plates (decision 0910): every call needs a clerk; the setting needs a manager. */
export function createDoorPlateHandlers(d: {
  ctx: TillContext;
  shiftId(): string | null;
  printSale(sale: SaleView): void;
}): DoorPlateHandlers {
  const { ctx } = d;
  return {
    'plate.find': ({ plate }, actor) => {
      who(actor);
      return findByPlate(ctx, plate);
    },
    'plate.forSale': ({ plate }, actor) => {
      who(actor);
      return plateForSale(ctx, plate);
    },
    'plate.sheet': ({ villageId }, actor) => {
      who(actor);
      return plateSheet(ctx, villageId);
    },
    'plate.settings': () => ({ redeemAllowed: plateRedeemAllowed(ctx) }),
    'plate.saveSettings': ({ redeemAllowed }, actor) => setPlateRedeem(ctx, who(actor), redeemAllowed),
    // The plate and the setting are checked again at commit, inside the sale's transaction.
    'checkout.commitByPlate': ({ saleId, plate, lines }, actor) =>
      ctx.store.transaction(() => {
        const found = plateForSale(ctx, plate);
        return commitSaleByPlate(
          ctx,
          who(actor),
          { saleId, householdId: found.household.id, version: found.version, lines },
          d.shiftId(),
          (sale) => d.printSale(sale),
        );
      }),
  };
}
