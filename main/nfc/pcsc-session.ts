import type { NfcPcsc, NfcPcscModule, NfcPcscReader } from './nfc-pcsc-types';

/** What one nfc-pcsc instance reports, already made safe: no 'error' event escapes. */
export interface SessionHandlers {
  attached(reader: string): void;
  detached(reader: string): void;
  card(reader: string, uid: string, atr: Buffer | null, transmit: NfcPcscReader['transmit']): void;
  cardOff(reader: string): void;
  /** The card was seen but its UID could not be read (lifted too fast, odd card). */
  unreadable(reader: string, err: Error): void;
  readerError(reader: string, err: Error): void;
  /** The PC/SC context is dead (pcscd stopped or restarted): make a new session. */
  failed(err: Error): void;
}

export interface PcscSession {
  /** Readers currently attached, by name. */
  readers(): string[];
  close(): void;
}

const GET_UID = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);
/** Up to 10 UID bytes (triple-size UID) + SW1 SW2. */
const GET_UID_MAX_RESPONSE = 12;

/**
 * Creates the NFC object (throws if PC/SC refuses). Every listener stays attached after
 * close(), guarded by `closed`, because nfc-pcsc and pcsclite still emit 'error' while
 * tearing down and an 'error' without a listener would crash the process.
 */
export function openSession(mod: NfcPcscModule, h: SessionHandlers): PcscSession {
  const nfc: NfcPcsc = new mod.NFC();
  const readers = new Map<string, NfcPcscReader>();
  let closed = false;

  nfc.on('reader', (reader) => {
    const name = reader.name;
    if (closed) {
      closeQuietly(reader);
      return;
    }
    // We read the UID ourselves: nfc-pcsc's own processing refuses ISO 14443-4 cards without an AID.
    reader.autoProcessing = false;
    readers.set(name, reader);
    reader.on('card', (card) => {
      if (!closed) void readUid(name, reader, card.atr ?? null);
    });
    reader.on('card.off', () => {
      if (!closed) h.cardOff(name);
    });
    reader.on('error', (err) => {
      if (!closed) h.readerError(name, err);
    });
    reader.on('end', () => {
      readers.delete(name);
      if (!closed) h.detached(name);
    });
    h.attached(name);
  });

  nfc.on('error', (err) => {
    if (!closed) h.failed(err);
  });

  async function readUid(name: string, reader: NfcPcscReader, atr: Buffer | null): Promise<void> {
    try {
      const response = await reader.transmit(GET_UID, GET_UID_MAX_RESPONSE);
      const sw = response.length >= 2 ? response.readUInt16BE(response.length - 2) : 0;
      if (response.length < 3 || sw !== 0x9000) {
        throw new Error(`get UID answered ${response.toString('hex') || 'nothing'}`);
      }
      if (closed) return;
      const uid = response.subarray(0, -2).toString('hex').toUpperCase();
      h.card(name, uid, atr, (apdu, max) => reader.transmit(apdu, max));
    } catch (err) {
      if (!closed) h.unreadable(name, err instanceof Error ? err : new Error(String(err)));
    }
  }

  return {
    readers: () => [...readers.keys()],
    close() {
      if (closed) return;
      closed = true;
      for (const reader of readers.values()) {
        // An open card handle would keep the card busy in pcscd for whoever opens the reader next.
        if (reader.connection) reader.disconnect().catch(() => {});
        closeQuietly(reader);
      }
      readers.clear();
      closeQuietly(nfc);
    },
  };
}

function closeQuietly(x: { close(): void }): void {
  try {
    x.close();
  } catch {
    // A reader or context that already died has nothing left to release.
  }
}
