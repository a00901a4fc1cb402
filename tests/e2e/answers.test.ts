/**
 * Issue 14 in Chromium against the real stack: results that answer (附近 N 家 · 最低 ¥x per product), chips
 * and suggestions that name one product go straight to its prices, chips of unpublished drugs hidden;
 * reports a citizen can follow (status by receipt, 我的反馈, a photo). Each step at 375 px, 320 px and in
 * elder mode, with screenshots.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GenericsResponse } from '@yaojia/shared';
import { COMMON_DRUGS } from '../../miniapp/src/lib/common-drugs.js';
import { join } from 'node:path';
import { resolveReport } from '@yaojia/server/bureau/reports';
import { openPhone, type Phone } from './browser.js';
import { ROOT, startStack, type Stack } from './stack.js';

const TAIYUAN = { latitude: 37.8706, longitude: 112.5489 };

let stack: Stack;
let phone: Phone | null = null;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});
afterEach(async () => {
  await phone?.close();
  phone = null;
});

async function located(p: Phone) {
  await p.page.goto(stack.url);
  await p.page.getByRole('button', { name: '允许定位' }).click();
  await p.page.getByTestId('current-region').getByText('太原市').waitFor();
}

async function noOverflow(p: Phone) {
  return p.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function generics(region: string): Promise<GenericsResponse['items']> {
  const res = await stack.app.inject({ method: 'GET', url: `/api/v1/drugs/generics?region=${region}` });
  return (res.json() as GenericsResponse).items;
}

describe('results answer the question', () => {
  it('each product row: 附近 N 家 · 最低 ¥x, per product, at 375 px, 320 px and in elder mode', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await located(phone);
    await page.goto(`${stack.url}/#/pages/results/index?q=${encodeURIComponent('氨氯地平')}`);
    const group = page.getByTestId('drug-group').filter({ hasText: '苯磺酸氨氯地平片' }).first();
    await group.getByTestId('product-nearby').first().waitFor();
    const rows = group.getByTestId('product');
    expect(await rows.count()).toBe(2); // 28 片 and 14 片: two packs, two answers
    for (const text of await group.getByTestId('product-nearby').allTextContents()) {
      expect(text).toMatch(/^附近 \d+ 家 · 最低 ¥\d+\.\d{2}\/盒$|^附近 10 公里内暂无报价$/);
    }
    // the row's lowest is that product's own: open it and the offers page agrees
    const first = (await rows.first().getByTestId('product-nearby').textContent()) ?? '';
    const m = /附近 (\d+) 家 · 最低 ¥(\d+\.\d{2})/.exec(first);
    expect(m).not.toBeNull();
    await phone.shot('41-results-nearby');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('41b-results-nearby-320');
    await page.setViewportSize({ width: 375, height: 812 });
    await rows.first().click();
    const summary = page.getByTestId('offers-summary');
    await page.getByTestId('offer-card').first().waitFor();
    await expect(summary.textContent()).resolves.toContain(`附近机构${m![1]} 家`);
    await expect(summary.textContent()).resolves.toContain(`最低销售价¥${m![2]}`);
    await page.goBack();

    // elder mode keeps the answer
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByText('长辈模式：已开启').waitFor();
    await page.goto(`${stack.url}/#/pages/results/index?q=${encodeURIComponent('氨氯地平')}`);
    await page.getByTestId('product-nearby').first().waitFor();
    await phone.shot('42-results-nearby-elder');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('42b-results-nearby-elder-320');
    expect(phone.errors).toEqual([]);
  });

  it('a chip or suggestion naming one product opens its prices; chips of unpublished drugs are hidden', async () => {
    const listed = new Map((await generics('shanxi')).map((g) => [g.genericName, g]));
    const chipNames = COMMON_DRUGS.flatMap((g) => g.names);
    const shown = chipNames.filter((n) => listed.has(n));
    const hidden = chipNames.filter((n) => !listed.has(n));
    const single = shown.find((n) => listed.get(n)!.code !== null);
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await located(phone);
    await page.getByText('常用集采药品').waitFor();
    await page.getByTestId('common-drugs').first().waitFor();
    for (const n of shown) await expect(page.getByRole('button', { name: n, exact: true }).count(), n).resolves.toBe(1);
    for (const n of hidden) await expect(page.getByRole('button', { name: n, exact: true }).count(), n).resolves.toBe(0);
    await phone.shot('43-home-chips');

    if (single) {
      await page.getByRole('button', { name: single, exact: true }).click();
      await page.getByTestId('offers-summary').getByText(single).waitFor();
      await page.getByTestId('offer-card').first().waitFor();
      expect(page.url()).toContain('/pages/offers/index');
      await page.goBack();
    }

    // a suggestion naming one product
    const one = [...listed.values()].find((g) => g.code !== null)!;
    const input = page.locator('.home__input input');
    await input.fill(one.genericName);
    await page.getByTestId('suggestions').getByText(one.genericName, { exact: true }).click();
    await page.getByTestId('offer-card').first().waitFor();
    expect(page.url()).toContain('/pages/offers/index');
    expect(decodeURIComponent(page.url())).toContain(one.code!);
    await phone.shot('44-suggestion-straight-to-prices');
    expect(phone.errors).toEqual([]);
  });

  it('a region with nothing published shows no drug chips', async () => {
    phone = await openPhone({ allowLocation: false });
    const { page } = phone;
    await page.goto(stack.url);
    await page.getByRole('button', { name: '手动选择城市' }).click();
    await page.getByRole('button', { name: '南昌市' }).click();
    await page.getByTestId('region-unpublished').waitFor();
    await expect(page.getByText('常用集采药品').count()).resolves.toBe(0);
    await phone.shot('45-jiangxi-no-chips');
    expect(phone.errors).toEqual([]);
  });
});

describe('reports people can follow', () => {
  it('report → photo of the receipt → 我的反馈 shows the status, then the bureau’s answer (375, 320, elder)', async () => {
    const inst = (await stack.db.get<{ id: number; name: string }>(
      "SELECT i.id, i.name FROM institutions i JOIN regions r ON r.id = i.region_id WHERE r.slug = 'shanxi' AND i.type = 'retail_chain' AND i.removed_at IS NULL ORDER BY i.id LIMIT 1",
    ))!;
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await page.goto(`${stack.url}/#/subpackages/feedback/pages/report/index?institutionId=${inst.id}&institutionName=${encodeURIComponent(inst.name)}`);
    await page.getByRole('button', { name: '价格与公示不符' }).click();
    await page.getByTestId('report-price').locator('input').fill('9.90');
    await page.getByRole('button', { name: '提交反馈' }).click();
    const reference = ((await page.getByTestId('report-reference').textContent()) ?? '').trim();
    expect(reference).toMatch(/^JB\d{6}[0-9A-Z]{10}$/);

    // a photo of the receipt: the H5 file input; stored re-encoded, shown to the bureau
    await page.locator('.photo__input').setInputFiles(join(ROOT, 'miniapp/src/assets/marker.png'));
    await expect(page.getByTestId('photo-count').textContent()).resolves.toBe('✓ 已上传 1 张照片');
    await phone.shot('46-report-photo');
    const photo = await stack.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM photos p JOIN reports r ON r.id = p.owner_id AND p.owner_kind = 'report' WHERE r.reference = ?",
      [reference],
    );
    expect(Number(photo?.n)).toBe(1);

    // 我的反馈 from the home page: the report and its status
    await page.goto(stack.url);
    await page.getByRole('button', { name: '我的反馈' }).click();
    const row = page.getByTestId('my-report').filter({ hasText: reference });
    await expect(row.getByTestId('my-report-status').textContent()).resolves.toBe('已收到，等待医保部门核查');
    await expect(row.textContent()).resolves.toContain('1 张照片');
    await phone.shot('47-my-reports-open');

    // the bureau resolves it with a public answer; the internal note never reaches the page
    await resolveReport(stack.db, {
      reference,
      resolution: 'confirmed',
      note: '内部：约谈店长，记录 #e2e',
      publicNote: '经核实，该店价签未及时更新，已责令按中选价销售。',
      actor: 'e2e',
    });
    await page.reload();
    await expect(row.getByTestId('my-report-status').textContent()).resolves.toBe('已核查：问题属实，已责成整改');
    await expect(row.getByTestId('my-report-answer').textContent()).resolves.toContain('经核实，该店价签未及时更新');
    await expect(page.getByText('约谈店长').count()).resolves.toBe(0);
    await phone.shot('48-my-reports-answered');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('48b-my-reports-320');

    // a reference typed in (from another phone) is looked up and kept; a wrong one is explained
    await page.setViewportSize({ width: 375, height: 812 });
    await page.locator('.mine__input input').fill('JB2601');
    await page.getByRole('button', { name: '查询并保存到本机' }).click();
    await page.getByText('回执编号是 JB 开头的 18 位字母和数字，请核对').waitFor();

    // elder mode: the same, large, taps ≥ 48 px
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByRole('button', { name: '我的反馈' }).click();
    await row.getByTestId('my-report-answer').waitFor();
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[role=button]'))
        .map((el) => ({ text: (el.textContent ?? '').trim(), r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.height < 48 || r.width < 48))
        .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small).toEqual([]);
    await phone.shot('49-my-reports-elder');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('49b-my-reports-elder-320');
    expect(phone.errors).toEqual([]);
  });
});

describe('public text', () => {
  it('statistics in plain words: no developer words, 江西’s target only under 江西, the current quarter 进行中 (375, 320, elder)', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await located(phone);
    await page.goto(`${stack.url}/#/subpackages/stats/pages/overview/index`);
    await page.getByTestId('stats-table').waitFor();
    const developerWords = /seed|joined_at|listed_at|Σ|pnpm|admin|--[a-z]/;
    const body = async () => (await page.locator('.page').last().textContent()) ?? '';
    expect(await body()).not.toMatch(developerWords);
    // 山西 is not judged by 江西's 80 % / 90 %
    expect(await body()).not.toMatch(/目标：/);
    // the current quarter is marked
    await page.getByTestId('stats-in-progress').waitFor();
    await expect(page.getByRole('button', { name: /（进行中）/ }).count()).resolves.toBe(1);
    await phone.shot('50-stats-plain');
    await page.getByTestId('stats-note').last().scrollIntoViewIfNeeded();
    await phone.shot('50b-stats-notes');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('50c-stats-320');
    await page.setViewportSize({ width: 375, height: 812 });

    // 江西 has published nothing: it says so
    await page.getByRole('button', { name: '江西省', exact: true }).click();
    await expect(page.getByTestId('stats-unpublished').textContent()).resolves.toContain('江西暂未发布数据');
    await phone.shot('51-stats-jiangxi-unpublished');
    expect(phone.errors).toEqual([]);
  });

  it('About explains the words plainly and links the open data and the API docs (375, elder 320)', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await located(phone);
    await page.goto(`${stack.url}/#/subpackages/info/pages/about/index`);
    await page.getByText('常见词，用大白话说').waitFor();
    const terms = await page.getByTestId('glossary-term').allTextContents();
    expect(terms.find((t) => t.startsWith('零差率'))).toContain('不加一分钱');
    expect(terms.some((t) => t.startsWith('中选价'))).toBe(true);
    expect((await page.locator('.page').last().textContent()) ?? '').not.toMatch(/seed|pnpm|joined_at|Σ/);
    await expect(page.getByTestId('open-data-link').getAttribute('href')).resolves.toBe('/api/v1/open/datasets');
    await expect(page.getByTestId('api-docs-link').getAttribute('href')).resolves.toBe('/docs');
    // both answer
    for (const path of ['/api/v1/open/datasets', '/docs']) {
      const res = await page.request.get(`${stack.url}${path}`);
      expect(res.status(), path).toBe(200);
    }
    await page.getByText('常见词，用大白话说').scrollIntoViewIfNeeded();
    await phone.shot('52-about-glossary');
    await page.getByTestId('open-data-link').scrollIntoViewIfNeeded();
    await phone.shot('53-about-open-data');
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.goto(`${stack.url}/#/subpackages/info/pages/about/index`);
    await page.getByText('常见词，用大白话说').waitFor();
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await page.getByTestId('open-data-link').scrollIntoViewIfNeeded();
    await phone.shot('53b-about-elder-320');
    expect(phone.errors).toEqual([]);
  });
});
