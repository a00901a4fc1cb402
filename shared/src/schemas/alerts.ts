import { Type, type Static } from '@sinclair/typebox';
import { ALERT_KINDS } from '../domain/alerts.js';
import { IsoDateTime, Latitude, literals, Longitude, RegionSlug, Yuan } from './common.js';

export const AlertKindSchema = literals(ALERT_KINDS, 'price_drop: 降价提醒 | restock: 到货提醒');

/**
 * Who is subscribing, in headers (never in a URL, which proxies log): the H5 page's anonymous device id
 * (random, made on the device; the server keeps only its SHA-256), or, in the WeChat mini-program, a
 * fresh `wx.login` code that the server exchanges for the openid (jscode2session). Exactly one.
 */
export const AlertSubscriberHeaders = Type.Object({
  'x-device-id': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{22,64}$', description: '本机匿名编号（H5）' })),
  'x-wx-code': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,128}$', description: 'wx.login 登录凭证（小程序）' })),
});
export type AlertSubscriberHeaders = Static<typeof AlertSubscriberHeaders>;

/**
 * A subscription. Where: `district` (one of the region's, GET /api/v1/regions) or a position rounded as
 * elsewhere, from which the server takes the district of the nearest institution and then forgets the
 * position; neither: the whole region. `belowPrice` (降价 only): alert below ¥x; unset: below the lowest
 * price there today.
 */
export const AlertSubscribeBody = Type.Object({
  kind: AlertKindSchema,
  code: Type.String({ minLength: 1, maxLength: 40, description: '医保药品编码（药品统一编码）' }),
  region: Type.Optional(RegionSlug),
  district: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: '区县' })),
  lat: Type.Optional(Latitude),
  lng: Type.Optional(Longitude),
  belowPrice: Type.Optional(Yuan),
  substitute: Type.Optional(
    Type.Boolean({ description: '同成分同规格可换厂家：也看同一通用名、同一规格的其他厂家产品（价格按本品每盒的片数折算）；默认 false，只看本品' }),
  ),
});
export type AlertSubscribeBody = Static<typeof AlertSubscribeBody>;

export const AlertSubscription = Type.Object({
  id: Type.Integer(),
  kind: AlertKindSchema,
  kindLabel: Type.String(),
  code: Type.String(),
  product: Type.String({ description: '通用名 + 规格' }),
  region: Type.String(),
  area: Type.String({ description: '提醒范围：区县，或整个地区' }),
  district: Type.Union([Type.String(), Type.Null()]),
  belowPrice: Type.Union([Yuan, Type.Null()], { description: '降价提醒的价格线（元/盒）' }),
  substitute: Type.Boolean({ description: '同成分同规格可换厂家' }),
  channel: literals(['wechat', 'inbox'] as const, 'wechat: 微信订阅消息；inbox: 只在“我的提醒”里'),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
});
export type AlertSubscription = Static<typeof AlertSubscription>;

export const AlertSubscriptionsResponse = Type.Object({ items: Type.Array(AlertSubscription) });
export type AlertSubscriptionsResponse = Static<typeof AlertSubscriptionsResponse>;

export const AlertSubscriptionParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const AlertNotification = Type.Object({
  id: Type.Integer(),
  subscriptionId: Type.Integer(),
  kind: AlertKindSchema,
  code: Type.String(),
  title: Type.String(),
  text: Type.String(),
  institution: Type.Object({ id: Type.Integer(), name: Type.String() }),
  price: Yuan,
  day: Type.String({ description: '提醒日期（北京时间）' }),
  deliveredAt: IsoDateTime,
});
export type AlertNotification = Static<typeof AlertNotification>;

export const AlertNotificationsResponse = Type.Object({ items: Type.Array(AlertNotification) });
export type AlertNotificationsResponse = Static<typeof AlertNotificationsResponse>;

/** What the client needs before subscribing: the template ids for wx.requestSubscribeMessage. */
export const AlertConfigResponse = Type.Object({
  wechat: Type.Union([Type.Object({ templates: Type.Object({ price_drop: Type.String(), restock: Type.String() }) }), Type.Null()]),
  ttlDays: Type.Integer(),
});
export type AlertConfigResponse = Static<typeof AlertConfigResponse>;
