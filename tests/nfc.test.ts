import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CardReaderService,
  type CardReaderStatus,
  type CardTap,
  createCardReaderService,
  SIMULATED_READER_NAME,
} from '../main/nfc';
import { isTillError } from '../src/errors';
import { type Pcscd, requirePcscStack, startPcscd, VIRTUAL_READERS, waitFor } from './support/pcscd';
import { ISO_14443_4_ATR, type PlaceCardOptions, placeCard, type VirtualCard } from './support/virtual-card';

// The real stack: pcscd (started here) with the vpcd driver, nfc-pcsc and its native
// binding, and virtual cards over TCP. Nothing is simulated except the card itself.

const [READER_0, READER_1] = VIRTUAL_READERS;
const WAIT = 20_000;

let pcscd: Pcscd | null = null;
const services: CardReaderService[] = [];
const cards: VirtualCard[] = [];

interface Recorded {
  service: CardReaderService;
  taps: CardTap[];
  removed: string[];
  statuses: CardReaderStatus[];
}

function startService(options: Partial<Parameters<typeof createCardReaderService>[0]> = {}): Recorded {
  const service = createCardReaderService({
    simulated: false,
    retryMs: 100,
    startupTimeoutMs: 1_000,
    ...options,
  });
  services.push(service);
  const rec: Recorded = { service, taps: [], removed: [], statuses: [] };
  service.on('tap', (t) => rec.taps.push(t));
  service.on('removed', (r) => rec.removed.push(r.reader));
  service.on('status', (s) => rec.statuses.push(s));
  return rec;
}

async function place(
  uid: string,
  readerIndex = 0,
  more: Partial<PlaceCardOptions> = {},
): Promise<VirtualCard> {
  const card = await placeCard({ uid, readerIndex, ...more });
  cards.push(card);
  return card;
}

const realReaders = (s: CardReaderService) =>
  s
    .status()
    .readers.filter((r) => !r.simulated)
    .map((r) => r.name);

async function readersReady(s: CardReaderService): Promise<void> {
  await waitFor(
    () => VIRTUAL_READERS.every((name) => realReaders(s).includes(name)) && s.status().message === null,
    WAIT,
    'both virtual readers to be ready',
  );
}

beforeAll(async () => {
  requirePcscStack();
  try {
    await import('nfc-pcsc');
  } catch (err) {
    throw new Error(`the PC/SC binding does not load (${String(err)}); run: npm rebuild @pokusew/pcsclite`);
  }
  // pcscd is machine-wide: another test run may hold it for minutes (see startPcscd).
  pcscd = await startPcscd({ waitMs: 570_000 });
}, 600_000);

afterEach(async () => {
  await Promise.all(cards.splice(0).map((c) => c.remove()));
  await Promise.all(services.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await pcscd?.stop();
});

describe('NFC reader service on a real pcscd', () => {
  it('reports one tap with the upper-case UID while a card is held, and a new tap after lift and re-tap', async () => {
    const { service, taps, removed } = startService();
    await readersReady(service);
    expect(service.status().readers.find((r) => r.name === READER_0)).toMatchObject({
      simulated: false,
      state: 'ready',
      active: true,
    });

    const card = await place('04a1b2c3');
    await waitFor(() => taps.length === 1, WAIT, 'the first tap');
    expect(taps[0]).toEqual({ uid: '04A1B2C3', reader: READER_0, simulated: false });
    expect(service.status().readers.find((r) => r.name === READER_0)?.state).toBe('card-present');

    // Hold the card a while; then lift it. Events are ordered, so a repeat would show before the removal.
    await new Promise((r) => setTimeout(r, 1_500));
    await card.remove();
    await waitFor(() => removed.length === 1, WAIT, 'the removal');
    expect(taps).toHaveLength(1);
    expect(removed).toEqual([READER_0]);

    await place('04A1B2C3');
    await waitFor(() => taps.length === 2, WAIT, 'the second tap');
    expect(taps[1]).toEqual({ uid: '04A1B2C3', reader: READER_0, simulated: false });
  });

  it('reads a 7-byte UID', async () => {
    const { service, taps } = startService();
    await readersReady(service);
    await place('04112233445566');
    await waitFor(() => taps.length === 1, WAIT, 'the tap');
    expect(taps[0]?.uid).toBe('04112233445566');
  });

  it('reads the UID of an ISO 14443-4 card too (DESFire, NTAG 424 DNA)', async () => {
    const { service, taps } = startService();
    await readersReady(service);
    await place('04515A2A8B1C80', 0, { atr: ISO_14443_4_ATR });
    await waitFor(() => taps.length === 1, WAIT, 'the tap');
    expect(taps[0]?.uid).toBe('04515A2A8B1C80');
  });

  it('says so when a card cannot be read, and clears it when the card is lifted', async () => {
    const { service, taps, statuses } = startService();
    await readersReady(service);
    const card = await place('04EEEEEE', 0, { answersGetUid: false });
    await waitFor(() => service.status().message !== null, WAIT, 'the read failure to show');
    expect(service.status().message).toEqual({
      zh: '读卡失败，请把卡拿开再刷一次',
      en: 'Could not read the card: lift it and tap again',
    });
    expect(service.status().readers.find((r) => r.name === READER_0)?.state).toBe('card-present');
    await card.remove();
    await waitFor(() => service.status().message === null, WAIT, 'the message to clear');
    expect(taps).toEqual([]);
    expect(statuses.some((s) => s.message?.en.startsWith('Could not read'))).toBe(true);
  });

  it('counts only the chosen reader when two are attached', async () => {
    const { service, taps } = startService({ preferredReader: READER_1 });
    await readersReady(service);
    expect(
      service
        .status()
        .readers.filter((r) => r.active)
        .map((r) => r.name),
    ).toEqual([READER_1]);

    await place('0A0B0C0D', 0);
    await waitFor(
      () => service.status().readers.find((r) => r.name === READER_0)?.state === 'card-present',
      WAIT,
      'the card on the other reader to be seen',
    );
    await place('01020304', 1);
    await waitFor(() => taps.length === 1, WAIT, 'the tap on the chosen reader');
    expect(taps).toEqual([{ uid: '01020304', reader: READER_1, simulated: false }]);

    // Switching back to the default makes the first reader (by name) count again.
    service.selectReader(null);
    expect(
      service
        .status()
        .readers.filter((r) => r.active)
        .map((r) => r.name),
    ).toEqual([READER_0]);
    await Promise.all(cards.splice(0).map((c) => c.remove()));
    await place('0A0B0C0D', 0);
    await waitFor(() => taps.length === 2, WAIT, 'the tap on the first reader');
    expect(taps[1]).toEqual({ uid: '0A0B0C0D', reader: READER_0, simulated: false });
  });

  it('says when the chosen reader is not plugged in and uses the first one meanwhile', async () => {
    const { service, taps } = startService({ preferredReader: 'ACS ACR122U 00 00' });
    await waitFor(() => realReaders(service).length === 2, WAIT, 'the readers');
    expect(service.status().message?.zh).toContain('所选读卡器“ACS ACR122U 00 00”未连接');
    await place('0C0C0C0C', 0);
    await waitFor(() => taps.length === 1, WAIT, 'the tap');
    expect(taps[0]?.reader).toBe(READER_0);
  });

  it('shows a clearly labelled simulated reader only in demo mode', async () => {
    const demo = startService({ simulated: true });
    await readersReady(demo.service);
    const sim = demo.service.status().readers.find((r) => r.simulated);
    expect(sim).toEqual({ name: SIMULATED_READER_NAME, simulated: true, state: 'ready', active: false });
    demo.service.simulateTap('04:aa:bb:cc');
    demo.service.simulateTap('04AABBCC');
    demo.service.simulateRemove();
    expect(demo.taps).toEqual([{ uid: '04AABBCC', reader: SIMULATED_READER_NAME, simulated: true }]);
    expect(demo.removed).toEqual([SIMULATED_READER_NAME]);
    expect(() => demo.service.simulateTap('xyz')).toThrow(/4 to 10 bytes/);

    const real = startService({ simulated: false });
    expect(real.service.status().readers.some((r) => r.simulated)).toBe(false);
    let error: unknown;
    try {
      real.service.simulateTap('04AABBCC');
    } catch (err) {
      error = err;
    }
    expect(isTillError(error) && error.code).toBe('READER_UNAVAILABLE');
    expect(real.taps).toEqual([]);
  });

  it('keeps running while pcscd is stopped or crashes, says so, and recovers by itself each time', async () => {
    const { service, taps } = startService();
    await readersReady(service);

    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    try {
      for (const [round, signal] of (['SIGTERM', 'SIGKILL'] as const).entries()) {
        await stopAndRecover(signal, round);
      }
    } finally {
      clearInterval(ticker);
    }

    async function stopAndRecover(signal: 'SIGTERM' | 'SIGKILL', round: number) {
      await pcscd?.stop({ signal, keepTurn: true });
      pcscd = null;
      await waitFor(
        () =>
          service.status().message?.en.includes('not running') === true && realReaders(service).length === 0,
        WAIT,
        'the status to say the PC/SC service is down',
      );
      expect(service.status().message?.zh).toContain('读卡服务未运行');
      expect(service.status().message?.en).toContain('reader disconnected');

      // The event loop keeps turning while the service retries against a dead pcscd.
      const before = ticks;
      await waitFor(() => ticks >= before + 10, WAIT, 'the timer to keep firing');

      pcscd = await startPcscd();
      await readersReady(service);
      const card = await place(`0D0E0A0${round}`);
      await waitFor(() => taps.length === round + 1, WAIT, 'a tap after recovery');
      expect(taps[round]).toEqual({ uid: `0D0E0A0${round}`, reader: READER_0, simulated: false });
      await card.remove();
    }
  });

  it('starts while pcscd is down without freezing, then finds the readers once it runs', async () => {
    await pcscd?.stop({ keepTurn: true });
    pcscd = null;
    const { service, taps } = startService();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    try {
      await waitFor(
        () => service.status().message?.en.includes('not running') === true,
        WAIT,
        'service-down status',
      );
      const before = ticks;
      await waitFor(() => ticks >= before + 10, WAIT, 'the timer to keep firing');

      pcscd = await startPcscd();
      await readersReady(service);
      await place('04C0FFEE');
      await waitFor(() => taps.length === 1, WAIT, 'a tap');
      expect(taps[0]?.uid).toBe('04C0FFEE');
    } finally {
      clearInterval(ticker);
    }
  });

  it('runs without the PC/SC binding, says what to install, and keeps the demo reader working', async () => {
    const missing = 'nfc-pcsc-is-not-installed-here';
    const { service, taps } = startService({
      simulated: true,
      loadNfcPcsc: () => import(/* @vite-ignore */ missing),
    });
    await waitFor(
      () => service.status().message?.en.startsWith('Card reader support') === true,
      WAIT,
      'status',
    );
    expect(service.status().message?.zh).toContain(
      'apt-get install -y pcscd libpcsclite-dev，然后运行 npm rebuild @pokusew/pcsclite，再重启收银台',
    );
    expect(service.diagnostic()).toContain(missing);
    expect(service.status().readers).toEqual([
      { name: SIMULATED_READER_NAME, simulated: true, state: 'ready', active: true },
    ]);
    service.simulateTap('04AABBCC');
    expect(taps).toEqual([{ uid: '04AABBCC', reader: SIMULATED_READER_NAME, simulated: true }]);
  });

  it('says "no reader" when pcscd runs but has no reader', async () => {
    await pcscd?.stop({ keepTurn: true });
    pcscd = await startPcscd({ virtualReaders: false });
    try {
      const { service, statuses } = startService({ startupTimeoutMs: 500 });
      expect(service.status().message?.en).toBe('Looking for card readers…');
      await waitFor(() => service.status().message?.zh === '未找到读卡器：请插上读卡器', WAIT, '"no reader"');
      expect(service.status().readers).toEqual([]);
      expect(statuses.at(-1)?.message?.en).toBe('No card reader found: plug in the reader');
    } finally {
      await pcscd.stop({ keepTurn: true });
      pcscd = await startPcscd();
    }
  });
});
