import type { ApiName, ApiParams, ApiResults, TillApiClient } from '../../src/api/contract';
import { toTillError } from './errors';
import { createHttpClient } from './http-client';

declare global {
  interface Window {
    /** Present in Electron: the preload's bridge over the same typed API. */
    till?: TillApiClient;
  }
}

function wrapBridge(bridge: TillApiClient): TillApiClient {
  return {
    call<K extends ApiName>(name: K, params: ApiParams<K>): Promise<ApiResults[K]> {
      return bridge.call(name, params).catch((e: unknown) => {
        throw toTillError(e);
      });
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** The one client every screen uses: Electron's bridge when present, else HTTP. */
export const till: TillApiClient = window.till ? wrapBridge(window.till) : createHttpClient();
export { toTillError } from './errors';
