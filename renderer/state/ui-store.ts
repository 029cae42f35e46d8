import { create } from 'zustand';

export type Dialog =
  | 'menu'
  | 'void'
  | 'return'
  | 'shift-close'
  | 'hardware'
  | 'report-lost'
  | 'overdrafts'
  | 'points'
  | 'settings'
  | 'card-issue'
  | 'pin-reset'
  | null;

/** Dialogs that take a card tap for themselves: no household opens behind them. */
export const TAP_TAKING_DIALOGS: ReadonlySet<Dialog> = new Set([
  'hardware',
  'report-lost',
  'points',
  'card-issue',
]);

export interface CapturedTap {
  uid: string;
  reader: string;
}

interface UiState {
  dialog: Dialog;
  /** The last card tapped while a tap-taking dialog was open; cleared when a dialog opens. */
  tap: CapturedTap | null;
  open(dialog: Dialog): void;
  close(): void;
  captureTap(tap: CapturedTap): void;
}

/** Which dialog is over the counter; only one at a time. */
export const useUi = create<UiState>()((set) => ({
  dialog: null,
  tap: null,
  open: (dialog) => set({ dialog, tap: null }),
  close: () => set({ dialog: null, tap: null }),
  captureTap: (tap) => set({ tap }),
}));
