import { create } from 'zustand';
import type { ApiEvents, PrinterStatusView, SyncStatusView, TillStatus } from '../../src/api/contract';
import { till } from '../api';

interface StatusState {
  till: TillStatus | null;
  refresh(): Promise<void>;
  setReaders(e: ApiEvents['reader.status']): void;
  setPrinter(p: PrinterStatusView): void;
  setSync(s: SyncStatusView): void;
}

/** Reader, printer and sync status: loaded once, then kept fresh by pushed events. */
export const useStatus = create<StatusState>()((set, get) => ({
  till: null,
  async refresh() {
    try {
      set({ till: await till.call('status.get', {}) });
    } catch {
      // No answer: the heartbeat (service-health.ts) says so on the status bar.
    }
  },
  setReaders(e) {
    const t = get().till;
    if (t) set({ till: { ...t, readers: e.readers, readerMessage: e.message } });
  },
  setPrinter(printer) {
    const t = get().till;
    if (t) set({ till: { ...t, printer } });
  },
  setSync(sync) {
    const t = get().till;
    if (t) set({ till: { ...t, sync } });
  },
}));
