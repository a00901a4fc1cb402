/** Checks done on the device before a photo is sent (the server checks again and re-encodes). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export const PHOTO_LIMIT_BYTES = 5 * 1024 * 1024;

export function photoProblem(p: { type?: string; size: number }): string | null {
  if (p.type && !(PHOTO_TYPES as readonly string[]).includes(p.type)) return '只能上传 JPEG 或 PNG 格式的照片';
  if (p.size > PHOTO_LIMIT_BYTES) return '照片不能超过 5 MB，请重新拍摄或截图后上传';
  return null;
}
