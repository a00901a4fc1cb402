import type { Db } from '../db/client.js';

/**
 * Values kept per database and key until Db.dataVersion() moves, at most `max` of them (emptied when
 * full). The version is read before the load and again after it: a value read while the database moved
 * is returned but not kept under the older version. No version (the PostgreSQL listener is down): nothing
 * is kept.
 */
export function keptUntilDataChanges<T>(max: number): (db: Db, key: string, load: () => Promise<T>) => Promise<T> {
  const caches = new WeakMap<Db, { version: string; values: Map<string, T> }>();
  return async (db, key, load) => {
    const version = await db.dataVersion();
    if (version === null) return load();
    let cache = caches.get(db);
    if (!cache || cache.version !== version) caches.set(db, (cache = { version, values: new Map() }));
    if (cache.values.has(key)) return cache.values.get(key)!;
    const value = await load();
    if ((await db.dataVersion()) !== version) return value;
    if (cache.values.size >= max) cache.values.clear();
    cache.values.set(key, value);
    return value;
  };
}

/**
 * keptUntilDataChanges for callers that read many keys at once: the keys not kept are loaded by one call
 * of `loadMissing` (one query, not one per key), under the same rules.
 */
export function keptManyUntilDataChanges<K, T>(max: number): (db: Db, keys: readonly K[], loadMissing: (keys: K[]) => Promise<Map<K, T>>) => Promise<Map<K, T>> {
  const caches = new WeakMap<Db, { version: string; values: Map<K, T> }>();
  return async (db, keys, loadMissing) => {
    const version = await db.dataVersion();
    if (version === null) return loadMissing([...keys]);
    let cache = caches.get(db);
    if (!cache || cache.version !== version) caches.set(db, (cache = { version, values: new Map() }));
    const out = new Map<K, T>();
    const missing: K[] = [];
    for (const k of keys) {
      if (cache.values.has(k)) out.set(k, cache.values.get(k)!);
      else missing.push(k);
    }
    if (missing.length === 0) return out;
    const loaded = await loadMissing(missing);
    const keep = (await db.dataVersion()) === version;
    for (const [k, v] of loaded) {
      out.set(k, v);
      if (!keep) continue;
      if (cache.values.size >= max) cache.values.clear();
      cache.values.set(k, v);
    }
    return out;
  };
}
