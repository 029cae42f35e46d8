import { hasCheckDigit, isValidGtin } from '../barcode';
import { type TillError, tillError } from '../errors';
import { pinyinInitials } from './pinyin';

/**
 * Input rules for restocking, worded for the stockkeeper in both languages. Every check
 * runs before anything is written, so bad input changes nothing.
 */

/** More than this in one line is a typo (an extra zero, a barcode typed into the quantity). */
export const MAX_LINE_QTY = 100_000;
export const MAX_UNIT_COST_FEN = 10_000_000;
export const MAX_PRICE_POINTS = 100_000_000;

export function badInput(zh: string, en: string, details: Record<string, unknown> = {}): TillError {
  return tillError('INVALID_INPUT', zh, en, details);
}

/** A whole, positive, sensible number of units. */
export function checkQty(value: unknown, field = 'qty'): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw badInput(`数量必须是数字：“${String(value)}”`, `Quantity must be a number: "${String(value)}"`, {
      field,
    });
  }
  if (!Number.isInteger(n)) {
    throw badInput(`数量必须是整数（不能是 ${n}）`, `Quantity must be a whole number (not ${n})`, { field });
  }
  if (n <= 0) {
    throw badInput(`数量必须大于 0（不能是 ${n}）`, `Quantity must be above 0 (not ${n})`, { field });
  }
  if (n > MAX_LINE_QTY) {
    throw badInput(
      `数量 ${n} 太大（一行最多 ${MAX_LINE_QTY}），请核对`,
      `Quantity ${n} is too large (at most ${MAX_LINE_QTY} per line); please check`,
      { field },
    );
  }
  return n;
}

/** A counted quantity: whole and not negative (zero is a valid count). */
export function checkCounted(value: unknown): number {
  if (value === 0) return 0;
  return checkQty(value, 'counted');
}

export function checkCostFen(value: unknown, field = 'unitCostFen'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_UNIT_COST_FEN) {
    throw badInput(
      `成本必须是 0 到 ${MAX_UNIT_COST_FEN / 100} 元之间的金额`,
      `Cost must be an amount between 0 and ${MAX_UNIT_COST_FEN / 100} yuan`,
      { field, value },
    );
  }
  return value;
}

export function checkPricePoints(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_PRICE_POINTS) {
    throw badInput('积分价格必须大于 0（最小 0.01 分）', 'The points price must be above 0 (at least 0.01)', {
      field: 'pricePoints',
      value,
    });
  }
  return value;
}

export function checkBarcode(value: string): string {
  const code = value.trim();
  if (!/^\d{6,14}$/.test(code)) {
    throw badInput(`条码应为 6 到 14 位数字：“${value}”`, `A barcode is 6 to 14 digits: "${value}"`, {
      field: 'barcodes',
      barcode: value,
    });
  }
  if (hasCheckDigit(code) && !isValidGtin(code)) {
    throw badInput(
      `条码 ${code} 的校验位不对，请重新扫描`,
      `Barcode ${code} fails its check digit; scan it again`,
      { field: 'barcodes', barcode: code },
    );
  }
  return code;
}

export interface ProductFields {
  barcodes: string[];
  name: string;
  pinyin?: string;
  unit: string;
  packSize: number;
  category: string;
  pricePoints: number;
  costFen: number;
  isService: boolean;
  active: boolean;
  lowStock: number;
  favourite?: boolean;
}

export type CheckedProduct = Required<ProductFields>;

/** Normalises and checks a product; pinyin initials come from the name when left empty. */
export function checkProduct(input: ProductFields): CheckedProduct {
  const name = input.name.trim();
  if (!name || name.length > 120) {
    throw badInput(
      '商品名称不能为空（最多 120 字）',
      'The product name is required (at most 120 characters)',
      {
        field: 'name',
      },
    );
  }
  const unit = input.unit.trim();
  if (!unit || unit.length > 20) {
    throw badInput('请填写单位（如 件、袋、瓶）', 'Enter a unit (e.g. piece, bag, bottle)', {
      field: 'unit',
    });
  }
  const barcodes = [...new Set(input.barcodes.map((b) => b.trim()).filter((b) => b !== ''))].map(
    checkBarcode,
  );
  if (barcodes.length > 10) {
    throw badInput('一个商品最多 10 个条码', 'A product has at most 10 barcodes', { field: 'barcodes' });
  }
  const packSize = input.packSize;
  if (!Number.isInteger(packSize) || packSize < 1 || packSize > 10_000) {
    throw badInput('每箱数量必须是 1 到 10000 的整数', 'Pack size must be a whole number from 1 to 10000', {
      field: 'packSize',
    });
  }
  if (!Number.isInteger(input.lowStock) || input.lowStock < 0 || input.lowStock > MAX_LINE_QTY) {
    throw badInput('低库存提醒必须是 0 或正整数', 'The low-stock threshold must be 0 or a whole number', {
      field: 'lowStock',
    });
  }
  const pinyin = (input.pinyin ?? '').trim().toLowerCase() || pinyinInitials(name);
  return {
    barcodes,
    name,
    pinyin,
    unit,
    packSize,
    category: input.category.trim().slice(0, 60),
    pricePoints: checkPricePoints(input.pricePoints),
    costFen: checkCostFen(input.costFen, 'costFen'),
    isService: input.isService,
    active: input.active,
    lowStock: input.isService ? 0 : input.lowStock,
    favourite: input.favourite ?? false,
  };
}
