import type { ApiEventName, ApiEvents, ApiName, ApiResponse } from '../../src/api/contract';

/**
 * What a transport needs from the till service. The till service (main/till) satisfies
 * it structurally; transports depend on this narrow port so the HTTP host, the Electron
 * bridge and the child-process entry stay the same whatever the service grows into.
 */
export interface TillServicePort {
  call<K extends ApiName>(name: K, params: unknown, token: string | null): Promise<ApiResponse<K>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): unknown;
  /** Whether a session token is still logged in, without counting as activity (event sockets). */
  sessionLive?(token: string): boolean;
  close(): Promise<void> | void;
}

export const EVENT_NAMES: readonly ApiEventName[] = [
  'card.tapped',
  'card.removed',
  'reader.status',
  'printer.status',
  'sync.status',
];
