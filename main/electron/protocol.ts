import type { ApiEventName, ApiName, ApiResponse } from '../../src/api/contract';
import type { SerializedTillError } from '../../src/errors';

/**
 * Messages between a shell (Electron main, or a Node parent) and the till service
 * process. Plain structured-cloneable objects, so the same protocol runs over an
 * Electron utility process's parentPort and over Node's child-process IPC.
 */
export type ToService =
  | { type: 'call'; id: number; name: ApiName; params: unknown; token: string | null }
  | { type: 'close' };

export type FromService =
  | { type: 'ready' }
  | { type: 'result'; id: number; response: ApiResponse<ApiName> }
  | { type: 'event'; event: ApiEventName; payload: unknown }
  | { type: 'fatal'; error: SerializedTillError };

/** One end of the channel, whatever carries it. */
export interface Endpoint<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
