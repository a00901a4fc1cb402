/**
 * Chinese names in pinyin order (as a dictionary or a pharmacy shelf list), not code-point order.
 * Intl.Collator's zh collation is pinyin in every browser and in WeChat's JS engines; where Intl is missing
 * the order falls back to localeCompare.
 */
const collator: { compare(a: string, b: string): number } = (() => {
  try {
    return new Intl.Collator('zh-Hans-CN-u-co-pinyin');
  } catch {
    return { compare: (a: string, b: string) => a.localeCompare(b, 'zh') };
  }
})();

export function byPinyin<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => collator.compare(key(a), key(b)));
}

/** Offers whose product name, 规格 or maker contains the words typed (spaces separate words). */
export function filterOffers<T extends { product: { name: string; spec: string; maker: string } }>(items: readonly T[], text: string): T[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((o) => words.every((w) => `${o.product.name} ${o.product.spec} ${o.product.maker}`.includes(w)));
}
