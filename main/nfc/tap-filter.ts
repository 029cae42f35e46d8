/**
 * Turns PC/SC card sightings into taps. A card held on the reader is one tap; the same
 * UID reported again on that reader without a removal in between (a reader re-sending
 * its state, the PC/SC service coming back while the card still lies there) is not a
 * new tap within `windowMs` of the last time we knew it was there. A real removal ends
 * the hold, so lift + tap again is always a new tap.
 */
export class TapFilter {
  private readonly held = new Map<string, { uid: string; seenAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this sighting is a new tap. */
  sighted(reader: string, uid: string): boolean {
    const t = this.now();
    const h = this.held.get(reader);
    const repeat = h !== undefined && h.uid === uid && t - h.seenAt < this.windowMs;
    this.held.set(reader, { uid, seenAt: t });
    return !repeat;
  }

  /** The card was lifted: the next sighting is a new tap. */
  removed(reader: string): void {
    this.held.delete(reader);
  }

  /** The reader vanished with the card maybe still on it: it was there until now. */
  lost(reader: string): void {
    const h = this.held.get(reader);
    if (h) h.seenAt = this.now();
  }
}
