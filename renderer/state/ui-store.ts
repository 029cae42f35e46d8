import { create } from 'zustand';

export type Dialog = 'menu' | 'void' | 'return' | 'shift-close' | null;

interface UiState {
  dialog: Dialog;
  open(dialog: Dialog): void;
  close(): void;
}

/** Which dialog is over the counter; only one at a time. */
export const useUi = create<UiState>()((set) => ({
  dialog: null,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));
