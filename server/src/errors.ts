import type { UploadIssue } from '@yaojia/shared';

/**
 * Every error the server's own code throws on purpose. Routes throw these; the one error handler
 * (plugins/errors.ts, `httpAnswerOf`) turns them into HTTP answers. CLIs print their message.
 */

/** The request is well-formed but asks for something impossible (400). */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
}

/** The thing asked for does not exist (404); `details` are added to the answer's body (e.g. which kind of code was not found). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** No valid bearer token (401, with WWW-Authenticate). */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

/** A valid token that may not do this (403). */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** Too many attempts from one client (429, with Retry-After in seconds): e.g. wrong tokens tried one after another. */
export class TooManyRequestsError extends Error {
  override name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A pharmacy's price upload refused as a whole, with every problem found (400, `errors` listed). */
export class UploadRejectedError extends Error {
  override name = 'UploadRejectedError';
  constructor(
    message: string,
    readonly issues: UploadIssue[],
  ) {
    super(message);
  }
}

/** A bureau action refused for a reason the operator can fix (bad input, unknown code…); 400 over HTTP, exit 1 in the CLI. */
export class BureauError extends Error {
  override name = 'BureauError';
}

/** Another run holds the lock (nightly job, publish). */
export class LockedError extends Error {
  override name = 'LockedError';
}

/** An API token cannot be issued or revoked as asked. */
export class TokenError extends Error {
  override name = 'TokenError';
}

/** A publish or rollback that cannot go ahead. */
export class IngestError extends Error {
  override name = 'IngestError';
}

/** A bureau file that cannot be opened as a table. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
}

/** The environment does not make a valid configuration. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Meilisearch answered with an error status. */
export class MeiliHttpError extends Error {
  override name = 'MeiliHttpError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** The bundled Meilisearch binary is missing or not the one pinned. */
export class MeiliBinaryError extends Error {
  override name = 'MeiliBinaryError';
}

/** The WeChat server API answered an error or nothing usable (lib/wechat.ts). */
export class WeChatError extends Error {
  override name = 'WeChatError';
  constructor(
    message: string,
    readonly errcode: number | null,
    /** retrying cannot help (the user has no subscription left, the openid or template is wrong) */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** A query sent on the database while one of its transactions is open, or on a transaction that has ended (db/sql.ts): a bug. */
export class TransactionMisuse extends Error {
  override name = 'TransactionMisuse';
}

export interface HttpAnswer {
  status: number;
  body: { error: string; message: string; errors?: UploadIssue[]; [detail: string]: unknown };
  headers?: Record<string, string>;
}

/** The HTTP answer for one of our errors; null for anything else (the handler decides). */
export function httpAnswerOf(err: unknown): HttpAnswer | null {
  if (!(err instanceof Error)) return null;
  const { message } = err;
  if (err instanceof UploadRejectedError) return { status: 400, body: { error: 'Bad Request', message, errors: err.issues } };
  if (err instanceof BadRequestError || err instanceof BureauError) return { status: 400, body: { error: 'Bad Request', message } };
  if (err instanceof NotFoundError) return { status: 404, body: { error: 'Not Found', message, ...err.details } };
  if (err instanceof UnauthorizedError) {
    return { status: 401, body: { error: 'Unauthorized', message }, headers: { 'WWW-Authenticate': 'Bearer realm="yaojia"' } };
  }
  if (err instanceof ForbiddenError) return { status: 403, body: { error: 'Forbidden', message } };
  if (err instanceof TooManyRequestsError) {
    return { status: 429, body: { error: 'Too Many Requests', message }, headers: { 'Retry-After': String(err.retryAfterSeconds) } };
  }
  return null;
}

