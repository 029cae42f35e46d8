import { businessDate, nextPeriod } from '../../src/clock';

/**
 * First instant (ms) of the month after `period` in the township's zone. Found by
 * correcting a UTC guess with the zone's offset, so it holds for any zone Intl knows.
 */
export function periodCutoff(period: string, timeZone: string): number {
  const [y, m] = nextPeriod(period).split('-').map(Number) as [number, number];
  const utcMidnight = Date.UTC(y, m - 1, 1);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(utcMidnight));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const localAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const cutoff = utcMidnight - (localAsUtc - utcMidnight);
  return businessDate(cutoff, timeZone).endsWith('-01') ? cutoff : utcMidnight;
}

export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
