/** URL building, pure so it is unit-tested without Taro. */

export type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x` from an object; undefined/null/'' and false flags are left out. */
export function buildQuery(params: object | undefined): string {
  if (!params) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params) as Array<[string, QueryValue]>) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

export function buildUrl(base: string, path: string, params?: object): string {
  const b = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${b}${path}${buildQuery(params)}`;
}

/** Headers for a call: JSON body type, and the institution's bearer token when given. */
export function requestHeaders(opts: { body?: unknown; token?: string; contentType?: string; headers?: Record<string, string> }): Record<string, string> {
  const h: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) h['content-type'] = opts.contentType ?? 'application/json';
  if (opts.token) h.Authorization = `Bearer ${opts.token}`;
  return h;
}
