import type { Db } from '../db/client.js';

/** The 药品统一编码 of the products a region lists now. */
export async function listedProductCodes(db: Db, regionId: number): Promise<Set<string>> {
  return new Set(await db.column<string>('SELECT code FROM products WHERE region_id = ? AND removed_at IS NULL', [regionId]));
}

/** how many products the database holds (any region, any version): 0 means a fresh database */
export async function countProducts(db: Db): Promise<number> {
  return (await db.get<{ n: number }>('SELECT count(*) AS n FROM products'))!.n;
}
