/**
 * pcscd is machine-wide: a test file may wait for another run's turn (startPcscd) before
 * it can start, so set-up hooks that start pcscd get this long.
 */
export const PCSCD_TURN_TIMEOUT = 600_000;
