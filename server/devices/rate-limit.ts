/**
 * Requests per key (a device id, or the caller's address for enrolment) in a sliding
 * minute. A till syncs a few times a minute at most; a key far above that is a broken or
 * hostile client, refused before any database work.
 */
export class RateLimit {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(private readonly perMinute: number) {}

  /** Records a hit; false when the key is over its budget. */
  allow(key: string, now: number): boolean {
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      for (const [k, v] of this.hits) if (v.every((t) => now - t >= 60_000)) this.hits.delete(k);
    }
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    return true;
  }
}
