import { type CardTap, createCardReaderService } from '../main/nfc';
import { startPcscd, waitFor } from '../tests/support/pcscd';
import { placeCard } from '../tests/support/virtual-card';

/**
 * Card placed → 'tap' event, through the real pcscd + vpcd + nfc-pcsc (needs root's
 * pcscd packages, like the tests; stops any pcscd it started). Two figures per tap:
 *  - placed: from the virtual card's TCP connect, as a card touching the reader;
 *    includes waiting for pcscd's presence poll (about every 400 ms with vpcd);
 *  - seen: from pcscd's poll asking the card for its ATR, i.e. roughly when PC/SC
 *    reports the card (connect, power-up, get-UID APDU, our events). vpcd 3.3 writes
 *    the length and the body of each message separately, so with Nagle on its side and
 *    delayed ACKs on ours most exchanges with the virtual card wait ~40 ms, which a USB
 *    reader does not;
 *  - UID answered: from the card's answer to get-UID to the event, the part of the
 *    path that is pcscd + nfc-pcsc + this service alone.
 * BENCH_NFC_TAPS overrides the number of taps (default 200).
 */
export async function run(): Promise<void> {
  const taps = Number(process.env.BENCH_NFC_TAPS ?? 200);
  const pcscd = await startPcscd();
  const service = createCardReaderService({ simulated: false, retryMs: 100 });
  try {
    await waitFor(() => service.status().readers.some((r) => r.active), 20_000, 'a reader');
    const placed: number[] = [];
    const seen: number[] = [];
    const answered: number[] = [];
    let last: { tap: CardTap; at: number } | null = null;
    service.on('tap', (tap) => {
      last = { tap, at: performance.now() };
    });

    for (let i = 0; i < taps; i++) {
      const uid = (0x04000000 + i).toString(16).toUpperCase().padStart(8, '0');
      last = null;
      // remove() returns right after a poll; a random pause lands the next card at any
      // phase of the poll cycle, as a hand would.
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      const card = await placeCard({ uid });
      await waitFor(() => last !== null, 20_000, `tap ${i}`);
      const got = last as unknown as { tap: CardTap; at: number };
      if (got.tap.uid !== uid) throw new Error(`tap ${i}: expected ${uid}, got ${got.tap.uid}`);
      placed.push(got.at - card.placedAt);
      if (card.seenAt !== null) seen.push(got.at - card.seenAt);
      if (card.uidSentAt !== null) answered.push(got.at - card.uidSentAt);
      await card.remove();
    }

    console.log(`nfc: card placed → 'tap' event through real pcscd + vpcd, ${taps} taps`);
    console.log(`  from card placed (TCP connect):  ${figures(placed)}`);
    console.log(`  from pcscd's poll finding it:   ${figures(seen)}`);
    console.log(`  from the card's UID answer:     ${figures(answered)}`);
  } finally {
    await service.close();
    await pcscd.stop();
  }
}

function figures(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return `p50 ${at(0.5).toFixed(1)} ms  p99 ${at(0.99).toFixed(1)} ms  max ${at(1).toFixed(1)} ms`;
}
