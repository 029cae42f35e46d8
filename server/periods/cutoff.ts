import { nextPeriod, startOfLocalDay } from '../../src/clock';

/** First instant (ms) of the month after `period` in the township's zone. */
export function periodCutoff(period: string, timeZone: string): number {
  return startOfLocalDay(`${nextPeriod(period)}-01`, timeZone);
}

export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
