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

/**
 * "¥12.50" from the API's yuan string; "—" for null. Named apart from @yaojia/shared's formatYuan, which takes
 * integer fen: here the amount is already yuan text.
 */
export function yuanText(yuan: string | null | undefined): string {
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

/** "每片 ¥0.12" from a yuan string (shared's formatUnitPrice takes fen and a 转换比). */
export function unitPriceText(yuan: string, unit: string): string {
  return `每${unit || '单位'} ¥${yuan}`;
}

/** Percent with sign, e.g. +12% / -5% / 0%. */
export function formatRatio(ratio: number): string {
  const pct = Math.round(ratio * 100);
  return pct > 0 ? `+${pct}%` : `${pct}%`;
}

/** "28片/盒": the pack a price is for (转换比 smallest units in one 最小包装单位). */
export function packText(p: { conversionRatio: number; unit: string; packUnit: string }): string {
  return `${p.conversionRatio}${p.unit || '单位'}/${p.packUnit || '盒'}`;
}

/** "浙江京新药业股份有限公司" → "京新药业": the maker as people say it, for a compact row. */
export function shortMaker(maker: string): string {
  const s = maker
    .replace(/（[^）]*）|\([^)]*\)/g, '')
    .replace(/(股份)?有限(责任)?公司.*$/, '')
    .replace(/^(北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|广西|内蒙古|西藏|宁夏|新疆|深圳|广州|杭州|成都|石家庄|沈阳|苏州|南京|济南|珠海|常州)(省|市)?/, '')
    .replace(/集团/, '');
  return s.length >= 2 ? s : maker;
}
