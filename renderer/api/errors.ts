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
    // The request never reached the till service, or it died before answering.
    return new TillError(
      'INTERNAL',
      {
        zh: '收银服务没有应答（正在重新启动或已停止），请稍等再试。购物车已保存；恢复后再按确认，不会重复扣分。',
        en: 'The till service is not answering (restarting or stopped); wait and try again. The cart is kept; press Confirm once it is back, nothing is charged twice.',
      },
      { unreachable: true, cause: e.message },
    );
  }
  return new TillError('INTERNAL', { zh: '未知错误', en: 'Unknown error' }, { value: String(e) });
}
