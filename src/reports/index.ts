export * from './reconciliation';
export * from './render';
