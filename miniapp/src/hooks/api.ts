import { useState } from 'react';
import type { AlertSubscribeBody, AlertSubscription, BasketQuoteRequest, NearbySummaryQuery, OffersQuery, ReportCreateBody, ReportCreated, ReportStatus } from '@yaojia/shared';
import { api, ApiError } from '../api';
import { askWeChatPermission, subscriberHeaders } from '../lib/alerts';
import { useAsync } from './useAsync';
import { useDebounced } from './useDebounced';

/** Data hooks: the only place pages get API data from. */

export function useRegions() {
  return useAsync(() => api.regions(), 'regions');
}

/** the deployment's public settings (the H5 map's tile URL) */
export function useClientConfig() {
  return useAsync(() => api.clientConfig(), 'client-config');
}

export function useSuggest(q: string, region: string | null) {
  const term = useDebounced(q.trim(), 200);
  const key = term ? `suggest:${region ?? ''}:${term}` : null;
  return useAsync(() => api.suggest(term, region), key);
}

export function useDrugSearch(q: string, region: string | null) {
  const term = q.trim();
  return useAsync(() => api.searchDrugs(term, region), term ? `search:${region ?? ''}:${term}` : null);
}

/** The 通用名 the region lists now (which common-drug chips to show; one product → straight to prices). */
export function useGenerics(region: string | null) {
  return useAsync(() => api.generics(region), region ? `generics:${region}` : null);
}

/** 附近 N 家 · 最低 ¥x for each product code of a results page; idle without a position. */
export function useNearbySummary(query: NearbySummaryQuery | null) {
  return useAsync(() => api.nearbySummary(query as NearbySummaryQuery), query ? `nearby:${JSON.stringify(query)}` : null);
}

export function useOffers(query: OffersQuery | null) {
  return useAsync(() => api.offers(query as OffersQuery), query ? `offers:${JSON.stringify(query)}` : null);
}

export function useInstitution(id: number | null) {
  return useAsync(() => api.institution(id as number), id ? `inst:${id}` : null);
}

export function usePriceHistory(id: number | null, code: string | null) {
  return useAsync(() => api.priceHistory(id as number, code as string), id && code ? `hist:${id}:${code}` : null);
}

export function useSubmitReport() {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<ReportCreated | null>(null);
  async function submit(body: ReportCreateBody): Promise<ReportCreated | null> {
    setSubmitting(true);
    setError(null);
    try {
      const r = await api.createReport(body);
      setResult(r);
      return r;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('提交失败，请重试', 0, 'UNKNOWN'));
      return null;
    } finally {
      setSubmitting(false);
    }
  }
  return { submit, submitting, error, result };
}

export function useStats(region: string | null, period: string) {
  return useAsync(() => api.stats({ region: region as string, period }), region ? `stats:${region}:${period}` : null);
}

/** 供应紧张 for one product (or a 通用名) in the region; idle without a region. */
export function useSupplyAlerts(region: string | null, p: { code?: string; genericName?: string }) {
  const key = region && (p.code || p.genericName) ? `supply:${region}:${p.code ?? ''}:${p.genericName ?? ''}` : null;
  return useAsync(() => api.supplyAlerts({ region: region as string, code: p.code, genericName: p.code ? undefined : p.genericName }), key);
}

/** 我的常用药: where the month's list costs least; idle without a request (no list or no position). */
export function useBasketQuote(body: BasketQuoteRequest | null) {
  return useAsync(() => api.basketQuote(body as BasketQuoteRequest), body ? `basket:${JSON.stringify(body)}` : null);
}

/** The status of each of the device's reports (a handful), by its reference; a lookup that fails says so per report. */
export function useReportStatuses(references: string[]) {
  const key = references.length ? `reports:${references.join(',')}` : null;
  return useAsync(
    async () =>
      new Map<string, ReportStatus | ApiError>(
        await Promise.all(
          references.map(async (r) => [r, await api.reportStatus(r).catch((e: unknown) => (e instanceof ApiError ? e : new ApiError('查询失败', 0, 'UNKNOWN')))] as const),
        ),
      ),
    key,
  );
}

/** 扫码查药: looks a scanned or typed code up; `found` is the answer, `error` the server's words (404 names the kind of code). */
export function useDrugLookup(code: string | null, region: string | null) {
  const c = code?.trim() ?? '';
  return useAsync(() => api.lookupDrug(c, region), c ? `lookup:${region ?? ''}:${c}` : null);
}

/** 我的提醒: the notifications delivered to this device (or WeChat user) and its subscriptions. */
export function useMyAlerts() {
  return useAsync(async () => {
    // one call per header set: a WeChat login code is good for one exchange
    const notifications = await api.alerts.notifications(await subscriberHeaders());
    const subscriptions = await api.alerts.subscriptions(await subscriberHeaders());
    return { notifications: notifications.items, subscriptions: subscriptions.items };
  }, 'my-alerts');
}

/** Subscribes to 降价/到货提醒 for a product near the citizen (the district is taken from the position; the position is not kept). */
export async function subscribeAlert(body: AlertSubscribeBody): Promise<AlertSubscription> {
  const config = await api.alerts.config();
  const allowed = await askWeChatPermission(config.wechat?.templates[body.kind]);
  if (!allowed) throw new ApiError('没有允许微信提醒，未订阅', 0, 'UNKNOWN');
  return api.alerts.subscribe(await subscriberHeaders(), body);
}

export async function unsubscribeAlert(id: number): Promise<void> {
  await api.alerts.unsubscribe(await subscriberHeaders(), id);
}
