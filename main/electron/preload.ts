/**
 * The only bridge between the sandboxed page and the till: `window.till = { call, on }`,
 * the same TillApiClient the browser transport implements. No Node, no ipcRenderer,
 * nothing else crosses. Errors cross as JSON in the message, because contextBridge
 * keeps only an Error's message.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type {
  ApiEventName,
  ApiEvents,
  ApiName,
  ApiParams,
  ApiResponse,
  ApiResults,
  TillApiClient,
} from '../../src/api/contract';
import { createListeners } from '../../src/events/listeners';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

// One IPC subscription feeds the shared registry; listeners come and go in it.
const listeners = createListeners<ApiEvents>();
ipcRenderer.on(EVENT_CHANNEL, (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
  listeners.emit(name as ApiEventName, payload as ApiEvents[ApiEventName]);
});

const bridge: TillApiClient = {
  async call<K extends ApiName>(name: K, params: ApiParams<K>): Promise<ApiResults[K]> {
    const response = (await ipcRenderer.invoke(CALL_CHANNEL, name, params)) as ApiResponse<K>;
    if (response.ok) return response.result;
    throw new Error(JSON.stringify(response.error));
  },
  on: listeners.on,
};

contextBridge.exposeInMainWorld('till', bridge);
