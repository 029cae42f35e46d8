import { describe, expect, it } from 'vitest';
import { addDays, addMonths, businessDate, localDateTime, nextPeriod, startOfLocalDay } from './clock';

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
