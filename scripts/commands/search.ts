import type { Command } from 'commander';
import { action, withDb } from '../lib/admin-context.js';
import { reindex } from '../lib/search.js';

/** `pnpm admin search reindex`: rebuild the Meilisearch index from the database. */
export function register(program: Command): void {
  program
    .command('search')
    .description('search index maintenance')
    .command('reindex')
    .description('rebuild the search index from the database (MEILI_URL, or the bundled Meilisearch)')
    .action(
      action(async () => {
        await withDb(async (db, config) => {
          const r = await reindex(config, db);
          console.log(r.line);
          if (!r.ok) process.exitCode = 1;
        });
      }),
    );
}
