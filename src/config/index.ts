export * from './types.js';
export * from './load.js';
export * from './severity.js';
export * from './glob.js';
export * from './threshold.js';
