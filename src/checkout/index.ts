export * from './redemption-window';
export * from './rules';
