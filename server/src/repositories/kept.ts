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
