import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFile } from '../src/ingest/index.js';
import { issueToken } from '../src/repositories/tokens.js';
import { type TempDb, tempDb } from './helper.js';
import { type ServeProcess, startServe } from './serve-process.js';

/**
 * Issue 13, "kill -9 … of the API mid-request": a pharmacy's whole-list upload (4,000 prices, one
 * transaction in repositories/me.ts applyMyPrices) is sent to the real `pnpm serve` process, which is
 * SIGKILLed at points spread over the upload's measured duration. After every kill the pharmacy's list
 * is the old one whole or the new one whole (offers and price history agree), and the API starts again
 * on the same database and takes the next upload. On PostgreSQL the server rolls back the transaction of
 * the dropped connection; on SQLite the next open discards the uncommitted WAL frames.
 */
const PRODUCTS = 4000;
const code = (p: string, i: number) => `${p}${String(i).padStart(6, '0')}`;

let t: TempDb;
let institutionId: number;
beforeAll(async () => {
  t = await tempDb();
  const catalog = ['药品统一编码,产品名称,剂型,规格,转换比,生产企业,中选价(元)'];
  for (let i = 0; i < PRODUCTS; i++) catalog.push(`${code('XK', i)},测试药品${i}片,片剂,${(i % 50) + 1}mg,28,测试制药有限公司,20.00`);
  writeFileSync(join(t.dir, 'catalog.csv'), catalog.join('\n'));
  writeFileSync(
    join(t.dir, 'institutions.csv'),
    ['机构名称,机构医保编码,机构类型,地址,经度,纬度', '测试大药房,P000001,单体药店,山西省太原市小店区测试路1号,112.5500,37.8500'].join('\n'),
  );
  const prices = ['机构医保编码,药品统一编码,销售价'];
  for (let i = 0; i < PRODUCTS; i++) prices.push(`P000001,${code('XK', i)},5.00`);
  writeFileSync(join(t.dir, 'prices.csv'), prices.join('\n'));
  for (const kind of ['catalog', 'institutions', 'prices'] as const) {
    await publishFile(t.db, { file: join(t.dir, `${kind}.csv`), kind, region: 'shanxi', publisher: 'test' });
  }
  institutionId = (await t.db.get<{ id: number }>("SELECT id FROM institutions WHERE code = 'P000001'"))!.id;
}, 180_000);
/** the API of the moment: killed with its group if a test fails while it runs */
let s: ServeProcess | undefined;
afterAll(async () => {
  await s?.kill();
  await t?.cleanup();
});

const serve = () => startServe({ DATABASE_URL: t.url, MEILI_INDEX_PREFIX: `kill${process.pid}_`, API_WORKERS: '1', OPEN_DATA_DIR: join(t.dir, 'open') });

/** the whole list at one new price; `sent` resolves once the body has left this process */
function upload(port: number, token: string, priceYuan: string) {
  const lines = ['药品统一编码,销售价'];
  for (let i = 0; i < PRODUCTS; i++) lines.push(`${code('XK', i)},${priceYuan}`);
  const body = Buffer.from(lines.join('\n'));
  let sentAt = 0;
  let markSent: () => void = () => {};
  const sent = new Promise<void>((ok) => (markSent = ok));
  const done = new Promise<{ status: number | string; ms: number }>((ok) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/me/offers/upload',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'text/csv', 'content-length': body.length, authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => ok({ status: res.statusCode!, ms: Date.now() - sentAt }));
        res.on('error', (e: NodeJS.ErrnoException) => ok({ status: e.code ?? e.message, ms: Date.now() - sentAt }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => ok({ status: e.code ?? e.message, ms: Date.now() - sentAt }));
    req.end(body, () => {
      sentAt = Date.now();
      markSent();
    });
  });
  return { sent, done };
}

/** the list as stored: every offer's price, and how many history rows each price has */
async function state() {
  const offers = await t.db.all<{ fen: number; n: number }>(
    'SELECT selling_price_fen AS fen, COUNT(*) AS n FROM offers WHERE institution_id = ? GROUP BY selling_price_fen',
    [institutionId],
  );
  const history = await t.db.all<{ fen: number; n: number }>(
    'SELECT selling_price_fen AS fen, COUNT(*) AS n FROM price_history WHERE institution_id = ? GROUP BY selling_price_fen',
    [institutionId],
  );
  return { offers: offers.map((r) => ({ fen: Number(r.fen), n: Number(r.n) })), history: new Map(history.map((r) => [Number(r.fen), Number(r.n)])) };
}

const newToken = async () =>
  (await issueToken(t.db, { role: 'institution', institutionId, days: 1, actor: 'test', label: 'kill test' })).token;

describe('kill -9 of the API mid-request', () => {
  it('a whole-list upload killed at any point leaves the old list or the new one, never a mix', async () => {
    // one upload without a kill: it succeeds, and its duration spreads the kill points below
    s = await serve();
    const first = upload(s.port, await newToken(), '6.00');
    const { status, ms } = await first.done;
    expect(status).toBe(200);
    expect((await state()).offers).toEqual([{ fen: 600, n: PRODUCTS }]);
    await s.stop();

    let currentFen = 600;
    const outcomes: string[] = [];
    const fractions = [0.1, 0.3, 0.5, 0.7, 0.9];
    for (const [k, f] of fractions.entries()) {
      const fen = 700 + k; // every attempt is a change from whatever is stored
      s = await serve();
      const u = upload(s.port, await newToken(), (fen / 100).toFixed(2));
      await u.sent;
      await new Promise((r) => setTimeout(r, Math.round(ms * f)));
      await s.kill();
      const answered = (await u.done).status;

      const after = await state();
      expect(after.offers.length, `kill at ${f} of the upload: prices ${JSON.stringify(after.offers)}`).toBe(1);
      const [{ fen: stored, n }] = after.offers as [{ fen: number; n: number }];
      expect(n).toBe(PRODUCTS);
      expect([currentFen, fen]).toContain(stored);
      // the history has the new price for every product, or not at all
      expect([0, PRODUCTS]).toContain(after.history.get(fen) ?? 0);
      expect(after.history.get(fen) ?? 0).toBe(stored === fen ? PRODUCTS : 0);
      // an upload the client saw succeed is stored
      if (answered === 200) expect(stored).toBe(fen);
      outcomes.push(stored === fen ? 'new' : 'old');
      currentFen = stored;
    }

    // the API starts again on the same database and the next upload goes through whole
    s = await serve();
    const last = upload(s.port, await newToken(), '8.88');
    expect((await last.done).status).toBe(200);
    expect((await state()).offers).toEqual([{ fen: 888, n: PRODUCTS }]);
    await s.stop();
    // printed for whoever reads the run: where the kills landed
    console.log(`api kill -9: upload took ${ms} ms; outcomes at ${fractions.join('/')}: ${outcomes.join(', ')}`);
  }, 600_000);
});
