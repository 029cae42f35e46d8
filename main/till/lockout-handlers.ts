import type { TillContext } from './context';
import { unlockClerk } from './session';

/** Recorded when the screen gives no reason (an older client). */
const DEFAULT_REASON = '店长解锁 / manager unlock';

/** Handlers of src/api/lockout.ts, merged into createHandlers. */
export function createLockoutHandlers(ctx: TillContext) {
  return {
    'session.unlock': ({
      clerkId,
      managerId,
      managerPin,
      reason,
    }: {
      clerkId: string;
      managerId: string;
      managerPin: string;
      reason?: string | undefined;
    }) => {
      unlockClerk(ctx, managerId, managerPin, clerkId, reason ?? DEFAULT_REASON);
      return { ok: true as const };
    },
  };
}
