/**
 * Tells a barcode scanner (keyboard wedge) from a person typing: a scanner sends its
 * digits with gaps under ~30 ms and ends with Enter; nobody types eight digits that fast.
 * Listen in the capture phase so the terminating Enter never reaches the confirm button.
 * Gaps are measured between the keys' own timestamps (when the input arrived), not
 * between handler runs: a till busy redrawing a long cart runs the handlers late and
 * far apart, and a scan must not then read as typing.
 */
export interface WedgeOptions {
  onScan(code: string): void;
  maxGapMs?: number;
  minLength?: number;
  /** The time of a key, in ms; default the event's own timestamp. */
  now?: (e: KeyboardEvent) => number;
  /** Which keys a scan is made of: digits (barcodes, default) or any printable character (a QR's text). */
  chars?: 'digits' | 'printable';
}

export function createWedgeListener(options: WedgeOptions): (e: KeyboardEvent) => void {
  const maxGap = options.maxGapMs ?? 30;
  const minLength = options.minLength ?? 6;
  const now = options.now ?? ((e: KeyboardEvent) => e.timeStamp || performance.now());
  const accepts =
    options.chars === 'printable'
      ? (k: string) => k.length === 1
      : (k: string) => k.length === 1 && k >= '0' && k <= '9';
  let buffer = '';
  let last = 0;
  /** The burst also had keys this wedge does not take (a QR's text): its digits are not a barcode. */
  let mixed = false;

  return (e: KeyboardEvent) => {
    // A scanner holds Shift for capitals: the modifier alone is part of the burst, not a break.
    if (e.key === 'Shift') return;
    const t = now(e);
    const fast = t - last <= maxGap;
    const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
    if (accepts(e.key) && plain) {
      buffer = fast ? buffer + e.key : e.key;
      mixed = fast && mixed;
      last = t;
      return;
    }
    if (e.key.length === 1 && plain) {
      mixed = true;
      buffer = '';
      last = t;
      return;
    }
    if (e.key === 'Enter' && fast && !mixed && buffer.length >= minLength) {
      const code = buffer;
      buffer = '';
      e.preventDefault();
      e.stopImmediatePropagation();
      options.onScan(code);
      return;
    }
    buffer = '';
    mixed = false;
  };
}
