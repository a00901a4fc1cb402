/** What a failed call looks like to a page: a message to show and whether retrying may help. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached */
    readonly status: number,
    readonly code: string,
    /** the answer's body, for errors that carry more than a message (an upload's problems by row) */
    readonly body: unknown = null,
  ) {
    super(message);
  }

  /** network failure or 5xx: show 重试 */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

/** The message a citizen sees. 4xx messages come from the API ({error, message}); others are generic. */
export function toApiError(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown; message?: unknown; kind?: unknown };
  const code = typeof b.error === 'string' ? b.error : `HTTP_${status}`;
  if (status === 429) return new ApiError('操作太频繁，请稍后再试', status, code);
  if (status >= 400 && status < 500 && typeof b.message === 'string' && b.message) {
    // a 404 says only "not found", except the drug lookup's, which names the kind of code it recognised in words for citizens
    return new ApiError(status === 404 && typeof b.kind !== 'string' ? '没有找到相关信息' : b.message, status, code, body);
  }
  if (status >= 500) return new ApiError('服务暂时不可用，请稍后重试', status, code);
  return new ApiError(`请求失败（${status}）`, status, code);
}

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';
