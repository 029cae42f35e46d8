import { describe, expect, test } from 'vitest';
import { periodCutoff } from './cutoff';

describe('period cut-off', () => {
  test('is midnight of the next month in the township zone', () => {
    expect(new Date(periodCutoff('2026-10', 'Asia/Shanghai')).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(new Date(periodCutoff('2026-12', 'Asia/Shanghai')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(new Date(periodCutoff('2026-03', 'Europe/Berlin')).toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });
});
