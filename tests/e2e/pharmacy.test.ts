/**
 * 药店自查, 三进 statistics and the 供应紧张 notice through the H5 build (issues 6 and 7), in Debian
 * Chromium against the real stack. The bureau's token is issued in the stack itself (the same code
 * path as `pnpm admin token issue --institution <医保编码>`). A screenshot per step goes to screenshots/.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { institutionCompliance } from '@yaojia/server/repositories/compliance';
import { issueToken } from '@yaojia/server/repositories/tokens';
import { openPhone, type Phone } from './browser.js';
import { ROOT, startStack, type Stack } from './stack.js';

const TAIYUAN = { latitude: 37.8706, longitude: 112.5489 };

let stack: Stack;
let phone: Phone | null = null;
/** a demo retail pharmacy with at least one selling price above its cap */
let pharmacy: { id: number; token: string; code: string; cap: string; name: string };

beforeAll(async () => {
  stack = await startStack();
  const ids = await stack.db.all<{ id: number }>(`SELECT id FROM institutions WHERE type LIKE 'retail%' AND removed_at IS NULL ORDER BY id`);
  for (const { id } of ids) {
    const above = (await institutionCompliance(stack.db, id))?.items.find((i) => i.id === 'price_cap' && !i.passed)?.offers[0];
    if (above?.cap) {
      const t = await issueToken(stack.db, { role: 'institution', institutionId: id, days: 30, actor: 'e2e' });
      pharmacy = { id, token: t.token, code: above.code, cap: above.cap, name: above.name };
      break;
    }
  }
  if (!pharmacy) throw new Error('demo data has no retail pharmacy priced above its cap');
});
afterAll(async () => {
  await stack?.close();
});
afterEach(async () => {
  await phone?.close();
  phone = null;
});

function expectNoConsoleErrors(p: Phone) {
  expect(p.errors).toEqual([]);
}

describe('药店自查 H5', () => {
  it('sign in with the token → checklist → fix a price above the cap → citizens see the new price', async () => {
    phone = await openPhone();
    const { page } = phone;

    // entry from the about page
    await page.goto(`${stack.url}/#/subpackages/info/pages/about/index`);
    await page.getByRole('button', { name: '药店自查' }).click();
    await page.getByText('医药机构登录', { exact: true }).waitFor();

    // a malformed paste is caught before any request
    const tokenBox = page.locator('.signin__input input');
    // the token is a secret: a password field
    await expect(tokenBox.getAttribute('type')).resolves.toBe('password');
    await tokenBox.fill('not-a-token');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('令牌格式不对').waitFor();
    await phone.shot('p01-signin');

    await tokenBox.fill(`  ${pharmacy.token} `);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('me-name').waitFor();
    await expect(page.evaluate(() => localStorage.getItem('yaojia.pharmacyToken'))).resolves.toContain(pharmacy.token);
    await phone.shot('p02-signed-in');

    // checklist: failed items first, each with its reason and what to do; the offers above the cap listed
    await page.getByRole('button', { name: '合规自查清单' }).click();
    await page.getByTestId('check-summary').waitFor();
    await expect(page.getByTestId('check-summary').textContent()).resolves.toMatch(/项未通过/);
    const capItem = page.locator('[data-check="price_cap"]');
    await expect(capItem.textContent()).resolves.toContain('未通过');
    await expect(capItem.textContent()).resolves.toContain('怎么做');
    await expect(capItem.getByTestId('check-quote').count()).resolves.toBe(0);
    await capItem.getByRole('button', { name: '依据' }).click();
    await capItem.getByTestId('check-quote').waitFor();
    await capItem.scrollIntoViewIfNeeded();
    await phone.shot('p03-checklist');

    // the listed offer opens the edit page
    await capItem.getByTestId('check-offer').filter({ hasText: pharmacy.name }).first().click();
    const selling = page.locator('.edit__input input').first();
    await selling.waitFor();
    await phone.shot('p04-edit');
    await expect(page.locator('.page').last().textContent()).resolves.toContain(`上限 ¥${pharmacy.cap}`);
    await selling.fill('12.345');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('价格格式不对').waitFor();
    await phone.shot('p05-edit-field-error');
    await selling.fill(pharmacy.cap);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('edit-done').waitFor();
    await expect(page.getByTestId('edit-done').textContent()).resolves.toContain(`¥${pharmacy.cap}`);
    await phone.shot('p06-edit-saved');

    // my listing: the fixed offer no longer marked 高于规定价格
    await page.getByRole('button', { name: '查看我的公示信息' }).click();
    const mine = page.locator(`[data-testid="listing-offer"][data-code="${pharmacy.code}"]`);
    await mine.waitFor();
    await expect(mine.textContent()).resolves.not.toContain('高于规定价格');
    await page.getByTestId('listing-summary').scrollIntoViewIfNeeded();
    await phone.shot('p07-listing');

    // the citizen's institution page shows the new price for that drug
    await page.goto(`${stack.url}/#/pages/institution/index?id=${pharmacy.id}&code=${encodeURIComponent(pharmacy.code)}`);
    const focused = page.locator('.inst__offer--focus');
    await focused.waitFor();
    const text = (await focused.textContent()) ?? '';
    expect(text).toContain(`销售价¥${pharmacy.cap}`);
    expect(text).not.toContain('高于本地规则允许的价格');
    await focused.scrollIntoViewIfNeeded();
    await phone.shot('p08-citizen-institution');
    expectNoConsoleErrors(phone);
  });

  it('pharmacy tools: the price field never guesses, above the cap or ×3 asks first, 一键按规定价调整 with a preview (375, 320, elder)', async () => {
    // another pharmacy with prices above its cap (the first test fixed one of the first one's)
    let other: { id: number; token: string; code: string; cap: string } | null = null;
    const ids = await stack.db.all<{ id: number }>(`SELECT id FROM institutions WHERE type LIKE 'retail%' AND removed_at IS NULL AND id <> ? ORDER BY id`, [pharmacy.id]);
    for (const { id } of ids) {
      const item = (await institutionCompliance(stack.db, id))?.items.find((i) => i.id === 'price_cap' && !i.passed);
      if (item && item.offers.length >= 2 && item.offers[0]?.cap) {
        const t = await issueToken(stack.db, { role: 'institution', institutionId: id, days: 30, actor: 'e2e' });
        other = { id, token: t.token, code: item.offers[0].code, cap: item.offers[0].cap };
        break;
      }
    }
    expect(other).not.toBeNull();
    const o = other!;
    phone = await openPhone();
    const { page } = phone;
    await page.goto(`${stack.url}/#/subpackages/pharmacy/pages/signin/index`);
    await page.locator('.signin__input input').fill('abc_1234567890123456789');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('令牌格式不对：医保部门发放的令牌以 yjt_ 开头，请检查是否复制完整').waitFor();
    await page.locator('.signin__input input').fill('yjt_short');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('令牌不完整').waitFor();
    // no admin commands in public text
    await expect(page.locator('body').textContent()).resolves.not.toMatch(/pnpm|admin|--institution/);
    await page.locator('.signin__input input').fill(o.token);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('me-name').waitFor();
    // the dashboard's rules are a pharmacy's: no 零差率 (public institutions), no 80 种 (private tertiary hospitals)
    const dash = (await page.locator('.page').last().textContent()) ?? '';
    expect(dash).not.toContain('零差率');
    expect(dash).not.toContain('80种');
    await phone.shot('p20-dashboard-rules');

    await page.goto(`${stack.url}/#/subpackages/pharmacy/pages/edit/index?code=${encodeURIComponent(o.code)}`);
    const selling = page.locator('.edit__input input').first();
    await selling.waitFor();
    for (const [typed, message] of [
      ['2,83', '请用小数点分隔元和角分，如 2.83（不要用逗号）'],
      ['-1', '价格不能是负数'],
    ] as const) {
      await selling.fill(typed);
      await expect(selling.inputValue()).resolves.toBe(typed); // nothing dropped on the way
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText(message).waitFor();
    }
    await phone.shot('p21-price-never-guessed');

    // above the cap: asks, naming the rule; 返回修改 saves nothing
    const above = (Number(o.cap) + 0.5).toFixed(2);
    await selling.fill(above);
    await page.getByRole('button', { name: '保存' }).click();
    const modal = page.locator('.taro__modal');
    await modal.getByText(`高于规定上限 ¥${o.cap}`).waitFor();
    await expect(modal.textContent()).resolves.toMatch(/（.+规则|（.+）/);
    await page.waitForTimeout(400); // the modal fades in
    await phone.shot('p22-confirm-above-cap');
    await modal.getByText('返回修改').click();
    await expect(page.getByTestId('edit-done').count()).resolves.toBe(0);
    // ×3: asks too
    await selling.fill((Number(o.cap) / 4).toFixed(2));
    await page.getByRole('button', { name: '保存' }).click();
    await modal.getByText(/相差 3 倍以上/).waitFor();
    await page.waitForTimeout(400);
    await phone.shot('p23-confirm-x3');
    await modal.getByText('返回修改').click();

    // 一键按规定价调整: preview, then every offer above the cap at its cap
    await page.goto(`${stack.url}/#/subpackages/pharmacy/pages/listing/index`);
    await page.getByRole('button', { name: '一键按规定价调整' }).click();
    const rows = page.getByTestId('adjust-row');
    await rows.first().waitFor();
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(2);
    for (const t of await rows.allTextContents()) expect(t).toMatch(/¥\d+\.\d{2} → ¥\d+\.\d{2}\/\S+/);
    await phone.shot('p24-adjust-preview');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await phone.shot('p24b-adjust-preview-320');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('button', { name: '确认调整' }).click();
    await expect(page.getByTestId('adjust-done').textContent()).resolves.toContain(`已将 ${n} 个药品调整为规定上限价格`);
    await page.waitForFunction(() => !document.body.textContent?.includes('个高于规定价格'));
    await expect(page.getByRole('button', { name: '一键按规定价调整' }).count()).resolves.toBe(0);
    await phone.shot('p25-adjusted');
    const after = (await institutionCompliance(stack.db, o.id))?.items.find((i) => i.id === 'price_cap');
    expect(after?.passed).toBe(true);
    const history = await stack.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM price_history WHERE institution_id = ? AND recorded_by LIKE 'institution:%'`, [o.id]);
    expect(Number(history?.n)).toBe(n);

    // elder mode on the pharmacy pages: large taps
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.goto(`${stack.url}/#/subpackages/pharmacy/pages/edit/index?code=${encodeURIComponent(o.code)}`);
    await page.locator('.edit__input input').first().waitFor();
    await phone.shot('p26-edit-elder');
    expectNoConsoleErrors(phone);
  });

  it('CSV upload page: errors by row, then a good file; shortage with a date picker, photo evidence and past reports with status', async () => {
    phone = await openPhone();
    const { page } = phone;
    await page.goto(`${stack.url}/#/subpackages/pharmacy/pages/signin/index`);
    await page.locator('.signin__input input').fill(pharmacy.token);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '批量上传价格' }).click();
    const file = page.locator('.up__input');
    await file.waitFor({ state: 'attached' });
    await file.setInputFiles({ name: '价格.csv', mimeType: 'text/csv', buffer: Buffer.from(`药品统一编码,销售价\n${pharmacy.code},abc\nNOPE0000,1.00\n`) });
    const issues = page.getByTestId('upload-issue');
    await issues.first().waitFor();
    const texts = await issues.allTextContents();
    expect(texts.some((t) => t.startsWith('第 2 行'))).toBe(true);
    expect(texts.some((t) => t.startsWith('第 3 行'))).toBe(true);
    await expect(page.getByTestId('upload-errors').textContent()).resolves.toContain('发现 2 处问题，全部未生效');
    await expect(page.getByTestId('upload-errors').textContent()).resolves.not.toMatch(/problem|nothing was changed|upload\.csv|expected/);
    expect(texts.find((t) => t.startsWith('第 2 行'))).toContain('“abc”不是有效的价格');
    await phone.shot('p30-upload-errors');
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await phone.shot('p30b-upload-errors-320');
    await page.setViewportSize({ width: 375, height: 812 });
    await file.setInputFiles({ name: '价格.csv', mimeType: 'text/csv', buffer: Buffer.from(`药品统一编码,销售价\n${pharmacy.code},${pharmacy.cap}\n`) });
    await expect(page.getByTestId('upload-done').textContent()).resolves.toMatch(/共 1 行/);
    await phone.shot('p31-upload-done');

    // shortage: the date comes from a date picker (today by default), evidence, then a photo of it
    // a drug other than the ones the other tests look at (the last test expects pharmacy.code and the first other one free of notices)
    const mine = (await stack.app.inject({ method: 'GET', url: '/api/v1/me/listing', headers: { authorization: `Bearer ${pharmacy.token}` } })).json() as {
      offers: Array<{ product: { code: string } }>;
    };
    const short = mine.offers.at(-1)!.product.code;
    expect(short).not.toBe(pharmacy.code);
    await page.goto(`${stack.url}/#/subpackages/pharmacy/pages/shortage/index?code=${encodeURIComponent(short)}`);
    await page.getByTestId('since-picker').click();
    await page.getByText('确定').click();
    await page.waitForTimeout(600); // the picker slides away
    await expect(page.getByTestId('since-picker').textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}/);
    await page.getByTestId('shortage-evidence').locator('textarea').fill('12月1日向配送企业下单（订单号 E2E-1），答复无货');
    await phone.shot('p32-shortage-form');
    await page.getByRole('button', { name: /提交/ }).click();
    await page.getByTestId('shortage-done').waitFor();
    await page.locator('.photo__input').setInputFiles(join(ROOT, 'miniapp/src/assets/marker.png'));
    await expect(page.getByTestId('photo-count').textContent()).resolves.toBe('✓ 已上传 1 张照片');
    await phone.shot('p33-shortage-photo');
    // past reports with their status
    await page.goto(`${stack.url}/#/subpackages/pharmacy/pages/shortage/index`);
    const pastRow = page.getByTestId('past-shortage').first();
    await expect(pastRow.textContent()).resolves.toContain('医保部门核实中');
    await expect(pastRow.textContent()).resolves.toContain('1 张照片');
    await pastRow.scrollIntoViewIfNeeded();
    await phone.shot('p34-shortage-past');
    // the refused upload's 400 is the browser's own log line; nothing else
    expect(phone.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('the statistics page shows the 附件3 table, coverage and the estimate note', async () => {
    phone = await openPhone();
    const { page } = phone;
    await page.goto(`${stack.url}/#/subpackages/info/pages/about/index`);
    await page.getByRole('button', { name: '三进统计' }).click();
    const table = page.getByTestId('stats-table');
    await table.waitFor();
    const t = (await table.textContent()) ?? '';
    for (const w of ['定点药店', '民营医疗机构', '村卫生室', '社区卫生站', '汇总', '本期新增', '累计']) expect(t).toContain(w);
    await phone.shot('s01-stats-table');
    await page.getByTestId('coverage-summary').scrollIntoViewIfNeeded();
    await phone.shot('s02-stats-coverage');
    const notes = await page.getByTestId('stats-note').allTextContents();
    expect(notes.some((n) => n.includes('采购金额为估算'))).toBe(true);
    await page.getByTestId('stats-note').last().scrollIntoViewIfNeeded();
    await phone.shot('s03-stats-notes');
    expectNoConsoleErrors(phone);
  });

  it('a shortage reported through the API shows 供应紧张 on the drug page', async () => {
    const listing = await stack.app.inject({ method: 'GET', url: '/api/v1/me/listing', headers: { authorization: `Bearer ${pharmacy.token}` } });
    expect(listing.statusCode).toBe(200);
    const offer = (listing.json() as { offers: Array<{ product: { code: string; name: string; spec: string } }> }).offers.find(
      (o) => o.product.code !== pharmacy.code,
    )!;
    const res = await fetch(`${stack.url}/api/v1/me/shortages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pharmacy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ productCode: offer.product.code, since: '2026-11-01', evidence: '11月1日向配送企业下单，答复无货（e2e）' }),
    });
    expect(res.status).toBe(201);

    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await page.goto(stack.url);
    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('current-region').getByText('太原市').waitFor();
    await page.goto(`${stack.url}/#/pages/offers/index?code=${encodeURIComponent(offer.product.code)}&title=${encodeURIComponent(offer.product.name)}`);
    const notice = page.getByTestId('supply-notice');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('供应紧张');
    await page.getByTestId('offer-card').first().waitFor();
    await phone.shot('d01-offers-supply-notice');

    // a drug without a shortage shows no notice
    await page.goto(`${stack.url}/#/pages/offers/index?code=${encodeURIComponent(pharmacy.code)}&title=${encodeURIComponent(pharmacy.name)}`);
    await page.getByTestId('offer-card').first().waitFor();
    await expect(page.getByTestId('supply-notice').count()).resolves.toBe(0);
    expectNoConsoleErrors(phone);
  });
});
