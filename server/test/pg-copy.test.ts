import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyText } from '../src/db/client.js';
import { onPostgres, type TempDb, tempDb } from './helper.js';

/**
 * Db.copyIn (PostgreSQL's COPY … FROM STDIN, used by the prices publish to fill its staging table) and
 * copyText, which writes a value in COPY's text format.
 */
describe('copyText', () => {
  it('writes null as \\N and escapes backslash, tab, newline and carriage return', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText(undefined)).toBe('\\N');
    expect(copyText(1250)).toBe('1250');
    expect(copyText('in_stock')).toBe('in_stock');
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('\\N')).toBe('\\\\N');
  });
});

describe.runIf(onPostgres)('copyIn on PostgreSQL', () => {
  let t: TempDb;
  beforeAll(async () => {
    t = await tempDb();
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('copies every line, in pieces, inside a transaction; awkward text and nulls come back as they were', async () => {
    const texts = ['plain', 'tab\there', 'line\nbreak', 'back\\slash', '\\N', '更新时间 2026-12-04', null];
    const rows = await t.db.transaction(async (tx) => {
      await tx.run(`CREATE TEMP TABLE copy_probe (seq bigserial PRIMARY KEY, n INTEGER NOT NULL, t TEXT) ON COMMIT DROP`);
      // two pieces, the second starting mid-way through the list
      const lines = texts.map((v, i) => `${i}\t${copyText(v)}\n`);
      const copied = await tx.copyIn!(`COPY copy_probe (n, t) FROM STDIN`, [lines.slice(0, 3).join(''), lines.slice(3).join('')]);
      expect(copied).toBe(texts.length);
      return tx.all<{ n: number; t: string | null }>(`SELECT n, t FROM copy_probe ORDER BY seq`);
    });
    expect(rows).toEqual(texts.map((v, i) => ({ n: i, t: v })));
  });

  it('a bad line fails the COPY and rolls the transaction back', async () => {
    await t.db.run(`CREATE TABLE copy_target (n INTEGER NOT NULL)`);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.copyIn!(`COPY copy_target (n) FROM STDIN`, ['1\n', 'not a number\n']);
      }),
    ).rejects.toThrow(/invalid input syntax/);
    expect(await t.db.get(`SELECT COUNT(*) AS n FROM copy_target`)).toEqual({ n: 0 });
    // the pool still works afterwards (the connection came back clean)
    expect(await t.db.get(`SELECT 1 AS one`)).toEqual({ one: 1 });
  });

  it('an error thrown while the lines are produced (a code no longer live) ends the COPY and rolls back', async () => {
    await t.db.run(`CREATE TABLE copy_target2 (n INTEGER NOT NULL)`);
    const lines = function* () {
      yield '1\n2\n';
      throw new Error('institution or product no longer live');
    };
    await expect(t.db.transaction(async (tx) => void (await tx.copyIn!(`COPY copy_target2 (n) FROM STDIN`, lines())))).rejects.toThrow(/no longer live/);
    expect(await t.db.get(`SELECT COUNT(*) AS n FROM copy_target2`)).toEqual({ n: 0 });
    // every connection of the pool still answers
    expect(await Promise.all(Array.from({ length: 12 }, () => t.db.get(`SELECT 1 AS one`)))).toEqual(Array.from({ length: 12 }, () => ({ one: 1 })));
    await t.db.transaction(async (tx) => void (await tx.copyIn!(`COPY copy_target2 (n) FROM STDIN`, ['7\n'])));
    expect(await t.db.get(`SELECT COUNT(*) AS n FROM copy_target2`)).toEqual({ n: 1 });
  });
});

describe.runIf(onPostgres)('copyOut on PostgreSQL', () => {
  let t: TempDb;
  beforeAll(async () => {
    t = await tempDb();
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('hands over every row, in pieces, with nulls and escaped text as they were stored', async () => {
    const texts = ['plain', 'tab\there', 'line\nbreak', 'back\\slash', '\\N', '更新时间 2026-12-04', null];
    await t.db.run(`CREATE TABLE copy_source (n INTEGER NOT NULL, t TEXT)`);
    for (const [i, v] of texts.entries()) await t.db.run(`INSERT INTO copy_source (n, t) VALUES (?, ?)`, [i, v]);
    // many rows too, so the output arrives in more than one piece
    await t.db.run(`INSERT INTO copy_source (n, t) SELECT g, repeat('药', 20) FROM generate_series(100, 20099) g`);
    const got: Array<Array<string | null>> = [];
    let pieces = 0;
    await t.db.transaction(async (tx) => {
      await tx.copyOut!(`COPY (SELECT n, t FROM copy_source ORDER BY n) TO STDOUT`, (rows) => {
        pieces++;
        got.push(...rows);
      });
    });
    expect(got.slice(0, texts.length)).toEqual(texts.map((v, i) => [String(i), v]));
    expect(got.length).toBe(texts.length + 20_000);
    expect(got.at(-1)).toEqual(['20099', '药'.repeat(20)]);
    expect(pieces).toBeGreaterThan(1);
  });
});
