/** A ranked answer: 通用名 groups, best first. */
export type Ranked = { genericName: string; score: number }[];

/**
 * Recent Meilisearch answers by region + normalised query, least recently used first (Map order): real
 * query traffic is heavily skewed to a few names. An answer older than `ttlMs` is not served (the database
 * version cannot see the index, see SearchServiceOptions.cacheTtlMs); `size` 0 keeps nothing.
 */
export class AnswerCache {
  private readonly answers = new Map<string, { ranked: Ranked; at: number }>();

  constructor(
    private readonly size: number,
    private readonly ttlMs: number,
  ) {}

  static key(region: string | undefined, normalized: string): string {
    return `${region ?? ''}\u0001${normalized}`;
  }

  get enabled(): boolean {
    return this.size > 0;
  }

  get count(): number {
    return this.answers.size;
  }

  get(key: string): Ranked | undefined {
    const hit = this.answers.get(key);
    if (!hit) return undefined;
    this.answers.delete(key);
    if (Date.now() - hit.at >= this.ttlMs) return undefined;
    this.answers.set(key, hit);
    return hit.ranked;
  }

  set(key: string, ranked: Ranked): void {
    if (!this.enabled) return;
    this.answers.set(key, { ranked, at: Date.now() });
    if (this.answers.size > this.size) this.answers.delete(this.answers.keys().next().value!);
  }

  clear(): void {
    this.answers.clear();
  }
}
