/**
 * The H5 map (issue 14): with TARO_APP_MAP_TILES set on the server, the map page draws a Leaflet map whose
 * tiles come from that host (here a tile server on loopback answering one generated PNG for every
 * /{z}/{x}/{y}.png), one price pin per institution in the markup colours; a tap on a pin shows that
 * institution's card with its products. Leaflet is loaded on demand, not with the first page.
 * At 375 px, 320 px and in elder mode, with screenshots.
 */
import { createServer, type Server } from 'node:http';
import { deflateSync, crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPhone, type Phone } from './browser.js';
import { startStack, type Stack } from './stack.js';

const TAIYUAN = { latitude: 37.8706, longitude: 112.5489 };
const DRUG = '苯磺酸氨氯地平片';

/** A 256×256 PNG of one light colour with a darker grid line, so a screenshot shows tiles were drawn. */
function tilePng(): Buffer {
  const size = 256;
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < size; x++) {
      const edge = x === 0 || y === 0;
      raw.set(edge ? [200, 210, 200] : [236, 240, 230], row + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

let tiles: Server;
let tileRequests = 0;
let stack: Stack;
let phone: Phone | null = null;

beforeAll(async () => {
  const png = tilePng();
  tiles = createServer((req, res) => {
    if (/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
      tileRequests++;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => tiles.listen(0, '127.0.0.1', ok));
  const port = (tiles.address() as { port: number }).port;
  stack = await startStack({ env: { TARO_APP_MAP_TILES: `http://127.0.0.1:${port}/{z}/{x}/{y}.png` } });
});
afterAll(async () => {
  await stack?.close();
  await new Promise((ok) => tiles?.close(ok));
});
afterEach(async () => {
  await phone?.close();
  phone = null;
});

async function openMapPage(p: Phone) {
  const { page } = p;
  await page.goto(stack.url);
  await page.getByRole('button', { name: '允许定位' }).click();
  await page.getByTestId('current-region').getByText('太原市').waitFor();
  // Leaflet is not part of the first page
  await expect(page.evaluate(() => 'L' in window)).resolves.toBe(false);
  await page.getByRole('button', { name: DRUG }).first().click();
  await page.getByTestId('product').first().click();
  await page.getByTestId('offer-card').first().waitFor();
  // the offers page at 375 px with the demo data: docs/screenshot.png in the README is this shot
  await page.getByTestId('offer-card').first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await p.shot('49-offers-card');
  await page.getByRole('button', { name: '地图查看' }).click();
  await page.getByTestId('map-pin').first().waitFor();
}

/** The id of a pin a tap reaches: inside the map's view and not covered by another pin. */
async function topPinId(p: Phone): Promise<string> {
  return p.page.getByTestId('map-pin').evaluateAll((els) => {
    const view = document.querySelector('.tile-map')!.getBoundingClientRect();
    for (const el of els) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < view.left || x > view.right || y < view.top || y > view.bottom) continue;
      if (el.contains(document.elementFromPoint(x, y))) return (el as HTMLElement).dataset.institution ?? '';
    }
    return '';
  });
}

describe('H5 map with tiles configured', () => {
  it('draws tiles from the configured host, one coloured pin per institution; a pin opens its card', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    const csp = (await (await page.request.get(stack.url)).headers())['content-security-policy'] ?? '';
    expect(csp).toMatch(/img-src [^;]*http:\/\/127\.0\.0\.1:\d+/);
    await openMapPage(phone);

    expect(await page.evaluate(() => 'L' in window)).toBe(true);
    await expect(page.getByText('网页版不显示地图').count()).resolves.toBe(0);
    // tiles were fetched from the tile server and drawn
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    expect(tileRequests).toBeGreaterThan(0);

    // one pin per institution, the same institutions as the list below, each once
    const pins = page.getByTestId('map-pin');
    const ids = await pins.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.institution));
    expect(ids.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    await expect(page.getByTestId('map-row').count()).resolves.toBe(ids.length);
    // the pin says the price and its markup in words (colour is never alone: the title names it)
    const titles = await page.locator('.leaflet-marker-icon').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    for (const t of titles) expect(t).toMatch(/¥\d+\.\d{2} (等于中选价|低于中选价|高于中选价，符合本地规则|高于本地规则允许的价格)$/);
    await expect(pins.first().textContent()).resolves.toMatch(/^¥\d+\.\d{2}$/);
    await expect(page.getByTestId('map-legend').textContent()).resolves.toContain('高于本地规则允许的价格');
    await phone.shot('50-map-h5-375');

    // tap a pin → that institution's card, once, with its products
    const id = await topPinId(phone);
    expect(id).not.toBe('');
    await page.locator(`[data-testid="map-pin"][data-institution="${id}"]`).click();
    const chosen = page.getByTestId('map-chosen').getByTestId('offer-card');
    await chosen.waitFor();
    await expect(chosen.count()).resolves.toBe(1);
    await expect(chosen.getAttribute('data-institution')).resolves.toBe(id);
    await expect(chosen.locator('.offer-card__product').count()).resolves.toBeGreaterThan(0);
    await expect(chosen.textContent()).resolves.toMatch(/\d+片\/盒/);
    await phone.shot('51-map-h5-pin-card');

    // 320 px: nothing wider than the screen
    await page.setViewportSize({ width: 320, height: 640 });
    await chosen.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.shot('52-map-h5-320');
    expect(phone.errors).toEqual([]);
  });

  it('elder mode: the map, pins and the chosen card keep price, pack and maker', async () => {
    phone = await openPhone({ geolocation: TAIYUAN, allowLocation: true });
    const { page } = phone;
    await page.goto(stack.url);
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByText('长辈模式：已开启').waitFor();
    await openMapPage(phone);
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    const id = await topPinId(phone);
    expect(id).not.toBe('');
    await page.locator(`[data-testid="map-pin"][data-institution="${id}"]`).click();
    const chosen = page.getByTestId('map-chosen').getByTestId('offer-card');
    await chosen.waitFor();
    await expect(chosen.getAttribute('data-institution')).resolves.toBe(id);
    await expect(chosen.textContent()).resolves.toMatch(/\d+片\/盒/);
    await phone.shot('53-map-h5-elder');
    expect(phone.errors).toEqual([]);
  });
});
