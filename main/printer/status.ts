import type { PrinterStatusView } from '../../src/api/contract';

/**
 * Real-time status (DLE EOT n). Every answer byte has bit 1 and bit 4 set and bit 7
 * clear (0xx1xx10), which tells it apart from a GS r answer (bit 4 clear) on the same
 * wire. n = 1 printer, 2 offline cause, 4 paper roll sensor.
 */
export const STATUS_REQUESTS = [1, 2, 4] as const;

export function isRealtimeStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export interface StatusBytes {
  printer: number;
  offlineCause: number;
  paper: number;
}

export type PrinterCondition = 'ready' | 'paper-out' | 'cover-open' | 'offline';

export function conditionOf(s: StatusBytes): PrinterCondition {
  if (s.offlineCause & 0x04) return 'cover-open';
  if (s.paper & 0x60 || s.offlineCause & 0x20) return 'paper-out';
  if (s.printer & 0x08 || s.offlineCause & 0x40) return 'offline';
  return 'ready';
}

export type PrinterState = PrinterStatusView['state'];

export const STATUS_MESSAGES: Record<PrinterState, { zh: string; en: string } | null> = {
  ready: null,
  printing: null,
  'paper-out': {
    zh: '打印机缺纸：请装纸。小票已保存，装纸后自动打印。',
    en: 'Printer is out of paper: load paper. The receipt is kept and prints once paper is in.',
  },
  'cover-open': {
    zh: '打印机盖未合上：请合上盖子。小票已保存，合上后自动打印。',
    en: 'Printer cover is open: close it. The receipt is kept and prints once it is closed.',
  },
  offline: {
    zh: '打印机未连接：请检查电源和连线。小票已保存，会自动重试。',
    en: 'Printer not reachable: check power and cable. Receipts are kept and retried.',
  },
  'not-configured': {
    zh: '未设置打印机：请在设置中选择打印机。',
    en: 'No printer set up: choose one in settings.',
  },
};
