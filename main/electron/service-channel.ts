import type { TillServicePort } from '../host/service-port';
import { EVENT_NAMES } from '../host/service-port';
import type { Endpoint, FromService, ToService } from './protocol';

/** The service process's side: answers calls and forwards every event to the shell. */
export function serveChannel(
  service: TillServicePort,
  endpoint: Endpoint<ToService, FromService>,
  onClose: () => void,
): void {
  for (const event of EVENT_NAMES) {
    service.on(event, (payload) => endpoint.post({ type: 'event', event, payload }));
  }
  endpoint.onMessage((m) => {
    if (m.type === 'close') {
      onClose();
      return;
    }
    if (m.type !== 'call') return;
    service.call(m.name, m.params, m.token).then(
      (response) => endpoint.post({ type: 'result', id: m.id, response }),
      (e: unknown) =>
        endpoint.post({
          type: 'result',
          id: m.id,
          response: {
            ok: false,
            error: {
              code: 'INTERNAL',
              zh: '收银服务内部错误',
              en: 'Internal till error',
              details: { message: String(e) },
            },
          },
        }),
    );
  });
  endpoint.post({ type: 'ready' });
}
