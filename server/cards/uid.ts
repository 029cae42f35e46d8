import { tillError } from '../../src/errors';

/**
 * A card UID as typed by an officer or by a USB reader acting as a keyboard: hex, in any
 * case, with or without spaces, colons or dashes between bytes. MIFARE and NTAG UIDs
 * are 4, 7 or 10 bytes; a decimal number (some readers' default) is refused with a hint.
 */
export function normalizeUid(raw: string): string {
  const uid = raw.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(uid) || ![8, 14, 20].includes(uid.length)) {
    throw tillError(
      'INVALID_INPUT',
      '卡号应为 8、14 或 20 位十六进制（0-9、A-F）。若读卡器输出十进制，请把它设为十六进制输出',
      'A card UID is 8, 14 or 20 hex digits (0-9, A-F). If the reader types decimal, set it to hex output',
      { field: 'uid', reason: 'bad-uid' },
    );
  }
  return uid;
}
