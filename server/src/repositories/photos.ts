import type { Db } from '../db/client.js';
import { BadRequestError } from '../errors.js';
import type { StoredPhoto } from '../lib/photos.js';
import { nowIso } from '../lib/time.js';

export type PhotoOwner = { kind: 'report' | 'shortage'; id: number };

export interface PhotoRow {
  file: string;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  createdAt: string;
}

/** Records a stored photo for its owner, refusing past `max` photos (counted in the same transaction). */
export async function addPhoto(db: Db, owner: PhotoOwner, photo: StoredPhoto, max: number): Promise<number> {
  return db.transaction(async (tx) => {
    const n = Number((await tx.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM photos WHERE owner_kind = ? AND owner_id = ?', [owner.kind, owner.id]))?.n ?? 0);
    if (n >= max) throw new BadRequestError(`最多上传 ${max} 张照片`);
    await tx.run(
      'INSERT INTO photos (owner_kind, owner_id, file, content_type, bytes, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [owner.kind, owner.id, photo.file, photo.contentType, photo.bytes, photo.width, photo.height, nowIso()],
    );
    return n + 1;
  });
}

export async function photosOf(db: Db, owner: PhotoOwner): Promise<PhotoRow[]> {
  return db.all<PhotoRow>(
    `SELECT file, content_type AS "contentType", bytes, width, height, created_at AS "createdAt" FROM photos
     WHERE owner_kind = ? AND owner_id = ? ORDER BY id`,
    [owner.kind, owner.id],
  );
}

export async function photoCount(db: Db, owner: PhotoOwner): Promise<number> {
  return Number((await db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM photos WHERE owner_kind = ? AND owner_id = ?', [owner.kind, owner.id]))?.n ?? 0);
}

/** A shortage's id if it is the institution's own (a pharmacy touches only its own data), else null. */
export async function ownShortageId(db: Db, institutionId: number, id: number): Promise<number | null> {
  return (await db.get<{ id: number }>('SELECT id FROM shortages WHERE id = ? AND institution_id = ?', [id, institutionId]))?.id ?? null;
}
