import fp from 'fastify-plugin';
import { type Db, openDb } from '../db/client.js';
import { ensureRegions } from '../repositories/regions.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Opens the SQLite file (migrating it) unless a db is handed in, and closes what it opened. */
export default fp<{ file: string; db?: Db }>(
  async (app, opts) => {
    const db = opts.db ?? openDb(opts.file);
    ensureRegions(db);
    app.decorate('db', db);
    if (!opts.db) app.addHook('onClose', async () => db.$client.close());
  },
  { name: 'db' },
);
