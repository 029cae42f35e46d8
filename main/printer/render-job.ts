import { localDateTime } from '../../src/clock';
import { layoutReceipt, layoutTestPage, ReceiptDataSchema } from '../../src/receipt';
import { layoutDocument, PrintDocumentSchema } from './documents';
import { encodeBlocks } from './escpos-encoder';
import { createGlyphRasterizer, DEFAULT_FONT_FILES } from './glyph-raster';
import type { PrinterState } from './printer-state';
import { describeProfile, type PrinterProfile } from './profile';
import type { PrintJobRow } from './queue';

/** A queued job as the bytes its printer is sent: the layout for its kind, then ESC/POS. */
export function renderJob(job: PrintJobRow, p: PrinterProfile, state: PrinterState, now: number): Buffer {
  state.rasterizer ??= createGlyphRasterizer(
    p.fontFiles.length > 0 ? p.fontFiles : DEFAULT_FONT_FILES[process.platform],
  );
  const blocks =
    job.kind === 'document'
      ? layoutDocument(PrintDocumentSchema.parse(JSON.parse(job.payload_json)), p.width)
      : job.kind === 'test-page'
        ? layoutTestPage({
            width: p.width,
            description: describeProfile(p),
            time: localDateTime(now),
          })
        : layoutReceipt(ReceiptDataSchema.parse(JSON.parse(job.payload_json)), { width: p.width });
  return encodeBlocks(blocks, {
    width: p.width,
    charset: p.charset,
    cutter: p.cutter,
    qr: p.qr,
    rasterizer: state.rasterizer,
  });
}
