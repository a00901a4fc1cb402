import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const meiliSetup = 'server/test/global-setup.ts';

// One run, three projects: `unit` (shared, server, miniapp logic; real SQLite files and one real
// Meilisearch started by the global setup), `pg` (the server suites on PostgreSQL) and `e2e` (the H5 build in real Chromium against the real stack).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/test/**/*.test.ts', 'server/test/**/*.test.ts', 'miniapp/test/**/*.test.ts', 'tests/search-eval/**/*.test.ts', 'tests/architecture/**/*.test.ts', 'tests/load/**/*.test.ts'],
          environment: 'node',
          globalSetup: existsSync(meiliSetup) ? [meiliSetup] : [],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
          env: { TEST_PG_URL: '' },
        },
      },
      {
        // the core and API suites again, on PostgreSQL (DATABASE_URL=postgres://…): a cluster started by the setup
        test: {
          name: 'pg',
          include: ['server/test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['server/test/global-setup-pg.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
