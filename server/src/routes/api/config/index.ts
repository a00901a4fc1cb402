import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClientConfigResponse } from '@yaojia/shared';

export interface ClientConfigRouteOptions {
  mapTiles: string | null;
}

/** The deployment's public settings the H5 page reads at start (so one H5 build serves with or without a map). */
const clientConfig: FastifyPluginAsyncTypebox<ClientConfigRouteOptions> = async (app, opts) => {
  app.get(
    '/',
    { schema: { tags: ['health'], summary: '前端运行所需的公开设置（如地图底图地址）', response: { 200: ClientConfigResponse } } },
    async () => ({ mapTiles: opts.mapTiles }),
  );
};
export default clientConfig;
