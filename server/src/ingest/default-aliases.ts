import { fileURLToPath } from 'node:url';
import { parseFile } from './parse.js';
import type { AliasRow } from './types.js';

/** The shipped brand/alias table (sources named in its header rows); a bureau adds to it per region. */
export const DEFAULT_ALIASES_FILE = fileURLToPath(new URL('../../defaults/drug-aliases.csv', import.meta.url));

let defaults: Promise<AliasRow[]> | null = null;

/** The shipped default, read through the same parser as a bureau's file (a bad row is a bug: it throws). */
export function defaultAliasRows(): Promise<AliasRow[]> {
  defaults ??= parseFile(DEFAULT_ALIASES_FILE, 'aliases').then((r) => {
    if (r.errors.length) throw new Error(`${DEFAULT_ALIASES_FILE}: ${r.errors.map((e) => e.message).join('; ')}`);
    return r.rows;
  });
  return defaults;
}
