import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrugSearchResponse } from '@yaojia/shared';
import { ingredientStem } from '@yaojia/shared/search';
import { DEMO_DRUGS } from '../src/demo/drugs.js';
import { listVersions, parseFile, publishFile, rollbackTo } from '../src/ingest/index.js';
import { DEFAULT_ALIASES_FILE, defaultAliasRows } from '../src/ingest/default-aliases.js';
import { FIXTURES, buildTestApp, type TestApp } from './helper.js';

// aliases-good.csv: 晋活平 (a made-up brand of 氨氯地平), 降压宝 (an 别名 written against a 通用名, stemmed),
// 立普妥 again (the default has it; a bureau's row may repeat it)

describe('the shipped brand/alias table', () => {
  it('is a valid aliases file naming its sources, with a name for every molecule of the demo catalog', async () => {
    const r = await parseFile(DEFAULT_ALIASES_FILE, 'aliases');
    expect(r.errors).toEqual([]);
    expect(readFileSync(DEFAULT_ALIASES_FILE, 'utf8').split('\n').slice(0, 3).join('\n')).toMatch(/来源.*国家组织药品联合采购办公室.*国家药品监督管理局/s);
    const stems = new Set((await defaultAliasRows()).map((a) => a.stem));
    const missing = [...new Set(DEMO_DRUGS.map((d) => ingredientStem(d.genericName)))].filter((s) => !stems.has(s));
    expect(missing).toEqual([]);
    expect((await defaultAliasRows()).find((a) => a.name === '络活喜')).toMatchObject({ stem: '氨氯地平', kind: 'original', maker: '辉瑞' });
  });
});

describe('pnpm admin aliases publish', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t?.close());

  const search = async (q: string) => {
    await t.search.reindexAll();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/search?q=${encodeURIComponent(q)}&region=shanxi` });
    expect(res.statusCode).toBe(200);
    return (res.json() as DrugSearchResponse).items.map((g) => g.genericName);
  };

  it('a bad file names file, row and column, and changes nothing', async () => {
    const r = await publishFile(t.db, { kind: 'aliases', region: 'shanxi', file: join(FIXTURES, 'aliases-bad.csv'), publisher: 'test' });
    expect(r.status).toBe('rejected');
    expect(r.errors.map((e) => [e.row, e.columnLetter, e.column])).toEqual([
      [3, 'B', '商品名或别名'],
      [4, 'B', '商品名或别名'],
      [4, 'C', '名称类型'],
    ]);
    expect(r.errors[0]!.message).toMatch(/^aliases-bad\.csv row 3, column B \(商品名或别名\)/);
    expect(await listVersions(t.db, 'shanxi', 'aliases')).toEqual([]);
    expect(await search('晋活平')).toEqual([]);
  });

  it('a dry run shows the diff and writes nothing', async () => {
    const r = await publishFile(t.db, { kind: 'aliases', region: 'shanxi', file: join(FIXTURES, 'aliases-good.csv'), publisher: 'test', dryRun: true });
    expect(r.status).toBe('dry_run');
    expect(r.diff!.added).toBe(3);
    expect(await listVersions(t.db, 'shanxi', 'aliases')).toEqual([]);
    expect(await search('晋活平')).toEqual([]);
  });

  it('published names feed search at once after the reindex; a rollback restores the earlier names', async () => {
    const v1 = await publishFile(t.db, { kind: 'aliases', region: 'shanxi', file: join(FIXTURES, 'aliases-good.csv'), publisher: 'test' });
    expect(v1.status).toBe('published');
    expect((await search('晋活平'))[0]).toBe('苯磺酸氨氯地平片');
    expect((await search('降压宝'))[0]).toBe('苯磺酸氨氯地平片');
    // only in the region that published it
    const other = await t.app.inject({ method: 'GET', url: `/api/v1/drugs/search?q=${encodeURIComponent('晋活平')}&region=jiangxi` });
    expect((other.json() as DrugSearchResponse).items).toEqual([]);

    const dir = mkdtempSync(join(tmpdir(), 'aliases-'));
    const v2file = join(dir, 'aliases-v2.csv');
    writeFileSync(v2file, readFileSync(join(FIXTURES, 'aliases-good.csv'), 'utf8').split('\n').filter((l) => !l.includes('晋活平')).join('\n'));
    const v2 = await publishFile(t.db, { kind: 'aliases', region: 'shanxi', file: v2file, publisher: 'test' });
    rmSync(dir, { recursive: true, force: true });
    expect(v2.diff!.removed).toBe(1);
    expect(await search('晋活平')).toEqual([]);

    const back = await rollbackTo(t.db, { region: 'shanxi', kind: 'aliases', to: v1.versionId!, publisher: 'test' });
    expect(back.status).toBe('rolled_back');
    expect((await search('晋活平'))[0]).toBe('苯磺酸氨氯地平片');
    expect((await listVersions(t.db, 'shanxi', 'aliases')).map((v) => v.status)).toEqual(['published', 'rolled_back', 'superseded']);
    // the default names stay whatever is published
    expect((await search('络活喜'))[0]).toBe('苯磺酸氨氯地平片');
  });
});
