import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake WeChat server API on loopback (WECHAT_API_BASE in the tests): stable_token, jscode2session (a
 * code `code-<openid>` logs in as <openid>) and the subscribe-message send API, which checks the access
 * token and records every message. Like a receiver that honours idempotency keys, it accepts a message
 * once per Idempotency-Key (a repeat is answered ok and counted in `repeats`). Hooks let a test fail the
 * next sends, expire the token, or hold a send unanswered (to kill the sender mid-delivery).
 */
export interface SentMessage {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
  idempotencyKey: string | null;
}

export interface FakeWeChat {
  url: string;
  /** messages accepted, one per idempotency key */
  messages: SentMessage[];
  /** every send request received, repeats included */
  requests: SentMessage[];
  repeats: number;
  tokenRequests: number;
  /** answer the next n sends with this errcode */
  failNext(n: number, errcode?: number): void;
  /** the current token stops working (the next send gets 40001) */
  expireToken(): void;
  /** hold the next send after `skip` answered ones: resolves when it arrived; the sender gets no answer until release() */
  holdNext(skip?: number): Promise<SentMessage>;
  release(): void;
  close(): Promise<void>;
}

export async function startFakeWeChat(appId = 'wx-test-app', secret = 'test-secret'): Promise<FakeWeChat> {
  let token = 'tok-1';
  let tokenN = 1;
  let failures: { n: number; errcode: number } = { n: 0, errcode: -1 };
  let hold: { skip: number; arrived: (m: SentMessage) => void } | null = null;
  const held: ServerResponse[] = [];
  const keys = new Set<string>();
  const fake: FakeWeChat = {
    url: '',
    messages: [],
    requests: [],
    repeats: 0,
    tokenRequests: 0,
    failNext(n, errcode = -1) {
      failures = { n, errcode };
    },
    expireToken() {
      token = `tok-${++tokenN}`;
    },
    holdNext(skip = 0) {
      return new Promise((arrived) => {
        hold = { skip, arrived };
      });
    },
    release() {
      for (const res of held.splice(0)) if (!res.destroyed) json(res, { errcode: 0, errmsg: 'ok' });
    },
    async close() {
      for (const res of held.splice(0)) res.destroy();
      await new Promise((done) => server.close(done));
    },
  };
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
        const b = await read(req);
        fake.tokenRequests++;
        if (b.appid !== appId || b.secret !== secret) return json(res, { errcode: 40013, errmsg: 'invalid appid' });
        return json(res, { access_token: token, expires_in: 7200 });
      }
      if (url.pathname === '/sns/jscode2session') {
        const code = url.searchParams.get('js_code') ?? '';
        if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== secret) return json(res, { errcode: 40013, errmsg: 'invalid appid' });
        if (!code.startsWith('code-')) return json(res, { errcode: 40029, errmsg: 'invalid code' });
        return json(res, { openid: code.slice(5), session_key: 'not-kept' });
      }
      if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
        const b = await read(req);
        if (url.searchParams.get('access_token') !== token) return json(res, { errcode: 40001, errmsg: 'invalid credential' });
        const m: SentMessage = {
          touser: String(b.touser),
          template_id: String(b.template_id),
          page: String(b.page),
          data: b.data as SentMessage['data'],
          idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
        };
        fake.requests.push(m);
        if (failures.n > 0) {
          failures.n--;
          return json(res, { errcode: failures.errcode, errmsg: 'system busy' });
        }
        if (m.idempotencyKey && keys.has(m.idempotencyKey)) fake.repeats++;
        else {
          if (m.idempotencyKey) keys.add(m.idempotencyKey);
          fake.messages.push(m);
        }
        if (hold && hold.skip-- === 0) {
          const h = hold;
          hold = null;
          held.push(res);
          h.arrived(m);
          return;
        }
        return json(res, { errcode: 0, errmsg: 'ok' });
      }
      res.writeHead(404).end();
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** The environment that points the server at the fake. */
export function wechatEnv(fake: FakeWeChat): Record<string, string> {
  return {
    WECHAT_API_BASE: fake.url,
    WECHAT_APPID: 'wx-test-app',
    WECHAT_SECRET: 'test-secret',
    WECHAT_TEMPLATE_PRICE_DROP: 'tmpl-price-drop',
    WECHAT_TEMPLATE_RESTOCK: 'tmpl-restock',
  };
}
