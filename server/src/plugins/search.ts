import fp from 'fastify-plugin';
import type { DrugSearchResponse, SuggestResponse } from '@yaojia/shared';
import type { Config } from '../config.js';
import { openSearch } from '../search/open.js';
import type { SearchHealth } from '../search/service.js';

/** What the routes need from search; implemented by SearchService (Meilisearch with a database fallback). */
export interface DrugSearch {
  searchDrugs(q: string, opts: { region?: string; limit?: number; productsPerGroup?: number }): Promise<DrugSearchResponse>;
  suggest(q: string, opts: { region?: string }): Promise<SuggestResponse>;
  health(): Promise<SearchHealth>;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    drugSearch: DrugSearch;
  }
}

/** The search service the routes use: the one handed in (tests, CLIs), else openSearch(config, db), closed with the app. */
export default fp<{ search?: DrugSearch; config: Config; indexPrefix?: string }>(
  async (app, opts) => {
    let search: DrugSearch;
    if (opts.search) {
      search = opts.search;
    } else {
      const owned = openSearch(opts.config, app.db, { indexPrefix: opts.indexPrefix, logger: app.log });
      app.addHook('onClose', async () => owned.close());
      search = owned;
    }
    app.decorate('drugSearch', search);
  },
  { name: 'search', dependencies: ['db'] },
);
