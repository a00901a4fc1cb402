import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { PHOTO_MAX_BYTES } from '@yaojia/shared';
import { BadRequestError } from '../errors.js';

/** What a stored photo is: the server's own JPEG, never the bytes that were sent. */
export interface StoredPhoto {
  file: string;
  contentType: 'image/jpeg';
  bytes: number;
  width: number;
  height: number;
}

/** The longest side kept: a price tag stays legible, a phone's 4000 px original shrinks. */
const MAX_SIDE = 2000;

function kindOf(buf: Buffer): 'jpeg' | 'png' | null {
  if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return null;
}

/**
 * Checks a photo (JPEG or PNG by its bytes, not its name, ≤ 5 MB) and re-encodes it with sharp: turned
 * upright by its EXIF orientation, then written as a fresh JPEG with no metadata at all (sharp keeps none
 * unless asked), so a phone's GPS position, camera and time never reach the disk.
 */
export async function reencodePhoto(buf: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  if (buf.length > PHOTO_MAX_BYTES) throw new BadRequestError('照片不能超过 5 MB');
  if (!kindOf(buf)) throw new BadRequestError('只能上传 JPEG 或 PNG 格式的照片');
  try {
    const { data, info } = await sharp(buf, { limitInputPixels: 50_000_000, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw new BadRequestError('照片无法识别，请重新拍摄后上传');
  }
}

/** Writes a re-encoded photo under dir/photos/YYYY-MM with a random name; returns where (relative to dir). */
export async function storePhoto(dir: string, photo: { data: Buffer; width: number; height: number }, now = new Date()): Promise<StoredPhoto> {
  const month = now.toISOString().slice(0, 7);
  const file = join('photos', month, `${randomBytes(16).toString('hex')}.jpg`);
  await mkdir(join(dir, 'photos', month), { recursive: true });
  await writeFile(join(dir, file), photo.data, { flag: 'wx' });
  return { file, contentType: 'image/jpeg', bytes: photo.data.length, width: photo.width, height: photo.height };
}

export async function removePhoto(dir: string, file: string): Promise<void> {
  await rm(join(dir, file), { force: true });
}
