import { create } from 'zustand';
import type { ConsoleSessionView } from '../../../src/console/session';
import { api, setCsrfToken } from '../api/client';

const TOWNSHIP_KEY = 'jifen-console.township';

interface SessionState {
  status: 'loading' | 'signed-out' | 'signed-in';
  session: ConsoleSessionView | null;
  /** The township the pages show (an unscoped officer may switch). */
  townshipId: string | null;
  /** Why the last sign-out happened, shown on the sign-in page. */
  notice: 'expired' | null;
  load(): Promise<void>;
  signedOut(notice?: 'expired'): void;
  chooseTownship(id: string): void;
}

export const useSession = create<SessionState>((set, get) => ({
  status: 'loading',
  session: null,
  townshipId: null,
  notice: null,
  async load() {
    try {
      const session = await api.get<ConsoleSessionView>('/session');
      setCsrfToken(session.csrf);
      const saved = localStorage.getItem(TOWNSHIP_KEY);
      const townshipId =
        session.townships.find((t) => t.id === saved)?.id ?? session.townships[0]?.id ?? null;
      set({ status: 'signed-in', session, townshipId, notice: null });
    } catch {
      set({ status: 'signed-out', session: null });
    }
  },
  signedOut(notice) {
    setCsrfToken('');
    if (get().status !== 'signed-out' || notice)
      set({ status: 'signed-out', session: null, notice: notice ?? null });
  },
  chooseTownship(id) {
    localStorage.setItem(TOWNSHIP_KEY, id);
    set({ townshipId: id });
  },
}));
