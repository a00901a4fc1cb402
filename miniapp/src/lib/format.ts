/** Display helpers. Pure: no Taro imports, so vitest runs them directly. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** "今天更新" / "昨天更新" / "3 天前更新" / "2 个月前更新" from an ISO timestamp. */
export function formatFreshness(updatedAt: string, now: Date = new Date()): string {
  const t = Date.parse(updatedAt);
  if (Number.isNaN(t)) return '更新时间未知';
  const diff = now.getTime() - t;
  if (diff < 60 * 60 * 1000) return '刚刚更新';
  const days = Math.floor(diff / DAY_MS);
  if (days <= 0) return '今天更新';
  if (days === 1) return '昨天更新';
  if (days < 30) return `${days} 天前更新`;
  if (days < 365) return `${Math.floor(days / 30)} 个月前更新`;
  return `${Math.floor(days / 365)} 年前更新`;
}

/** "350 米" under 1 km, "1.2 公里" above, "距离未知" when the server could not tell. */
export function formatDistance(km: number | null | undefined): string {
  if (km == null || !Number.isFinite(km)) return '距离未知';
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)} 米`;
  if (km < 10) return `${km.toFixed(1)} 公里`;
  return `${Math.round(km)} 公里`;
}

/** "¥12.50" from the API's yuan string; "—" for null. */
export function formatYuan(yuan: string | null | undefined): string {
  return yuan == null ? '—' : `¥${yuan}`;
}

/** "2026年11月23日" in the reader's terms (China time). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '暂无';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '暂无';
  const d = new Date(t + 8 * 60 * 60 * 1000); // Asia/Shanghai, no DST
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** "11/23" for chart axes. */
export function formatShortDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + 8 * 60 * 60 * 1000);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
}

/** "每片 ¥0.12" */
export function formatUnitPrice(yuan: string, unit: string): string {
  return `每${unit || '单位'} ¥${yuan}`;
}

/** Percent with sign, e.g. +12% / -5% / 0%. */
export function formatRatio(ratio: number): string {
  const pct = Math.round(ratio * 100);
  return pct > 0 ? `+${pct}%` : `${pct}%`;
}
