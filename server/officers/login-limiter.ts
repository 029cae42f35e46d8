/**
 * Slows password guessing: after 5 failures for one user name within 15 minutes, logins
 * for that name are refused until the window passes. In memory: a restart forgets it,
 * which costs an attacker a restart per 5 guesses, acceptable next to scrypt's cost.
 */
const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES = 5;

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  isLocked(username: string, now: number): boolean {
    return this.recent(username, now).length >= MAX_FAILURES;
  }

  fail(username: string, now: number): void {
    this.failures.set(username, [...this.recent(username, now), now]);
  }

  succeed(username: string): void {
    this.failures.delete(username);
  }

  private recent(username: string, now: number): number[] {
    return (this.failures.get(username) ?? []).filter((t) => now - t < WINDOW_MS);
  }
}
