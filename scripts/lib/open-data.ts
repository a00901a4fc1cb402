import type { Config } from '@yaojia/server/config';
import type { Db } from '@yaojia/server/db/client';
import { exportOpenData } from '@yaojia/server/open-data/export';

/**
 * After a publish: the region's open datasets (OPEN_DATA_DIR, keeping OPEN_DATA_KEEP versions). Prints
 * one line per region; a failure sets a non-zero exit code but does not undo the publish.
 */
export async function publishOpenData(config: Config, db: Db, regions: Iterable<string>): Promise<void> {
  for (const region of [...new Set(regions)].sort()) {
    try {
      const t0 = performance.now();
      const r = await exportOpenData(db, region, { dir: config.openDataDir, keep: config.openDataKeep });
      console.log(`open data: ${r.message} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    } catch (e) {
      console.error(`✖ open data ${region}: ${(e as Error).message}`);
      process.exitCode = 1;
    }
  }
}
