/**
 * Slows password guessing without letting anyone lock an officer out from elsewhere.
 * Failures count per (user name, address): the first five cost nothing, then
 * each further one doubles the wait (1 s, 2 s, 4 s ... up to 15 min) before that pair
 * may try again. One address is also limited across all names (name spraying). A login
 * from another address is never slowed by these failures. In memory: a restart forgets
 * it, which costs an attacker a restart per few guesses next to scrypt's cost.
 */
const FREE_FAILURES = 5;
const BASE_MS = 1000;
const MAX_WAIT_MS = 15 * 60 * 1000;
/** Failures one address may make across all names in a window before it must wait. */
const ADDRESS_BUDGET = 30;
const ADDRESS_WINDOW_MS = 15 * 60 * 1000;
/** Entries untouched this long are dropped, so the maps cannot grow without bound. */
const FORGET_MS = 24 * 60 * 60 * 1000;

interface Failures {
  count: number;
  last: number;
}

export class LoginLimiter {
  private readonly pairs = new Map<string, Failures>();
  private readonly addresses = new Map<string, number[]>();
  private lastSweep = 0;

  /** Milliseconds this name may not be tried from this address; 0 when it may. */
  retryAfterMs(username: string, address: string, now: number): number {
    this.sweep(now);
    const f = this.pairs.get(pairKey(username, address));
    const pairWait = f ? Math.max(0, f.last + waitAfter(f.count) - now) : 0;
    const recent = this.recentOf(address, now);
    const addressWait =
      recent.length >= ADDRESS_BUDGET ? recent[recent.length - ADDRESS_BUDGET]! + ADDRESS_WINDOW_MS - now : 0;
    return Math.max(pairWait, addressWait);
  }

  fail(username: string, address: string, now: number): void {
    const key = pairKey(username, address);
    const f = this.pairs.get(key);
    this.pairs.set(key, { count: (f?.count ?? 0) + 1, last: now });
    this.addresses.set(address, [...this.recentOf(address, now), now]);
  }

  succeed(username: string, address: string): void {
    this.pairs.delete(pairKey(username, address));
  }

  private recentOf(address: string, now: number): number[] {
    return (this.addresses.get(address) ?? []).filter((t) => now - t < ADDRESS_WINDOW_MS);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, f] of this.pairs) if (now - f.last > FORGET_MS) this.pairs.delete(k);
    for (const [a, ts] of this.addresses)
      if (!ts.some((t) => now - t < ADDRESS_WINDOW_MS)) this.addresses.delete(a);
  }
}

const pairKey = (username: string, address: string) => `${username.toLowerCase()}\u0000${address}`;

function waitAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_WAIT_MS, BASE_MS * 2 ** (failures - FREE_FAILURES));
}
