import { z } from 'zod';
import { RedemptionWindowSchema } from '../checkout/redemption-window';

/**
 * Till API calls of the managers' settings screen: the receipt printer, and the shop's
 * receipt header, footer and redemption window where the township left them to the shop.
 * The reader preference and the test print use reader.select and printer.testPage.
 */
const text = z.string().max(200);

export const PrinterSettingsSchema = z.object({
  connection: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('tcp'),
      host: z.string().trim().min(1).max(255),
      port: z.number().int().min(1).max(65535),
    }),
    z.object({ type: z.literal('device'), path: z.string().trim().min(1).max(400) }),
    z.object({
      type: z.literal('serial'),
      path: z.string().trim().min(1).max(400),
      baudRate: z.number().int().min(1200).max(921_600),
    }),
  ]),
  width: z.union([z.literal(58), z.literal(80)]),
  charset: z.enum(['GB18030', 'GBK']),
});
export type PrinterSettings = z.output<typeof PrinterSettingsSchema>;

export interface ShopReceiptSettings {
  receiptHeader: string;
  receiptFooter: string;
  /** null = always open. */
  redemptionWindow: z.output<typeof RedemptionWindowSchema> | null;
}

export interface SettingsView {
  /** The printer this till uses now; null = none set up. */
  printer: PrinterSettings | null;
  readerPreference: string | null;
  /** What the shop prints and when it redeems, as in force (township's value or the shop's own). */
  shop: ShopReceiptSettings;
  /** Which shop fields the township has set: those are shown, not editable, at the till. */
  townshipSets: { receiptHeader: boolean; receiptFooter: boolean; redemptionWindow: boolean };
}

export const settingsSchemas = {
  'settings.get': z.object({}),
  'settings.setPrinter': PrinterSettingsSchema,
  'settings.setShop': z.object({
    receiptHeader: text,
    receiptFooter: text,
    redemptionWindow: RedemptionWindowSchema.nullable(),
  }),
} as const;

export interface SettingsResults {
  'settings.get': SettingsView;
  'settings.setPrinter': SettingsView;
  'settings.setShop': SettingsView;
}
