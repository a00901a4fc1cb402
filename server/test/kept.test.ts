import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { ensureRegions } from '../src/repositories/regions.js';
import { keptManyUntilDataChanges } from '../src/repositories/kept.js';
import { tempDb } from './helper.js';

let db: Db;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ db, cleanup } = await tempDb());
  await ensureRegions(db);
});
afterEach(() => cleanup());

describe('values kept until the data changes, many keys at once', () => {
  it('loads only the keys it does not hold, in one call, and loads them all again once a watched table changes', async () => {
    const kept = keptManyUntilDataChanges<number, string>(100);
    const calls: number[][] = [];
    const names = () => db.column<string>(`SELECT name FROM regions ORDER BY id`);
    const load = async (keys: number[]) => {
      calls.push(keys);
      const list = await names();
      return new Map(keys.map((k) => [k, list[k] ?? '?']));
    };
    const first = await kept(db, [0, 1], load);
    expect([...first.values()]).toEqual((await names()).slice(0, 2));
    expect(await kept(db, [1, 0, 2], load)).toEqual(new Map([[1, first.get(1)], [0, first.get(0)], [2, (await names())[2]]]));
    expect(calls).toEqual([[0, 1], [2]]);
    // a write to a watched table (regions): what was kept is stale, so it is read again
    await db.run(`UPDATE regions SET name = name || '（改）' WHERE id = (SELECT min(id) FROM regions)`);
    const after = await kept(db, [0, 1], load);
    expect(calls).toEqual([[0, 1], [2], [0, 1]]);
    expect(after.get(0)).toMatch(/（改）$/);
  });
});
