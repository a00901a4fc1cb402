import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { ensureRegions } from '../src/repositories/regions.js';
import { keptManyUntilDataChanges, keptUntilDataChanges } from '../src/repositories/kept.js';
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

  it('shares a load between calls that ask for the same keys at once (32 requests for one page: one query)', async () => {
    const kept = keptManyUntilDataChanges<number, string>(100);
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // a load that awaits the network, as every query does on PostgreSQL
    const load = async (keys: number[]) => {
      calls.push(keys);
      await gate;
      return new Map(keys.map((k) => [k, `v${k}`]));
    };
    const together = Promise.all([kept(db, [1, 2], load), kept(db, [2, 1], load), kept(db, [2, 3], load)]);
    await new Promise((r) => setTimeout(r, 10));
    release();
    const [a, b, c] = await together;
    expect(calls).toEqual([[1, 2], [3]]);
    expect(a).toEqual(new Map([[1, 'v1'], [2, 'v2']]));
    expect(b).toEqual(new Map([[1, 'v1'], [2, 'v2']]));
    expect(c).toEqual(new Map([[2, 'v2'], [3, 'v3']]));
  });

  it('a failed shared load fails every call that waited for it, and the next call loads again', async () => {
    const kept = keptUntilDataChanges<string>(100);
    let n = 0;
    const failing = async () => {
      n++;
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('database went away');
    };
    const both = await Promise.allSettled([kept(db, 'k', failing), kept(db, 'k', failing)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(n).toBe(1);
    expect(await kept(db, 'k', async () => 'back')).toBe('back');
    expect(await kept(db, 'k', async () => 'not asked')).toBe('back');
  });
});
