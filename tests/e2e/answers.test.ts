/**
 * Issue 14 in Chromium against the real stack: results that answer (附近 N 家 · 最低 ¥x per product), chips
 * and suggestions that name one product go straight to its prices, chips of unpublished drugs hidden;
 * reports a citizen can follow (status by receipt, 我的反馈, a photo). Each step at 375 px, 320 px and in
 * elder mode, with screenshots.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GenericsResponse } from '@yaojia/shared';
import { COMMON_DRUGS } from '../../miniapp/src/lib/common-drugs.js';
import { openPhone, type Phone } from './browser.js';
import { startStack, type Stack } from './stack.js';

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
