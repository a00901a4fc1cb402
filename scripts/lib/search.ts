import type { Config } from '@yaojia/server/config';
import type { Db } from '@yaojia/server/db/client';
import { withSearch } from '@yaojia/server/search/open';

/** Rebuilds the search index from the database; returns a one-line outcome and whether it failed. */
export async function reindex(config: Config, db: Db): Promise<{ ok: boolean; line: string }> {
  try {
    const r = await withSearch(config, db, (s) => s.reindexAll());
    return { ok: true, line: `search     reindexed ${r.products} product(s) in ${(r.ms / 1000).toFixed(2)} s` };
  } catch (e) {
    return { ok: false, line: `search     reindex FAILED: ${(e as Error).message} — the database is published; run \`pnpm admin search reindex\`` };
  }
}
