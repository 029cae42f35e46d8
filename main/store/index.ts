export { backupFile, backupStore, restoreStore } from './backup';
export { checkpointWhenIdle, type Db, migrate, openDatabase, schemaVersion } from './database';
export { DeviceKeyStore } from './key-store';
export { applyMasterData } from './master-data';
export { LATEST_VERSION, type Migration, migrations } from './migrations';
export { checkPin, hashPin } from './pin';
export { type OpenStoreOptions, openStore, TillStore } from './till-store';
export { type Discrepancy, type VerifyReport, verifyStore } from './verify';
