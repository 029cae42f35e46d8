/**
 * The lane a test file runs in under `npm test` (scripts/test-lanes.mjs, decision 0456).
 * pcscd's socket and vpcd's card ports are one per machine, so the files that start
 * pcscd or place a card run one after another in the PC/SC lane; the lanes beside it get
 * JIFEN_TEST_LANE=no-pcscd and a PC/SC socket path that leads nowhere, so a till service
 * there sees no PC/SC service instead of another file's reader and card.
 */
export const NO_PCSCD_LANE = 'no-pcscd';

/** Fails a file that reached pcscd or vpcd although the lane runner did not put it in the PC/SC lane. */
export function refuseOutsidePcscLane(what: string): void {
  if (process.env.JIFEN_TEST_LANE !== NO_PCSCD_LANE) return;
  throw new Error(
    `${what} in a lane that runs beside the PC/SC lane. scripts/test-lanes.mjs puts a file in the ` +
      'PC/SC lane when it imports tests/support/pcscd.ts or tests/support/virtual-card.ts, directly or ' +
      'through relative imports; this file reached them another way: import them where the file can see it',
  );
}
