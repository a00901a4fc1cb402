export * from './regions.js';
export * from './products.js';
export * from './institutions.js';
export * from './offers.js';
export * from './reports.js';
export * from './supply.js';
export * from './bureau.js';
export * from './rate-limits.js';
