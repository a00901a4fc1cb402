import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { issueToken } from '../src/repositories/tokens.js';
import { noSearch, publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';

// Finding 5: a citizen's report note or a pharmacy's shortage evidence with terminal escapes was printed raw
// by `reports show` and `supply shortages`, so a caller could clear or fake the operator's screen.
const ROOT = resolve(import.meta.dirname, '../..');
const HOSTILE = '价格不符\u001b[2J\u001b[H\u001b]0;hacked\u0007一切正常\u0008\u0008\u009b31m\u202e反向\r伪造';
// C0 controls (tab and newline aside), DEL, C1 controls, and the bidi overrides that reorder text on screen
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let t: TempDb;
let app: App;
let institutionId: number;
let token: string;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  institutionId = (await t.db.get<{ id: number }>("SELECT id FROM institutions WHERE code = 'P14010500001'"))!.id;
  token = (await issueToken(t.db, { role: 'institution', institutionId, days: 30, actor: 'test' })).token;
  app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url }), db: t.db, search: noSearch });
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

const admin = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url } });

it('strips control characters from a report note and a shortage’s evidence as they come in', async () => {
  const r = await app.inject({ method: 'POST', url: '/api/v1/reports', payload: { institutionId, kind: 'other', note: `${HOSTILE}\n第二行` } });
  expect(r.statusCode).toBe(201);
  const note = (await t.db.get<{ note: string }>('SELECT note FROM reports WHERE reference = ?', [r.json().reference]))!.note;
  expect(note).not.toMatch(CONTROL);
  expect(note).toContain('价格不符');
  expect(note).toContain('一切正常');
  expect(note).toContain('\n第二行'); // a line break a citizen typed stays

  const s = await app.inject({
    method: 'POST',
    url: '/api/v1/me/shortages',
    headers: { authorization: `Bearer ${token}` },
    payload: { productCode: 'XC08CAA040A001010100001', since: '2026-11-01', evidence: `订单号123${HOSTILE}` },
  });
  expect(s.statusCode, s.body).toBe(201);
  const evidence = (await t.db.get<{ evidence: string }>('SELECT evidence FROM shortages WHERE id = ?', [s.json().id]))!.evidence;
  expect(evidence).not.toMatch(CONTROL);
  expect(evidence).toContain('订单号123');
});

it('escapes control characters when the CLI prints stored text (rows written before the input filter too)', async () => {
  const r = await app.inject({ method: 'POST', url: '/api/v1/reports', payload: { institutionId, kind: 'other', note: '占位' } });
  const reference: string = r.json().reference;
  await t.db.run('UPDATE reports SET note = ? WHERE reference = ?', [HOSTILE, reference]);
  const productId = (await t.db.get<{ id: number }>("SELECT id FROM products WHERE code = 'XC08CAA040A001010100001'"))!.id;
  await t.db.run('UPDATE shortages SET evidence = ? WHERE product_id = ?', [HOSTILE, productId]);

  const shown = await admin('reports', 'show', reference);
  expect(shown.stdout).toContain('价格不符');
  expect(shown.stdout).not.toMatch(CONTROL);
  expect(shown.stdout).toContain('\\x1b[2J'); // visible, not obeyed

  const shortages = await admin('supply', 'shortages', '--region', 'shanxi');
  expect(shortages.stdout).toContain('一切正常');
  expect(shortages.stdout).not.toMatch(CONTROL);
});

it('pnpm admin audit escapes stored text too: actor, target and detail, in the table and in --json', async () => {
  // an entry written by an older version, or through a path that forgot to strip (detail holds file names, reasons…)
  await t.db.run('INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)', [
    new Date().toISOString(),
    `admin${HOSTILE}`,
    'badge.revoke',
    `P1401${HOSTILE}`,
    JSON.stringify({ reason: HOSTILE }),
  ]);
  const table = await admin('audit', '--limit', '5');
  expect(table.stdout).toContain('badge.revoke');
  expect(table.stdout).toContain('一切正常');
  expect(table.stdout).not.toMatch(CONTROL);
  expect(table.stdout).toContain('\\x1b[2J');

  const json = await admin('audit', '--limit', '5', '--json');
  expect(json.stdout).not.toMatch(CONTROL);
  const entry = JSON.parse(json.stdout.trim().split('\n')[0]!) as { actor: string; detail: { reason: string } };
  expect(entry.actor).toBe(`admin${HOSTILE}`); // escaped on screen, the same text once parsed
  expect(entry.detail.reason).toBe(HOSTILE);
});
