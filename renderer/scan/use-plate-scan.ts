import { useEffect, useRef } from 'react';
import { looksLikePlate } from '../../src/points/door-plate';
import { createWedgeListener } from './wedge';

/** Carries a scanned door plate's text to whichever screen is open (the counter, the award screen). */
export const PLATE_EVENT = 'till-plate';

/** A door plate's QR text is far longer than any barcode: shorter bursts are left to the barcode wedge. */
const PLATE_MIN_LENGTH = 40;

/**
 * The one listener for door plates (decision 0910) read by the keyboard-wedge scanner: a fast
 * burst of printable characters ending in Enter that starts like a plate. Registered in the
 * capture phase before the barcode wedge; the till checks the signature, never the renderer.
 */
export function plateWedge(): (e: KeyboardEvent) => void {
  return createWedgeListener({
    chars: 'printable',
    minLength: PLATE_MIN_LENGTH,
    onScan(code) {
      if (looksLikePlate(code)) window.dispatchEvent(new CustomEvent(PLATE_EVENT, { detail: code.trim() }));
    },
  });
}

/** Calls `onPlate` with each plate scanned while the component is on screen. */
export function usePlateScan(onPlate: (text: string) => void): void {
  const handler = useRef(onPlate);
  handler.current = onPlate;
  useEffect(() => {
    const listener = (e: Event) => handler.current((e as CustomEvent<string>).detail);
    window.addEventListener(PLATE_EVENT, listener);
    return () => window.removeEventListener(PLATE_EVENT, listener);
  }, []);
}
