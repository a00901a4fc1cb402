import type { WeChatConfig } from '../config.js';
import { WeChatError } from '../errors.js';

/** errcodes after which a retry cannot succeed: 43101 用户拒绝接受消息（no subscription left）, 40003 openid, 40037 template, 47003 data */
const PERMANENT = new Set([43101, 40003, 40037, 47003]);
/** errcodes that mean the access token itself is bad: fetch a new one and try once more */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
const TIMEOUT_MS = 10_000;

/** A field of a subscribe message: thing.DATA holds at most 20 characters. */
const thing = (s: string) => ({ value: [...s].length > 20 ? `${[...s].slice(0, 19).join('')}…` : s });

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** the mini-program page the message opens */
  page: string;
  product: string;
  institution: string;
  /** yuan text */
  price: string;
  note: string;
}

/**
 * The WeChat server API the alerts use: `jscode2session` (a mini-program login code → the user's openid,
 * for subscribing), `stable_token` (the access token, cached until five minutes before it expires and
 * fetched again when WeChat says it is no longer valid) and the subscribe-message send API. The base URL is
 * WECHAT_API_BASE (config.ts): a fake on loopback in the tests.
 */
export class WeChatApi {
  private token: { value: string; refreshAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly cfg: WeChatConfig,
    private readonly base: string,
    private readonly now: () => number = Date.now,
  ) {}

  private async call(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      throw new WeChatError(`WeChat API unreachable: ${(e as Error).message}`, null, false);
    }
    if (!res.ok) throw new WeChatError(`WeChat API answered HTTP ${res.status}`, null, false);
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) throw new WeChatError('WeChat API answered something that is not JSON', null, false);
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    if (errcode !== 0) throw new WeChatError(`WeChat errcode ${errcode}: ${String(body.errmsg ?? '')}`, errcode, PERMANENT.has(errcode));
    return body;
  }

  /** The openid behind a wx.login code (the session key in the answer is not kept). */
  async openidOf(code: string): Promise<string> {
    const q = new URLSearchParams({ appid: this.cfg.appId, secret: this.cfg.secret, js_code: code, grant_type: 'authorization_code' });
    const body = await this.call(`/sns/jscode2session?${q}`);
    if (typeof body.openid !== 'string' || !body.openid) throw new WeChatError('jscode2session answered no openid', null, true);
    return body.openid;
  }

  /** The cached access token, fetched (once, however many callers wait) when missing or near its end. */
  async accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && this.now() < this.token.refreshAt) return this.token.value;
    this.pending ??= (async () => {
      try {
        const body = await this.call('/cgi-bin/stable_token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credential', appid: this.cfg.appId, secret: this.cfg.secret, force_refresh: forceRefresh }),
        });
        const value = String(body.access_token ?? '');
        if (!value) throw new WeChatError('stable_token answered no access_token', null, false);
        const seconds = typeof body.expires_in === 'number' ? body.expires_in : 7200;
        this.token = { value, refreshAt: this.now() + Math.max(60, seconds - 300) * 1000 };
        return value;
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }

  /**
   * Sends one subscribe message. `idempotencyKey` goes with every attempt of the same notification (header
   * Idempotency-Key) so a receiver that honours it drops a repeat after a crash between its answer and our
   * commit. Fields: thing1 药品, thing2 机构, amount3 价格, thing4 说明.
   */
  async send(m: SubscribeMessage, idempotencyKey: string): Promise<void> {
    const payload = JSON.stringify({
      touser: m.openid,
      template_id: m.templateId,
      page: m.page,
      miniprogram_state: 'formal',
      lang: 'zh_CN',
      data: { thing1: thing(m.product), thing2: thing(m.institution), amount3: { value: `¥${m.price}` }, thing4: thing(m.note) },
    });
    const attempt = async (token: string) =>
      this.call(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: payload,
      });
    try {
      await attempt(await this.accessToken());
    } catch (e) {
      if (!(e instanceof WeChatError) || e.errcode === null || !TOKEN_INVALID.has(e.errcode)) throw e;
      this.token = null;
      await attempt(await this.accessToken(true));
    }
  }
}
