import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { basename } from 'node:path';

export interface H5StaticOptions {
  /** the built H5 page (miniapp/dist/h5) */
  root: string;
}

/** Webpack's content-hashed names (config/index.ts: `js/[name].[contenthash:8].js`, css/, chunk/). */
const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;

/**
 * The H5 page at /. A content-hashed file never changes under its name, so it is cached for a year as
 * `immutable`; everything else (index.html above all, which names the current hashes) is revalidated on
 * every visit (`no-cache` + the ETag/Last-Modified @fastify/static sends).
 */
export default fp<H5StaticOptions>(
  async (app, opts) => {
    await app.register(fastifyStatic, {
      root: opts.root,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      cacheControl: false,
      setHeaders(reply, path) {
        reply.header('cache-control', HASHED.test(basename(path)) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  },
  { name: 'h5-static' },
);
