import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { businessDate, lastDayOf, localDateTime, startOfLocalDay } from '../../src/clock';
import { newId } from '../../src/ids';
import { blockText, layoutReceipt, shiftReceipt } from '../../src/receipt';
import { type TillFixture, tillFixture } from '../../tests/support/till-fixture';
import { commitSale } from './checkout';
import { contextFor } from './context';
import { suspendHousehold } from './points';
import { closeShift, openShift } from './shift';

/**
 * Business time at its edges, on the till: dates are Asia/Shanghai whatever zone the
 * machine itself runs in. Each case runs with the process in UTC, New York and Shanghai;
 * a date taken from the machine's own zone anywhere on these paths fails one of them.
 */
const ZONES = [
  { tz: 'UTC', offsetMinutes: 0 },
  { tz: 'America/New_York', offsetMinutes: 300 },
  { tz: 'Asia/Shanghai', offsetMinutes: -480 },
] as const;

describe.each(ZONES)('business time with the machine in $tz', ({ tz, offsetMinutes }) => {
  const savedTz = process.env.TZ;
  let f: TillFixture;

  beforeAll(() => {
    process.env.TZ = tz;
    // Proves the zone took effect in this process (January: no daylight saving anywhere here).
    expect(new Date(Date.UTC(2027, 0, 15)).getTimezoneOffset()).toBe(offsetMinutes);
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });
  beforeEach(() => {
    f = tillFixture();
  });
  afterEach(() => f.cleanup());

  const towel = () => f.product('毛巾');
  const sell = (uid: string) =>
    commitSale(
      f.ctx,
      f.clerk,
      { saleId: newId(f.clock), cardUid: uid, lines: [{ productId: towel().id, qty: 1 }] },
      null,
    );
  const refusal = (uid: string) => {
    try {
      sell(uid);
    } catch (e) {
      return e as { code: string; zh: string; en: string };
    }
    throw new Error('checkout was not refused');
  };

  it('a suspension until 2027-02-28 inclusive refuses to the last tenth of a second and allows at 00:00 Shanghai', () => {
    // Black-listed five seconds into 1 December in Shanghai: still 30 November in UTC and New York.
    f.clock.set(startOfLocalDay('2026-12-01') + 5_000);
    const household = f.householdOf(f.cards.rich);
    const entry = suspendHousehold(f.ctx, f.cadre, { householdId: household, months: 3, reason: '违反村规' });
    expect(entry.businessDate).toBe('2026-12-01');
    expect((entry.body as { resumesOn: string }).resumesOn).toBe('2027-03-01');

    const resumes = startOfLocalDay('2027-03-01');
    f.clock.set(resumes - 100);
    expect(localDateTime(f.clock.now())).toBe('2027-02-28 23:59:59');
    const e = refusal(f.cards.rich);
    expect(e.code).toBe('HOUSEHOLD_SUSPENDED');
    expect(e.zh).toContain('暂停兑换至 2027-02-28（2027-03-01 起恢复）');
    expect(e.en).toContain('until 2027-02-28 (resumes 2027-03-01)');

    f.clock.set(resumes);
    expect(sell(f.cards.rich).totalPoints).toBe(towel().pricePoints);
  });

  it('a sale at 23:59:59.9 on the last day of a month is dated that month; the next tenth is the next month', () => {
    const midnight = startOfLocalDay('2027-03-01');
    f.clock.set(midnight - 100);
    const before = sell(f.cards.rich);
    f.clock.set(midnight);
    const after = sell(f.cards.rich);
    const dated = f.store.db
      .prepare('SELECT at, business_date AS businessDate FROM journal WHERE id IN (?, ?) ORDER BY seq')
      .all(before.saleId, after.saleId) as { at: number; businessDate: string }[];
    expect(dated.map((d) => d.businessDate)).toEqual([lastDayOf('2027-02'), '2027-03-01']);
    // The date on the entry is the Shanghai date of its own instant: a till dates consistently.
    for (const d of dated) expect(d.businessDate).toBe(businessDate(d.at));
  });

  it('a redemption window by weekday and hour opens and closes on Shanghai time', () => {
    f.store.db
      .prepare('UPDATE shops SET redemption_window = ? WHERE id = ?')
      .run(JSON.stringify({ weekdays: [5], hours: { from: '08:00', to: '18:00' } }), f.ctx.shopId);
    // 2027-01-01 is a Friday in Shanghai; at 07:59:59.9 there it is still Thursday in UTC and New York.
    const friday = startOfLocalDay('2027-01-01');
    f.clock.set(friday + 8 * 3_600_000 - 100);
    expect(refusal(f.cards.rich).code).toBe('OUTSIDE_REDEMPTION_WINDOW');
    f.clock.set(friday + 8 * 3_600_000);
    expect(sell(f.cards.rich).totalPoints).toBe(towel().pricePoints);
    f.clock.set(friday + 18 * 3_600_000 - 100);
    expect(sell(f.cards.rich).totalPoints).toBe(towel().pricePoints);
    f.clock.set(friday + 18 * 3_600_000);
    expect(refusal(f.cards.rich).code).toBe('OUTSIDE_REDEMPTION_WINDOW');
    // Saturday 00:00 in Shanghai is still Friday 16:00 in UTC: closed, because it is Saturday here.
    f.clock.set(startOfLocalDay('2027-01-02') + 10 * 3_600_000);
    expect(refusal(f.cards.rich).code).toBe('OUTSIDE_REDEMPTION_WINDOW');
  });

  it('a window of dates includes its last day up to midnight Shanghai', () => {
    f.store.db
      .prepare('UPDATE shops SET redemption_window = ? WHERE id = ?')
      .run(JSON.stringify({ ranges: [{ from: '2028-02-01', to: '2028-02-29' }] }), f.ctx.shopId);
    const march = startOfLocalDay('2028-03-01');
    f.clock.set(march - 100);
    expect(sell(f.cards.rich).totalPoints).toBe(towel().pricePoints);
    f.clock.set(march);
    const e = refusal(f.cards.rich);
    expect(e.code).toBe('OUTSIDE_REDEMPTION_WINDOW');
    expect(e.zh).toContain('2028-02-01 至 2028-02-29');
  });

  it('a shift across New Year midnight counts both sides and prints Shanghai times', () => {
    const newYear = startOfLocalDay('2027-01-01');
    f.clock.set(newYear - 10 * 60_000);
    const opened = openShift(f.ctx, f.clerk);
    f.clock.set(newYear - 100);
    const before = commitSale(
      f.ctx,
      f.clerk,
      { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId: towel().id, qty: 1 }] },
      opened.shiftId,
    );
    f.clock.set(newYear + 100);
    commitSale(
      f.ctx,
      f.clerk,
      { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId: towel().id, qty: 2 }] },
      opened.shiftId,
    );
    f.clock.set(newYear + 5 * 60_000);
    const summary = closeShift(f.ctx, f.clerk)!;
    expect(summary).toMatchObject({ sales: 2, pointsRedeemed: 3 * before.totalPoints });
    const text = layoutReceipt(
      { ...shiftReceipt(summary, f.clock.now()), header: [], footer: [], reprint: false },
      { width: 80 },
    )
      .map((b) => blockText(b, 48))
      .join('\n');
    expect(text).toMatch(/开班 Opened +2026-12-31 23:50:00/);
    expect(text).toMatch(/交班 Closed +2027-01-01 00:05:00/);
  });

  it('a township in another zone dates its entries by that zone, as its windows and the close do', () => {
    // Urumqi is UTC+6: 23:30 there on 31 January is already 1 February in Shanghai.
    f.store.db.prepare('UPDATE townships SET time_zone = ?').run('Asia/Urumqi');
    const ctx = contextFor(f.store);
    f.clock.set(startOfLocalDay('2027-02-01', 'Asia/Urumqi') - 30 * 60_000);
    const sale = commitSale(
      ctx,
      f.clerk,
      { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId: towel().id, qty: 1 }] },
      null,
    );
    const date = f.store.db
      .prepare('SELECT business_date FROM journal WHERE id = ?')
      .pluck()
      .get(sale.saleId);
    expect(date).toBe('2027-01-31');
    expect(businessDate(f.clock.now())).toBe('2027-02-01');
  });
});
