import type { ApiParsedParams, ApiResults } from '../../src/api/contract';
import type { SaleLookupResults } from '../../src/api/sale-lookup';
import type { Actor, TillContext } from './context';
import { findSale, recentSales } from './sale-lookup';

type SaleLookupHandlers = {
  [K in keyof SaleLookupResults]: (
    params: ApiParsedParams<K>,
    actor: Actor | null,
  ) => ApiResults[K] | Promise<ApiResults[K]>;
};

/** Any logged-in clerk may look a sale up; voiding it still takes a manager's PIN. */
export function createSaleLookupHandlers(ctx: TillContext): SaleLookupHandlers {
  return {
    'sale.find': ({ query }) => findSale(ctx, query),
    'sale.recent': ({ limit }) => recentSales(ctx, limit),
  };
}
