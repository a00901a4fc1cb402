import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../src/bureau/audit.js';
import { creditCodeCheckChar } from '@yaojia/shared';
import { addInstitution, grantBadge, removeInstitution, revokeBadge } from '../src/bureau/institutions.js';
import type { Db, Param } from '../src/db/client.js';
import { formatReport, publishFile, rollbackTo } from '../src/ingest/index.js';
import { updateMyOffer } from '../src/repositories/me.js';
import { FIXTURES, tempDb } from './helper.js';

// A bureau file against an explicit action: the bureau's own command (badge, institutions add) and a
// pharmacy's own newer price win over a later file that says otherwise.

const fx = (name: string) => join(FIXTURES, name);

let dir: string;
let db: Db;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, db, cleanup } = await tempDb());
});
afterEach(() => cleanup());

const q = <T = Record<string, unknown>>(sql: string, ...args: Param[]) => db.all<T>(sql, args);
const one = async <T = Record<string, unknown>>(sql: string, ...args: Param[]) => (await db.get<T>(sql, args)) as T;

let n = 0;
/** A variant of a fixture file (a new sha256 each time), edited line by line. */
function variant(name: string, edit: (lines: string[]) => string[]): string {
  const lines = readFileSync(fx(name), 'utf8').split('\r\n');
  const f = join(dir, `${name.replace(/\.csv$/, '')}-${++n}.csv`);
  writeFileSync(f, edit(lines).join('\r\n'));
  return f;
}
const publish = (file: string, kind: 'catalog' | 'institutions' | 'prices', extra: { dryRun?: boolean } = {}) =>
  publishFile(db, { file: file.includes('/') ? file : fx(file), kind, region: 'shanxi', publisher: 'tester', ...extra });

const badgeOf = async (code: string) =>
  (await one<{ n: number }>(`SELECT count(*) n FROM badges b JOIN institutions i ON i.id = b.institution_id WHERE i.code = ? AND b.removed_at IS NULL`, code)).n;
const today = () => new Date().toISOString().slice(0, 10);

const PHARMACY = 'P14010500001';
const AMLODIPINE = 'XC08CAA040A001010100001';

describe('badges: a bureau command is not undone by a file', () => {
  it('a revoked badge stays revoked through a file saying 是 (warned), until badge grant', async () => {
    expect((await publish('institutions-bom.csv', 'institutions')).status).toBe('published');
    expect(await badgeOf(PHARMACY)).toBe(1);
    await revokeBadge(db, { code: PHARMACY, reason: '约谈后未整改', actor: 'bureau' });
    expect(await badgeOf(PHARMACY)).toBe(0);

    // the next institutions file still says 是 for it (and changes another row's hours)
    const v2 = variant('institutions-bom.csv', (l) => l.map((x) => x.replace('08:30-21:00', '08:30-22:00')));
    const dry = await publish(v2, 'institutions', { dryRun: true });
    const warning = `row 2: 集采标识 是 ignored: badge revoked on ${today()} (约谈后未整改); use pnpm admin badge grant`;
    expect(dry.warnings.map((w) => w.message).join('\n')).toContain(warning);
    expect(dry.diff).toMatchObject({ changed: 1, kept: { badgesSetByCommand: 1 } });
    const r = await publish(v2, 'institutions');
    expect(r.status).toBe('published');
    expect(r.warnings.find((w) => w.message.includes(warning))?.row).toBe(2);
    expect(r.diff).toMatchObject({ changed: 1, removed: 0 });
    expect(await badgeOf(PHARMACY)).toBe(0);
    expect(formatReport(r)).toContain('集采标识 是 ignored');

    // explicitly granted again, the file agrees: no warning
    await grantBadge(db, { code: PHARMACY, reason: '整改完成', actor: 'bureau' });
    const v3 = variant('institutions-bom.csv', (l) => l.map((x) => x.replace('08:30-21:00', '09:00-21:00')));
    const again = await publish(v3, 'institutions');
    expect(await badgeOf(PHARMACY)).toBe(1);
    expect(again.warnings.filter((w) => w.message.includes('集采标识'))).toEqual([]);
  });

  it('a file grants a badge to an institution that never had one revoked, and its 否 removes a file-granted badge', async () => {
    await publish('institutions-bom.csv', 'institutions');
    // 太原和平诊所 (其他民营医疗机构) had 否; the file now says 是
    const v2 = variant('institutions-bom.csv', (l) => l.map((x) => (x.startsWith('太原和平诊所') ? x.replace(',否,否,,', ',是,否,,') : x)));
    await publish(v2, 'institutions');
    expect(await badgeOf('H14010700004')).toBe(1);
    // withdrawn by the next file, given again by the one after: both are the files' own doing
    await publish('institutions-bom.csv', 'institutions');
    expect(await badgeOf('H14010700004')).toBe(0);
    await publish(variant('institutions-bom.csv', (l) => l.map((x) => (x.startsWith('太原和平诊所') ? x.replace(',否,否,,', ',是,否,,') : x))), 'institutions');
    expect(await badgeOf('H14010700004')).toBe(1);
  });

  it('a badge granted by command is not removed by a file saying 否 (warned)', async () => {
    await publish('institutions-bom.csv', 'institutions');
    await grantBadge(db, { code: 'H14010700004', reason: '现场核查合格', actor: 'bureau' });
    const r = await publish(variant('institutions-bom.csv', (l) => l.map((x) => x.replace('08:30-21:00', '08:30-22:00'))), 'institutions');
    expect(await badgeOf('H14010700004')).toBe(1);
    expect(r.warnings.map((w) => w.message).join('\n')).toContain(`row 5: 集采标识 否 ignored: badge granted on ${today()} (现场核查合格); use pnpm admin badge revoke`);
  });
});

describe('institutions added by command', () => {
  const admit = () =>
    addInstitution(
      db,
      {
        region: 'shanxi', name: '大参林药房（亲贤街店）', address: '山西省太原市小店区亲贤北街99号',
        creditCode: `91140105MA0K1A2B3${creditCodeCheckChar('91140105MA0K1A2B3')}`, legalRepresentative: '钱七', code: 'P14010500009',
        contactName: '钱七', contactPhone: '13800000000', type: 'retail_chain', lat: 37.81, lng: 112.56, commitment: 'at_winning_price',
      },
      'bureau',
    );
  const removedAt = async (code: string) => (await one<{ removed_at: string | null }>(`SELECT removed_at FROM institutions WHERE code = ?`, code)).removed_at;

  it('stay through file publishes that leave them out, until `institutions remove`; file institutions are removed as before', async () => {
    await publish('institutions-bom.csv', 'institutions');
    await admit();
    // the next file drops 太原和平诊所 and does not list the admitted pharmacy
    const v2 = variant('institutions-bom.csv', (l) => l.filter((x) => !x.startsWith('太原和平诊所')));
    const dry = await publish(v2, 'institutions', { dryRun: true });
    expect(dry.diff).toMatchObject({ removed: 1, kept: { institutionsAddedByCommand: 1 } });
    const r = await publish(v2, 'institutions');
    expect(r.diff).toMatchObject({ removed: 1, kept: { institutionsAddedByCommand: 1 } });
    expect(await removedAt('H14010700004')).not.toBeNull();
    expect(await removedAt('P14010500009')).toBeNull();
    // a rollback goes through the same path
    await rollbackTo(db, { region: 'shanxi', kind: 'institutions', to: r.previousVersionId!, publisher: 'tester' });
    expect(await removedAt('P14010500009')).toBeNull();

    // a file may list it and update its details; it stays the command's to remove
    const v3 = variant('institutions-bom.csv', (l) => [...l.slice(0, 2), '大参林药房（亲贤街店）,P14010500009,零售连锁药店,山西省太原市小店区亲贤北街99号,112.5600,37.8100,,钱七,钱七,0351-7000009,08:00-22:00,否,否,,']);
    await publish(v3, 'institutions');
    expect(await one(`SELECT hours, version_id FROM institutions WHERE code = 'P14010500009'`)).toEqual({ hours: '08:00-22:00', version_id: null });
    await publish(variant('institutions-bom.csv', (l) => l.slice(0, 3)), 'institutions');
    expect(await removedAt('P14010500009')).toBeNull();

    const out = await removeInstitution(db, { code: 'P14010500009', reason: '主动退出', actor: 'bureau' });
    expect(out.name).toBe('大参林药房（亲贤街店）');
    expect(await removedAt('P14010500009')).not.toBeNull();
    expect((await listAudit(db, { action: 'institutions.remove' }))[0]).toMatchObject({ actor: 'bureau', target: 'shanxi/P14010500009' });
    await expect(removeInstitution(db, { code: 'P14010500001', reason: ' ', actor: 'bureau' })).rejects.toThrow(/--reason is required/);
  });
});

describe('prices: the latest observation wins over a pharmacy’s own edit', () => {
  async function seed() {
    expect((await publish('catalog-good.csv', 'catalog')).status).toBe('published');
    expect((await publish('institutions-bom.csv', 'institutions')).status).toBe('published');
    expect((await publish('prices-good.csv', 'prices')).status).toBe('published');
  }
  const inst = () => one<{ id: number; code: string; regionId: number; type: string }>(`SELECT id, code, region_id AS "regionId", type FROM institutions WHERE code = ?`, PHARMACY);
  const offer = () =>
    one(`SELECT o.selling_price_fen AS fen, o.source, o.observed_at AS at FROM offers o JOIN institutions i ON i.id = o.institution_id JOIN products p ON p.id = o.product_id
         WHERE i.code = ? AND p.code = ?`, PHARMACY, AMLODIPINE);
  const history = () =>
    q<{ fen: number; at: string; source: string }>(
      `SELECT h.selling_price_fen AS fen, h.observed_at AS at, h.source FROM price_history h JOIN institutions i ON i.id = h.institution_id JOIN products p ON p.id = h.product_id
       WHERE i.code = ? AND p.code = ? ORDER BY h.observed_at, h.id`, PHARMACY, AMLODIPINE,
    );

  it('an older file price does not replace the pharmacy’s newer one but goes into the history; a newer one does', async () => {
    await seed();
    // the pharmacy lowers its price on 1 December
    await updateMyOffer(db, await inst(), AMLODIPINE, { sellingPrice: '4.30' }, new Date('2025-12-01T02:00:00Z'));
    // the bureau's file, observed on 25 November, says 4.50
    const older = variant('prices-good.csv', (l) => l.map((x, i) => (i === 1 ? 'P14010500001,XC08CAA040A001010100001,4.50,4.50,120,2025-11-25 10:00' : x)));
    const dry = await publish(older, 'prices', { dryRun: true });
    expect(dry.diff).toMatchObject({ changed: 0, priceChanged: 0, removed: 0, kept: { newerPharmacyObservation: 1 } });
    expect(formatReport(dry)).toContain('kept       1 newer pharmacy observation');
    const r = await publish(older, 'prices');
    expect(r.diff).toMatchObject({ changed: 0, kept: { newerPharmacyObservation: 1 } });
    expect(await offer()).toEqual({ fen: 430, source: 'pharmacy', at: '2025-12-01T02:00:00.000Z' });
    expect(await history()).toEqual([
      { fen: 462, at: '2025-11-20T01:30:00.000Z', source: 'bureau:3' },
      { fen: 450, at: '2025-11-25T02:00:00.000Z', source: `bureau:${r.versionId}` },
      { fen: 430, at: '2025-12-01T02:00:00.000Z', source: 'pharmacy' },
    ]);
    // the same observation in a later file is not recorded twice
    await publish(variant('prices-good.csv', (l) => l.map((x, i) => (i === 1 ? 'P14010500001,XC08CAA040A001010100001,4.50,4.50,110,2025-11-25 10:00' : x))), 'prices');
    expect(await history()).toHaveLength(3);

    // observed after the pharmacy's edit, the file's price becomes current
    const newer = await publish(variant('prices-good.csv', (l) => l.map((x, i) => (i === 1 ? 'P14010500001,XC08CAA040A001010100001,4.40,4.40,120,2025-12-05 09:00' : x))), 'prices');
    expect(newer.diff).toMatchObject({ changed: 1, priceChanged: 1, kept: { newerPharmacyObservation: 0 } });
    expect(await offer()).toEqual({ fen: 440, source: `bureau:${newer.versionId}`, at: '2025-12-05T01:00:00.000Z' });
    expect((await history()).map((h) => h.fen)).toEqual([462, 450, 430, 440]);
  });

  it('an offer the pharmacy priced itself is not deleted by a file that leaves it out; bureau offers are', async () => {
    await seed();
    await updateMyOffer(db, await inst(), AMLODIPINE, { sellingPrice: '4.30' }, new Date('2025-12-01T02:00:00Z'));
    // the file leaves out both the pharmacy-priced offer (line 1) and a bureau one (line 2)
    const f = variant('prices-good.csv', (l) => l.filter((_, i) => i !== 1 && i !== 2));
    const dry = await publish(f, 'prices', { dryRun: true });
    expect(dry.diff).toMatchObject({ removed: 1, kept: { pharmacyOffersNotInFile: 1 } });
    const r = await publish(f, 'prices');
    expect(r.diff).toMatchObject({ removed: 1, kept: { pharmacyOffersNotInFile: 1 } });
    expect(await offer()).toMatchObject({ fen: 430, source: 'pharmacy' });
    expect((await one<{ n: number }>(`SELECT count(*) n FROM offers`)).n).toBe(6);
  });
});
