export { exportTillBundle, importServerBundle } from './bundle';
export { SyncClient, type SyncClientOptions } from './client';
export { SyncOffline } from './connection';
export { type Enrolment, SyncSettings } from './settings';
