export * from './master-data';
export * from './messages';
export * from './refusals';
export * from './signing';
