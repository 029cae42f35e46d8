import { type SerializedTillError, TillError } from '../../src/errors';

/** Any rejection from a transport becomes a TillError, so screens handle one shape. */
export function toTillError(e: unknown): TillError {
  if (e instanceof TillError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'zh' in e && 'en' in e) {
    const s = e as SerializedTillError;
    return new TillError(s.code, { zh: s.zh, en: s.en }, s.details ?? {});
  }
  // Electron's contextBridge keeps only the message of an Error; the preload encodes the
  // serialized error in it as JSON.
  if (e instanceof Error) {
    try {
      const parsed = JSON.parse(e.message) as unknown;
      if (parsed && typeof parsed === 'object' && 'code' in parsed) return toTillError(parsed);
    } catch {
      // not one of ours
    }
    return new TillError('INTERNAL', {
      zh: `连接收银服务失败：${e.message}`,
      en: `Till service unreachable: ${e.message}`,
    });
  }
  return new TillError('INTERNAL', { zh: '未知错误', en: 'Unknown error' }, { value: String(e) });
}
