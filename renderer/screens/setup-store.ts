import { create } from 'zustand';
import type { SetupStateView } from '../../src/api/setup';
import type { TillError } from '../../src/errors';
import { till, toTillError } from '../api';

interface SetupState {
  /** Null until the till answered; the app shows nothing but the status bar until then. */
  state: SetupStateView | null;
  busy: boolean;
  error: TillError | null;
  refresh(): Promise<SetupStateView | null>;
  join(input: {
    serverUrl: string;
    code: string;
    fingerprint: string;
    tls: string | null;
    name: string;
  }): Promise<void>;
  loadFile(content: string, name: string): Promise<void>;
  clearError(): void;
}

/** Where the till stands in its first-run setup, and the two ways through it. */
export const useSetup = create<SetupState>()((set) => {
  const run = async (fn: () => Promise<SetupStateView>) => {
    set({ busy: true, error: null });
    try {
      set({ state: await fn(), busy: false });
    } catch (e) {
      set({ error: toTillError(e), busy: false });
    }
  };
  return {
    state: null,
    busy: false,
    error: null,
    async refresh() {
      try {
        const state = await till.call('setup.state', {});
        set({ state });
        return state;
      } catch (e) {
        set({ error: toTillError(e) });
        return null;
      }
    },
    join: (input) => run(() => till.call('setup.join', input)),
    loadFile: (content, name) => run(() => till.call('setup.loadFile', { content, name })),
    clearError: () => set({ error: null }),
  };
});
