import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { TokenError } from '../errors.js';
import { TOKEN_PREFIX } from '@yaojia/shared';

/**
 * Bearer tokens for institutions (role "institution") and the bureau's admins (role "admin").
 * Only the sha256 of a token is stored; the token itself is shown once, when issued.
 */
export const TOKEN_ROLES = ['institution', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** A recognisable prefix so a leaked token can be found by secret scanners. */
export { TOKEN_PREFIX };
export const DEFAULT_TOKEN_DAYS = 90;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes, base64url: 256 bits, not guessable. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export interface IssuedToken {
  id: number;
  /** the plain token: print it once, never store it */
  token: string;
  role: TokenRole;
  institutionId: number | null;
  expiresAt: string | null;
}

export interface IssueOptions {
  role: TokenRole;
  institutionId: number | null;
  label?: string | null;
  /** days until it expires; null = never (admins only) */
  days: number | null;
  actor: string;
  now?: Date;
}

export async function issueToken(db: Db, opts: IssueOptions): Promise<IssuedToken> {
  const now = opts.now ?? new Date();
  if (opts.role === 'institution' && opts.institutionId === null) throw new TokenError('an institution token needs an institution');
  if (opts.role === 'institution' && opts.days === null) throw new TokenError('institution tokens must expire');
  if (opts.days !== null && !(Number.isInteger(opts.days) && opts.days >= 1 && opts.days <= 3650)) {
    throw new TokenError(`days must be a whole number from 1 to 3650, got ${opts.days}`);
  }
  const token = generateToken();
  const expiresAt = opts.days === null ? null : new Date(now.getTime() + opts.days * 86_400_000).toISOString();
  const id = await db.transaction(async (tx) => {
    const r = await tx.get<{ id: number }>(
      `INSERT INTO api_tokens (token_hash, role, institution_id, label, created_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL) RETURNING id`,
      [hashToken(token), opts.role, opts.institutionId, opts.label ?? null, now.toISOString(), expiresAt],
    );
    const newId = r!.id;
    await audit(tx, now, opts.actor, 'token.issue', `api_tokens:${newId}`, { role: opts.role, institutionId: opts.institutionId, expiresAt });
    return newId;
  });
  return { id, token, role: opts.role, institutionId: opts.institutionId, expiresAt };
}

/** Revokes a token; false when there is no such token or it was already revoked. */
export async function revokeToken(db: Db, id: number, actor: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const r = await tx.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now.toISOString(), id]);
    if (r.changes === 0) return false;
    await audit(tx, now, actor, 'token.revoke', `api_tokens:${id}`, {});
    return true;
  });
}

export interface TokenListRow {
  id: number;
  role: TokenRole;
  institutionId: number | null;
  institutionCode: string | null;
  institutionName: string | null;
  region: string | null;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

/** Every token, newest first, without hashes. */
export async function listTokens(db: Db, now = new Date()): Promise<TokenListRow[]> {
  const rows = await db.all<Omit<TokenListRow, 'status'>>(
    `SELECT t.id, t.role, t.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName",
            r.slug AS region, t.label, t.created_at AS "createdAt", t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt"
     FROM api_tokens t LEFT JOIN institutions i ON i.id = t.institution_id LEFT JOIN regions r ON r.id = i.region_id
     ORDER BY t.id DESC`,
  );
  return rows.map((r) => ({ ...r, status: r.revokedAt ? 'revoked' : r.expiresAt && new Date(r.expiresAt) <= now ? 'expired' : 'active' }));
}

export interface VerifiedToken {
  id: number;
  role: TokenRole;
  institutionId: number | null;
  expiresAt: string | null;
}

export type VerifyResult = { ok: true; token: VerifiedToken } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

/** Looks a presented token up by its hash. */
export async function verifyToken(db: Db, presented: string, now = new Date()): Promise<VerifyResult> {
  const row = await db.get<VerifiedToken & { revokedAt: string | null }>(
    `SELECT id, role, institution_id AS "institutionId", expires_at AS "expiresAt", revoked_at AS "revokedAt"
     FROM api_tokens WHERE token_hash = ?`,
    [hashToken(presented)],
  );
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.expiresAt && new Date(row.expiresAt) <= now) return { ok: false, reason: 'expired' };
  const { revokedAt: _r, ...token } = row;
  return { ok: true, token };
}

/**
 * The institution a 机构医保编码 names. A code is unique within a region; give the region when the same
 * code exists in several. Throws TokenError with the reason otherwise.
 */
export async function institutionIdByCode(db: Db, code: string, regionSlug?: string): Promise<{ id: number; name: string; region: string }> {
  const rows = await db.all<{ id: number; name: string; region: string }>(
    `SELECT i.id, i.name, r.slug AS region FROM institutions i JOIN regions r ON r.id = i.region_id
     WHERE i.code = ? AND i.removed_at IS NULL AND (CAST(? AS TEXT) IS NULL OR r.slug = ?)
     ORDER BY r.slug`,
    [code, regionSlug ?? null, regionSlug ?? null],
  );
  if (rows.length === 0) throw new TokenError(`no current institution with 机构医保编码 ${code}${regionSlug ? ` in region ${regionSlug}` : ''}`);
  if (rows.length > 1) throw new TokenError(`机构医保编码 ${code} exists in regions ${rows.map((r) => r.region).join(', ')}; give --region`);
  return rows[0]!;
}

async function audit(db: Db, now: Date, actor: string, action: string, target: string, detail: Record<string, unknown>): Promise<void> {
  await db.run('INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)', [
    now.toISOString(),
    actor,
    action,
    target,
    JSON.stringify(detail),
  ]);
}

/** Who a request's bearer token belongs to (plugins/auth.ts sets it on the request). */
export interface AuthedInstitution {
  id: number;
  code: string;
  regionId: number;
  type: string;
}

export interface AuthedToken {
  id: number;
  role: TokenRole;
  expiresAt: string | null;
}
