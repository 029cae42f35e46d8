import { localDateTime } from '../../src/clock';
import { formatPoints } from '../../src/money/points';

/** Hundredths → "12.5"; the one place screens turn points into text. */
export const pts = (hundredths: number): string => formatPoints(hundredths);
export const when = (ms: number): string => localDateTime(ms);
