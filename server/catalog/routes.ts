import { z } from 'zod';
import type { ConsoleRouteModule } from '../console-api/deps';
import { requireOfficer, sessionOf } from '../console-api/guard';
import { scopedChange } from '../console-api/scoped-change';
import { parseWith } from '../routes/errors';
import { listProducts, saveProduct } from './products';

const id = z.uuid();
const barcode = z
  .string()
  .trim()
  .regex(/^\d{6,14}$/, '条码是 6–14 位数字 / a barcode is 6–14 digits');
const ProductBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    /** Older callers send one barcode; it goes first in the list. */
    barcode: barcode.nullable().default(null),
    barcodes: z.array(barcode).max(20).default([]),
    unit: z.string().trim().min(1).max(20).default('个'),
    pricePoints: z
      .number()
      .int()
      .min(1, '积分价必须大于 0 / the points price must be above 0')
      .max(1_000_000_000),
    costFen: z.number().int().min(0).max(10_000_000_000).default(0),
    category: z.string().trim().max(60).default(''),
    isService: z.boolean().default(false),
    active: z.boolean().default(true),
    packSize: z.number().int().min(1).max(10_000).default(1),
    lowStock: z.number().int().min(0).max(1_000_000).default(0),
  })
  .transform(({ barcode: main, barcodes, ...rest }) => ({
    ...rest,
    barcodes: main && !barcodes.includes(main) ? [main, ...barcodes] : barcodes,
  }));

/** Products and price list: list, add, edit (name, barcodes, points price, yuan cost, pack size, low stock, service, active). */
export const catalogRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;

  api.get('/townships/:townshipId/products', async (req) => {
    const { townshipId } = parseWith(z.object({ townshipId: id }), req.params, false);
    const { q } = parseWith(z.object({ q: z.string().max(40).default('') }), req.query, false);
    requireOfficer(sessionOf(req), townshipId);
    return listProducts(db, townshipId, q);
  });

  const save = (productId: string | null) => async (req: Parameters<typeof sessionOf>[0]) => {
    const { townshipId } = parseWith(z.object({ townshipId: id }), req.params, false);
    const b = parseWith(ProductBody, req.body, false);
    return scopedChange(
      deps,
      req,
      townshipId,
      { productId },
      {
        action: productId ? 'product.update' : 'product.create',
        target: `product:${productId ?? b.name}`,
        details: b,
      },
      async (trx) => ({
        id: await saveProduct(trx, clock, townshipId, productId, b),
      }),
    );
  };
  api.post('/townships/:townshipId/products', save(null));
  api.put('/townships/:townshipId/products/:productId', async (req) => {
    const { productId } = parseWith(z.object({ productId: id }), req.params, false);
    return save(productId)(req);
  });
};
