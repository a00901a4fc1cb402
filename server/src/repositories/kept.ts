import type { Db } from '../db/client.js';

/**
 * Values by key, at most `max` of them (emptied when full), loaded many keys at a time. Keys it holds
 * answer at once; keys another call is loading are awaited, not loaded again; the rest are loaded by
 * one call. The second rule is what matters on PostgreSQL, where a load awaits the network: 32 requests
 * for the same page arrive together, and each of them sent the same query (under the bench's nearby load
 * 0.36 page reads a request, where one per distinct page was enough).
 *
 * It holds what it was given: the caller keeps one KeptMap per data version (keptUntilDataChanges below,
 * the nearby cache in offers.ts), so a value is never served under a version older than the read that
 * produced it.
 */
export class KeptMap<K, V> {
  private readonly values = new Map<K, V>();
  /** keys being loaded: the load's answer for that key (undefined: it has none) */
  private readonly loading = new Map<K, Promise<V | undefined>>();

  constructor(private readonly max: number) {}

  /** The values of `keys` it has or can load (a key `loadMissing` gave nothing for is left out). */
  async getMany(keys: readonly K[], loadMissing: (keys: K[]) => Promise<Map<K, V>>): Promise<Map<K, V>> {
    const out = new Map<K, V>();
    const missing = new Set<K>();
    let waits: Array<Promise<void>> | null = null;
    for (const k of keys) {
      if (this.values.has(k)) out.set(k, this.values.get(k)!);
      else {
        const pending = this.loading.get(k);
        if (pending) (waits ??= []).push(pending.then((v) => void (v !== undefined && out.set(k, v))));
        else missing.add(k);
      }
    }
    if (missing.size) {
      const batch = loadMissing([...missing]).then((loaded) => {
        for (const k of missing) this.loading.delete(k);
        for (const [k, v] of loaded) this.set(k, v);
        return loaded;
      }, (err: unknown) => {
        for (const k of missing) this.loading.delete(k);
        throw err;
      });
      for (const k of missing) {
        // a joiner sees the load's error too; the caller below gets it from `batch`
        const forKey = batch.then((m) => m.get(k));
        forKey.catch(() => {});
        this.loading.set(k, forKey);
      }
      for (const [k, v] of await batch) out.set(k, v);
    }
    if (waits) await Promise.all(waits);
    return out;
  }

  /** The value of one key, loaded by `load` unless held or being loaded. */
  async get(key: K, load: () => Promise<V>): Promise<V> {
    if (this.values.has(key)) return this.values.get(key)!;
    const got = await this.getMany([key], async () => new Map([[key, await load()]]));
    return got.get(key)!;
  }

  private set(k: K, v: V): void {
    if (!this.values.has(k) && this.values.size >= this.max) this.values.clear();
    this.values.set(k, v);
  }
}

/** One KeptMap per database, replaced whenever Db.dataVersion() moves; null: the database cannot tell. */
function perVersion<K, V>(max: number): (db: Db) => Promise<KeptMap<K, V> | null> {
  const caches = new WeakMap<Db, { version: string; map: KeptMap<K, V> }>();
  return async (db) => {
    // read before any load it covers: a change landing meanwhile makes the map look older than it is
    // (replaced at the next call), never newer
    const version = await db.dataVersion();
    if (version === null) return null;
    let cache = caches.get(db);
    if (!cache || cache.version !== version) caches.set(db, (cache = { version, map: new KeptMap(max) }));
    return cache.map;
  };
}

/**
 * Values kept per database and key until Db.dataVersion() moves, at most `max` of them (emptied when
 * full); concurrent calls for one key share one load. No version (the PostgreSQL listener is down):
 * nothing is kept, every call loads.
 */
export function keptUntilDataChanges<T>(max: number): (db: Db, key: string, load: () => Promise<T>) => Promise<T> {
  const current = perVersion<string, T>(max);
  return async (db, key, load) => {
    const map = await current(db);
    return map ? map.get(key, load) : load();
  };
}

/**
 * keptUntilDataChanges for callers that read many keys at once: the keys not kept (nor being loaded) are
 * loaded by one call of `loadMissing` (one query, not one per key).
 */
export function keptManyUntilDataChanges<K, T>(max: number): (db: Db, keys: readonly K[], loadMissing: (keys: K[]) => Promise<Map<K, T>>) => Promise<Map<K, T>> {
  const current = perVersion<K, T>(max);
  return async (db, keys, loadMissing) => {
    const map = await current(db);
    return map ? map.getMany(keys, loadMissing) : loadMissing([...keys]);
  };
}
