import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiName, ApiResponse } from '../../src/api/contract';
import { serviceCalls } from '../../tests/support/service-calls';
import { DEMO_CARDS } from '../demo/seed';
import { createTillService, type TillService } from './service';

/**
 * A lone UTF-16 surrogate has no canonical JSON (RFC 8785): an entry holding one cannot be
 * hashed. The till API refuses it at the door, in both languages, before anything is
 * written, instead of failing deep in hashing with canonicalize's English.
 */

let dir: string;
let till: TillService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-surrogate-'));
  till = await createTillService({ dataDir: dir, demo: true, sync: false, backups: false });
});

afterAll(async () => {
  await till.close();
  rmSync(dir, { recursive: true, force: true });
});

const { ok, login } = serviceCalls(() => till);

function expectRefused(r: ApiResponse<ApiName>, path: string): void {
  expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  if (r.ok) return;
  expect(r.error.zh).toBe(`输入有误：${path}：含有无法保存的字符（不成对的代理项）`);
  expect(r.error.en).toBe(
    `Invalid input: ${path}: holds a character that cannot be stored (a lone surrogate)`,
  );
  expect(r.error.details).toMatchObject({ issues: [{ path: path.split('.'), code: 'lone_surrogate' }] });
}

describe('a lone surrogate at the till API', () => {
  it('is refused in a product name the stockkeeper saves, and nothing is saved', async () => {
    const keeper = await login('赵强');
    const before = await ok('stock.products', { query: '' }, keeper);
    const product = {
      barcodes: ['6920000000999'],
      name: '洗衣粉\uD800',
      unit: '袋',
      packSize: 1,
      category: '日用',
      pricePoints: 800,
      costFen: 450,
      isService: false,
      active: true,
      lowStock: 5,
    };
    expectRefused(await till.call('stock.saveProduct', product, keeper), 'name');
    // A low surrogate alone, and one in a barcode's place in a list.
    expectRefused(await till.call('stock.saveProduct', { ...product, name: '\uDC00洗衣粉' }, keeper), 'name');
    expectRefused(
      await till.call(
        'stock.saveProduct',
        { ...product, name: '洗衣粉', barcodes: ['1', '69\uDBFF'] },
        keeper,
      ),
      'barcodes.1',
    );
    expect(await ok('stock.products', { query: '' }, keeper)).toEqual(before);
    // A pair is a character like any other (U+20BB7 𠮷).
    const saved = await ok('stock.saveProduct', { ...product, name: '𠮷洗衣粉' }, keeper);
    expect(saved.name).toBe('𠮷洗衣粉');
  });

  it('is refused in a card block’s reason, which would go into the journal, and the card stays as it was', async () => {
    const manager = await login('李建国');
    const card = await ok('card.lookup', { uid: DEMO_CARDS.rich }, manager);
    expectRefused(
      await till.call('card.block', { uid: DEMO_CARDS.rich, reason: '丢失\uD83D', lost: true }, manager),
      'reason',
    );
    expect(await ok('card.lookup', { uid: DEMO_CARDS.rich }, manager)).toEqual(card);
  });
});
