import { randomBytes } from 'node:crypto';
import { parseYuan, type ReportCreateBody, type ReportCreated } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { nowIso } from '../lib/time.js';

export class NotFoundError extends Error {}

/** Stores a citizen's report; returns the confirmation the citizen keeps. Never stores location. */
export async function createReport(db: Db, body: ReportCreateBody): Promise<ReportCreated> {
  const inst = await db.get<{ id: number; regionId: number }>('SELECT id, region_id AS "regionId" FROM institutions WHERE id = ? AND removed_at IS NULL', [
    body.institutionId,
  ]);
  if (!inst) throw new NotFoundError(`institution ${body.institutionId} not found`);
  let productId: number | null = null;
  if (body.productCode) {
    const p = await db.get<{ id: number }>('SELECT id FROM products WHERE region_id = ? AND code = ?', [inst.regionId, body.productCode]);
    if (!p) throw new NotFoundError(`product ${body.productCode} not found in this institution's region`);
    productId = p.id;
  }
  const createdAt = nowIso();
  const reference = `JB${createdAt.slice(2, 10).replace(/-/g, '')}${randomBytes(3).toString('hex').toUpperCase()}`;
  await db.run(
    `INSERT INTO reports (reference, institution_id, product_id, kind, observed_price_fen, note, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`,
    [reference, inst.id, productId, body.kind, body.observedPrice ? parseYuan(body.observedPrice) : null, body.note ?? null, createdAt],
  );
  return { reference, status: 'open', createdAt };
}

export async function reportByReference(db: Db, reference: string): Promise<Record<string, unknown> | null> {
  return (await db.get<Record<string, unknown>>('SELECT * FROM reports WHERE reference = ?', [reference])) ?? null;
}
