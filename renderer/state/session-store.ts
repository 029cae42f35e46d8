import { create } from 'zustand';
import type { ClerkView, ShiftSummary } from '../../src/api/contract';
import type { TillError } from '../../src/errors';
import { onSessionLost, till, toTillError } from '../api';

const CLERK_KEY = 'jifen-till.clerk';

function storedClerk(): ClerkView | null {
  try {
    const raw = sessionStorage.getItem(CLERK_KEY);
    return raw ? (JSON.parse(raw) as ClerkView) : null;
  } catch {
    return null;
  }
}

interface SessionState {
  clerks: ClerkView[];
  clerk: ClerkView | null;
  shift: ShiftSummary | null;
  /** True once we know whether a shift is open for the logged-in clerk. */
  shiftKnown: boolean;
  error: TillError | null;
  /** A PIN is being checked. Cleared in the same update that shows the answer, so the pad is ready when it shows. */
  loggingIn: boolean;
  loadClerks(): Promise<void>;
  login(clerkId: string, pin: string): Promise<boolean>;
  logout(): Promise<void>;
  /** Checks a session restored after a reload is still valid, and loads the shift. */
  resume(): Promise<void>;
  openShift(): Promise<void>;
  setShift(shift: ShiftSummary | null): void;
  sessionLost(): void;
  clearError(): void;
}

export const useSession = create<SessionState>()((set, get) => ({
  clerks: [],
  clerk: storedClerk(),
  shift: null,
  shiftKnown: false,
  error: null,
  loggingIn: false,
  async loadClerks() {
    try {
      set({ clerks: await till.call('session.clerks', {}) });
    } catch (e) {
      set({ error: toTillError(e) });
    }
  },
  async login(clerkId, pin) {
    set({ loggingIn: true });
    try {
      const { clerk } = await till.call('session.login', { clerkId, pin });
      sessionStorage.setItem(CLERK_KEY, JSON.stringify(clerk));
      set({ clerk, error: null, shiftKnown: false, loggingIn: false });
      await get().resume();
      return true;
    } catch (e) {
      set({ error: toTillError(e), loggingIn: false });
      return false;
    }
  },
  async logout() {
    try {
      await till.call('session.logout', {});
    } catch {
      // Logging out locally is what matters; the token is dropped either way.
    }
    get().sessionLost();
  },
  async resume() {
    if (!get().clerk) return;
    try {
      set({ shift: await till.call('shift.current', {}), shiftKnown: true });
    } catch (e) {
      const err = toTillError(e);
      if (err.code === 'NOT_LOGGED_IN') get().sessionLost();
      else set({ error: err, shiftKnown: true });
    }
  },
  async openShift() {
    try {
      set({ shift: await till.call('shift.open', {}), error: null });
    } catch (e) {
      set({ error: toTillError(e) });
    }
  },
  setShift(shift) {
    set({ shift });
  },
  sessionLost() {
    sessionStorage.removeItem(CLERK_KEY);
    set({ clerk: null, shift: null, shiftKnown: false });
  },
  clearError() {
    set({ error: null });
  },
}));

onSessionLost(() => {
  if (useSession.getState().clerk) useSession.getState().sessionLost();
});
