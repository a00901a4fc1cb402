export * from './domain/money.js';
export * from './domain/units.js';
export * from './domain/constants.js';
export * from './policy/regions.js';
export * from './policy/markup.js';
export * from './schemas/common.js';
export * from './schemas/drugs.js';
export * from './schemas/offers.js';
