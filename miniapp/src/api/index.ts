import type {
  ClientConfigResponse,
  MyShortages,
  UploadResult,
  AdjustToCapBody,
  AlertConfigResponse,
  AlertNotificationsResponse,
  AlertSubscribeBody,
  AlertSubscription,
  AlertSubscriptionsResponse,
  AdjustToCapResult,
  BasketQuoteRequest,
  BasketQuoteResponse,
  ComplianceResponse,
  DrugLookupResponse,
  DrugSearchResponse,
  GenericsResponse,
  NearbySummaryQuery,
  NearbySummaryResponse,
  HealthResponse,
  InstitutionDetail,
  MeResponse,
  MyListing,
  MyOfferPatch,
  MyOfferUpdated,
  OffersQuery,
  OffersResponse,
  PriceHistoryResponse,
  RegionsResponse,
  ReportCreateBody,
  ReportCreated,
  ReportStatus,
  ShortageCreateBody,
  ShortageCreated,
  StatsQuery,
  StatsResponse,
  SuggestResponse,
  SupplyAlertsQuery,
  SupplyAlertsResponse,
} from '@yaojia/shared';
import { request } from './request';

/** Typed calls, one per endpoint (issue 3 §6). Types come from @yaojia/shared only. */
export const api = {
  health: () => request<HealthResponse>('/health'),

  /** a group's three cheapest products; the results page links to the group's offers page for the rest */
  searchDrugs: (q: string, region: string | null, limit = 20) =>
    request<DrugSearchResponse>('/api/v1/drugs/search', { query: { q, region, limit, productsPerGroup: 3 } }),

  suggest: (q: string, region: string | null) =>
    request<SuggestResponse>('/api/v1/drugs/suggest', { query: { q, region } }),

  generics: (region: string | null) => request<GenericsResponse>('/api/v1/drugs/generics', { query: { region } }),
  /** 扫码查药: a 追溯码, 药品标识码, 本位码, EAN-13 or 医保药品编码 → the product(s) and their 通用名 group */
  lookupDrug: (code: string, region: string | null) =>
    request<DrugLookupResponse>('/api/v1/drugs/lookup', { query: { code, region } }),

  offers: (query: OffersQuery) => request<OffersResponse>('/api/v1/offers', { query }),

  nearbySummary: (query: NearbySummaryQuery) => request<NearbySummaryResponse>('/api/v1/offers/nearby-summary', { query }),

  institution: (id: number) => request<InstitutionDetail>(`/api/v1/institutions/${encodeURIComponent(String(id))}`),

  priceHistory: (institutionId: number, code: string) =>
    request<PriceHistoryResponse>(`/api/v1/institutions/${encodeURIComponent(String(institutionId))}/history`, { query: { code } }),

  regions: () => request<RegionsResponse>('/api/v1/regions'),

  clientConfig: () => request<ClientConfigResponse>('/api/v1/config'),

  basketQuote: (body: BasketQuoteRequest) => request<BasketQuoteResponse>('/api/v1/basket/quote', { method: 'POST', body }),

  /** 降价/到货提醒: `who` names the subscriber (lib/alerts.ts subscriberHeaders) */
  alerts: {
    config: () => request<AlertConfigResponse>('/api/v1/alerts/config'),
    subscribe: (who: Record<string, string>, body: AlertSubscribeBody) =>
      request<AlertSubscription>('/api/v1/alerts/subscriptions', { method: 'POST', body, headers: who }),
    subscriptions: (who: Record<string, string>) => request<AlertSubscriptionsResponse>('/api/v1/alerts/subscriptions', { headers: who }),
    unsubscribe: (who: Record<string, string>, id: number) =>
      // an empty JSON body: Taro's H5 request labels every call application/json, and the API refuses an empty JSON body
      request<{ deleted: number }>(`/api/v1/alerts/subscriptions/${encodeURIComponent(String(id))}`, { method: 'DELETE', body: {}, headers: who }),
    notifications: (who: Record<string, string>) => request<AlertNotificationsResponse>('/api/v1/alerts/notifications', { headers: who }),
  },

  createReport: (body: ReportCreateBody) => request<ReportCreated>('/api/v1/reports', { method: 'POST', body }),

  reportStatus: (reference: string) => request<ReportStatus>(`/api/v1/reports/${encodeURIComponent(reference)}`),

  stats: (query: StatsQuery) => request<StatsResponse>('/api/v1/stats', { query }),

  supplyAlerts: (query: SupplyAlertsQuery) => request<SupplyAlertsResponse>('/api/v1/supply/alerts', { query }),

  /** The signed-in institution (药店自查): every call carries the token the bureau issued. */
  me: {
    profile: (token: string) => request<MeResponse>('/api/v1/me', { token }),
    compliance: (token: string) => request<ComplianceResponse>('/api/v1/me/compliance', { token }),
    listing: (token: string) => request<MyListing>('/api/v1/me/listing', { token }),
    updateOffer: (token: string, code: string, body: MyOfferPatch) =>
      request<MyOfferUpdated>(`/api/v1/me/offers/${encodeURIComponent(code)}`, { method: 'PATCH', body, token }),
    adjustToCap: (token: string, body: AdjustToCapBody) =>
      request<AdjustToCapResult>('/api/v1/me/offers/adjust-to-cap', { method: 'POST', body, token }),
    shortages: (token: string) => request<MyShortages>('/api/v1/me/shortages', { token }),
    uploadPrices: (token: string, csv: string) =>
      request<UploadResult>('/api/v1/me/offers/upload', { method: 'POST', body: csv, contentType: 'text/csv; charset=utf-8', token, timeoutMs: 60_000 }),
    reportShortage: (token: string, body: ShortageCreateBody) =>
      request<ShortageCreated>('/api/v1/me/shortages', { method: 'POST', body, token }),
  },
};

export { ApiError } from './errors';
