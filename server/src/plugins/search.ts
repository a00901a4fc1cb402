import fp from 'fastify-plugin';
import type { DrugSearchResponse, SuggestResponse } from '@yaojia/shared';
import type { Db } from '../db/client.js';

/** What the routes need from search; implemented by SearchService (Meilisearch with a database fallback). */
export interface DrugSearch {
  searchDrugs(q: string, opts: { region?: string; limit?: number }): Promise<DrugSearchResponse>;
  suggest(q: string, opts: { region?: string }): Promise<SuggestResponse>;
  health(): Promise<'ok' | 'down' | 'syncing'>;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    drugSearch: DrugSearch;
  }
}

export default fp<{ search?: DrugSearch; meiliUrl: string | null; meiliKey: string | null; indexPrefix?: string }>(
  async (app, opts) => {
    let search: DrugSearch;
    if (opts.search) {
      search = opts.search;
    } else {
      const { SearchService } = await import('../search/service.js');
      const owned = new SearchService({ db: app.db as Db, meiliUrl: opts.meiliUrl, meiliKey: opts.meiliKey, indexPrefix: opts.indexPrefix, logger: app.log });
      app.addHook('onClose', async () => owned.close());
      search = owned;
    }
    app.decorate('drugSearch', search);
  },
  { name: 'search', dependencies: ['db'] },
);
