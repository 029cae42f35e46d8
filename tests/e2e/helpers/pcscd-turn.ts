import { type Pcscd, startPcscd } from '../../support/pcscd';

/**
 * pcscd's socket is machine-wide, so only one test file can own a pcscd at a time.
 * When another test run holds it, wait for our turn (up to `waitMs`) instead of failing.
 */
export async function startPcscdWhenFree(waitMs = 240_000): Promise<Pcscd> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await startPcscd();
    } catch (e) {
      const busy = e instanceof Error && e.message.includes('another pcscd is already serving');
      if (!busy || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
