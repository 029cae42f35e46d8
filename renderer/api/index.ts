import type { ApiName, ApiParams, ApiResults, TillApiClient } from '../../src/api/contract';
import { toTillError } from './errors';
import { createHttpClient } from './http-client';

const unreachable = new Set<() => void>();

/** Called when a call got no answer from the till service (the status bar says so). */
export function onServiceUnreachable(listener: () => void): void {
  unreachable.add(listener);
}

declare global {
  interface Window {
    /** Present in Electron: the preload's bridge over the same typed API. */
    till?: TillApiClient;
  }
}

const sessionLost = new Set<() => void>();

/** Called when the till no longer knows this session (it restarted, or the clerk was logged out). */
export function onSessionLost(listener: () => void): void {
  sessionLost.add(listener);
}

function wrap(base: TillApiClient): TillApiClient {
  return {
    call<K extends ApiName>(name: K, params: ApiParams<K>): Promise<ApiResults[K]> {
      return base.call(name, params).catch((e: unknown) => {
        const err = toTillError(e);
        if (err.code === 'NOT_LOGGED_IN' && name !== 'session.login') for (const l of sessionLost) l();
        if (err.details.unreachable === true || err.details.serviceStopped === true)
          for (const l of unreachable) l();
        throw err;
      });
    },
    on: (event, listener) => base.on(event, listener),
  };
}

/** The one client every screen uses: Electron's bridge when present, else HTTP. */
export const till: TillApiClient = wrap(
  window.till ??
    createHttpClient(window.location.origin, {
      // The event socket was refused: find out whether the session is still good.
      onSocketRefused: () => void till.call('shift.current', {}).catch(() => {}),
    }),
);
export { toTillError } from './errors';
