import { buildQuery } from '../api/url';

/** Every route in one place (the list itself lives in app.config.ts). */
export const routes = {
  home: () => '/pages/index/index',
  results: (q: string) => `/pages/results/index${buildQuery({ q })}`,
  offers: (p: { code?: string; generic?: string; title?: string }) => `/pages/offers/index${buildQuery(p)}`,
  institution: (id: number, code?: string) => `/pages/institution/index${buildQuery({ id, code })}`,
  about: () => '/subpackages/info/pages/about/index',
  report: (p: { institutionId: number; institutionName?: string; productCode?: string; productName?: string; price?: string }) =>
    `/subpackages/feedback/pages/report/index${buildQuery(p)}`,
  myReports: () => '/subpackages/feedback/pages/mine/index',
  history: (p: { institutionId: number; code: string; name?: string; institution?: string }) => `/subpackages/price/pages/history/index${buildQuery(p)}`,
  map: (p: { code?: string; generic?: string; title?: string }) => `/subpackages/nearby/pages/map/index${buildQuery(p)}`,
  stats: () => '/subpackages/stats/pages/overview/index',
  myMeds: () => '/subpackages/mymeds/pages/list/index',
  /** 我的提醒: delivered 降价/到货提醒 and the subscriptions */
  myAlerts: () => '/subpackages/alerts/pages/inbox/index',
  /** 扫码查药: `code` already scanned (weapp's scanCode) is looked up at once; `camera` opens the H5 camera */
  scan: (p: { code?: string; camera?: boolean } = {}) => `/subpackages/scan/pages/code/index${buildQuery({ code: p.code, camera: p.camera ? 1 : undefined })}`,
  pharmacySignIn: (p: { expired?: boolean } = {}) => `/subpackages/pharmacy/pages/signin/index${buildQuery({ expired: p.expired ? 1 : undefined })}`,
  pharmacyChecklist: () => '/subpackages/pharmacy/pages/checklist/index',
  pharmacyListing: () => '/subpackages/pharmacy/pages/listing/index',
  pharmacyEdit: (code: string) => `/subpackages/pharmacy/pages/edit/index${buildQuery({ code })}`,
  pharmacyUpload: () => '/subpackages/pharmacy/pages/upload/index',
  pharmacyShortage: (p: { code?: string; name?: string } = {}) => `/subpackages/pharmacy/pages/shortage/index${buildQuery(p)}`,
};

/** Router params arrive URL-encoded on some platforms and decoded on others. */
export function param(params: Record<string, string | undefined>, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === '') return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
