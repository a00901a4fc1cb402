import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { explainRules, RegionsResponse } from '@yaojia/shared';
import { regionInfos } from '../../../repositories/region-info.js';

const regions: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { schema: { tags: ['regions'], summary: '地区、三进规则、投诉电话、数据发布时间', response: { 200: RegionsResponse } } },
    async () => ({ items: (await regionInfos(app.db)).map((r) => ({ ...r, rules: explainRules(r.policy), policy: undefined })) }),
  );
};
export default regions;
