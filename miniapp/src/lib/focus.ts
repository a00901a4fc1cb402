/** The item the citizen came for first, the rest in their order. */
export function focusFirst<T extends { product: { code: string } }>(items: readonly T[], code: string | undefined): T[] {
  if (!code) return [...items];
  return [...items.filter((i) => i.product.code === code), ...items.filter((i) => i.product.code !== code)];
}
