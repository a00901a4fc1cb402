import fp from 'fastify-plugin';
import { type Db, openDb } from '../db/client.js';
import { ensureRegions } from '../repositories/regions.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Opens DATABASE_URL (SQLite file or postgres://, migrating it) unless a db is handed in, and closes what it opened. */
export default fp<{ url: string; db?: Db }>(
  async (app, opts) => {
    const db = opts.db ?? (await openDb(opts.url));
    await ensureRegions(db);
    app.decorate('db', db);
    if (!opts.db) app.addHook('onClose', async () => db.close());
  },
  { name: 'db' },
);
