/** Bureau files in: parse → validate → diff → publish (one transaction); history and rollback. */
export { parseFile, findHeader, type ParseOptions, type PriceLookups } from './parse.js';
export { openTable, detectEncoding, decodeCsvBytes } from './read.js';
export { normalizeHeader, matchHeader, columnLetter, COLUMNS } from './headers.js';
export { diffRows, loadLive, type DiffSummary } from './diff.js';
export { applyVersion, currentVersion, previewDiff } from './apply.js';
export {
  publishFile, rollbackTo, listVersions, sha256File, encodeSnapshot, decodeSnapshot,
  type PublishOptions, type PublishReport, type PublishStatus, type RollbackOptions, type VersionInfo,
} from './publish.js';
export { formatReport, formatHistory } from './report.js';
export type * from './types.js';
export { progressBar } from './progress.js';
