import { z } from 'zod';
import type { SaleView } from './contract';

/**
 * Finding a sale to void or return: by its receipt number (read off the slip) or the
 * text of the receipt's QR code (the sale id), or from this shop's recent sales.
 */
export const saleLookupSchemas = {
  'sale.find': z.object({ query: z.string().trim().min(4).max(80) }),
  'sale.recent': z.object({ limit: z.number().int().min(1).max(50).default(12) }),
} as const;

export interface SaleLookupResults {
  'sale.find': SaleView;
  'sale.recent': SaleView[];
}
