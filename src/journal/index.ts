export { canonicalJson } from './canonical';
export * from './entry';
export * from './hash';
