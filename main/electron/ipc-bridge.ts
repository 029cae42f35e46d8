import { ipcMain, type WebContents } from 'electron';
import { type ApiName, type ApiResponse, apiSchemas } from '../../src/api/contract';
import type { TillServicePort } from '../host/service-port';
import { EVENT_NAMES } from '../host/service-port';
import { APP_ORIGIN, CALL_CHANNEL, EVENT_CHANNEL } from './channels';

const refuse = (zh: string, en: string): ApiResponse<ApiName> => ({
  ok: false,
  error: { code: 'FORBIDDEN', zh, en, details: {} },
});

/**
 * Forwards the page's calls to the service and the service's events to the page.
 * Only our own page (app://till) may call; the session token stays in this process,
 * one per window, so a reload keeps the clerk logged in and the page never stores it.
 */
export function bridgeIpc(service: TillServicePort, windows: () => WebContents[]): () => void {
  const tokens = new Map<number, string>();

  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, params: unknown) => {
    const origin = event.senderFrame?.url ? new URL(event.senderFrame.url).origin : '';
    if (origin !== APP_ORIGIN)
      return refuse('拒绝：调用不是来自收银台页面', 'Refused: the call is not from the till page');
    if (typeof name !== 'string' || !Object.hasOwn(apiSchemas, name)) {
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          zh: `没有这个调用：${String(name)}`,
          en: `No such call: ${String(name)}`,
          details: {},
        },
      } satisfies ApiResponse<ApiName>;
    }
    const id = event.sender.id;
    const response = await service.call(name as ApiName, params, tokens.get(id) ?? null);
    if (response.ok && name === 'session.login') {
      tokens.set(id, (response.result as { token: string }).token);
      event.sender.once('destroyed', () => tokens.delete(id));
    }
    if (name === 'session.logout' || (!response.ok && response.error.code === 'NOT_LOGGED_IN'))
      tokens.delete(id);
    return response;
  });

  const offs = EVENT_NAMES.map((name) =>
    service.on(name, (payload) => {
      for (const wc of windows()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload);
    }),
  );

  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    for (const off of offs) if (typeof off === 'function') (off as () => void)();
  };
}
