import { describe, expect, it } from 'vitest';
import { inChunks, ROWS_PER_STATEMENT } from './bulk';

describe('inChunks', () => {
  it('runs one statement per ROWS_PER_STATEMENT rows, in order, none empty, and returns every result', async () => {
    for (const n of [0, 1, ROWS_PER_STATEMENT, ROWS_PER_STATEMENT + 1, 3 * ROWS_PER_STATEMENT - 1]) {
      const rows = Array.from({ length: n }, (_, i) => i);
      const sizes: number[] = [];
      const out = await inChunks(rows, async (chunk) => {
        sizes.push(chunk.length);
        return chunk.map((r) => r * 2);
      });
      expect(sizes.every((s) => s > 0 && s <= ROWS_PER_STATEMENT)).toBe(true);
      expect(sizes.length).toBe(Math.ceil(n / ROWS_PER_STATEMENT));
      expect(out).toEqual(rows.map((r) => r * 2));
    }
  });
});
