import {
  BADGE_LABELS,
  badgeKindFor,
  type BadgeKind,
  COMMITMENTS,
  type Commitment,
  INSTITUTION_TYPE_LABELS,
  INSTITUTION_TYPES,
  type InstitutionType,
  isRetail,
  checkCreditCode,
} from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { parseFile } from '../ingest/parse.js';
import { parseCityDistrict, parsePriceIndexVerdict } from '../ingest/values.js';
import { nowIso } from '../lib/time.js';
import { regionBySlug } from '../repositories/regions.js';
import { appendAudit } from './audit.js';
import { BureauError } from '../errors.js';

/** 宁夏 附件1 申请表 fields, plus what the map and the price rules need. */
export interface InstitutionApplication {
  region: string;
  /** 单位名称 */
  name: string;
  /** 单位地址 */
  address: string;
  /** 统一社会信用代码 */
  creditCode: string;
  /** 法人代表 */
  legalRepresentative: string;
  /** 机构医保编码 */
  code: string;
  /** 联系人 */
  contactName: string;
  /** 联系电话 */
  contactPhone: string;
  type: InstitutionType;
  lat: number;
  lng: number;
  /** 承诺书: 按照中选价销售 | 按不高于中选价加价15%销售 */
  commitment: Commitment;
  /** membership start, YYYY-MM-DD (default today) */
  startsAt?: string;
  /** membership end, YYYY-MM-DD (default start + 1 year) */
  endsAt?: string;
  /** public phone shown to citizens (default: none) */
  phone?: string | null;
  hours?: string | null;
}

export interface AddResult {
  institutionId: number;
  created: boolean;
  startsAt: string;
  endsAt: string;
}

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8}|400-?\d{3}-?\d{4})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const today = () => new Date().toISOString().slice(0, 10);

/** start + 1 year, same calendar day (29 Feb → 1 Mar). */
export function plusOneYear(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** Every problem with an application, each naming the 附件1 field. Empty when it is acceptable. */
export function validateApplication(a: InstitutionApplication): string[] {
  const problems: string[] = [];
  const need = (v: string | undefined, label: string) => {
    if (!v || !v.trim()) problems.push(`${label} is required`);
  };
  need(a.name, '单位名称 (--name)');
  need(a.address, '单位地址 (--address)');
  need(a.legalRepresentative, '法人代表 (--legal-rep)');
  need(a.code, '机构医保编码 (--code)');
  need(a.contactName, '联系人 (--contact)');
  need(a.contactPhone, '联系电话 (--phone)');
  const cc = checkCreditCode(a.creditCode ?? '');
  if (!cc.ok) problems.push(cc.reason);
  if (a.contactPhone && !PHONE.test(a.contactPhone.replace(/\s/g, ''))) {
    problems.push(`联系电话 "${a.contactPhone}" is not a phone number (mobile 1xxxxxxxxxx or landline 0xxx-xxxxxxx)`);
  }
  if (!INSTITUTION_TYPES.includes(a.type)) problems.push(`type must be one of ${INSTITUTION_TYPES.join(', ')}`);
  if (!COMMITMENTS.includes(a.commitment)) problems.push(`commitment must be one of ${COMMITMENTS.join(', ')}`);
  if (a.commitment === 'markup_15' && !isRetail(a.type)) {
    // 001 七: the +15 % option is for 零售药店 only; private institutions sell at most at 中选价 (002 二(二))
    problems.push('commitment markup_15 (按不高于中选价加价15%销售) is only for 零售药店');
  }
  if (!Number.isFinite(a.lat) || a.lat < 3 || a.lat > 54) problems.push('lat must be a GCJ-02 latitude within China');
  if (!Number.isFinite(a.lng) || a.lng < 73 || a.lng > 136) problems.push('lng must be a GCJ-02 longitude within China');
  const start = a.startsAt ?? today();
  if (!DAY.test(start) || Number.isNaN(Date.parse(start))) problems.push(`membership start "${start}" must be YYYY-MM-DD`);
  else if (a.endsAt !== undefined) {
    if (!DAY.test(a.endsAt) || Number.isNaN(Date.parse(a.endsAt))) problems.push(`membership end "${a.endsAt}" must be YYYY-MM-DD`);
    // 宁夏 附件2 五: 参加集采药品“三进”行动的时间不少于一年
    else if (a.endsAt < plusOneYear(start)) problems.push(`membership end ${a.endsAt} is less than one year after ${start} (承诺书: 参加…时间不少于一年)`);
  }
  return problems;
}

/**
 * Admits an institution (or renews one already listed) with its application and commitment; appends
 * to the audit log. Throws BureauError listing every problem. The row gets version_id NULL: admitted by
 * command, it is not removed by a bureau file that leaves it out, only by `removeInstitution`.
 */
export async function addInstitution(db: Db, a: InstitutionApplication, actor: string): Promise<AddResult> {
  const problems = validateApplication(a);
  const region = await regionBySlug(db, a.region);
  if (!region) problems.push(`unknown region "${a.region}"`);
  if (problems.length || !region) throw new BureauError(`application refused:\n  - ${problems.join('\n  - ')}`);
  const creditCode = a.creditCode.trim().toUpperCase();
  const startsAt = a.startsAt ?? today();
  const endsAt = a.endsAt ?? plusOneYear(startsAt);
  const now = nowIso();
  const { city, district } = parseCityDistrict(a.address);
  return db.transaction(async (tx) => {
    const existing = await tx.get<{ id: number; removedAt: string | null }>(
      'SELECT id, removed_at AS "removedAt" FROM institutions WHERE region_id = ? AND code = ?',
      [region.id, a.code],
    );
    let id: number;
    if (existing) {
      await tx.run(
        `UPDATE institutions SET name = ?, type = ?, credit_code = ?, address = ?, city = ?, district = ?, lat = ?, lng = ?,
           phone = COALESCE(?, phone), hours = COALESCE(?, hours), commitment = ?, legal_representative = ?, contact_name = ?,
           joined_at = ?, removed_at = NULL, version_id = NULL WHERE id = ?`,
        [a.name, a.type, creditCode, a.address, city, district, a.lat, a.lng, a.phone ?? null, a.hours ?? null, a.commitment, a.legalRepresentative, a.contactName, startsAt, existing.id],
      );
      id = existing.id;
    } else {
      const r = await tx.get<{ id: number }>(
        `INSERT INTO institutions (region_id, code, name, type, credit_code, address, city, district, lat, lng, phone, hours,
           commitment, legal_representative, contact_name, joined_at, listed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [region.id, a.code, a.name, a.type, creditCode, a.address, city, district, a.lat, a.lng, a.phone ?? null, a.hours ?? null, a.commitment, a.legalRepresentative, a.contactName, startsAt, now],
      );
      id = r!.id;
    }
    await tx.run(
      `INSERT INTO memberships (institution_id, credit_code, legal_representative, contact_name, contact_phone, commitment, starts_at, ends_at, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, creditCode, a.legalRepresentative, a.contactName, a.contactPhone, a.commitment, startsAt, endsAt, now, actor],
    );
    await appendAudit(tx, actor, existing ? 'institutions.renew' : 'institutions.add', `${a.region}/${a.code}`, {
      name: a.name, type: a.type, commitment: a.commitment, startsAt, endsAt,
    });
    return { institutionId: id, created: !existing, startsAt, endsAt };
  });
}

export interface ImportOutcome {
  added: number;
  renewed: number;
  rejected: Array<{ row: number | null; message: string }>;
}

/**
 * Imports a 三进 application list (xlsx or csv, GBK or UTF-8) through the ingest parser (header
 * matching, title rows, footnotes), then admits each row with the same checks as `add`. Rows missing
 * 附件1 fields (统一社会信用代码, 法人代表, 联系人, 联系电话) or with a bad credit code are rejected
 * one by one; the others go in.
 */
export async function importInstitutions(db: Db, file: string, region: string, actor: string, defaults: { startsAt?: string } = {}): Promise<ImportOutcome> {
  const parsed = await parseFile(file, 'institutions');
  const out: ImportOutcome = { added: 0, renewed: 0, rejected: parsed.errors.map((e) => ({ row: e.row, message: e.message })) };
  for (const [i, r] of parsed.rows.entries()) {
    const row = parsed.rowNumbers[i] ?? null;
    try {
      const res = await addInstitution(
        db,
        {
          region, name: r.name, address: r.address, creditCode: r.creditCode ?? '', legalRepresentative: r.legalRepresentative ?? '',
          code: r.code, contactName: r.contactName ?? '', contactPhone: r.phone ?? '', type: r.type, lat: r.lat, lng: r.lng,
          commitment: r.commitment ?? 'at_winning_price', startsAt: r.joinedAt ?? defaults.startsAt, phone: r.phone, hours: r.hours,
        },
        actor,
      );
      if (res.created) out.added++;
      else out.renewed++;
    } catch (e) {
      if (!(e instanceof BureauError)) throw e;
      out.rejected.push({ row, message: `${parsed.file} row ${row}: ${e.message.replace(/^application refused:\n\s*- /, '').replace(/\n\s*- /g, '; ')}` });
    }
  }
  await appendAudit(db, actor, 'institutions.import', region, { file: parsed.file, added: out.added, renewed: out.renewed, rejected: out.rejected.length });
  return out;
}

interface InstitutionRef {
  id: number;
  name: string;
  type: InstitutionType;
  regionSlug: string;
  code: string;
}

/** The listed institution with this 机构医保编码 (narrowed by region when the code is in several). */
export async function findInstitution(db: Db, code: string, region?: string): Promise<InstitutionRef> {
  const rows = await db.all<InstitutionRef>(
    `SELECT i.id, i.name, i.type, r.slug AS "regionSlug", i.code FROM institutions i JOIN regions r ON r.id = i.region_id
     WHERE i.code = ? AND i.removed_at IS NULL AND (CAST(? AS TEXT) IS NULL OR r.slug = ?) ORDER BY r.id`,
    [code, region ?? null, region ?? null],
  );
  if (rows.length === 0) throw new BureauError(`no listed institution with 机构医保编码 ${code}${region ? ` in ${region}` : ''}`);
  if (rows.length > 1) throw new BureauError(`机构医保编码 ${code} is listed in ${rows.map((r) => r.regionSlug).join(', ')} — give --region`);
  return rows[0]!;
}

export { badgeKindFor };

export interface BadgeChange {
  institutionId: number;
  name: string;
  kind: BadgeKind;
  label: string;
  changed: boolean;
}

export async function grantBadge(db: Db, opts: { code: string; region?: string; reason: string; actor: string }): Promise<BadgeChange> {
  const inst = await findInstitution(db, opts.code, opts.region);
  const kind = badgeKindFor(inst.type);
  if (!kind) throw new BureauError(`${inst.name} is a ${INSTITUTION_TYPE_LABELS[inst.type]}: badges are for 零售药店 (集采便民药店) and 民营医疗机构 (集采便民民营医院)`);
  return db.transaction(async (tx) => {
    const active = await tx.get<{ id: number }>('SELECT id FROM badges WHERE institution_id = ? AND kind = ? AND removed_at IS NULL', [inst.id, kind]);
    if (!active) {
      await tx.run(`INSERT INTO badges (institution_id, kind, granted_at, reason, origin) VALUES (?, ?, ?, ?, 'command')`, [inst.id, kind, nowIso(), opts.reason]);
    }
    await appendAudit(tx, opts.actor, 'badge.grant', `${inst.regionSlug}/${inst.code}`, { kind, reason: opts.reason, changed: !active });
    return { institutionId: inst.id, name: inst.name, kind, label: BADGE_LABELS[kind], changed: !active };
  });
}

/** Sets removed_at on the institution's active badges: citizens stop seeing them with the next request. */
export async function revokeBadge(db: Db, opts: { code: string; region?: string; reason: string; actor: string }): Promise<BadgeChange[]> {
  if (!opts.reason.trim()) throw new BureauError('--reason is required to revoke a badge');
  const inst = await findInstitution(db, opts.code, opts.region);
  return db.transaction(async (tx) => {
    const active = await tx.all<{ id: number; kind: BadgeKind }>('SELECT id, kind FROM badges WHERE institution_id = ? AND removed_at IS NULL ORDER BY id', [inst.id]);
    const at = nowIso();
    for (const b of active) await tx.run(`UPDATE badges SET removed_at = ?, reason = ?, origin = 'command' WHERE id = ?`, [at, opts.reason, b.id]);
    await appendAudit(tx, opts.actor, 'badge.revoke', `${inst.regionSlug}/${inst.code}`, { kinds: active.map((b) => b.kind), reason: opts.reason, changed: active.length > 0 });
    if (active.length === 0) {
      const kind = badgeKindFor(inst.type) ?? 'jicai_pharmacy';
      return [{ institutionId: inst.id, name: inst.name, kind, label: BADGE_LABELS[kind], changed: false }];
    }
    return active.map((b) => ({ institutionId: inst.id, name: inst.name, kind: b.kind, label: BADGE_LABELS[b.kind], changed: true }));
  });
}

export interface RemoveResult {
  institutionId: number;
  name: string;
  badgesRemoved: number;
}

/**
 * Takes an institution off the 三进 list by command (it leaves, or the bureau withdraws it): removed_at
 * is set, its badges are removed with the reason (a later file does not give them back; see
 * ingest/diff.ts), offers and history are kept. Appends to the audit log.
 */
export async function removeInstitution(db: Db, opts: { code: string; region?: string; reason: string; actor: string }): Promise<RemoveResult> {
  if (!opts.reason.trim()) throw new BureauError('--reason is required to remove an institution');
  const inst = await findInstitution(db, opts.code, opts.region);
  return db.transaction(async (tx) => {
    const at = nowIso();
    await tx.run('UPDATE institutions SET removed_at = ? WHERE id = ?', [at, inst.id]);
    const badges = await tx.run(`UPDATE badges SET removed_at = ?, reason = ?, origin = 'command' WHERE institution_id = ? AND removed_at IS NULL`, [at, opts.reason, inst.id]);
    await appendAudit(tx, opts.actor, 'institutions.remove', `${inst.regionSlug}/${inst.code}`, { name: inst.name, reason: opts.reason, badgesRemoved: badges.changes });
    return { institutionId: inst.id, name: inst.name, badgesRemoved: badges.changes };
  });
}

export interface PriceIndexChange {
  institutionId: number;
  name: string;
  /** true 达标, false 未达标, null 未评定 */
  before: boolean | null;
  after: boolean | null;
  changed: boolean;
}

const VERDICT_WORDS = (v: boolean | null) => (v === true ? '达标' : v === false ? '未达标' : '未评定');

/**
 * Records one institution's 量价比较指数 verdict (seed 001 七: 总体价格水平不高于统筹区定点药店医保药品量价比较指数的
 * 药店，可按集采中选价格顺加不超15%销售; 002 the same for 宁夏's city markups). `verdict` in the words bureaus
 * write: 达标 / 未达标 / 未评定 (是 / 否 too). Citizens see the markup judged by it with the next request. A
 * later institutions file with a 量价比较指数 column sets the verdict again. Audited.
 */
export async function setPriceIndexVerdict(
  db: Db,
  opts: { code: string; region?: string; verdict: string; note?: string; actor: string },
): Promise<PriceIndexChange> {
  const words = opts.verdict.trim();
  const parsed = words ? parsePriceIndexVerdict(words) : null;
  if (!parsed || !parsed.ok) throw new BureauError(`--verdict "${opts.verdict}": expected 达标, 未达标 or 未评定 (是 / 否 accepted)`);
  const after = parsed.value;
  const inst = await findInstitution(db, opts.code, opts.region);
  if (after !== null && !isRetail(inst.type)) {
    throw new BureauError(`${inst.name} is a ${INSTITUTION_TYPE_LABELS[inst.type]}: the 量价比较指数 verdict is for 零售药店 (it decides their markup)`);
  }
  return db.transaction(async (tx) => {
    const row = await tx.get<{ v: number | boolean | null }>('SELECT price_index_met AS v FROM institutions WHERE id = ?', [inst.id]);
    const before = row?.v === null || row?.v === undefined ? null : Boolean(row.v);
    if (before !== after) await tx.run('UPDATE institutions SET price_index_met = ? WHERE id = ?', [after === null ? null : after ? 1 : 0, inst.id]);
    await appendAudit(tx, opts.actor, 'institutions.price_index', `${inst.regionSlug}/${inst.code}`, {
      name: inst.name, before: VERDICT_WORDS(before), after: VERDICT_WORDS(after), note: opts.note ?? null, changed: before !== after,
    });
    return { institutionId: inst.id, name: inst.name, before, after, changed: before !== after };
  });
}
