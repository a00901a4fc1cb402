/** Recent searches, kept on the device only. Newest first, no duplicates, at most `max`. */
export function pushRecent(list: readonly string[], term: string, max = 8): string[] {
  const t = term.trim();
  if (!t) return [...list];
  return [t, ...list.filter((x) => x !== t)].slice(0, max);
}
