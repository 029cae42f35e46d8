export * from './projection';
export * from './rows';
