import type { ErrorMessages } from '../../src/errors';
import type { Discrepancy } from '../store';

/** One line for people: Chinese first, English second. */
export function say(zh: string, en: string, indent = ''): void {
  console.log(`${indent}${zh}\n${indent}  ${en}`);
}

export function sayError(m: ErrorMessages): void {
  console.error(`错误：${m.zh}\nError: ${m.en}`);
}

export function describeDiscrepancy(d: Discrepancy): ErrorMessages {
  switch (d.kind) {
    case 'chain':
      return {
        zh: `本机流水第 ${d.seq} 条：哈希链或序号异常（${d.detail}）`,
        en: `Journal seq ${d.seq}: ${d.detail}`,
      };
    case 'foreign-hash':
      return {
        zh: `外来记录（设备 ${d.deviceId} 第 ${d.seq} 条）哈希不符`,
        en: `Foreign entry from device ${d.deviceId} seq ${d.seq} fails its hash`,
      };
    case 'bad-body':
      return {
        zh: `记录内容无效（设备 ${d.deviceId} 第 ${d.seq} 条）`,
        en: `Entry body is invalid (device ${d.deviceId} seq ${d.seq})`,
      };
    case 'ledger-row':
      return {
        zh: `账表 ${d.table} 与流水不一致：${d.detail}`,
        en: `Ledger table ${d.table} disagrees with the journal: ${d.detail}`,
      };
    case 'balance':
      return {
        zh: `户 ${d.householdId} 的积分余额不符：存储 ${d.stored / 100}，按账重算 ${d.recomputed / 100}`,
        en: `Household ${d.householdId} balance differs: stored ${d.stored / 100}, recomputed ${d.recomputed / 100}`,
      };
    case 'stock':
      return {
        zh: `商品 ${d.productId}（超市 ${d.shopId}）库存不符：存储 ${d.stored}，按账重算 ${d.recomputed}`,
        en: `Stock of product ${d.productId} (shop ${d.shopId}) differs: stored ${d.stored}, recomputed ${d.recomputed}`,
      };
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
