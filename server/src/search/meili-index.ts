import { Meilisearch } from 'meilisearch';
import { keepAliveClient } from './http-client.js';
import { INDEX_SETTINGS, type MeiliPart, type ProductDoc } from './query-plan.js';

/*
 * The products index in Meilisearch and its one-document meta index, as I/O only: atomic rebuild, which
 * data version it holds, multi-search, health probe. When to call them is the service's (service.ts).
 */

/** The one document of the meta index: which data version (ProductKeys.contentVersion) the products index holds. */
interface IndexMeta {
  id: 1;
  version: string;
  builtAt: string;
}

const WRITE_WAIT = { timeout: 120_000, interval: 20 };

type Task = { waitTask(o?: { timeout?: number; interval?: number }): Promise<{ status: string; error?: { message?: string } | null; uid: number }> };

function errorCode(e: unknown): string | undefined {
  return (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
}

export class MeiliIndex {
  readonly indexUid: string;
  /** one document: the data version the products index holds, written after each swap */
  readonly metaUid: string;
  private readonly client: Meilisearch | null;
  private readonly http: ReturnType<typeof keepAliveClient> | null;
  private readonly url: string;
  private readonly headers: Record<string, string>;

  constructor(opts: { meiliUrl: string | null; meiliKey: string | null; indexPrefix?: string }) {
    this.indexUid = `${opts.indexPrefix ?? 'yaojia_'}products`;
    this.metaUid = `${this.indexUid}_meta`;
    this.url = (opts.meiliUrl ?? '').replace(/\/+$/, '');
    this.headers = { 'content-type': 'application/json', ...(opts.meiliKey ? { authorization: `Bearer ${opts.meiliKey}` } : {}) };
    if (opts.meiliUrl && opts.meiliKey !== null) {
      this.http = keepAliveClient();
      this.client = new Meilisearch({ host: opts.meiliUrl, apiKey: opts.meiliKey ?? undefined, httpClient: this.http.request, timeout: 5000 });
    } else {
      this.http = null;
      this.client = null;
    }
  }

  /** Whether Meilisearch is configured at all (MEILI_URL). */
  get configured(): boolean {
    return this.client !== null;
  }

  /** Builds a fresh index from `docs` and swaps it in atomically; a failure leaves the old one serving. */
  async rebuild(docs: ProductDoc[]): Promise<void> {
    const client = this.requireClient();
    const tmp = `${this.indexUid}_build_${Date.now().toString(36)}`;
    try {
      await this.task(client.createIndex(tmp, { primaryKey: 'id' }));
      await this.task(client.index(tmp).updateSettings(INDEX_SETTINGS));
      for (let i = 0; i < docs.length; i += 5000) await this.task(client.index(tmp).addDocuments(docs.slice(i, i + 5000)));
      if (!(await this.exists(this.indexUid))) await this.task(client.createIndex(this.indexUid, { primaryKey: 'id' }));
      await this.task(client.swapIndexes([{ indexes: [this.indexUid, tmp], rename: false }]));
    } finally {
      await this.task(client.deleteIndex(tmp)).catch(() => {});
    }
  }

  /** How many documents the products index holds, or null when it does not exist. */
  async documentCount(): Promise<number | null> {
    if (!(await this.exists(this.indexUid))) return null;
    return (await this.requireClient().index(this.indexUid).getStats()).numberOfDocuments;
  }

  /** The data version the products index holds (its meta document), or null when none was written. */
  async readVersion(): Promise<string | null> {
    try {
      const doc = await this.requireClient().index<IndexMeta>(this.metaUid).getDocument(1);
      return doc.version ?? null;
    } catch (e) {
      const code = errorCode(e);
      if (code !== 'index_not_found' && code !== 'document_not_found') throw e;
      return null;
    }
  }

  async writeVersion(version: string): Promise<void> {
    const client = this.requireClient();
    if (!(await this.exists(this.metaUid))) await this.task(client.createIndex(this.metaUid, { primaryKey: 'id' }));
    const doc: IndexMeta = { id: 1, version, builtAt: new Date().toISOString() };
    await this.task(client.index<IndexMeta>(this.metaUid).addDocuments([doc]));
  }

  /**
   * Sends the parts as one plain (non-federated) multi-search and merges the hits as federation would
   * (each hit's `_rankingScore × weight`, an id keeps its best) into `out`.
   */
  async multiSearch(parts: MeiliPart[], out: Map<number, number>): Promise<void> {
    const res = (await this.http!.request(`${this.url}/multi-search`, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify({ queries: parts.map((p) => p.query) }),
    })) as { results: { hits: { id: number; _rankingScore?: number }[] }[] };
    res.results.forEach((r, i) => {
      const w = parts[i]!.weight;
      for (const h of r.hits) {
        const s = (h._rankingScore ?? 0) * w;
        const prev = out.get(h.id);
        if (prev === undefined || prev < s) out.set(h.id, s);
      }
    });
  }

  /** Whether Meilisearch answers its health check. */
  async available(): Promise<boolean> {
    try {
      const h = await this.requireClient().health();
      return h.status === 'available';
    } catch {
      return false;
    }
  }

  /** Drops the products and meta indexes (tests). */
  async drop(): Promise<void> {
    if (!this.client) return;
    await this.task(this.client.deleteIndex(this.indexUid)).catch(() => {});
    await this.task(this.client.deleteIndex(this.metaUid)).catch(() => {});
  }

  close(): void {
    this.http?.destroy();
  }

  private requireClient(): Meilisearch {
    if (!this.client) throw new Error('Meilisearch is not configured (MEILI_URL)');
    return this.client;
  }

  private async task(p: Task) {
    const t = await p.waitTask(WRITE_WAIT);
    if (t.status !== 'succeeded') throw new Error(`Meilisearch task ${t.uid} ${t.status}: ${t.error?.message ?? ''}`);
    return t;
  }

  private async exists(uid: string): Promise<boolean> {
    try {
      await this.requireClient().getRawIndex(uid);
      return true;
    } catch (e) {
      if (errorCode(e) === 'index_not_found') return false;
      throw e;
    }
  }
}
