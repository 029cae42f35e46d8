import type { MasterData } from '../../src/sync/master-data';

/**
 * A till gets only the clerks who may log in at its shop: its own shop's, and the
 * township-wide ones (no shop). Every PIN hash a till holds travels in its backups, so
 * the other shops' hashes stay on the server (decision 0410).
 */
export function clerksForShop<M extends Pick<MasterData, 'clerks'>>(
  master: M | null,
  shopId: string | null | undefined,
): M | null {
  if (!master) return master;
  return { ...master, clerks: master.clerks.filter((c) => c.shopId === null || c.shopId === shopId) };
}
