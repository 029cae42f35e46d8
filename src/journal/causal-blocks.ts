/**
 * Card blocks from causality, not clocks (decision 0414), shared by the till
 * (main/store/causal-state.ts) and the township server (server/cards/effects.ts). A block
 * or lost report stays until an unblock names it by entry id; an unblock that names
 * nothing (older versions) lifts what the applying side holds open at that moment. The
 * card shows the newest open block; with none open it is active. A replacement is final.
 */
export interface HeldBlock {
  entryId: string;
  status: 'blocked' | 'lost';
  reason: string;
  at: number;
}

/** The block entries an unblock lifts: the ones it names, else every one open now. */
export function liftedBy(named: readonly string[] | undefined, open: readonly string[]): readonly string[] {
  return named ?? open;
}

/** The block in force among the open ones: the newest by time, ties by entry id; null when none. */
export function blockInForce(open: readonly HeldBlock[]): HeldBlock | null {
  let top: HeldBlock | null = null;
  for (const b of open) {
    if (!top || b.at > top.at || (b.at === top.at && b.entryId > top.entryId)) top = b;
  }
  return top;
}
