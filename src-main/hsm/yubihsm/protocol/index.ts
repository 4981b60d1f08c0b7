export * from './algorithms';
export * from './capabilities';
export * from './commands';
export * from './device-errors';
export * from './domains';
export * from './frame';
export * from './object-types';
export * from './part-number';
