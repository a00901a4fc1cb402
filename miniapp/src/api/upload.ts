import Taro from '@tarojs/taro';
import type { PhotoUploaded } from '@yaojia/shared';
import { ApiError, NETWORK_ERROR_MESSAGE, toApiError } from './errors';
import { apiBase } from './request';
import { buildUrl } from './url';

/** A photo picked on the device: a File on H5 (file input), a temp path in the mini-program (chooseMedia). */
export type PickedPhoto = { kind: 'file'; file: File } | { kind: 'path'; path: string };

/** Uploads one photo as multipart/form-data, field `photo` (the one other way a call leaves the app). */
export async function uploadPhoto(path: string, photo: PickedPhoto, token?: string): Promise<PhotoUploaded> {
  const url = buildUrl(apiBase, path);
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  if (photo.kind === 'file') {
    const form = new FormData();
    form.append('photo', photo.file, photo.file.name);
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', body: form, headers: header });
    } catch {
      throw new ApiError(NETWORK_ERROR_MESSAGE, 0, 'NETWORK');
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return body as PhotoUploaded;
    throw toApiError(res.status, body);
  }
  let res: Taro.uploadFile.SuccessCallbackResult;
  try {
    res = await Taro.uploadFile({ url, filePath: photo.path, name: 'photo', header });
  } catch {
    throw new ApiError(NETWORK_ERROR_MESSAGE, 0, 'NETWORK');
  }
  let body: unknown = null;
  try {
    body = JSON.parse(res.data);
  } catch {
    // not JSON: handled by the status below
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return body as PhotoUploaded;
  throw toApiError(res.statusCode, body);
}
