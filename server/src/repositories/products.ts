import type { Db } from '../db/client.js';

/** The 药品统一编码 of the products a region lists now. */
export async function listedProductCodes(db: Db, regionId: number): Promise<Set<string>> {
  return new Set(await db.column<string>('SELECT code FROM products WHERE region_id = ? AND removed_at IS NULL', [regionId]));
}

/** how many products the database holds (any region, any version): 0 means a fresh database */
export async function countProducts(db: Db): Promise<number> {
  return (await db.get<{ n: number }>('SELECT count(*) AS n FROM products'))!.n;
}

/** The 通用名 a region lists now, with how many products each has (and the code when there is one). */
export async function listedGenerics(db: Db, regionId: number): Promise<Array<{ genericName: string; products: number; code: string | null }>> {
  const rows = await db.all<{ genericName: string; products: number | string; code: string }>(
    `SELECT generic_name AS "genericName", COUNT(*) AS products, MIN(code) AS code FROM products
     WHERE region_id = ? AND removed_at IS NULL GROUP BY generic_name ORDER BY generic_name`,
    [regionId],
  );
  return rows.map((r) => ({ genericName: r.genericName, products: Number(r.products), code: Number(r.products) === 1 ? r.code : null }));
}
