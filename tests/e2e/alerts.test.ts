/**
 * 降价提醒 and 我的提醒 (issue 16 §3) in the H5 build, Debian Chromium, real API and demo data: a citizen
 * subscribes from an offers page, a pharmacy in that district lowers its price through /api/v1/me, the
 * alert worker delivers, and 我的提醒 shows the notification; 取消 deletes the subscription. At 375 and
 * 320 px and in elder mode. Screenshots go to screenshots/.
 */
import { deliverDue } from '@yaojia/server/alerts/worker';
import { issueToken } from '@yaojia/server/repositories/tokens';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPhone, type Phone } from './browser.js';
import { startStack, type Stack } from './stack.js';

const TAIYUAN = { latitude: 37.8706, longitude: 112.5489 };
const DRUG = '苯磺酸氨氯地平片';

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

describe('降价提醒 H5', () => {
  it('subscribes on an offers page; after a pharmacy lowers its price 我的提醒 shows it; 取消 deletes it', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    const subscribeBodies: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/alerts/subscriptions') && r.method() === 'POST') subscribeBodies.push(r.postData() ?? '');
    });
    await page.goto(stack.url);
    await page.getByRole('button', { name: '允许定位' }).click();
    await page.getByTestId('current-region').getByText('太原市').waitFor();
    await page.getByRole('button', { name: DRUG }).first().click();
    await page.getByTestId('product').first().click();
    await page.getByTestId('offer-card').first().waitFor();

    // 同成分同规格可换厂家 is on by default: the alert also follows other makers of the same 通用名 + 规格
    await page.getByRole('button', { name: '同成分同规格可换厂家（已选）' }).waitFor();
    await page.getByRole('button', { name: /降价提醒$/ }).click();
    const done = page.getByTestId('alert-subscribed');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/^已订阅降价提醒：.+区有低于 ¥\d+\.\d{2} 的价格时提醒您（同成分同规格的其他厂家也算，按本品每盒折算）$/);
    await phone.shot('40-offers-alert-subscribed');
    // the position left the device rounded (as for every request) and is not what the server kept
    expect(subscribeBodies).toHaveLength(1);
    const sent = JSON.parse(subscribeBodies[0]!) as { lat: number; lng: number };
    expect(Math.round(sent.lat * 1000) / 1000).toBe(sent.lat);

    // what the server kept: the item, the district, the device id's hash — then a pharmacy there lowers its price
    const sub = (await stack.db.get<{ code: string; city: string; district: string; threshold: number; regionId: number; subscriber: string; substitute: number }>(
      `SELECT code, city, district, threshold_fen AS threshold, region_id AS "regionId", subscriber, substitute FROM alert_subscriptions`,
    ))!;
    expect(sub.subscriber).toMatch(/^[0-9a-f]{64}$/);
    expect(sub.substitute).toBe(1);
    const seller = (await stack.db.get<{ id: number; name: string }>(
      `SELECT i.id, i.name FROM offers o JOIN products p ON p.id = o.product_id JOIN institutions i ON i.id = o.institution_id
       WHERE p.code = ? AND p.region_id = ? AND i.city = ? AND i.district = ? ORDER BY o.selling_price_fen LIMIT 1`,
      [sub.code, sub.regionId, sub.city, sub.district],
    ))!;
    const { token } = await issueToken(stack.db, { role: 'institution', institutionId: seller.id, days: 1, actor: 'e2e' });
    const newPrice = ((sub.threshold - 10) / 100).toFixed(2);
    const patch = await fetch(`${stack.url}/api/v1/me/offers/${sub.code}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sellingPrice: newPrice }),
    });
    expect(patch.status).toBe(200);
    expect(await deliverDue(stack.db, { wechat: null, templates: null, leaseMs: 60_000 })).toEqual({ sent: 1, retried: 0, failed: 0 });

    // 我的提醒, from the home page
    await page.goto(stack.url);
    await page.getByRole('button', { name: '我的提醒' }).click();
    const note = page.getByTestId('alert-notification');
    await note.first().waitFor();
    expect(await note.count()).toBe(1);
    const text = (await note.first().textContent()) ?? '';
    expect(text).toContain(`${DRUG}`);
    expect(text).toContain('降价了');
    await page.getByText('（同成分同规格可换厂家）').first().waitFor();
    expect(text).toContain(`${sub.district}的${seller.name}现价 ¥${newPrice}`);
    await expect(page.getByTestId('alert-subscription').count()).resolves.toBe(1);
    await phone.shot('41-my-alerts-375');

    await page.setViewportSize({ width: 320, height: 640 });
    await note.first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.shot('42-my-alerts-320');

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByText('长辈模式：已开启').waitFor();
    await page.getByRole('button', { name: '我的提醒' }).click();
    await note.first().waitFor();
    await phone.shot('43-my-alerts-elder');

    // 取消 deletes the subscription and what it delivered, on the server too
    await page.getByRole('button', { name: /^取消降价提醒/ }).click();
    await page.getByText('还没有收到提醒').waitFor();
    await expect(page.getByTestId('alert-subscription').count()).resolves.toBe(0);
    expect(await stack.db.get('SELECT id FROM alert_subscriptions')).toBeUndefined();
    await phone.shot('44-my-alerts-cancelled-elder');
    expect(phone.errors).toEqual([]);
  });
});
