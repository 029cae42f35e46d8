/**
 * NFC card readers for the till service (PC/SC through nfc-pcsc).
 *
 *   const readers = createCardReaderService({ preferredReader: settings.reader, simulated: demo });
 *   readers.on('tap', ({ uid, reader, simulated }) => ...);   // uid: upper-case hex
 *   readers.on('removed', ({ reader }) => ...);
 *   readers.on('status', ({ readers, message }) => ...);       // message: { zh, en } | null
 *   readers.selectReader('ACS ACR1252 1S CL Reader [ACR1252 Dual Reader PICC] 00 00');
 *   await readers.close();
 *
 * Events map one-to-one onto the till API events 'card.tapped', 'card.removed' and
 * 'reader.status'. The service never throws or emits 'error' for hardware trouble:
 * a missing binding, pcscd down or restarted, a reader unplugged all become a status
 * message in plain words, and it keeps retrying by itself (a binding installed later
 * needs a restart: Node caches the failed import). Only simulateTap and
 * simulateRemove throw (a TillError) when called outside demo mode or with a bad UID.
 *
 * The hardware check (doctor) creates one with { simulated: false }, prints status()
 * (readers, message) and diagnostic() (the PC/SC error behind it), then waits for a tap.
 */
import { type CardReaderOptions, type CardReaderService, PcscCardReaderService } from './card-reader-service';

export type { CardAuthenticator, PresentedCard } from './card-authenticator';
export { acceptUid } from './card-authenticator';
export type {
  CardReaderEvents,
  CardReaderOptions,
  CardReaderService,
  CardReaderStatus,
  CardRemoved,
  CardTap,
} from './card-reader-service';
export { SIMULATED_READER_NAME } from './card-reader-service';
export { readerMessages } from './messages';

export function createCardReaderService(options: CardReaderOptions): CardReaderService {
  return new PcscCardReaderService(options);
}
