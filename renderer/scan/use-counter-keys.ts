import { useEffect } from 'react';
import { useCounter } from '../state/counter-store';
import { useSession } from '../state/session-store';
import { useUi } from '../state/ui-store';
import { PLATE_EVENT, plateWedge } from './use-plate-scan';
import { createWedgeListener } from './wedge';

export const SCAN_EVENT = 'till-scan';

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');
}

/** Marked `data-own-enter`: a button whose Enter must not confirm (e.g. "yes, cancel this cart"). */
function keepsEnter(target: EventTarget | null): boolean {
  return !!(target as HTMLElement | null)?.closest?.('[data-own-enter]');
}

/**
 * The counter works from the keyboard alone: scanner input anywhere, Enter confirms (or
 * moves on), +/− and Delete act on the selected line, arrows move the selection, F2 or /
 * jumps to search. While the cart is on screen Enter confirms even when a button has the
 * focus: a clicked product tile keeps it, and Enter pressing the tile again would add
 * another unit to the villager's bill.
 */
export function useCounterKeys(): void {
  useEffect(() => {
    const wedge = createWedgeListener({
      onScan(code) {
        if (useUi.getState().dialog) return;
        window.dispatchEvent(new CustomEvent(SCAN_EVENT, { detail: code }));
        void useCounter.getState().scan(code);
      },
    });
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || useUi.getState().dialog) return;
      const s = useCounter.getState();
      if (e.key === 'F2' || (e.key === '/' && !typing(e.target))) {
        e.preventDefault();
        document.getElementById('product-search')?.focus();
        return;
      }
      if (typing(e.target)) return;
      if (s.phase === 'done' || s.phase === 'refused') {
        if (e.key === 'Enter' || e.key === 'Escape') {
          e.preventDefault();
          s.next();
        }
        return;
      }
      if (s.phase !== 'cart') return;
      const index = s.lines.findIndex((l) => l.product.id === s.selected);
      const line = s.lines[index];
      if (e.key === 'Enter') {
        if (keepsEnter(e.target)) return;
        e.preventDefault();
        void s.commit();
      } else if ((e.key === '+' || e.key === '=') && line) {
        e.preventDefault();
        s.setQty(line.product.id, line.qty + 1);
      } else if (e.key === '-' && line) {
        e.preventDefault();
        s.setQty(line.product.id, line.qty - 1);
      } else if (e.key === 'Delete' && line) {
        e.preventDefault();
        s.remove(line.product.id);
      } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
        const next = s.lines[index + (e.key === 'ArrowUp' ? -1 : 1)];
        if (next) {
          e.preventDefault();
          s.select(next.product.id);
        }
      }
    };
    // A door plate at the counter, when a villager forgot the card (decision 0910).
    const plates = plateWedge();
    const onPlate = (e: Event) => {
      const { clerk, shift } = useSession.getState();
      if (useUi.getState().dialog || !clerk || !shift || shift.closedAt) return;
      void useCounter.getState().plateScanned((e as CustomEvent<string>).detail);
    };
    window.addEventListener('keydown', plates, true);
    window.addEventListener('keydown', wedge, true);
    window.addEventListener('keydown', onKey);
    window.addEventListener(PLATE_EVENT, onPlate);
    return () => {
      window.removeEventListener('keydown', plates, true);
      window.removeEventListener('keydown', wedge, true);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(PLATE_EVENT, onPlate);
    };
  }, []);
}
