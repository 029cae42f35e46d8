import { describe, expect, test } from 'vitest';
import { LoginLimiter } from '../server/officers/login-limiter';
import { PERMISSIONS } from '../server/sync/permissions';
import { ENTRY_KINDS } from '../src/journal';
import { csvCell } from '../src/reports/csv-cell';

describe('trust: limits and tables without a server', () => {
  test('every entry kind has a line in the permission table (add one with each new kind)', () => {
    expect(ENTRY_KINDS.filter((k) => !PERMISSIONS[k])).toEqual([]);
  });

  test('officer login backoff doubles per name and address after five failures', () => {
    const l = new LoginLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(l.retryAfterMs('admin', '10.0.0.1', t0)).toBe(0);
      l.fail('admin', '10.0.0.1', t0);
    }
    const waits: number[] = [];
    let now = t0;
    for (let i = 0; i < 4; i++) {
      const w = l.retryAfterMs('admin', '10.0.0.1', now);
      waits.push(w);
      now += w;
      l.fail('admin', '10.0.0.1', now);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(l.retryAfterMs('admin', '10.0.0.2', now)).toBe(0);
    expect(l.retryAfterMs('other', '10.0.0.1', now)).toBe(0);
    l.succeed('admin', '10.0.0.1');
    expect(l.retryAfterMs('admin', '10.0.0.1', now)).toBe(0);
  });

  test('one address guessing many names is slowed too', () => {
    const l = new LoginLimiter();
    for (let i = 0; i < 30; i++) l.fail(`name-${i}`, '10.0.0.9', 5000 + i);
    expect(l.retryAfterMs('fresh-name', '10.0.0.9', 6000)).toBeGreaterThan(0);
    expect(l.retryAfterMs('fresh-name', '10.0.0.8', 6000)).toBe(0);
  });

  test('CSV cells that would run as formulas get a leading apostrophe; numbers stay numbers', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvCell(-300)).toBe('-300');
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('-')).toBe('-');
    expect(csvCell('青山村')).toBe('青山村');
  });
});
