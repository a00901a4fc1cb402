/** Debian Chromium through playwright-core: fresh profile, phone viewport, console errors collected. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors seen so far */
  errors: string[];
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openPhone(opts: { geolocation?: { latitude: number; longitude: number }; allowLocation?: boolean } = {}): Promise<Phone> {
  const profile = mkdtempSync(join(tmpdir(), 'yaojia-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: FLAGS,
    headless: true,
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: opts.geolocation,
    permissions: opts.allowLocation ? ['geolocation'] : [],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return {
    context,
    page,
    errors,
    async shot(name) {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Numbers out of "350 米" / "1.2 公里" for order checks. */
export function parseDistanceKm(text: string): number {
  const m = /([\d.]+)\s*(米|公里)/.exec(text);
  if (!m) return Number.POSITIVE_INFINITY;
  return m[2] === '米' ? Number(m[1]) / 1000 : Number(m[1]);
}
