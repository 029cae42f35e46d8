import { connect, type Socket } from 'node:net';
import { refuseOutsidePcscLane } from './test-lane';

/**
 * A virtual contactless card for the vpcd driver of vsmartcard, so tests and benches
 * tap a card through the real pcscd and the real nfc-pcsc binding.
 *
 *   const card = await placeCard({ uid: '04A1B2C3', readerIndex: 0 }); // connect = card on reader
 *   ...
 *   await card.remove();                                                  // card lifted
 *
 * pcscd polls vpcd about every 400 ms: a placed card is noticed at the next poll, and
 * remove() resolves only once a poll has seen the card go, so the next card placed on
 * that reader is always a new card to pcscd. Lift cards with remove(), not by killing
 * the socket.
 * Needs a pcscd that loaded vpcd: start it with `startPcscd()` from ./pcscd.ts, which
 * also checks the Debian packages. Reader `readerIndex` n ("Virtual PCD 00 0n") listens
 * on port 35963 + n. Protocol (both ways): 2-byte big-endian length, then the bytes; a
 * 1-byte message from vpcd is a control code, anything longer is a command APDU.
 */

/** MIFARE Classic 1K as PC/SC part 3 describes it; nfc-pcsc calls it TAG_ISO_14443_3. */
export const MIFARE_CLASSIC_ATR = Buffer.from('3B8F8001804F0CA000000306030001000000006A', 'hex');

/** A contactless ISO 14443-4 card as ACS readers report one (nfc-pcsc: TAG_ISO_14443_4). */
export const ISO_14443_4_ATR = Buffer.from('3B8180018080', 'hex');

export const VPCD_BASE_PORT = 35963;

const CTRL_POWER_OFF = 0x00;
const CTRL_POWER_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_GET_ATR = 0x04;
const SW_OK = Buffer.from([0x90, 0x00]);
const SW_WRONG_PARAMS = Buffer.from([0x6a, 0x81]);

export interface PlaceCardOptions {
  /** Card UID in hex (4, 7 or 10 bytes for real cards; any even length works). */
  uid: string;
  /** Which vpcd reader: 0 = "Virtual PCD 00 00" (port 35963), 1 = "Virtual PCD 00 01" (35964). */
  readerIndex?: number;
  /** Overrides the port (default 35963 + readerIndex). */
  port?: number;
  /** Default MIFARE_CLASSIC_ATR; ISO_14443_4_ATR plays a DESFire / NTAG 424 kind of card. */
  atr?: Buffer;
  /** false: the card refuses get-UID (6A 81), like a card the reader cannot read. Default true. */
  answersGetUid?: boolean;
}

export interface VirtualCard {
  readonly uid: string;
  readonly port: number;
  /** `performance.now()` when the socket connected, i.e. when the card was "placed". */
  readonly placedAt: number;
  /** `performance.now()` when vpcd first asked for the ATR: pcscd's poll found the card. */
  readonly seenAt: number | null;
  /** `performance.now()` when the card last answered the get-UID command. */
  readonly uidSentAt: number | null;
  /** Every command APDU the reader sent, in order (hex, upper case). */
  readonly apdus: string[];
  /** Lifts the card and resolves once vpcd has dropped it, i.e. pcscd has seen it go. */
  remove(): Promise<void>;
}

/** Puts a card on a vpcd reader; resolves once the TCP connection to vpcd is up. */
export function placeCard(options: PlaceCardOptions): Promise<VirtualCard> {
  refuseOutsidePcscLane('placeCard');
  const uid = options.uid.replace(/[^0-9a-f]/gi, '').toUpperCase();
  if (uid.length === 0 || uid.length % 2 !== 0) throw new Error(`virtual card: bad UID "${options.uid}"`);
  const port = options.port ?? VPCD_BASE_PORT + (options.readerIndex ?? 0);
  const atr = options.atr ?? MIFARE_CLASSIC_ATR;
  const uidBytes = Buffer.from(uid, 'hex');
  const apdus: string[] = [];

  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let removing = false;
    let seenAt: number | null = null;
    let uidSentAt: number | null = null;
    socket.setNoDelay(true);
    let buffered = Buffer.alloc(0);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));

    const send = (payload: Buffer) => {
      const header = Buffer.alloc(2);
      header.writeUInt16BE(payload.length);
      socket.write(Buffer.concat([header, payload]));
    };

    const answer = (message: Buffer) => {
      // Lifting: hang up when pcscd's presence poll asks for the ATR, so that poll reports
      // the card gone before remove() resolves. A close at any other moment can go unseen:
      // if the next card connects before the next poll, pcscd thinks the first one stayed.
      if (removing && message.length === 1 && message[0] === CTRL_GET_ATR) {
        socket.destroy();
        return;
      }
      if (message.length === 1) {
        if (message[0] === CTRL_GET_ATR && seenAt === null) seenAt = performance.now();
        const code = message[0];
        if (code === CTRL_GET_ATR) send(atr);
        // Power on/off and reset need no answer: this card keeps no state between them.
        else if (code !== CTRL_POWER_OFF && code !== CTRL_POWER_ON && code !== CTRL_RESET) {
          socket.destroy(new Error(`virtual card: unknown control code ${code}`));
        }
        return;
      }
      apdus.push(message.toString('hex').toUpperCase());
      const isGetUid =
        message.length >= 4 && message[0] === 0xff && message[1] === 0xca && message[2] === 0x00;
      const answer = isGetUid && options.answersGetUid !== false;
      send(answer ? Buffer.concat([uidBytes, SW_OK]) : SW_WRONG_PARAMS);
      if (answer) uidSentAt = performance.now();
    };

    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        answer(message);
      }
    });

    let connected = false;
    socket.on('error', (err) => {
      // Before connecting this is "vpcd is not listening"; afterwards the card just leaves.
      if (!connected) {
        reject(
          new Error(
            `virtual card: cannot reach vpcd on 127.0.0.1:${port} (${err.message}); is pcscd running with vpcd? ` +
              'Use startPcscd() from tests/support/pcscd.ts',
          ),
        );
      }
    });

    socket.once('connect', () => {
      connected = true;
      const placedAt = performance.now();
      resolve({
        uid,
        port,
        placedAt,
        get seenAt() {
          return seenAt;
        },
        get uidSentAt() {
          return uidSentAt;
        },
        apdus,
        remove: async () => {
          if (socket.destroyed) return;
          removing = true;
          // vpcd polls about every 400 ms; if pcscd is gone or hung, just hang up.
          const fallback = setTimeout(() => socket.destroy(), 5_000);
          await closed;
          clearTimeout(fallback);
        },
      });
    });
  });
}
