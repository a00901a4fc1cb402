export * from './normalize.js';
export * from './aliases.js';
export * from './keys.js';
