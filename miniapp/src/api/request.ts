import Taro from '@tarojs/taro';
import { ApiError, NETWORK_ERROR_MESSAGE, toApiError } from './errors';
import { buildUrl, requestHeaders } from './url';

/** '' on H5 (the API serves the page), absolute in weapp; see config/index.ts. */
export const apiBase: string = typeof API_BASE === 'string' ? API_BASE : '';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  query?: object;
  body?: unknown;
  /** an institution's bearer token (the /api/v1/me/… calls) */
  token?: string;
  /** a body that is not JSON (the CSV upload: text/csv) */
  contentType?: string;
  /** extra headers (the alerts' subscriber: x-device-id or x-wx-code) */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** The one request wrapper: every call to the API goes through here. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const url = buildUrl(apiBase, path, opts.query);
  let res: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject>;
  try {
    res = await Taro.request<TaroGeneral.IAnyObject>({
      url,
      method: opts.method ?? 'GET',
      data: opts.body as Record<string, unknown> | string | undefined,
      header: requestHeaders(opts),
      timeout: opts.timeoutMs ?? 10_000,
      dataType: 'json',
    });
  } catch {
    throw new ApiError(NETWORK_ERROR_MESSAGE, 0, 'NETWORK');
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  throw toApiError(res.statusCode, res.data);
}
