import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { parseYuan } from '../../src/money';
import { toTillError } from '../api';
import { fromTillError, type Refusal } from '../state/refusal';

export type StockTab = 'receive' | 'count' | 'writeOff' | 'products' | 'reports' | 'files';

interface StockNav {
  /** The stock screens are on (managers come from the menu; stockkeepers start here). */
  open: boolean;
  tab: StockTab;
  /** A barcode the products tab should open (a scan of an unknown code elsewhere). */
  editBarcode: string | null;
  show(tab?: StockTab): void;
  hide(): void;
  editNew(barcode: string): void;
}

export const useStockNav = create<StockNav>()((set) => ({
  open: false,
  tab: 'receive',
  editBarcode: null,
  show: (tab) => set((s) => ({ open: true, tab: tab ?? s.tab })),
  hide: () => set({ open: false }),
  editNew: (barcode) => set({ tab: 'products', editBarcode: barcode }),
}));

type ScanHandler = (code: string) => void;
let current: ScanHandler | null = null;

/** The stock screen's wedge hands each scan to the tab on screen. */
export function dispatchStockScan(code: string): void {
  current?.(code);
}

/** Registers the tab's scan handler while it is mounted (the latest closure wins). */
export function useStockScan(handler: ScanHandler): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const h: ScanHandler = (code) => ref.current(code);
    current = h;
    return () => {
      if (current === h) current = null;
    };
  }, []);
}

/** Runs a till call and turns a refusal into something the screen shows. */
export async function attempt<T>(
  fn: () => Promise<T>,
  onRefusal: (r: Refusal | null) => void,
): Promise<T | null> {
  onRefusal(null);
  try {
    return await fn();
  } catch (e) {
    onRefusal(fromTillError(toTillError(e)));
    return null;
  }
}

/** "12.50" → 1250 fen; NaN when it is not an amount (the till then words the refusal). */
export function yuanToFen(text: string): number {
  try {
    return parseYuan(text);
  } catch {
    return Number.NaN;
  }
}
