/**
 * Issue 15 in the H5 build, Debian Chromium, real API and demo data: a 追溯码 typed on the scan page opens
 * that drug's nearby prices (an unknown one shows the server's words), a brand's box (络活喜's barcode or
 * 追溯码, from the 挂网 file's code columns) shows its brand card, and searching a brand (络活喜) shows
 * what it is and what the 集采 products of the same molecule save a month. Screenshots at 375 px, 320 px
 * and in elder mode go to screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoTraceCode } from '@yaojia/server/demo/codes';
import { DEMO_LISTED, demoListedPackCodes } from '@yaojia/server/demo/listed';
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

/** A demo 苯磺酸氨氯地平片 of 山西 whose 药品标识码 names it alone, and a 追溯码 printed on one of its boxes. */
async function demoBox(): Promise<{ trace: string; code: string; spec: string }> {
  const rows = await stack.db.all<{ code: string; spec: string; identifier: string }>(
    `SELECT p.code, p.spec, c.code AS identifier FROM product_codes c JOIN products p ON p.id = c.product_id JOIN regions r ON r.id = p.region_id
     WHERE r.slug = 'shanxi' AND c.kind = 'identifier' AND p.generic_name = '苯磺酸氨氯地平片' AND p.removed_at IS NULL
       AND (SELECT COUNT(*) FROM product_codes o WHERE o.region_id = c.region_id AND o.kind = 'identifier' AND o.code = c.code) = 1
     ORDER BY p.code LIMIT 1`,
  );
  const r = rows[0];
  if (!r) throw new Error('demo data has no 苯磺酸氨氯地平片 with a 药品标识码 in 山西');
  return { trace: demoTraceCode({ identifiers: [r.identifier], standard: '', ean13: '' }, 42), code: r.code, spec: r.spec };
}

const noOverflow = (p: Phone) => p.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('scan the box, find the 集采 alternative', () => {
  it('typing a demo 追溯码 opens that drug\'s nearby prices; an unknown one says which code it was', async () => {
    const box = await demoBox();
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    const loaded: string[] = [];
    page.on('request', (r) => loaded.push(r.url()));
    await page.goto(stack.url);
    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('current-region').getByText('太原市').waitFor();
    await page.getByRole('button', { name: '扫码查药' }).waitFor();
    await phone.shot('30-home-scan-entry');

    await page.getByRole('button', { name: '输入药盒上的编码' }).click();
    const input = page.getByTestId('code-field').locator('input');
    await input.waitFor();
    await phone.shot('31-scan-page');
    // the camera code (ZXing) is loaded only when the camera is opened, never on the way here
    expect(loaded.filter((u) => /zxing/i.test(u))).toEqual([]);

    // a well-formed code the region's catalog does not have: the server's plain words, no navigation
    await input.fill('81234560000000012601'.replace(/^\d{7}/, '8999999'));
    await page.getByRole('button', { name: '查询这个编码' }).click();
    await page.getByText('这是追溯码，但本地区目录中没有该药品').waitFor();
    await phone.shot('32-scan-unknown');
    // a malformed one: what a code should look like
    await input.fill('12345');
    await page.getByRole('button', { name: '查询这个编码' }).click();
    await page.getByText(/不是可识别的药品编码/).waitFor();
    // digits are a code mistyped, not a name: no search offered
    expect(await page.getByRole('button', { name: /按药品名称搜索/ }).count()).toBe(0);

    // typed with spaces, as printed on the box
    await input.fill(box.trace.replace(/(\d{4})(?=\d)/g, '$1 '));
    await page.getByRole('button', { name: '查询这个编码' }).click();
    await page.getByTestId('offer-card').first().waitFor();
    expect(decodeURIComponent(page.url())).toContain(`code=${box.code}`);
    const summary = (await page.getByTestId('offers-summary').textContent()) ?? '';
    expect(summary).toContain('苯磺酸氨氯地平片');
    expect(summary).toContain(box.spec);
    await phone.shot('33-scan-offers');
    expect(phone.errors.filter((e) => !/status of 40[04]/.test(e))).toEqual([]);
  });

  it('a brand name typed on the scan page opens its 集采 alternative (from the published 挂网 prices, not a table in the app)', async () => {
    phone = await openPhone();
    const { page } = phone;
    await page.goto(`${stack.url}/#/subpackages/scan/pages/code/index`);
    const input = page.getByTestId('code-field').locator('input');
    await input.waitFor();
    await input.fill('络活喜');
    await page.getByRole('button', { name: '查询这个编码' }).click();
    const card = page.getByTestId('brand-card');
    await card.waitFor();
    expect(decodeURIComponent(page.url())).toContain('q=络活喜');
    expect((await card.textContent()) ?? '').toMatch(/换用集采药品，按每日 1 片计，每月约省 ¥\d+\.\d{2}/);
    // a word that is neither a code nor a known name: what a code should look like
    await page.goto(`${stack.url}/#/subpackages/scan/pages/code/index`);
    await input.waitFor();
    await input.fill('感冒药');
    await page.getByRole('button', { name: '查询这个编码' }).click();
    await page.getByText(/不是可识别的药品编码/).waitFor();
    await phone.shot('34b-scan-brand-name');
    // …and a way on: the same words as a search
    await page.getByRole('button', { name: '按药品名称搜索“感冒药”' }).click();
    await page.waitForURL(/pages\/results\/index/);
    expect(decodeURIComponent(page.url())).toContain('q=感冒药');
    await phone.shot('34c-scan-name-search');
    expect(phone.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('scanning (typing) the barcode of a 络活喜 box shows the brand card: its listed price and the 集采 products\' monthly saving', async () => {
    const norvasc = DEMO_LISTED.findIndex((l) => l.brandName === '络活喜');
    const codes = demoListedPackCodes(norvasc);
    phone = await openPhone();
    const { page } = phone;
    await page.goto(stack.url);
    await page.getByRole('button', { name: '输入药盒上的编码' }).click();
    const input = page.getByTestId('code-field').locator('input');
    await input.waitFor();
    // the EAN-13 under the barcode, as printed (a space after the country prefix)
    await input.fill(`${codes.ean13.slice(0, 2)} ${codes.ean13.slice(2)}`);
    await page.getByRole('button', { name: '查询这个编码' }).click();
    const card = page.getByTestId('brand-card');
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('络活喜');
    expect(text).toContain('原研药');
    expect(text).toMatch(/¥29\.40\/盒/);
    expect(text).toMatch(/换用集采药品，按每日 1 片计，每月约省 ¥\d+\.\d{2}/);
    const group = page.getByTestId('drug-group').filter({ has: card });
    await expect(group.locator('.group__name').textContent()).resolves.toBe('苯磺酸氨氯地平片');
    expect((await group.getByTestId('product-saving').allTextContents()).length).toBeGreaterThan(0);
    await phone.shot('40-scan-brand-barcode');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('41-scan-brand-barcode-320');

    // a 追溯码 of the same box, in elder mode
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByText('长辈模式：已开启').waitFor();
    await page.goto(`${stack.url}/#/subpackages/scan/pages/code/index`);
    await input.waitFor();
    await input.fill(demoTraceCode(codes, 7));
    await page.getByRole('button', { name: '查询这个编码' }).click();
    await page.getByTestId('brand-card').waitFor();
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('42-scan-brand-trace-elder');
    expect(phone.errors).toEqual([]);
  });

  it('the scan page at 320 px and in elder mode: nothing overflows, taps stay large', async () => {
    phone = await openPhone();
    const { page } = phone;
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByText('长辈模式：已开启').waitFor();
    await phone.shot('34-elder-home-scan-entry');
    await page.getByRole('button', { name: '输入药盒上的编码' }).click();
    await page.getByTestId('code-field').locator('input').waitFor();
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    const small = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[role=button]'))
        .map((el) => ({ text: (el.textContent ?? '').trim(), r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.height < 48 || r.width < 48))
        .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small).toEqual([]);
    await phone.shot('35-elder-scan-320');
  });

  it('searching 络活喜 shows the brand, its listed price and the monthly saving of the 集采 products', async () => {
    phone = await openPhone();
    const { page } = phone;
    await page.goto(stack.url);
    const input = page.locator('.home__input input');
    await input.fill('络活喜');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    const card = page.getByTestId('brand-card');
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('络活喜');
    expect(text).toContain('原研药');
    expect(text).toMatch(/¥\d+\.\d{2}\/盒/); // listed price per pack
    expect(text).toMatch(/约 ¥\d+\.\d{2}\/天/); // and per day
    expect(text).toMatch(/换用集采药品，按每日 1 片计，每月约省 ¥\d+\.\d{2}/);
    expect(text).toMatch(/医生|药师/);
    // the card sits on the 通用名 group of the same molecule; each cheaper product names its own saving
    const group = page.getByTestId('drug-group').filter({ has: card });
    await expect(group.locator('.group__name').textContent()).resolves.toBe('苯磺酸氨氯地平片');
    const savings = await group.getByTestId('product-saving').allTextContents();
    expect(savings.length).toBeGreaterThan(0);
    for (const s of savings) expect(s).toMatch(/^换用集采药品，按每日 1 片计，每月约省 ¥\d+\.\d{2}$/);
    await phone.shot('36-brand-card');

    await page.setViewportSize({ width: 320, height: 640 });
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('37-brand-card-320');

    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByText('长辈模式：已开启').waitFor();
    await page.goto(`${stack.url}/#/pages/results/index?q=${encodeURIComponent('络活喜')}`);
    await page.getByTestId('brand-card').waitFor();
    expect(await noOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.shot('38-brand-card-elder-320');
    await page.setViewportSize({ width: 375, height: 812 });
    await phone.shot('39-brand-card-elder');
    expect(phone.errors).toEqual([]);
  });
});
