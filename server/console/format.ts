import { localDateTime } from '../../src/clock';
import { formatYuan } from '../../src/money/fen';
import { formatPoints } from '../../src/money/points';

/** The console's one way to turn values into text (township time, points, yuan). */
export const pts = (hundredths: number): string => formatPoints(hundredths);
export const yuan = (fen: number): string => `¥${formatYuan(fen)}`;
export const when = (ms: number | null, timeZone?: string): string =>
  ms === null ? '—' : localDateTime(ms, timeZone);
/** A clock offset as "+3 min" / "−40 s"; small offsets are normal network jitter. */
export function offset(ms: number | null): string {
  if (ms === null) return '—';
  const sign = ms >= 0 ? '+' : '−';
  const a = Math.abs(ms);
  if (a < 60_000) return `${sign}${Math.round(a / 1000)} s`;
  if (a < 3_600_000) return `${sign}${Math.round(a / 60_000)} min`;
  return `${sign}${(a / 3_600_000).toFixed(1)} h`;
}
