import type {
  DrugSearchResponse,
  HealthResponse,
  InstitutionDetail,
  OffersQuery,
  OffersResponse,
  PriceHistoryResponse,
  RegionsResponse,
  ReportCreateBody,
  ReportCreated,
  SuggestResponse,
} from '@yaojia/shared';
import { request } from './request';

/** Typed calls, one per endpoint (issue 3 §6). Types come from @yaojia/shared only. */
export const api = {
  health: () => request<HealthResponse>('/health'),

  searchDrugs: (q: string, region: string | null, limit = 20) =>
    request<DrugSearchResponse>('/api/v1/drugs/search', { query: { q, region, limit } }),

  suggest: (q: string, region: string | null) =>
    request<SuggestResponse>('/api/v1/drugs/suggest', { query: { q, region } }),

  offers: (query: OffersQuery) => request<OffersResponse>('/api/v1/offers', { query }),

  institution: (id: number) => request<InstitutionDetail>(`/api/v1/institutions/${encodeURIComponent(String(id))}`),

  priceHistory: (institutionId: number, code: string) =>
    request<PriceHistoryResponse>(`/api/v1/institutions/${encodeURIComponent(String(institutionId))}/history`, { query: { code } }),

  regions: () => request<RegionsResponse>('/api/v1/regions'),

  createReport: (body: ReportCreateBody) => request<ReportCreated>('/api/v1/reports', { method: 'POST', body }),
};

export { ApiError } from './errors';
