import type { TillContext } from './context';
import { unlockClerk } from './session';

/** Handlers of src/api/lockout.ts, merged into createHandlers. */
export function createLockoutHandlers(ctx: TillContext) {
  return {
    'session.unlock': ({
      clerkId,
      managerId,
      managerPin,
    }: {
      clerkId: string;
      managerId: string;
      managerPin: string;
    }) => {
      unlockClerk(ctx, managerId, managerPin, clerkId);
      return { ok: true as const };
    },
  };
}
