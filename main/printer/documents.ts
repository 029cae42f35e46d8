import { z } from 'zod';
import type { PaperWidth, ReceiptBlock } from '../../src/receipt';
import { layoutNoticeSlip, NoticeSlipSchema } from './notice-slip';
import {
  CountSheetSchema,
  layoutStockDocument,
  ReceivingSlipSchema,
  type StockDocumentInput,
} from './stock-slips';

/** Every paper queued as a 'document' job: the stock papers and the short monthly notice. */
export const PrintDocumentSchema = z.discriminatedUnion('layout', [
  ReceivingSlipSchema,
  CountSheetSchema,
  NoticeSlipSchema,
]);
export type PrintDocument = z.infer<typeof PrintDocumentSchema>;

/** A document as a caller hands it in: the printer service adds the shop header. */
export type PrintDocumentInput = StockDocumentInput | Omit<z.infer<typeof NoticeSlipSchema>, 'header'>;

export function layoutDocument(doc: PrintDocument, width: PaperWidth): ReceiptBlock[] {
  return doc.layout === 'notice-slip' ? layoutNoticeSlip(doc, width) : layoutStockDocument(doc, width);
}
