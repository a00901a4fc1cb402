/**
 * Issue 14 "rules the bureau can set", in Chromium against the real stack: 江西's +15 % depends on the
 * pharmacy's 量价比较指数 verdict (seed 001 七: 总体价格水平不高于统筹区定点药店医保药品量价比较指数的药店，
 * 可按集采中选价格顺加不超15%销售). The bureau's institutions file carries the verdict; the citizen's offers
 * page says which verdict each price was judged by, at 375 px and in elder mode, with screenshots.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishFile } from '@yaojia/server/ingest/index';
import { openPhone, type Phone } from './browser.js';
import { startStack, type Stack } from './stack.js';

const NANCHANG = { latitude: 28.6829, longitude: 115.8582 };
const CODE = 'XC08CAA040A001010100001';

let stack: Stack;
let phone: Phone | null = null;

beforeAll(async () => {
  stack = await startStack();
  const dir = tmpdir();
  const file = (name: string, lines: string[]) => {
    const path = join(dir, `e2e-policy-${process.pid}-${name}`);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const pharmacy = (code: string, name: string, lat: number, verdict: string) =>
    `${name},${code},零售连锁药店,江西省南昌市东湖区八一大道${code.slice(-1)}号,115.858,${lat},按不高于中选价加价15%销售,${verdict}`;
  const files = [
    ['catalog', file('catalog.csv', [
      '药品统一编码,产品名称,剂型,规格,转换比,最小制剂单位,最小包装单位,包装材质,生产企业,投标企业,中选价(元),批准文号',
      `${CODE},苯磺酸氨氯地平片,片剂,5mg,28,片,盒,铝塑,浙江京新药业股份有限公司,浙江京新药业股份有限公司,4.62,国药准字H20083016`,
    ])],
    ['institutions', file('institutions.csv', [
      '单位名称,机构医保编码,机构类型,单位地址,经度,纬度,承诺,量价比较指数',
      pharmacy('JXE1', '洪城达标大药房', 28.6835, '达标'),
      pharmacy('JXE2', '赣江未达标药店', 28.6840, '未达标'),
      pharmacy('JXE3', '滕王阁待评药店', 28.6845, ''),
    ])],
    ['prices', file('prices.csv', ['机构医保编码,药品统一编码,销售价', `JXE1,${CODE},5.20`, `JXE2,${CODE},5.20`, `JXE3,${CODE},5.20`])],
  ] as const;
  for (const [kind, path] of files) {
    const r = await publishFile(stack.db, { kind, region: 'jiangxi', file: path, publisher: 'e2e' });
    if (r.status !== 'published') throw new Error(`${kind}: ${r.message}`);
  }
});
afterAll(async () => {
  await stack?.close();
});
afterEach(async () => {
  await phone?.close();
  phone = null;
});

describe('江西 +15 %: the verdict the price was judged by', () => {
  it('each card and the page’s rule note say 达标 / 未达标 / 未评定 in plain words (375 px, elder mode)', async () => {
    phone = await openPhone({ geolocation: NANCHANG, allowLocation: true });
    const { page } = phone;
    const check = async (shot: string) => {
      await page.goto(`${stack.url}/#/pages/offers/index?code=${CODE}&title=${encodeURIComponent('苯磺酸氨氯地平片')}`);
      const card = (name: string) => page.getByTestId('offer-card').filter({ hasText: name });
      await card('洪城达标大药房').waitFor();
      await expect(card('洪城达标大药房').textContent()).resolves.toContain('按量价比较指数达标计');
      await expect(card('洪城达标大药房').textContent()).resolves.toContain('加价在规定内');
      await expect(card('赣江未达标药店').textContent()).resolves.toContain('量价比较指数未达标，不可加价');
      await expect(card('赣江未达标药店').textContent()).resolves.toContain('高于规定价格');
      await expect(card('滕王阁待评药店').textContent()).resolves.toContain('量价比较指数未评定');
      const note = (await page.getByTestId('rule-note').textContent()) ?? '';
      expect(note).toContain('按量价比较指数达标计，可加价15%');
      expect(note).toContain('量价比较指数未达标，不可加价');
      // plain Chinese: no rule ids or developer words
      expect(await page.locator('body').innerText()).not.toMatch(/retail_|priceIndex|not_met|markup_15/);
      await card('赣江未达标药店').scrollIntoViewIfNeeded();
      await phone!.shot(shot);
    };
    await page.goto(stack.url);
    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('current-region').getByText('南昌市').waitFor();
    await check('60-jiangxi-price-index');
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByText('长辈模式：已开启').waitFor();
    await check('60b-jiangxi-price-index-elder');
    expect(phone.errors).toEqual([]);
  });
});
