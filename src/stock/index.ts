export * from './pinyin';
export * from './rules';
export * from './valuation';
