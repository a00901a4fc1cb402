import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DRUG_CODE_LABELS, DrugLookupNotFound, DrugLookupQuery, DrugLookupResponse, DrugSearchQuery, DrugSearchResponse, ErrorResponse, GenericsQuery, GenericsResponse, SuggestQuery,
  SuggestResponse, classifyDrugCode,
} from '@yaojia/shared';
import { BadRequestError, NotFoundError } from '../../../errors.js';
import { defaultAliasRows } from '../../../ingest/default-aliases.js';
import { lookupListedCode, lookupName, withBrand } from '../../../repositories/brands.js';
import { listedGenerics } from '../../../repositories/products.js';
import { cachedCodeAnswer, lookupDrugCode } from '../../../repositories/drug-lookup.js';
import { resolveRegion } from '../../../repositories/regions.js';

const drugs: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['drugs'],
        summary: '按通用名、商品名、拼音或首字母搜索集采药品，按通用名分组',
        querystring: DrugSearchQuery,
        response: { 200: DrugSearchResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const region = await resolveRegion(app.db, req.query.region);
      const q = req.query.q.trim();
      const answer = await app.drugSearch.searchDrugs(q, { region: region.slug, limit: req.query.limit ?? 20, productsPerGroup: req.query.productsPerGroup });
      // a brand (挂网药品价格 商品名) in the words: the brand and the saving of each 集采 product of the same molecule
      return withBrand(app.db, region, q, answer, await defaultAliasRows());
    },
  );
  app.get(
    '/suggest',
    {
      schema: {
        tags: ['drugs'],
        summary: '输入联想（最多 10 条）',
        querystring: SuggestQuery,
        response: { 200: SuggestResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const region = await resolveRegion(app.db, req.query.region);
      return app.drugSearch.suggest(req.query.q.trim(), { region: region.slug });
    },
  );
  app.get(
    '/generics',
    {
      schema: {
        tags: ['drugs'],
        summary: '本地区目录现有的通用名及其产品数（只有一个产品时给出编码）',
        querystring: GenericsQuery,
        response: { 200: GenericsResponse, 400: ErrorResponse },
      },
    },
    async (req) => {
      const region = await resolveRegion(app.db, req.query.region);
      return { items: await listedGenerics(app.db, region.id) };
    },
  );
  app.get(
    '/lookup',
    {
      schema: {
        tags: ['drugs'],
        summary: '扫码查药：追溯码、药品标识码、本位码、商品条码或医保药品编码 → 本地区目录中的药品及同通用名的药品',
        querystring: DrugLookupQuery,
        response: { 200: DrugLookupResponse, 400: ErrorResponse, 404: DrugLookupNotFound },
      },
    },
    async (req) => {
      const code = classifyDrugCode(req.query.code);
      if (!code.ok) {
        // not a code: a 商品名 or 别名 the region's 挂网 list or alias table knows (络活喜) answers like a search for it
        const text = req.query.code.trim();
        const named = text.length >= 2 && text.length <= 30 ? await lookupName(app.db, await resolveRegion(app.db, req.query.region), text, await defaultAliasRows()) : null;
        if (named === 'absent') throw new NotFoundError('这是药品名称，但本地区目录中没有该成分的集采药品', { kind: 'name' });
        if (named) return named;
        throw new BadRequestError(code.message);
      }
      const region = await resolveRegion(app.db, req.query.region);
      const found = await cachedCodeAnswer(
        app.db,
        region.id,
        `${code.kind}\u0000${code.key}`,
        async () =>
          (await lookupDrugCode(app.db, region, code)) ??
          // a brand's or non-winning generic's code on the 挂网 list (医保编码, or a code on its box): the brand and its 集采 alternative
          (await lookupListedCode(app.db, region, code, await defaultAliasRows())),
      );
      if (found) return found;
      throw new NotFoundError(`这是${DRUG_CODE_LABELS[code.kind]}，但本地区目录中没有该药品`, { kind: code.kind });
    },
  );
};
export default drugs;
