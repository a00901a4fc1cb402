import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../errors.js';
import { type AuthedInstitution, type AuthedToken, type TokenRole, verifyToken } from '../repositories/tokens.js';
import { windowCounter } from './rate-limit-store.js';

export type { AuthedInstitution, AuthedToken };

declare module 'fastify' {
  interface FastifyRequest {
    /** the institution the bearer token belongs to; null until requireInstitution has run */
    institution: AuthedInstitution | null;
    /** the token that authenticated the request (never the token itself) */
    authToken: AuthedToken | null;
  }
  interface FastifyInstance {
    /** onRequest hook: 401 without a valid bearer token, 403 when the token is not an institution's */
    requireInstitution: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9_\-.~+/]+=*)\s*$/i;

/**
 * Brute-force throttle: a client (req.ip, so TRUST_PROXY decides who that is) that presented this many
 * wrong tokens within the window gets 429 for the rest of it, valid token or not. Counted in the
 * database (rate_limits), so every replica agrees.
 */
export const TOKEN_FAILURES_ALLOWED = 20;
export const TOKEN_FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Bearer-token authentication. Tokens are looked up by sha256 (repositories/tokens.ts); the token is never
 * logged: Fastify's request log carries method and URL only, and no message here repeats it.
 */
export default fp(
  async (app) => {
    app.decorateRequest('institution', null);
    app.decorateRequest('authToken', null);

    const failures = windowCounter(app.db);
    const throttleKey = (req: FastifyRequest) => `auth-failures|${req.ip}`;
    /** counts a wrong token against the client, then refuses it */
    const refuse = async (req: FastifyRequest, why: string): Promise<never> => {
      await failures.bump(throttleKey(req), TOKEN_FAILURE_WINDOW_MS);
      throw new UnauthorizedError(why);
    };

    app.decorate('requireInstitution', async (req: FastifyRequest) => {
      const header = req.headers.authorization;
      if (!header) throw new UnauthorizedError('请先登录：缺少 Authorization: Bearer <token>');
      const seen = await failures.peek(throttleKey(req), TOKEN_FAILURE_WINDOW_MS);
      if (seen.current >= TOKEN_FAILURES_ALLOWED) {
        const minutes = Math.max(1, Math.ceil(seen.ttl / 60_000));
        throw new TooManyRequestsError(`登录失败次数过多，请 ${minutes} 分钟后再试`, Math.ceil(seen.ttl / 1000));
      }
      const m = BEARER.exec(header);
      if (!m?.[1]) return refuse(req, 'Authorization 须为 Bearer <token>');
      const v = await verifyToken(app.db, m[1]);
      if (!v.ok) {
        const why = { unknown: '令牌无效', expired: '令牌已过期，请向医保部门重新申请', revoked: '令牌已被吊销' }[v.reason];
        return refuse(req, why);
      }
      const { token } = v;
      req.authToken = { id: token.id, role: token.role, expiresAt: token.expiresAt };
      if (token.role !== 'institution' || token.institutionId === null) {
        throw new ForbiddenError('此令牌不属于医药机构，不能使用“我的”接口');
      }
      const inst = await app.db.get<AuthedInstitution & { removedAt: string | null }>(
        'SELECT id, code, region_id AS "regionId", type, removed_at AS "removedAt" FROM institutions WHERE id = ?',
        [token.institutionId],
      );
      if (!inst || inst.removedAt) {
        throw new ForbiddenError('本机构已不在“三进”名单内');
      }
      req.institution = { id: inst.id, code: inst.code, regionId: inst.regionId, type: inst.type };
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
