import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createHash } from 'node:crypto';
import {
  ALERT_TTL_DAYS,
  AlertConfigResponse,
  AlertNotificationsResponse,
  AlertSubscribeBody,
  AlertSubscriberHeaders,
  AlertSubscription,
  AlertSubscriptionParams,
  AlertSubscriptionsResponse,
  ErrorResponse,
} from '@yaojia/shared';
import { Type } from '@sinclair/typebox';
import { WeChatApi } from '../../../lib/wechat.js';
import type { Config } from '../../../config.js';
import { BadRequestError, NotFoundError, WeChatError } from '../../../errors.js';
import { listNotifications, listSubscriptions, subscribe, type Subscriber, unsubscribe } from '../../../repositories/alerts.js';
import { resolveRegion } from '../../../repositories/regions.js';

const SUBSCRIBES_PER_MINUTE = 30;
const errors = { 400: ErrorResponse };

/**
 * 降价提醒 / 到货提醒 (issue 16 §3). The subscriber is named in a header: the H5 device's anonymous id
 * (x-device-id; only its SHA-256 is kept) or, in the mini-program, a fresh wx.login code (x-wx-code)
 * exchanged here for the openid. A position in the body only picks the district; it is neither stored nor logged.
 */
const alerts: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const wechat = config.wechat ? new WeChatApi(config.wechat, config.wechatApiBase) : null;

  async function who(headers: AlertSubscriberHeaders): Promise<Subscriber> {
    const device = headers['x-device-id'];
    const code = headers['x-wx-code'];
    if (device && code) throw new BadRequestError('只能用一种方式识别订阅者：本机编号或微信登录凭证');
    if (device) return { kind: 'device', id: createHash('sha256').update(device).digest('hex') };
    if (!code) throw new BadRequestError('缺少本机编号（x-device-id）或微信登录凭证（x-wx-code）');
    if (!wechat) throw new BadRequestError('本服务暂未开通微信提醒，请在“我的提醒”里查看');
    try {
      return { kind: 'wechat', id: await wechat.openidOf(code) };
    } catch (e) {
      if (e instanceof WeChatError && e.errcode !== null) throw new BadRequestError('微信登录已失效，请重试');
      throw e;
    }
  }

  app.get(
    '/config',
    { schema: { tags: ['alerts'], summary: '订阅提醒前需要的设置：微信订阅消息模板', response: { 200: AlertConfigResponse } } },
    async () => ({ wechat: config.wechat ? { templates: config.wechat.templates } : null, ttlDays: ALERT_TTL_DAYS }),
  );

  app.post(
    '/subscriptions',
    {
      config: { rateLimit: { max: SUBSCRIBES_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['alerts'],
        summary: '订阅降价提醒或到货提醒（保存药品、区县和订阅者编号，不保存位置；90 天后自动失效）',
        headers: AlertSubscriberHeaders,
        body: AlertSubscribeBody,
        response: { 201: AlertSubscription, ...errors, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const subscriber = await who(req.headers);
      const region = await resolveRegion(app.db, req.body.region, req.body.lat, req.body.lng);
      const sub = await subscribe(app.db, subscriber, region.id, req.body);
      return reply.code(201).send(sub);
    },
  );

  app.get(
    '/subscriptions',
    {
      // one subscriber's own data: never cached by the browser or a proxy (plugins/http-cache.ts)
      config: { httpCache: 'private' },
      schema: { tags: ['alerts'], summary: '我订阅的提醒', headers: AlertSubscriberHeaders, response: { 200: AlertSubscriptionsResponse, ...errors } },
    },
    async (req) => ({ items: await listSubscriptions(app.db, await who(req.headers)) }),
  );

  app.delete(
    '/subscriptions/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: '取消提醒（订阅和它的提醒记录一并删除）',
        headers: AlertSubscriberHeaders,
        params: AlertSubscriptionParams,
        response: { 200: Type.Object({ deleted: Type.Integer() }), ...errors, 404: ErrorResponse },
      },
    },
    async (req) => {
      if (!(await unsubscribe(app.db, await who(req.headers), req.params.id))) throw new NotFoundError('没有这个提醒，可能已经取消或过期');
      return { deleted: req.params.id };
    },
  );

  app.get(
    '/notifications',
    {
      config: { httpCache: 'private' },
      schema: {
        tags: ['alerts'],
        summary: '我的提醒：已送达的降价、到货提醒（最近 50 条）',
        headers: AlertSubscriberHeaders,
        response: { 200: AlertNotificationsResponse, ...errors },
      },
    },
    async (req) => ({ items: await listNotifications(app.db, await who(req.headers)) }),
  );
};
export default alerts;
