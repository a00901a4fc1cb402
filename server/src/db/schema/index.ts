export * from './regions.js';
export * from './products.js';
export * from './institutions.js';
export * from './offers.js';
export * from './reports.js';
export * from './supply.js';
export * from './bureau.js';
export * from './rate-limits.js';
export * from './open-data.js';
export * from './alerts.js';

import type { institutions } from './institutions.js';
import type { offers } from './offers.js';
import type { products } from './products.js';

/** Rows as drizzle infers them from the tables: repositories and services derive their row shapes from these. */
export type ProductRecord = typeof products.$inferSelect;
export type InstitutionRecord = typeof institutions.$inferSelect;
export type OfferRecord = typeof offers.$inferSelect;
