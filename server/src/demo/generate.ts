/**
 * The demo data, written as bureau files and published through the real ingest (publish.ts): one import
 * for the callers. model.ts builds a region's data from a seed; the parts draw it; files.ts writes it.
 */
export * from './model.js';
export { DEMO_DRUGS, DEMO_MAKERS } from './drugs.js';
export { demoPackCodes, demoTraceCode, type DemoPackCodes } from './codes.js';
export type { DemoDrug, DemoProduct, MakerId } from './drugs.js';
export { DEMO_PLACES } from './places.js';
export { mulberry32 } from './random.js';
export { type DemoCatalogRow, demoCatalog, demoProductCode } from './catalog.js';
export { type DemoInstitution, isValidCreditCode } from './institutions.js';
export { classifyDemoPrice, type DemoOffer, type DemoPriceClass } from './offers.js';
export { DEMO_FILE_NAMES, writeDemoFiles } from './files.js';
export { DEMO_LISTED, demoListedPackCodes } from './listed.js';
