import type {
  ApiEventName,
  ApiEvents,
  ApiName,
  ApiParams,
  ApiResponse,
  ApiResults,
  TillApiClient,
} from '../../src/api/contract';
import { EVENTS_PATH, eventSocketProtocols } from '../../src/api/event-socket';
import { TillError } from '../../src/errors';
import { createListeners } from '../../src/events/listeners';
import { toTillError } from './errors';

const TOKEN_KEY = 'jifen-till.token';

/**
 * The browser transport: POST /api/<name> and a WebSocket for events. It keeps the
 * session token (per tab, surviving reloads) the way the Electron preload does, so
 * screens never see tokens.
 */
export function createHttpClient(
  origin: string = window.location.origin,
  options: { onSocketRefused?: () => void } = {},
): TillApiClient {
  let token: string | null = sessionStorage.getItem(TOKEN_KEY);
  const listeners = createListeners<ApiEvents>();
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let backoff = 250;

  function setToken(next: string | null): void {
    token = next;
    if (next) sessionStorage.setItem(TOKEN_KEY, next);
    else sessionStorage.removeItem(TOKEN_KEY);
    reconnect();
  }

  function reconnect(): void {
    if (retry) clearTimeout(retry);
    retry = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
      socket = null;
    }
    if (!token) return;
    // The token rides as a subprotocol, never in the URL (decision 0320).
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}${EVENTS_PATH}`, eventSocketProtocols(token));
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      backoff = 250;
    };
    ws.onmessage = (m) => {
      const { event, payload } = JSON.parse(String(m.data)) as { event: ApiEventName; payload: unknown };
      listeners.emit(event, payload as ApiEvents[typeof event]);
    };
    ws.onclose = () => {
      if (socket !== ws || !token) return;
      if (!opened) options.onSocketRefused?.();
      retry = setTimeout(reconnect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
  }

  reconnect();

  return {
    async call<K extends ApiName>(name: K, params: ApiParams<K>): Promise<ApiResults[K]> {
      let response: ApiResponse<K>;
      try {
        const res = await fetch(`${origin}/api/${name}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(params ?? {}),
        });
        response = (await res.json()) as ApiResponse<K>;
      } catch (e) {
        throw toTillError(e);
      }
      if (!response.ok) {
        const err = response.error;
        if (err.code === 'NOT_LOGGED_IN' && token) setToken(null);
        throw new TillError(err.code as TillError['code'], { zh: err.zh, en: err.en }, err.details);
      }
      if (name === 'session.login') setToken((response.result as ApiResults['session.login']).token);
      if (name === 'session.logout') setToken(null);
      return response.result;
    },
    on: listeners.on,
  };
}
