export * from './approval';
export * from './limits';
export * from './mask';
export * from './notice';
export * from './person-types';
