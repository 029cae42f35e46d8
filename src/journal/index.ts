export { canonicalJson, type EntryHeader, entryTextWithBody } from './canonical';
export * from './entry';
export * from './hash';
