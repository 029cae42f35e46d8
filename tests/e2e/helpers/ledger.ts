import { join } from 'node:path';
import { TillStore, type VerifyReport, verifyStore } from '../../../main/store';

/** Runs the store's own ledger check on a stopped till's database. */
export function verifyLedger(dataDir: string): VerifyReport {
  const store = new TillStore(join(dataDir, 'till.db'));
  try {
    return verifyStore(store.db, store.deviceId);
  } finally {
    store.close();
  }
}
