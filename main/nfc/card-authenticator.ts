/** A card as the reader presents it, before the till trusts it. */
export interface PresentedCard {
  /** Upper-case hex, as the reader's get-UID command returned it. */
  uid: string;
  reader: string;
  atr: Buffer | null;
  /** Sends an APDU to the card on the reader; the answer includes the status word. */
  transmit(apdu: Buffer, maxResponseLength: number): Promise<Buffer>;
}

/**
 * Decides which UID names the card, or refuses it (throw a TillError). Today every card
 * is accepted by its UID, which can be cloned; NTAG 424 DNA (SUN message: verify the
 * AES CMAC, refuse a tap counter already seen) plugs in here without touching the rest.
 */
export interface CardAuthenticator {
  authenticate(card: PresentedCard): Promise<string>;
}

export const acceptUid: CardAuthenticator = {
  authenticate: async (card) => card.uid,
};
