import { createReadStream, existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, OpenDatasetFileParams, OpenDatasetsQuery, OpenDatasetsResponse } from '@yaojia/shared';
import { NotFoundError } from '../../../errors.js';
import { datasetFile, listOpenDatasets, OPEN_DATA_RESPONSE_EXTRAS } from '../../../open-data/repository.js';

export interface OpenDataRouteOptions {
  /** OPEN_DATA_DIR */
  dir: string;
}

/** The open datasets: a list, and each file as a streamed download. */
const open: FastifyPluginAsyncTypebox<OpenDataRouteOptions> = async (app, opts) => {
  const root = resolve(opts.dir);
  app.get(
    '/datasets',
    {
      schema: {
        tags: ['open-data'],
        summary: '开放数据：各地区的药品目录、机构和价格数据集（CSV 与 JSON Lines，gzip）',
        querystring: OpenDatasetsQuery,
        response: { 200: OpenDatasetsResponse, 400: ErrorResponse },
      },
    },
    async (req) => ({ items: await listOpenDatasets(app.db, req.query), ...OPEN_DATA_RESPONSE_EXTRAS }),
  );
  app.get(
    '/datasets/:region/:version/:file',
    {
      schema: {
        tags: ['open-data'],
        summary: '下载一个开放数据集文件（gzip）',
        params: OpenDatasetFileParams,
        response: { 200: { type: 'string', format: 'binary', description: 'gzip 压缩的 CSV 或 JSON Lines' }, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      const f = await datasetFile(app.db, req.params.region, req.params.version, req.params.file);
      const path = f ? resolve(join(root, f.path)) : null;
      if (!f || !path || !path.startsWith(root + sep) || !existsSync(path)) {
        throw new NotFoundError(`no open dataset ${req.params.region}/${req.params.version}/${req.params.file} (old versions are removed after a number of publishes)`);
      }
      // a version's file never changes under its URL
      return reply
        .header('content-type', 'application/gzip')
        .header('content-length', String(f.bytes))
        .header('content-disposition', `attachment; filename="yaojia-${f.region}-v${f.version}-${req.params.file}"`)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', `"${f.sha256}"`)
        .send(createReadStream(path));
    },
  );
};
export default open;
