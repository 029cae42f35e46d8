export * from './entry';
export * from './hash';
