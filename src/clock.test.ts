import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  businessDate,
  localDateTime,
  nextPeriod,
  startOfLocalDay,
  zonedParts,
} from './clock';

describe('business time (Asia/Shanghai)', () => {
  it('puts an instant on the Shanghai calendar day, not UTC', () => {
    // 2026-11-30 17:30 UTC is already 1 December in Shanghai.
    expect(businessDate(Date.UTC(2026, 10, 30, 17, 30))).toBe('2026-12-01');
    expect(localDateTime(Date.UTC(2026, 10, 30, 17, 30))).toBe('2026-12-01 01:30:00');
  });

  it('does calendar arithmetic for suspensions and periods', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(nextPeriod('2026-12')).toBe('2027-01');
  });
});

describe('zoned days', () => {
  it('finds the first instant of a Shanghai day', () => {
    expect(startOfLocalDay('2026-12-01')).toBe(Date.UTC(2026, 10, 30, 16));
    expect(businessDate(startOfLocalDay('2026-12-01'))).toBe('2026-12-01');
    expect(businessDate(startOfLocalDay('2026-12-01') - 1)).toBe('2026-11-30');
  });
});

describe('zoned fields without Intl per call (decision 0486)', () => {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const intl = (ms: number, timeZone: string) => {
    const p: Record<string, string> = {};
    const f =
      formatters.get(timeZone) ??
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
        hourCycle: 'h23',
      });
    formatters.set(timeZone, f);
    for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
    const two = (n: string | undefined) => (n ?? '').padStart(2, '0');
    return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} ${p.weekday}`;
  };
  const ours = (ms: number, timeZone: string) => {
    const z = zonedParts(ms, timeZone);
    return `${localDateTime(ms, timeZone)} ${['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][z.weekday]}`;
  };

  it('agrees with Intl around every offset change of zones with odd ones, and on random instants', () => {
    // Shanghai's summer time 1986–91, half-hour and 45-minute offsets, a day skipped (Apia
    // 2011, Kiritimati 1995), Ramadan breaks (Casablanca), and the zones a township may name.
    const zones = [
      'Asia/Shanghai',
      'Asia/Urumqi',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Africa/Casablanca',
      'America/Santiago',
      'Asia/Kathmandu',
      'Pacific/Apia',
      'Pacific/Kiritimati',
    ];
    const years = [1986, 1991, 1994, 2011, 2024];
    const day = 86_400_000;
    let checked = 0;
    const wrong: string[] = [];
    const check = (u: number, zone: string) => {
      if (ours(u, zone) !== intl(u, zone))
        wrong.push(`${zone} ${new Date(u).toISOString()}: ${ours(u, zone)}`);
      checked++;
    };
    let changes = 0;
    let rnd = 7;
    for (const zone of zones) {
      for (const year of years) {
        const wall = (ms: number) => new Date(`${intl(ms, zone).slice(0, 19).replace(' ', 'T')}Z`).getTime();
        const offset = (ms: number) => wall(ms) - Math.floor(ms / 1000) * 1000;
        for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += day) {
          if (offset(t) === offset(t + day)) continue;
          // The offset changes this day: find the instant to the second, then walk around it.
          let [lo, hi] = [t, t + day];
          while (hi - lo > 1000) {
            const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
            if (offset(mid) === offset(lo)) lo = mid;
            else hi = mid;
          }
          changes++;
          for (const d of [-61_000, -1000, -1, 0, 1, 999, 1000, 59_000]) check(hi + d, zone);
          for (let u = hi - 7_200_000; u < hi + 7_200_000; u += 127_000) check(u, zone);
          for (let u = t; u < t + day; u += 1_020_000) check(u, zone);
        }
        for (let i = 0; i < 200; i++) {
          rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
          const u = Date.UTC(year, 0, 1) + (rnd % 365) * day + ((rnd >>> 3) % day);
          check(u, zone);
        }
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(changes).toBeGreaterThan(60);
    expect(checked).toBeGreaterThan(20_000);
  });
});
