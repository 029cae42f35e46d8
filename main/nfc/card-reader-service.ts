import type { ApiEvents, ReaderStatus } from '../../src/api/contract';
import { type ErrorMessages, isTillError, TillError } from '../../src/errors';
import { createListeners } from '../../src/events/listeners';
import { acceptUid, type CardAuthenticator } from './card-authenticator';
import { readerMessages } from './messages';
import type { NfcPcscModule, NfcPcscReader } from './nfc-pcsc-types';
import { PcscSource, type SourceState } from './pcsc-source';
import { TapFilter } from './tap-filter';

export type CardTap = ApiEvents['card.tapped'];
export type CardRemoved = ApiEvents['card.removed'];
export type CardReaderStatus = ApiEvents['reader.status'];

export interface CardReaderEvents {
  tap: CardTap;
  removed: CardRemoved;
  status: CardReaderStatus;
}

export interface CardReaderOptions {
  /** Reader name from settings; null or absent = the first real reader by name. */
  preferredReader?: string | null;
  /** Demo mode: add the simulated reader. Never true outside demo mode. */
  simulated: boolean;
  /** First retry delay after PC/SC trouble (doubles up to 8×). Default 1000 ms. */
  retryMs?: number;
  /** How long to look for readers before saying "no reader". Default 5000 ms. */
  startupTimeoutMs?: number;
  /** The same UID re-reported without a removal within this window is not a new tap. Default 2000 ms. */
  repeatWindowMs?: number;
  authenticator?: CardAuthenticator;
  /** Replaces the dynamic import of nfc-pcsc (e.g. a bundler's own loader). */
  loadNfcPcsc?: () => Promise<NfcPcscModule>;
}

export interface CardReaderService {
  /** Subscribes; returns the unsubscribe function. */
  on<E extends keyof CardReaderEvents>(
    event: E,
    listener: (payload: CardReaderEvents[E]) => void,
  ): () => void;
  status(): CardReaderStatus;
  /** The technical reason behind the status message (PC/SC error text), for logs and the hardware check. */
  diagnostic(): string | null;
  /** Chooses the reader whose taps count (null = default). Takes effect at once, also for a reader plugged in later. */
  selectReader(name: string | null): void;
  /** Demo mode only: puts a card on the simulated reader. A card held there taps once. */
  simulateTap(uid: string): void;
  /** Demo mode only: lifts the card from the simulated reader. */
  simulateRemove(): void;
  close(): Promise<void>;
}

export const SIMULATED_READER_NAME = '模拟读卡器 (Simulated)';

interface RealReader {
  state: ReaderStatus['state'];
  /** The UID we emitted a tap for and that is still on the reader. */
  tapped: string | null;
}

export class PcscCardReaderService implements CardReaderService {
  /** The one listener registry; a listener's bug must not take the reader service (and the till) down. */
  private readonly events = createListeners<CardReaderEvents>((event, err) =>
    console.error(`nfc: a '${String(event)}' listener threw`, err),
  );
  private readonly readers = new Map<string, RealReader>();
  private readonly filter: TapFilter;
  private readonly source: PcscSource;
  private readonly authenticator: CardAuthenticator;
  private readonly startupTimer: NodeJS.Timeout;
  private preferred: string | null;
  private sourceState: SourceState = { kind: 'starting' };
  private lookingForReaders = true;
  private everSawReader = false;
  private simulatedCard: string | null = null;
  /** A passing problem with a card (unreadable, refused), cleared by the next removal or tap. */
  private cardProblem: ErrorMessages | null = null;
  private lastStatusJson = '';
  private closed = false;

  constructor(private readonly options: CardReaderOptions) {
    this.preferred = options.preferredReader ?? null;
    this.filter = new TapFilter(options.repeatWindowMs ?? 2_000);
    this.authenticator = options.authenticator ?? acceptUid;
    this.startupTimer = setTimeout(() => {
      this.lookingForReaders = false;
      this.publishStatus();
    }, options.startupTimeoutMs ?? 5_000);
    this.startupTimer.unref();
    this.source = new PcscSource(
      {
        state: (state) => {
          this.sourceState = state;
          this.publishStatus();
        },
        attached: (name) => {
          this.everSawReader = true;
          this.readers.set(name, { state: 'ready', tapped: null });
          this.publishStatus();
        },
        detached: (name) => this.readerGone(name),
        card: (name, uid, atr, transmit) => void this.cardSeen(name, uid, atr, transmit),
        cardOff: (name) => this.cardLifted(name),
        unreadable: (name) => {
          const r = this.readers.get(name);
          if (r) r.state = 'card-present';
          this.cardTrouble(name, readerMessages.readFailed);
        },
        readerError: (name) => {
          const r = this.readers.get(name);
          if (r) r.state = 'error';
          this.publishStatus();
        },
      },
      { retryMs: options.retryMs ?? 1_000, load: options.loadNfcPcsc },
    );
    this.source.start();
  }

  on<E extends keyof CardReaderEvents>(
    event: E,
    listener: (payload: CardReaderEvents[E]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  status(): CardReaderStatus {
    const active = this.activeReader();
    const readers: ReaderStatus[] = [...this.readers.keys()].sort().map((name) => ({
      name,
      simulated: false,
      state: this.readers.get(name)!.state,
      active: name === active,
    }));
    if (this.options.simulated) {
      readers.push({
        name: SIMULATED_READER_NAME,
        simulated: true,
        state: this.simulatedCard ? 'card-present' : 'ready',
        active: active === SIMULATED_READER_NAME,
      });
    }
    return { readers, message: this.message(active) };
  }

  diagnostic(): string | null {
    return 'detail' in this.sourceState ? this.sourceState.detail : null;
  }

  selectReader(name: string | null): void {
    this.preferred = name;
    this.publishStatus();
  }

  simulateTap(uid: string): void {
    this.requireSimulator();
    const normalized = uid
      .trim()
      .toUpperCase()
      .replace(/[^0-9A-F]/g, '');
    if (!/^([0-9A-F]{2}){4,10}$/.test(normalized)) {
      throw new TillError('INVALID_INPUT', readerMessages.badUid, { uid });
    }
    if (this.simulatedCard === normalized) return;
    if (this.simulatedCard) this.simulateRemove();
    this.simulatedCard = normalized;
    this.cardProblem = null;
    this.emit('tap', { uid: normalized, reader: SIMULATED_READER_NAME, simulated: true });
    this.publishStatus();
  }

  simulateRemove(): void {
    this.requireSimulator();
    if (!this.simulatedCard) return;
    this.simulatedCard = null;
    this.emit('removed', { reader: SIMULATED_READER_NAME });
    this.publishStatus();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.startupTimer);
    this.source.close();
  }

  private requireSimulator(): void {
    if (!this.options.simulated) throw new TillError('READER_UNAVAILABLE', readerMessages.simulatorOff);
  }

  /**
   * The reader whose taps count: the chosen one when attached, else the first real one
   * by name (stable whatever order PC/SC lists them), else the simulator in demo mode.
   * Simulated taps count whatever is chosen: in demo mode pressing "tap" is unambiguous.
   */
  private activeReader(): string | null {
    if (this.preferred && this.readers.has(this.preferred)) return this.preferred;
    if (this.preferred === SIMULATED_READER_NAME && this.options.simulated) return SIMULATED_READER_NAME;
    const first = [...this.readers.keys()].sort()[0];
    if (first) return first;
    return this.options.simulated ? SIMULATED_READER_NAME : null;
  }

  private async cardSeen(
    name: string,
    rawUid: string,
    atr: Buffer | null,
    transmit: NfcPcscReader['transmit'],
  ): Promise<void> {
    const reader = this.readers.get(name);
    if (!reader) return;
    reader.state = 'card-present';
    if (name !== this.activeReader()) {
      this.publishStatus();
      return;
    }
    let uid: string;
    try {
      uid = await this.authenticator.authenticate({ uid: rawUid, reader: name, atr, transmit });
    } catch (err) {
      this.cardTrouble(name, isTillError(err) ? { zh: err.zh, en: err.en } : readerMessages.rejected);
      return;
    }
    if (this.closed || this.readers.get(name) !== reader) return;
    if (this.filter.sighted(name, uid)) {
      reader.tapped = uid;
      this.cardProblem = null;
      this.emit('tap', { uid, reader: name, simulated: false });
    }
    this.publishStatus();
  }

  private cardLifted(name: string): void {
    const reader = this.readers.get(name);
    if (!reader) return;
    this.filter.removed(name);
    reader.state = 'ready';
    this.cardProblem = null;
    if (reader.tapped) {
      reader.tapped = null;
      this.emit('removed', { reader: name });
    }
    this.publishStatus();
  }

  private cardTrouble(name: string, problem: ErrorMessages): void {
    if (name === this.activeReader()) this.cardProblem = problem;
    this.publishStatus();
  }

  private readerGone(name: string): void {
    const reader = this.readers.get(name);
    if (!reader) return;
    this.readers.delete(name);
    this.filter.lost(name);
    if (reader.tapped) this.emit('removed', { reader: name });
    this.publishStatus();
  }

  private message(active: string | null): ErrorMessages | null {
    switch (this.sourceState.kind) {
      case 'binding-missing':
        return readerMessages.bindingMissing;
      case 'service-down':
        return readerMessages.serviceDown;
      case 'service-error':
        return readerMessages.serviceError;
      default:
        break;
    }
    if (this.readers.size === 0) {
      if (this.everSawReader) return readerMessages.disconnected;
      return this.lookingForReaders ? readerMessages.starting : readerMessages.noReader;
    }
    if (this.preferred && this.preferred !== active && this.preferred !== SIMULATED_READER_NAME) {
      return active
        ? readerMessages.preferredMissing(this.preferred, active)
        : readerMessages.preferredMissingNoFallback(this.preferred);
    }
    if (active && this.readers.get(active)?.state === 'error') return readerMessages.disconnected;
    return this.cardProblem;
  }

  private publishStatus(): void {
    if (this.closed) return;
    const status = this.status();
    const json = JSON.stringify(status);
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    this.emit('status', status);
  }

  /** Nothing is told after close. */
  private emit<E extends keyof CardReaderEvents>(event: E, payload: CardReaderEvents[E]): void {
    if (!this.closed) this.events.emit(event, payload);
  }
}
