import type { Command } from 'commander';
import { action, withDb } from '../lib/admin-context.js';
import { publishOpenData } from '../lib/open-data.js';

/**
 * `pnpm admin open-data export [--region <slug>]`: writes the open datasets now (every publish does it
 * too), e.g. for a database published before open data existed, or after OPEN_DATA_DIR moved.
 */
export function register(program: Command): void {
  program
    .command('open-data')
    .description('open datasets (catalog, institutions, prices as CSV and JSON Lines) for download')
    .command('export')
    .description('write the open datasets of one region, or of every region with a live catalog')
    .option('--region <slug>', 'only this region')
    .action(
      action(async (o: { region?: string }) => {
        await withDb(async (db, config) => {
          const regions = o.region
            ? [o.region]
            : await db.column<string>(`SELECT slug FROM regions WHERE id IN (SELECT DISTINCT region_id FROM products WHERE removed_at IS NULL) ORDER BY slug`);
          await publishOpenData(config, db, regions);
        });
      }),
    );
}
