/** The part of nfc-pcsc (untyped JavaScript) this module uses. */
export interface NfcPcscReader {
  readonly name: string;
  autoProcessing: boolean;
  on(event: 'card', listener: (card: { atr?: Buffer }) => void): this;
  on(event: 'card.off', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'end', listener: () => void): this;
  /** Non-null while nfc-pcsc holds a card connection (SCardConnect handle). */
  connection: unknown;
  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  disconnect(): Promise<boolean>;
  close(): void;
}

export interface NfcPcsc {
  on(event: 'reader', listener: (reader: NfcPcscReader) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  close(): void;
}

export interface NfcPcscModule {
  NFC: new () => NfcPcsc;
}
