export * from './fen';
export * from './points';
