import iconv from 'iconv-lite';
import { fileProblem, type RosterProblem } from './problems';

export type TextEncoding = 'utf-8-bom' | 'utf-8' | 'gb18030';

export type Decoded =
  | { ok: true; text: string; encoding: TextEncoding }
  | { ok: false; problem: RosterProblem };

const wrongEncoding = () =>
  fileProblem(
    'wrong-encoding',
    '文件编码无法识别：请在 Excel 里“另存为”CSV UTF-8 或 Excel 工作簿（.xlsx）',
    'The file encoding is not recognised: in Excel use Save As "CSV UTF-8" or "Excel Workbook (.xlsx)"',
  );

/**
 * Text of a CSV file: a UTF-8 BOM decides; else bytes that are valid UTF-8 are UTF-8;
 * else GB18030 (a superset of GBK, what Excel on a Chinese Windows writes for "CSV").
 * NUL bytes (UTF-16 without a BOM, a binary file) or bytes GB18030 cannot map are a
 * wrong encoding, refused rather than imported as mojibake.
 */
export function decodeCsv(buf: Buffer): Decoded {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const text = utf8(buf.subarray(3));
    return text === null
      ? { ok: false, problem: wrongEncoding() }
      : { ok: true, text, encoding: 'utf-8-bom' };
  }
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff) || buf.includes(0)) {
    return { ok: false, problem: wrongEncoding() };
  }
  const text = utf8(buf);
  if (text !== null) return { ok: true, text, encoding: 'utf-8' };
  const gb = iconv.decode(buf, 'gb18030');
  if (gb.includes('\ufffd')) return { ok: false, problem: wrongEncoding() };
  return { ok: true, text: gb, encoding: 'gb18030' };
}

const strict = new TextDecoder('utf-8', { fatal: true });

function utf8(buf: Buffer): string | null {
  try {
    return strict.decode(buf);
  } catch {
    return null;
  }
}
