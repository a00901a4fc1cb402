import type { TestProject } from 'vitest/node';
import { startServices } from './global-setup.js';

/** vitest globalSetup of the `pg` project: Meilisearch as in `unit`, plus a PostgreSQL cluster (TEST_PG_URL). */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startServices(project, { postgres: true });
}
