/**
 * The citizen's path through the H5 build, in Debian Chromium at 375×812, against the real API,
 * real Meilisearch and the demo data (issue 4, Tests). A screenshot per step goes to screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPhone, parseDistanceKm, type Phone } from './browser.js';
import { startStack, type Stack } from './stack.js';

// 太原 (山西 demo region), near the city centre
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

function expectNoConsoleErrors(p: Phone, allowed: RegExp[] = []) {
  expect(p.errors.filter((e) => !allowed.some((a) => a.test(e)))).toEqual([]);
}

describe('citizen H5', () => {
  it('search → product → offers by distance → by unit price → institution → report (stored)', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    const sentCoords: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      for (const k of ['lat', 'lng']) if (u.searchParams.has(k)) sentCoords.push(u.searchParams.get(k) as string);
    });
    await page.goto(stack.url);
    await page.getByText('常用集采药品').waitFor();
    await phone.shot('01-home');

    // location asked once, with the reason shown
    await expect(page.getByText('位置只精确到约 100 米').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('current-region').getByText('太原市').waitFor();
    await expect(page.getByRole('button', { name: '允许定位' }).count()).resolves.toBe(0);
    await phone.shot('02-located');

    // suggest as you type
    const input = page.locator('.home__input input');
    await input.fill('氨氯地平');
    await page.getByTestId('suggestions').getByText('苯磺酸氨氯地平片').waitFor();
    await phone.shot('03-suggest');
    await page.getByRole('button', { name: '搜索', exact: true }).click();

    // results grouped by 通用名
    const group = page.getByTestId('drug-group').filter({ hasText: '苯磺酸氨氯地平片' }).first();
    await group.waitFor();
    await expect(page.getByTestId('drug-group').count()).resolves.toBeGreaterThan(1);
    await phone.shot('04-results');
    await group.getByTestId('product').first().click();

    // offers, nearest first, both prices on every card
    const cards = page.getByTestId('offer-card');
    await cards.first().waitFor();
    await expect(page.getByRole('button', { name: '距离最近（已选）' }).count()).resolves.toBe(1);
    const summary = page.getByTestId('offers-summary');
    // the header names one product and its pack (never two packs mixed)
    await expect(summary.textContent()).resolves.toMatch(/中选价¥\d+\.\d{2}\d+片\/盒/);
    const n = await cards.count();
    expect(n).toBeGreaterThan(1);
    for (let i = 0; i < n; i++) {
      const text = (await cards.nth(i).textContent()) ?? '';
      expect(text).toContain('销售价');
      expect(text).toContain('中选价');
      expect(text).toMatch(/\d+片\/盒/); // the pack beside every price
      expect(text).toMatch(/约 ¥\d+\.\d{2}\/天 · 约 ¥\d+\.\d{2}\/月/);
      expect(text).toMatch(/更新/);
    }
    // the rule explanation once on the page, not on every card
    await expect(page.getByTestId('rule-note').count()).resolves.toBe(1);
    await expect(page.locator('.offer-card .markup__rule').count()).resolves.toBe(0);
    // one tap to the region's hotline
    await page.getByRole('button', { name: /^拨打医保电话 12393/ }).waitFor();
    const distances = await page.locator('.offer-card__distance').allTextContents();
    const km = distances.map(parseDistanceKm);
    expect(km.every(Number.isFinite)).toBe(true);
    expect([...km].sort((a, b) => a - b)).toEqual(km);
    await phone.shot('05-offers-by-distance');
    // the position left the device rounded to ~100 m (3 decimals), never the raw 37.8706
    expect(sentCoords.length).toBeGreaterThan(0);
    for (const c of sentCoords) expect(c).toMatch(/^-?\d+(\.\d{1,3})?$/);
    expect(sentCoords).toContain('37.871');
    // H5 converts the browser's WGS-84 fix to GCJ-02 (the data's datum) before rounding:
    // 112.5489 (WGS-84) is 112.5552 in GCJ-02
    expect(sentCoords).toContain('112.555');
    expect(sentCoords).not.toContain('112.549');

    // by the cost of a day of treatment
    await page.getByRole('button', { name: '每天花费最低' }).click();
    await page.getByRole('button', { name: '每天花费最低（已选）' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.offers__list--loading'));
    const perDay = (await page.getByTestId('per-day').allTextContents()).map((t) => Number(/¥([\d.]+)\/天/.exec(t)?.[1]));
    expect(perDay.length).toBeGreaterThan(1);
    expect([...perDay].sort((a, b) => a - b)).toEqual(perDay);
    await phone.shot('06-offers-by-daily-cost');

    // institution detail
    const firstName = (await page.locator('.offer-card__name').first().textContent()) ?? '';
    await cards.first().getByRole('button', { name: /^查看/ }).click();
    await page.getByTestId('institution-name').getByText(firstName).waitFor();
    await page.getByText('“五统一”：到店应能看到').waitFor();
    await expect(page.getByTestId('institution-offer').count()).resolves.toBeGreaterThan(0);
    await phone.shot('07-institution');

    // report a problem
    await page.getByRole('button', { name: '反馈问题' }).click();
    await page.getByText('遇到了什么问题？').waitFor();
    await page.getByRole('button', { name: '价格与公示不符' }).click();
    await page.getByRole('button', { name: '提交反馈' }).click();
    await page.getByText('请填写您实际看到或支付的价格').waitFor();
    await page.getByTestId('report-price').locator('input').fill('19.90');
    await page.getByTestId('report-note').locator('textarea').fill('店内价签与公示不一致（e2e）');
    // the note box shows its whole border: the text area inside stays within the box Taro's host element draws
    const [boxBottom, textBottom] = await page
      .getByTestId('report-note')
      .evaluate((el) => [el.querySelector('taro-textarea-core'), el.querySelector('textarea')].map((e) => e!.getBoundingClientRect().bottom));
    expect(textBottom).toBeLessThanOrEqual(boxBottom!);
    // the price is filled in: the message asking for it is gone
    await expect(page.getByText('请填写您实际看到或支付的价格').count()).resolves.toBe(0);
    await phone.shot('08-report-form');
    await page.getByRole('button', { name: '提交反馈' }).click();
    const reference = (await page.getByTestId('report-reference').textContent())?.trim() ?? '';
    expect(reference).not.toBe('');
    await phone.shot('09-report-done');

    // the report is stored, with the institution and price the citizen gave
    const row = await stack.db.get<{ kind: string; fen: number; note: string; name: string }>(
      'SELECT r.kind, r.observed_price_fen AS fen, r.note, i.name FROM reports r JOIN institutions i ON i.id = r.institution_id WHERE r.reference = ?',
      [reference],
    );
    expect(row).toEqual({ kind: 'price_mismatch', fen: 1990, note: '店内价签与公示不一致（e2e）', name: firstName });

    // and kept on the device
    await page.reload();
    await page.getByText('我的反馈（保存在本机）').waitFor();
    await page.getByText(reference).first().waitFor();
    expectNoConsoleErrors(phone);
  });

  it('like for like: per-day cost across specs, one card per institution, a brand is not the generic', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await page.goto(stack.url);
    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('current-region').getByText('太原市').waitFor();

    // 二甲双胍 0.25 g and 0.5 g: the header does not mix them, ranking is per day of treatment
    await page.goto(`${stack.url}/#/pages/offers/index?generic=${encodeURIComponent('盐酸二甲双胍片')}&title=${encodeURIComponent('盐酸二甲双胍片')}`);
    const cards = page.getByTestId('offer-card');
    await cards.first().waitFor();
    const summary = (await page.getByTestId('offers-summary').textContent()) ?? '';
    expect(summary).toMatch(/规格和包装\d+ 种/);
    expect(summary).not.toContain('中选价');
    expect(summary).toMatch(/每天最低约 ¥\d+\.\d{2}\/天/);
    await page.getByRole('button', { name: '每天花费最低' }).click();
    await page.getByRole('button', { name: '每天花费最低（已选）' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.offers__list--loading'));
    // one card per institution, its products inside
    const ids = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-institution')));
    expect(new Set(ids).size).toBe(ids.length);
    const firstRows = await cards.evaluateAll((els) => els.map((e) => e.querySelector('[data-testid=per-day]')?.textContent ?? ''));
    const perDay = firstRows.map((t) => Number(/¥([\d.]+)\/天/.exec(t)?.[1]));
    expect(perDay.every(Number.isFinite)).toBe(true);
    expect([...perDay].sort((a, b) => a - b)).toEqual(perDay);
    const rowsPerCard = await cards.evaluateAll((els) => els.map((e) => e.querySelectorAll('[data-testid=offer-price]').length));
    expect(Math.min(...rowsPerCard)).toBeGreaterThanOrEqual(1);
    await phone.shot('21-metformin-per-day');

    // a brand searched says plainly it is not the generic
    await page.goto(`${stack.url}/#/pages/results/index?q=${encodeURIComponent('络活喜')}`);
    // (the bureau publishes its 挂网 price, so the brand card says it: scan-brand.test.ts covers the saving)
    const card = page.getByTestId('brand-card').first();
    await card.waitFor();
    const said = (await card.textContent()) ?? '';
    for (const words of ['络活喜', '原研药', '辉瑞', '不是集采中选药品']) expect(said).toContain(words);
    await expect(page.getByTestId('product').first().textContent()).resolves.toMatch(/\d+片\/盒/);
    await phone.shot('22-brand-notice');
    expectNoConsoleErrors(phone);
  });

  it('price history chart, map list (H5) and the about page', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await page.goto(stack.url);
    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('current-region').getByText('太原市').waitFor();
    await page.getByRole('button', { name: '苯磺酸氨氯地平片' }).first().click();
    await page.getByTestId('product').first().click();
    await page.getByTestId('offer-card').first().waitFor();

    // map page: on H5 a list with distances
    await page.getByRole('button', { name: '地图查看' }).click();
    await page.getByText('网页版不显示地图').waitFor();
    const rows = page.getByTestId('map-row');
    await rows.first().waitFor();
    await expect(rows.first().textContent()).resolves.toMatch(/(米|公里)/);
    await phone.shot('18-map-h5-list');
    await page.goBack();

    // price history of the queried drug at the first institution
    await page.getByTestId('offer-card').first().getByRole('button', { name: /^查看/ }).click();
    const instName = (await page.getByTestId('institution-name').textContent())?.trim() ?? '';
    // the institution page: sorted by pinyin, a filter box, a summary next to the badge
    await expect(page.getByTestId('institution-summary').textContent()).resolves.toMatch(/^\d+ 种集采药品(，\d+ 种高于规定价格|，价格都在规定以内)$/);
    const listed = (await page.locator('.inst__offer .offer-price__product').allTextContents()).slice(1).map((t) => t.split(' ')[0]!);
    expect(listed.length).toBeGreaterThan(3);
    const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin');
    expect([...listed].sort(collator.compare)).toEqual(listed);
    await page.locator('.inst__filter input').fill('氨氯地平');
    await expect(page.getByTestId('institution-offer').count()).resolves.toBeGreaterThan(0);
    for (const t of await page.getByTestId('institution-offer').allTextContents()) expect(t).toContain('氨氯地平');
    // 五统一 are requirements, not verified facts: no green ✓
    await expect(page.locator('.inst__five-title').first().textContent()).resolves.not.toContain('✓');
    await phone.shot('07b-institution-filtered');
    await page.getByTestId('institution-offer').first().getByRole('button', { name: '价格走势' }).click();
    await page.getByTestId('history-institution').getByText(instName).waitFor();
    await page.locator('.chart__bar, [data-testid=history-single]').first().waitFor();
    if ((await page.locator('.chart__bar').count()) > 0) {
      // bars from zero: the 中选价 line sits at its true height of the plot
      await page.getByText(/^中选价 ¥\d+\.\d{2}$/).waitFor();
      const geo = await page.evaluate(() => {
        const plot = document.querySelector('.chart__plot')!.getBoundingClientRect();
        const ref = document.querySelector('.chart__ref')!.getBoundingClientRect();
        return { plotBottom: plot.bottom, plotHeight: plot.height, refTop: ref.top };
      });
      expect(geo.refTop).toBeLessThan(geo.plotBottom);
    } else {
      await expect(page.getByTestId('history-single').textContent()).resolves.toMatch(/^暂无历史变动/);
    }
    await phone.shot('19-price-history');

    // about: the region's rules in plain Chinese and the last publish time
    await page.goto(`${stack.url}/#/subpackages/info/pages/about/index`);
    await page.getByText('山西省的“三进”规则').waitFor();
    await expect(page.getByTestId('region-rule').count()).resolves.toBeGreaterThan(2);
    await expect(page.getByTestId('last-published').textContent()).resolves.toMatch(/最近一次发布：\d{4}年/);
    await phone.shot('20-about');
    expectNoConsoleErrors(phone);
  });

  it('location refused → city picker → still fully usable', async () => {
    phone = await openPhone({ allowLocation: false });
    const { page } = phone;
    await page.goto(stack.url);
    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('city-picker').waitFor();
    await page.getByText('未获得定位授权').waitFor();
    await phone.shot('10-location-refused');

    // one tap chooses the city; a district is optional
    await page.getByRole('button', { name: '沈阳市' }).click();
    await page.getByTestId('current-region').getByText('沈阳市').waitFor();
    await page.getByText('手动选择：沈阳市').waitFor();
    await page.getByRole('button', { name: '和平区' }).click();
    await page.getByText('手动选择：沈阳市 和平区').waitFor();
    await phone.shot('11-city-chosen');

    await page.getByRole('button', { name: '苯磺酸氨氯地平片' }).click();
    await page.getByTestId('product').first().click();
    await page.getByTestId('offer-card').first().waitFor();
    await page.getByText('距离按沈阳市中心估算').waitFor();
    await phone.shot('12-offers-shenyang');
    expectNoConsoleErrors(phone);
  });

  it('elder mode: large type, nothing dropped, large taps, remembered', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await page.goto(stack.url);
    const fontSize = () => page.locator('.page').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await fontSize();
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByText('长辈模式：已开启').waitFor();
    expect(await fontSize()).toBeGreaterThanOrEqual(normal * 1.3);
    await phone.shot('13-elder-home');

    await page.reload();
    await page.getByText('长辈模式：已开启').waitFor();
    expect(await fontSize()).toBeGreaterThanOrEqual(normal * 1.3);

    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('current-region').getByText('太原市').waitFor();
    await page.getByRole('button', { name: '苯磺酸氨氯地平片' }).click();
    await page.getByTestId('product').first().click();
    await page.getByTestId('offer-card').first().waitFor();
    // elder mode enlarges; it never drops what tells two products apart: strength, maker, pack, per-unit price
    const card = (await page.getByTestId('offer-card').first().textContent()) ?? '';
    expect(card).toMatch(/5mg/);
    expect(card).toMatch(/药业|制药/);
    expect(card).toMatch(/\d+片\/盒/);
    expect(card).toMatch(/每片 ¥\d+\.\d{2}/);
    // tap targets of at least 48 px, and the hotline one tap away
    await page.getByRole('button', { name: /^拨打医保电话/ }).waitFor();
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[role=button]'))
        .map((el) => ({ text: (el.textContent ?? '').trim(), r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.height < 48 || r.width < 48))
        .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small).toEqual([]);
    await phone.shot('14-elder-offers');
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.shot('14b-elder-offers-320');
    expectNoConsoleErrors(phone);
  });

  it('API down shows 重试, and retry recovers', async () => {
    phone = await openPhone();
    const { page } = phone;
    let fail = true;
    await page.route('**/api/v1/drugs/search**', (route) => (fail ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"Service Unavailable","message":"down"}' }) : route.continue()));
    await page.goto(`${stack.url}/#/pages/results/index?q=${encodeURIComponent('氨氯地平')}`);
    await page.getByText('服务暂时不可用，请稍后重试').waitFor();
    await phone.shot('15-api-down');
    fail = false;
    await page.getByRole('button', { name: '重试' }).click();
    await page.getByTestId('drug-group').first().waitFor();
    await phone.shot('16-api-recovered');

    // empty state
    await page.goto(`${stack.url}/#/pages/results/index?q=${encodeURIComponent('zzzzqqq')}`);
    await page.getByText('没有找到这个药品').waitFor();
    await phone.shot('16b-empty-results');
    expectNoConsoleErrors(phone, [/status of 503/]);
  });

  it('works at 320 px: no horizontal scroll, tap targets ≥ 44 px', async () => {
    phone = await openPhone();
    const { page } = phone;
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(stack.url);
    await page.getByText('常用集采药品').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[role=button]'))
        .map((el) => ({ text: (el.textContent ?? '').trim(), r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
        .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small).toEqual([]);
    await phone.shot('17-320px');
    expectNoConsoleErrors(phone);
  });
});
