import { z } from 'zod';

/**
 * Master data the township server owns and every till of the township pulls. Shapes
 * mirror the till's master tables (camelCase here, snake_case in SQL). Card blocks are
 * not here: they are journal events, so the newest event wins on every device.
 */
const id = z.uuid();
const name = z.string().trim().min(1).max(120);

export const TownshipRowSchema = z.object({ id, name, timeZone: z.string().min(1).max(60) });
export const VillageRowSchema = z.object({ id, townshipId: id, name });
export const ShopRowSchema = z.object({
  id,
  villageId: id,
  name,
  receiptHeader: z.string().max(200),
  receiptFooter: z.string().max(200),
  /** JSON text of the redemption schedule; null = always open. */
  redemptionWindow: z.string().max(2000).nullable(),
});
export const DeviceRowSchema = z.object({
  id,
  shopId: id.nullable(),
  name,
  previousDeviceId: id.nullable(),
});
export const ClerkRowSchema = z.object({
  id,
  name,
  role: z.enum(['clerk', 'stockkeeper', 'cadre', 'manager', 'officer']),
  shopId: id.nullable(),
  pinHash: z.string().min(1).max(400),
  active: z.boolean(),
  /** The PIN was set by an officer or a manager: the clerk chooses a new one at the next till login (0702). */
  mustChangePin: z.boolean().optional(),
});
export const HouseholdRowSchema = z.object({
  id,
  villageId: id,
  number: z.string().trim().min(1).max(40),
  address: z.string().max(200),
  status: z.enum(['active', 'closed']),
  /** The household's door plate, signed by the township server key (decision 0910). */
  plate: z.string().max(200).optional(),
});
export const MemberRowSchema = z.object({
  id,
  householdId: id,
  name,
  tags: z.array(z.string().max(40)).max(20),
  isHead: z.boolean(),
});
export const CardRowSchema = z.object({
  uid: z.string().regex(/^[0-9A-F]{8,20}$/),
  memberId: id.nullable(),
  householdId: id,
  status: z.enum(['active', 'replaced']),
});
export const RuleRowSchema = z.object({
  id,
  category: name,
  name,
  points: z.number().int().min(-1_000_000_000).max(1_000_000_000),
  personType: z.string().max(40),
  needsApproval: z.boolean(),
  active: z.boolean(),
  /** Optional (decision 0920): the limit and yearly cap, named as the till's columns. */
  limitKind: z.enum(['none', 'event', 'month', 'year']).optional(),
  yearCap: z.number().int().min(1).max(1_000_000_000).nullable().optional(),
});
const barcode = z.string().regex(/^\d{6,14}$/);
export const ProductRowSchema = z.object({
  id,
  /** The main barcode (the counter's); `barcodes` lists it with the others (decision 0800). */
  barcode: barcode.nullable(),
  barcodes: z.array(barcode).max(20).optional(),
  name,
  pinyin: z.string().max(120),
  unit: z.string().min(1).max(20),
  pricePoints: z.number().int().min(1).max(1_000_000_000),
  category: z.string().max(60),
  isService: z.boolean(),
  active: z.boolean(),
  favourite: z.boolean(),
  /** Optional (decision 0800): yuan cost, units per case, low-stock threshold. */
  costFen: z.number().int().min(0).max(10_000_000_000).optional(),
  packSize: z.number().int().min(1).max(10_000).optional(),
  lowStock: z.number().int().min(0).max(1_000_000).optional(),
  /** When the township changed it (ms): an older change never overwrites a newer one made at a shop. */
  updatedAt: z.number().int().min(0).optional(),
});

const rows = <T extends z.ZodTypeAny>(s: T) => z.array(s).max(200_000);

export const MasterDataSchema = z.object({
  townships: rows(TownshipRowSchema),
  villages: rows(VillageRowSchema),
  shops: rows(ShopRowSchema),
  devices: rows(DeviceRowSchema),
  clerks: rows(ClerkRowSchema),
  households: rows(HouseholdRowSchema),
  members: rows(MemberRowSchema),
  cards: rows(CardRowSchema),
  rules: rows(RuleRowSchema),
  products: rows(ProductRowSchema),
});
export type MasterData = z.infer<typeof MasterDataSchema>;
export type MasterTable = keyof MasterData;

/** Order that respects references (a village needs its township, a card its household). */
export const MASTER_TABLES: readonly MasterTable[] = [
  'townships',
  'villages',
  'shops',
  'devices',
  'clerks',
  'households',
  'members',
  'cards',
  'rules',
  'products',
];

/** An officer's upsert: any subset of the tables. */
export const MasterDataPatchSchema = MasterDataSchema.partial();
export type MasterDataPatch = z.infer<typeof MasterDataPatchSchema>;
