export * from './approval';
export * from './door-plate';
export * from './limits';
export * from './mask';
export * from './notice';
export * from './person-types';
