/**
 * `npm start` → here, after pnpm install: everything a newcomer needs, in one process tree.
 * Meilisearch (bundled), the database migrated (SQLite, or PostgreSQL with DATABASE_URL=postgres://…), demo data published through the real ingest when the
 * database is empty, the H5 build of the mini-program, the API serving it. Ctrl-C stops all of it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '@yaojia/server/config';
import { isPostgresUrl, openDb } from '@yaojia/server/db/client';
import { demoFilesDir, publishDemo } from '@yaojia/server/demo/publish';
import { formatReport, progressBar } from '@yaojia/server/ingest/index';
import { countProducts } from '@yaojia/server/repositories/products';
import { ensureMeilisearch } from '@yaojia/server/search/open';
import { startServer } from '@yaojia/server/server';
import { runService } from './lib/run.js';
import { pnpmSync } from './lib/pnpm.js';
import { reindex } from './lib/search.js';

const root = resolve(import.meta.dirname, '..');
const h5Dir = join(root, 'miniapp/dist/h5');

async function main() {
  // request logs stay quiet here (LOG_LEVEL=info shows them); the URLs below are what a newcomer needs
  const base = loadConfig({ ...process.env, H5_DIR: process.env.H5_DIR ?? h5Dir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  console.log('▶ 启动 Meilisearch…');
  const meili = await ensureMeilisearch(base);
  const config = { ...base, meiliUrl: meili.url, meiliMasterKey: meili.masterKey };

  const db = await openDb(config.databaseUrl);
  try {
    const products = await countProducts(db);
    if (products === 0) {
      console.log('▶ 数据库为空：生成演示数据并通过正式发布流程导入…');
      const r = await publishDemo(db, {
        dir: demoFilesDir(config),
        publisher: 'demo',
        openData: { dir: config.openDataDir, keep: config.openDataKeep },
        progress: (f) => progressBar(`${f.kind} ${f.region}`),
      });
      if (r.rejected) throw new Error(`demo data rejected:\n${formatReport(r.rejected)}`);
      console.log(`  ${r.reports.length} 个文件已发布，开放数据 ${r.openData.length} 个地区`);
    } else {
      const reset = isPostgresUrl(config.databaseUrl) ? '清空该 PostgreSQL 数据库' : '删除 data/';
      console.log(`▶ 数据库已有 ${products} 个产品，跳过演示数据（${reset}可重新生成）`);
    }
    const s = await reindex(config, db);
    console.log(`  ${s.line}`);
    if (!s.ok) throw new Error('search index could not be built');
  } finally {
    await db.close();
  }
  if (!existsSync(join(config.h5Dir ?? h5Dir, 'index.html'))) {
    console.log('▶ 构建小程序 H5 页面…');
    const r = pnpmSync(['--filter', '@yaojia/miniapp', 'build:h5'], { cwd: root });
    if (r.status !== 0) throw new Error(`the H5 build failed (exit ${r.status})`);
  }
  const server = await startServer(config);
  console.log(`
药价通 is running:
  H5 page (citizens):  ${server.url}/
  API:                 ${server.url}/api/v1/drugs/search?q=氨氯地平
  OpenAPI docs:        ${server.url}/docs
  Health:              ${server.url}/health
  Meilisearch:         ${meili.url} (${meili.bundled ? 'bundled' : 'external'})
Press Ctrl-C to stop.`);
  return [() => server.close(), () => meili.stop()];
}

runService(main);
