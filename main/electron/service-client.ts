import type { ApiEvents, ApiName, ApiResponse } from '../../src/api/contract';
import { createListeners } from '../../src/events/listeners';
import type { TillServicePort } from '../host/service-port';
import type { Endpoint, FromService, ToService } from './protocol';

/**
 * The shell's side of the service channel: a TillServicePort whose calls travel to the
 * service process and whose events come back. Works over any Endpoint (utility process,
 * child process), so the Electron main process and Node tests share it.
 */
export function createServiceClient(
  endpoint: Endpoint<FromService, ToService>,
  stop: () => void,
): TillServicePort & { ready: Promise<void>; abort(): void } {
  let nextId = 1;
  const pending = new Map<number, (r: ApiResponse<ApiName>) => void>();
  const listeners = createListeners<ApiEvents>();
  let resolveReady: () => void = () => {};
  let rejectReady: (e: Error) => void = () => {};
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });

  /** Answers every call still in flight: the service has gone (closed or crashed). */
  const abort = () => {
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: {
          code: 'INTERNAL',
          zh: '收银服务已停止',
          en: 'The till service has stopped',
          details: { serviceStopped: true },
        },
      });
    }
    pending.clear();
    rejectReady(new Error('the till service stopped'));
  };

  endpoint.onMessage((m) => {
    if (m.type === 'ready') resolveReady();
    else if (m.type === 'fatal') rejectReady(new Error(`${m.error.code}: ${m.error.en}`));
    else if (m.type === 'result') {
      pending.get(m.id)?.(m.response);
      pending.delete(m.id);
    } else if (m.type === 'event') {
      listeners.emit(m.event, m.payload as ApiEvents[typeof m.event]);
    }
  });

  return {
    ready,
    async call<K extends ApiName>(name: K, params: unknown, token: string | null): Promise<ApiResponse<K>> {
      // The service listens only once its store is open: hold calls until it says ready.
      try {
        await ready;
      } catch (e) {
        return {
          ok: false,
          error: {
            code: 'DATABASE_UNAVAILABLE',
            zh: `收银服务没有启动：${(e as Error).message}`,
            en: `The till service did not start: ${(e as Error).message}`,
            details: {},
          },
        };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: ApiResponse<ApiName>) => void);
        endpoint.post({ type: 'call', id, name, params, token });
      });
    },
    on: listeners.on,
    abort,
    close() {
      endpoint.post({ type: 'close' });
      abort();
      stop();
    },
  };
}
