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
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

const bridge: TillApiClient = {
  async call<K extends ApiName>(name: K, params: ApiParams<K>): Promise<ApiResults[K]> {
    const response = (await ipcRenderer.invoke(CALL_CHANNEL, name, params)) as ApiResponse<K>;
    if (response.ok) return response.result;
    throw new Error(JSON.stringify(response.error));
  },
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as ApiEvents[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('till', bridge);
