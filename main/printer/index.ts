export { listPrinterPorts, type PrinterPort } from './discover';
export { type EncodeOptions, encodeBlocks } from './escpos-encoder';
export { type Bitmap, createGlyphRasterizer, DEFAULT_FONT_FILES, type GlyphRasterizer } from './glyph-raster';
export {
  describeProfile,
  type PrinterProfile,
  type PrinterProfileInput,
  PrinterProfileSchema,
} from './profile';
export {
  createPrinterService,
  type PrinterEvents,
  type PrinterService,
  type PrinterServiceOptions,
  type PrinterTiming,
  type ReceiptInput,
} from './service';
export { STATUS_MESSAGES } from './status';
