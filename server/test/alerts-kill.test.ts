import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchOffers } from '../src/repositories/alert-outbox.js';
import { subscribe } from '../src/repositories/alerts.js';
import { regionBySlug } from '../src/repositories/regions.js';
import { type FakeWeChat, startFakeWeChat, wechatEnv } from './fake-wechat.js';
import { publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';
import { until } from './until.js';

/**
 * The alerts outbox survives a killed worker: `pnpm admin alerts deliver --watch` runs as a child process
 * against the database and a fake WeChat API; after two messages are answered the third is held
 * unanswered (WeChat has it, the worker does not know), and the worker is killed with SIGKILL. A new worker
 * takes over: every notification reaches WeChat, none is lost, and none is delivered twice — the two
 * answered ones are not sent again, and the one in doubt is sent again with the same idempotency key.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const AMLODIPINE = 'XC08CAA040A001010100001';
const CITIZENS = 6;

let t: TempDb;
let fake: FakeWeChat;
const children: ChildProcess[] = [];
beforeAll(async () => {
  fake = await startFakeWeChat();
  t = await tempDb();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await t?.cleanup();
  await fake?.close();
});

function startWorker(): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }>; output: () => string } {
  // node itself with the tsx loader (the tsx binary would fork a grandchild that outlives a SIGKILL)
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/admin.ts'), 'alerts', 'deliver', '--watch'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: t.url, ...wechatEnv(fake), ALERT_LEASE_SECONDS: '2' },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, exited, output: () => out };
}

describe('alerts outbox under kill -9', () => {
  it('a worker killed mid-delivery loses no notification and sends none twice', async () => {
    const db = t.db;
    await publishTaiyuanFixtures(db);
    const region = (await regionBySlug(db, 'shanxi'))!;
    await db.run(`UPDATE offers SET selling_price_fen = 900 WHERE product_id = (SELECT id FROM products WHERE code = ?)`, [AMLODIPINE]);
    for (let i = 0; i < CITIZENS; i++) {
      await subscribe(db, { kind: 'wechat', id: `openid-${i}` }, region.id, { kind: 'price_drop', code: AMLODIPINE, belowPrice: '8.00' });
    }
    await db.transaction(async (tx) => {
      const w = await watchOffers(tx);
      await tx.run(`UPDATE offers SET selling_price_fen = 400 WHERE product_id = (SELECT id FROM products WHERE code = ?)`, [AMLODIPINE]);
      expect(await w.finish()).toBe(CITIZENS);
    });

    const held = fake.holdNext(2);
    const first = startWorker();
    const inDoubt = await Promise.race([held, first.exited.then(() => Promise.reject(new Error(`worker exited early:\n${first.output()}`)))]);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const status = async () => db.all<{ status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM alert_notifications GROUP BY status ORDER BY status`);
    // two answered and recorded, one in doubt (WeChat has it, the database says sending), three not yet sent
    expect(await status()).toEqual([
      { status: 'pending', n: 3 },
      { status: 'sending', n: 1 },
      { status: 'sent', n: 2 },
    ]);

    const second = startWorker();
    expect(await until(status, (rows) => rows.length === 1 && rows[0]!.status === 'sent', 60_000)).toEqual([{ status: 'sent', n: CITIZENS }]);
    second.child.kill('SIGTERM');
    await second.exited;

    // every notification reached WeChat once: six distinct keys and people
    expect(fake.messages).toHaveLength(CITIZENS);
    expect(new Set(fake.messages.map((m) => m.idempotencyKey)).size).toBe(CITIZENS);
    expect(fake.messages.map((m) => m.touser).sort()).toEqual(Array.from({ length: CITIZENS }, (_, i) => `openid-${i}`).sort());
    // what was answered was never sent again; only the one in doubt was, with its own key
    const sends = new Map<string, number>();
    for (const r of fake.requests) sends.set(r.idempotencyKey!, (sends.get(r.idempotencyKey!) ?? 0) + 1);
    expect([...sends.entries()].filter(([, n]) => n > 1)).toEqual([[inDoubt.idempotencyKey, 2]]);
    expect(fake.repeats).toBe(1);
    const rows = await db.all<{ status: string; attempts: number; key: string }>(`SELECT status, attempts, idempotency_key AS key FROM alert_notifications ORDER BY id`);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.find((r) => r.key === inDoubt.idempotencyKey)!.attempts).toBe(2);
  });
});
