import { z } from 'zod';
import { businessDate, localTime, zonedParts } from '../clock';

/**
 * A shop's redemption schedule (ARCHITECTURE: weekdays and/or date ranges, times of
 * day; default always open). Villages redeem "one quarter, one redemption" or on
 * Fridays; the till refuses outside the window and says when it opens.
 */
export const RedemptionWindowSchema = z.object({
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: z.array(z.number().int().min(1).max(7)).max(7).optional(),
  /** Inclusive date ranges "YYYY-MM-DD". */
  ranges: z
    .array(
      z.object({
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      }),
    )
    .max(100)
    .optional(),
  /** Times of day "HH:MM", from inclusive, to exclusive. */
  hours: z
    .object({ from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) })
    .optional(),
});
export type RedemptionWindow = z.infer<typeof RedemptionWindowSchema>;

export interface LocalMoment {
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** "HH:MM". */
  time: string;
}

export function localMoment(ms: number, timeZone: string): LocalMoment {
  return {
    date: businessDate(ms, timeZone),
    weekday: zonedParts(ms, timeZone).weekday,
    time: localTime(ms, timeZone),
  };
}

export function isWindowOpen(window: RedemptionWindow | null, at: LocalMoment): boolean {
  if (!window) return true;
  if (window.weekdays && window.weekdays.length > 0 && !window.weekdays.includes(at.weekday)) return false;
  if (
    window.ranges &&
    window.ranges.length > 0 &&
    !window.ranges.some((r) => r.from <= at.date && at.date <= r.to)
  ) {
    return false;
  }
  if (window.hours && !(window.hours.from <= at.time && at.time < window.hours.to)) return false;
  return true;
}

const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WEEKDAY_EN = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The schedule in words, for the refusal message. */
export function describeWindow(window: RedemptionWindow): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  if (window.weekdays?.length) {
    zh.push(window.weekdays.map((d) => WEEKDAY_ZH[d]).join('、'));
    en.push(window.weekdays.map((d) => WEEKDAY_EN[d]).join(', '));
  }
  if (window.ranges?.length) {
    zh.push(window.ranges.map((r) => `${r.from} 至 ${r.to}`).join('；'));
    en.push(window.ranges.map((r) => `${r.from} to ${r.to}`).join('; '));
  }
  if (window.hours) {
    zh.push(`${window.hours.from}–${window.hours.to}`);
    en.push(`${window.hours.from}–${window.hours.to}`);
  }
  return { zh: zh.join(' ') || '不限', en: en.join(' ') || 'always' };
}
