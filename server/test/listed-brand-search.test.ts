/**
 * Issue 15 §3: a brand the bureau's own 挂网药品价格 names is found by search, suggest and lookup without the
 * alias table (the listed 商品名 go into the search documents), and a name that only sounds like a known
 * brand of another molecule is answered with nothing rather than that molecule. Real SQLite (PostgreSQL in
 * the pg project) and the real Meilisearch of the global setup.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrugLookupResponse, DrugSearchResponse, SuggestResponse } from '@yaojia/shared';
import { publishFile } from '../src/ingest/index.js';
import { buildTestApp, type TestApp } from './helper.js';

describe('brands from the 挂网 list, and brand names that only sound alike', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'listed-brand-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(async () => {
    t = await buildTestApp({ publish: false });
    // 雅施达 (the shipped alias table: 培哚普利's originator) and 压氏达 sound the same (yashida); 压氏达 is in no table
    const catalog = write('catalog.csv', [
      '药品统一编码,产品名称,剂型,规格,转换比,生产企业,中选价(元)',
      'XC08CAA040A001010100001,苯磺酸氨氯地平片,片剂,5mg,28,浙江京新药业股份有限公司,4.62',
      'XC09AAP024A001010100001,培哚普利叔丁胺片,片剂,4mg,30,湖南千金湘江药业股份有限公司,18.90',
    ].join('\n'));
    expect((await publishFile(t.db, { kind: 'catalog', region: 'shanxi', file: catalog, publisher: 'test' })).status).toBe('published');
    await t.search.reindexAll();
  });
  afterAll(async () => t?.close());

  const get = async <T>(url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() as T };
  };
  const search = async (q: string) => (await get<DrugSearchResponse>(`/api/v1/drugs/search?q=${encodeURIComponent(q)}&region=shanxi`)).body;
  const suggest = async (q: string) => (await get<SuggestResponse>(`/api/v1/drugs/suggest?q=${encodeURIComponent(q)}&region=shanxi`)).body;

  it('a name that only sounds like another molecule\'s brand finds nothing; the brand itself and typos of a name still do', async () => {
    expect((await search('压氏达')).items).toEqual([]);
    expect((await suggest('压氏达')).items).toEqual([]);
    expect((await search('雅施达')).items[0]?.genericName).toBe('培哚普利叔丁胺片');
    // a homophone slip that keeps most of the name is still a slip of it
    expect((await search('培哚普利叔丁安')).items[0]?.genericName).toBe('培哚普利叔丁胺片');
    expect((await search('氨录地平')).items[0]?.genericName).toBe('苯磺酸氨氯地平片');
    // the scan page: a name no table knows is no code either
    expect((await get(`/api/v1/drugs/lookup?code=${encodeURIComponent('压氏达')}&region=shanxi`)).status).toBe(400);
  });

  it('once the 挂网 list names 压氏达 a 苯磺酸氨氯地平片, search, suggest and lookup find it without the alias table', async () => {
    const listed = write('listed.csv', [
      '医保药品编码,通用名,商品名,剂型,规格,转换比,生产企业,挂网价格(元),是否原研,是否过评',
      'XC08CAA040A001020100777,苯磺酸氨氯地平片,压氏达,片剂,5mg,14,海南测试药业有限公司,12.60,否,是',
    ].join('\n'));
    expect((await publishFile(t.db, { kind: 'listed', region: 'shanxi', file: listed, publisher: 'test' })).status).toBe('published');
    await t.search.reindexAll();
    // the search service alone (no brand card added by the route): the listed 商品名 is in the documents
    expect((await t.search.searchDrugs('压氏达', { region: 'shanxi' })).items.map((g) => g.genericName)).toEqual(['苯磺酸氨氯地平片']);
    expect((await suggest('压氏达')).items.map((s) => s.genericName)).toEqual(['苯磺酸氨氯地平片']);
    const group = (await search('压氏达')).items[0]!;
    expect(group.genericName).toBe('苯磺酸氨氯地平片');
    expect(group.brand).toMatchObject({ name: '压氏达', original: false, listedPrice: '12.60' });
    const named = await get<DrugLookupResponse>(`/api/v1/drugs/lookup?code=${encodeURIComponent('压氏达')}&region=shanxi`);
    expect(named.status).toBe(200);
    expect(named.body.brand).toMatchObject({ name: '压氏达' });
    // only in the region whose list names it
    expect((await t.search.searchDrugs('压氏达', { region: 'shenyang' })).items).toEqual([]);
  });
});
