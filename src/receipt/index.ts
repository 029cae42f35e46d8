export { type ReceiptFields, saleReceipt, shiftReceipt } from './from-views';
export { blockText, layoutReceipt, layoutTestPage } from './layout';
export * from './types';
export { charWidth, padLeft, padRight, textWidth, wrapText } from './width';
