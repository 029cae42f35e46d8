import { describe, expect, it } from 'vitest';
import { createWedgeListener } from './wedge';

/** Feeds keys at given times; returns the scans seen and which Enters were swallowed. */
function feed(keys: [string, number][]) {
  const scans: string[] = [];
  let t = 0;
  const listener = createWedgeListener({ onScan: (c) => scans.push(c), now: () => t });
  const swallowed: boolean[] = [];
  for (const [key, at] of keys) {
    t = at;
    let prevented = false;
    const e = {
      key,
      ctrlKey: false,
      altKey: false,
      metaKey: false,
      preventDefault: () => {
        prevented = true;
      },
      stopImmediatePropagation: () => {},
    } as unknown as KeyboardEvent;
    listener(e);
    if (key === 'Enter') swallowed.push(prevented);
  }
  return { scans, swallowed };
}

const burst = (code: string, start: number, gap: number): [string, number][] => [
  ...code.split('').map((k, i): [string, number] => [k, start + i * gap]),
  ['Enter', start + code.length * gap],
];

describe('keyboard wedge', () => {
  it('takes fast digits ending in Enter as one scan and swallows its Enter', () => {
    const r = feed(burst('6901234567892', 1000, 8));
    expect(r.scans).toEqual(['6901234567892']);
    expect(r.swallowed).toEqual([true]);
  });

  it('leaves slow typing alone, so Enter still confirms', () => {
    const r = feed(burst('6901234567892', 1000, 120));
    expect(r.scans).toEqual([]);
    expect(r.swallowed).toEqual([false]);
  });

  it('starts a new code after a pause and ignores short bursts', () => {
    const r = feed([['1', 0], ['2', 5], ...burst('96385074', 500, 5), ...burst('12', 2000, 5)]);
    expect(r.scans).toEqual(['96385074']);
  });

  it('a QR text typed by the scanner never passes for a barcode, even when it ends in digits', () => {
    const digits = feed(burst('JFDP1.abc-Def_123456789', 1000, 4));
    expect(digits.scans).toEqual([]);
    expect(digits.swallowed).toEqual([false]);
  });

  it('in printable mode takes the whole text, Shift for capitals included', () => {
    const scans: string[] = [];
    let t = 0;
    const listener = createWedgeListener({ onScan: (c) => scans.push(c), now: () => t, chars: 'printable' });
    const keys: [string, number][] = [
      ['Shift', 0],
      ['J', 2],
      ['f', 6],
      ['Shift', 8],
      ['D', 10],
      ['.', 14],
      ['1', 18],
      ['2', 22],
      ['Enter', 26],
    ];
    for (const [key, at] of keys) {
      t = at;
      listener({
        key,
        ctrlKey: false,
        altKey: false,
        metaKey: false,
        preventDefault: () => {},
        stopImmediatePropagation: () => {},
      } as unknown as KeyboardEvent);
    }
    expect(scans).toEqual(['JfD.12']);
  });
});
