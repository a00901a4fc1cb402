import type BetterSqlite3 from 'better-sqlite3';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { TransactionMisuse } from '../errors.js';
import { type DataVersionListener, touchesWatched } from './pg-notify.js';

/**
 * One way to run SQL on either database. Repositories write plain SQL with `?` placeholders that both
 * dialects accept (camelCase aliases quoted: `AS "productId"`, `RETURNING id` instead of lastInsertRowid,
 * `ON CONFLICT` instead of `INSERT OR …`); the few places that differ ask `db.dialect` or use the helpers
 * at the bottom (`inIds`). The schema and migrations stay drizzle's, one set per dialect (db/schema,
 * db/schema-pg, drizzle/ and drizzle-pg/).
 *
 * better-sqlite3 is synchronous: its promises are already settled, so a transaction that awaits only
 * this interface runs within one macrotask and nothing else in the process can interleave. Awaiting
 * anything else (a file, the network) inside `transaction()` is a bug: on SQLite another request's
 * query would land in the open transaction, and the executor refuses it (`TransactionMisuse`).
 */
export type Param = string | number | bigint | boolean | null | Buffer | readonly number[];

export type Dialect = 'sqlite' | 'pg';

export interface RunResult {
  changes: number;
}

export interface Db {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(text: string, params?: readonly Param[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, params?: readonly Param[]): Promise<T | undefined>;
  run(text: string, params?: readonly Param[]): Promise<RunResult>;
  /** The first column of every row (better-sqlite3's `pluck`). */
  column<T = unknown>(text: string, params?: readonly Param[]): Promise<T[]>;
  /**
   * PostgreSQL only (undefined on SQLite): `COPY … FROM STDIN` (text format) fed with `data`, pieces of
   * tab-separated lines (copyText() escapes a value). Inside a transaction it runs on the transaction's
   * connection. Returns the rows copied.
   */
  copyIn?(text: string, data: Iterable<string>): Promise<number>;
  /**
   * PostgreSQL only: `COPY (SELECT …) TO STDOUT` (text format; no parameters, so only numbers may be
   * inlined into `text`), each piece of rows handed to `each` as it arrives: fields as strings, null for
   * \N. A large read without node-postgres' row objects all held at once.
   */
  copyOut?(text: string, each: (rows: Array<Array<string | null>>) => void): Promise<void>;
  /** Runs `fn` in one transaction (a savepoint when already inside one); rolls back if it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * A token that changes whenever any connection committed a change, for in-process caches
   * (repositories/offers.ts, search/service.ts). Read it before the queries whose results it labels.
   * Both count only changes to the tables those caches read (pg-notify.ts WATCHED_TABLES): a citizen's
   * report or a rate-limit counter leaves it alone. SQLite: `PRAGMA user_version`, bumped in the same
   * transaction as the write (SqliteDb.noteWrite). PostgreSQL: `pg:<epoch>:<counter>` from a LISTEN
   * connection (pg-notify.ts). null: this database cannot say
   * right now (the PostgreSQL listener is down), so do not cache.
   */
  dataVersion(): Promise<string | null>;
  close(): Promise<void>;
  /** The better-sqlite3 handle, for SQLite-only fast paths (bulk ingest, checkpoints). null on PostgreSQL. */
  readonly sqlite: BetterSqlite3.Database | null;
}

// ---------------------------------------------------------------------------------------------- SQLite

function sqliteParams(params: readonly Param[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : Array.isArray(p) ? JSON.stringify(p) : p));
}

interface SqliteState {
  depth: number;
  cache: Map<string, BetterSqlite3.Statement>;
  /** the open transaction wrote to a watched table: bump the version before it commits */
  wrote: boolean;
}

class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  constructor(
    readonly sqlite: BetterSqlite3.Database,
    private readonly state: SqliteState,
    /** transaction depth this handle belongs to (0: the root handle) */
    private readonly level: number,
  ) {}

  private stmt(text: string): BetterSqlite3.Statement {
    if (this.state.depth !== this.level) {
      throw new TransactionMisuse(
        this.level === 0
          ? 'a query ran outside an open SQLite transaction (something awaited non-database work inside transaction())'
          : 'a transaction handle was used after its transaction ended',
      );
    }
    let s = this.state.cache.get(text);
    if (!s) {
      s = this.sqlite.prepare(text);
      this.state.cache.set(text, s);
    }
    return s;
  }

  async all<T>(text: string, params: readonly Param[] = []): Promise<T[]> {
    const s = this.stmt(text);
    const rows = s.all(...sqliteParams(params)) as T[];
    if (!s.readonly) this.noteWrite(text, rows.length); // INSERT … RETURNING
    return rows;
  }
  async get<T>(text: string, params: readonly Param[] = []): Promise<T | undefined> {
    const s = this.stmt(text);
    const row = s.get(...sqliteParams(params)) as T | undefined;
    if (!s.readonly) this.noteWrite(text, 1);
    return row;
  }
  async run(text: string, params: readonly Param[] = []): Promise<RunResult> {
    const s = this.stmt(text);
    let changes: number;
    if (!s.reader) changes = s.run(...sqliteParams(params)).changes;
    else {
      s.all(...sqliteParams(params)); // e.g. INSERT … RETURNING run for its effect
      changes = (this.stmt('SELECT changes() AS c').get() as { c: number }).c;
    }
    if (!s.readonly) this.noteWrite(text, changes);
    return { changes };
  }

  /**
   * dataVersion() on SQLite is `PRAGMA user_version`, which every connection (API processes, the bureau
   * CLI) reads from the file header: bumped when a write to a watched table commits — inside its
   * transaction, so the new data and the new version commit together; an autocommit write bumps right
   * after its own commit (another process may then read the new data under the old version for a moment,
   * which only means it refills once more; it never holds old data under the new version). Any other
   * write (reports, rate-limit counters, audit) leaves the caches alone: PRAGMA data_version would move on every
   * citizen's report and empty every process's nearby sets and search keys.
   */
  private noteWrite(text: string, changes: number): void {
    if (changes <= 0 || !touchesWatched(text)) return;
    if (this.level > 0) this.state.wrote = true;
    else this.sqlite.transaction(() => this.bumpVersion()).immediate(); // read + write under the write lock
  }
  private bumpVersion(): void {
    const v = this.sqlite.pragma('user_version', { simple: true }) as number;
    this.sqlite.pragma(`user_version = ${(v + 1) % 2 ** 31}`);
    fileVersions.delete(this.sqlite.name);
  }
  async column<T>(text: string, params: readonly Param[] = []): Promise<T[]> {
    const s = this.stmt(text);
    s.raw(true); // the cached statement is shared: switch back before anyone else uses it
    try {
      return s.all(...sqliteParams(params)).map((r) => (r as unknown[])[0]) as T[];
    } finally {
      s.raw(false);
    }
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.stmt('SELECT 1'); // same misuse check as a query
    const level = this.level + 1;
    const savepoint = `sp${level}`;
    this.sqlite.exec(this.level === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    if (this.level === 0) this.state.wrote = false;
    this.state.depth = level;
    const tx = new SqliteDb(this.sqlite, this.state, level);
    try {
      const out = await fn(tx);
      this.state.depth = this.level;
      if (this.level === 0 && this.state.wrote) this.bumpVersion(); // BEGIN IMMEDIATE holds the write lock: read + write is atomic
      this.sqlite.exec(this.level === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return out;
    } catch (e) {
      this.state.depth = this.level;
      if (this.sqlite.inTransaction) this.sqlite.exec(this.level === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw e;
    }
  }

  private versionStmt?: BetterSqlite3.Statement;
  async dataVersion(): Promise<string> {
    const memo = this.sqlite.memory ? undefined : fileVersions.get(this.sqlite.name);
    if (memo !== undefined && memo.turn === loopTurn) return memo.value;
    this.versionStmt ??= this.sqlite.prepare('PRAGMA user_version').pluck();
    const value = `sqlite:${this.versionStmt.get()}`;
    if (!this.sqlite.memory) {
      fileVersions.set(this.sqlite.name, { value, turn: loopTurn });
      nextTurnSoon();
    }
    return value;
  }

  async close(): Promise<void> {
    if (this.sqlite.open) this.sqlite.close();
  }
}

/*
 * dataVersion() on SQLite is read at most once per turn of the event loop (per database file): an API
 * request asks several caches (answer cache, nearby sets, brands, aliases, ETags) and each asked
 * `PRAGMA user_version` (a read transaction, ≈ 5 µs), ten times a search. Reusing the value for the rest
 * of the turn is safe in the one direction that matters: data read during the turn is at least as new as
 * the version it is cached under (a commit by another process during the turn is only seen on the next
 * turn, so what is read meanwhile is refilled once more; old data is never kept under a new version).
 * A write through any connection of this process to the file drops the value at once (bumpVersion, which
 * runs just before COMMIT with nothing in between), so this process reads its own writes. Keyed by file
 * (every connection of this process to it); an in-memory database (tests) reads the pragma every time.
 */
const fileVersions = new Map<string, { value: string; turn: number }>();
let loopTurn = 0;
let turnPending = false;
function nextTurnSoon(): void {
  if (turnPending) return;
  turnPending = true;
  setImmediate(() => {
    loopTurn++;
    turnPending = false;
  }).unref();
}

export function sqliteDb(sqlite: BetterSqlite3.Database): Db {
  return new SqliteDb(sqlite, { depth: 0, cache: new Map(), wrote: false }, 0);
}

// ------------------------------------------------------------------------------------------ PostgreSQL

const pgTextCache = new Map<string, string>();

/** `?` → `$1, $2, …`, leaving quoted strings, quoted identifiers and comments alone. */
export function toPgPlaceholders(text: string): string {
  const hit = pgTextCache.get(text);
  if (hit !== undefined) return hit;
  let out = '';
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end === -1 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  if (pgTextCache.size < 5000) pgTextCache.set(text, out);
  return out;
}

function pgParams(params: readonly Param[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

type Queryable = Pool | PoolClient;

/** What a statement's completion tells dataVersion(): did it (maybe) change a watched table? */
const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE', 'COPY']);

interface PgTx {
  /** a statement of this transaction wrote to a watched table: bump the version once it commits */
  wrote: boolean;
}

class PgDb implements Db {
  readonly dialect = 'pg' as const;
  readonly sqlite = null;
  private ended = false;
  constructor(
    private readonly pool: Pool,
    private readonly client: Queryable,
    private readonly level: number,
    /** null: no listener, dataVersion() is null (nothing may be cached) */
    private readonly listener: DataVersionListener | null,
    /** the open transaction (level > 0) */
    private readonly tx: PgTx | null,
  ) {}

  private async q(text: string, params: readonly Param[], rowMode?: 'array') {
    if (this.ended) throw new TransactionMisuse('a transaction handle was used after its transaction ended');
    const res = await this.client.query({ text: toPgPlaceholders(text), values: pgParams(params), ...(rowMode ? { rowMode } : {}) });
    // read-your-writes for this process's caches: a write to a watched table moves dataVersion() as
    // soon as it is committed (autocommit: now; in a transaction: at COMMIT), not only when its
    // notification comes back (pg-notify.ts)
    if (this.listener && WRITE_COMMANDS.has(res.command) && (res.rowCount ?? 1) > 0 && touchesWatched(text)) {
      if (this.tx) this.tx.wrote = true;
      else this.listener.bump();
    }
    return res;
  }

  async all<T>(text: string, params: readonly Param[] = []): Promise<T[]> {
    return (await this.q(text, params)).rows as T[];
  }
  async get<T>(text: string, params: readonly Param[] = []): Promise<T | undefined> {
    return (await this.q(text, params)).rows[0] as T | undefined;
  }
  async run(text: string, params: readonly Param[] = []): Promise<RunResult> {
    return { changes: (await this.q(text, params)).rowCount ?? 0 };
  }
  async column<T>(text: string, params: readonly Param[] = []): Promise<T[]> {
    return (await this.q(text, params, 'array')).rows.map((r: unknown[]) => r[0]) as T[];
  }

  async copyIn(text: string, data: Iterable<string>): Promise<number> {
    if (this.ended) throw new TransactionMisuse('a transaction handle was used after its transaction ended');
    // a pool (outside a transaction) lends one connection for the whole COPY
    const client = this.level > 0 ? (this.client as PoolClient) : await this.pool.connect();
    try {
      const stream = client.query(copyFrom(text));
      await pipeline(Readable.from(data, { objectMode: false }), stream);
      if (this.listener && stream.rowCount > 0 && touchesWatched(text)) {
        if (this.tx) this.tx.wrote = true;
        else this.listener.bump();
      }
      return stream.rowCount;
    } finally {
      if (this.level === 0) (client as PoolClient).release();
    }
  }

  async copyOut(text: string, each: (rows: Array<Array<string | null>>) => void): Promise<void> {
    if (this.ended) throw new TransactionMisuse('a transaction handle was used after its transaction ended');
    const client = this.level > 0 ? (this.client as PoolClient) : await this.pool.connect();
    try {
      const stream = client.query(copyTo(text));
      stream.setEncoding('utf8'); // a character split across two pieces is joined
      let rest = '';
      for await (const piece of stream as AsyncIterable<string>) {
        const data = rest + piece;
        const end = data.lastIndexOf('\n');
        if (end === -1) {
          rest = data;
          continue;
        }
        rest = data.slice(end + 1);
        const rows: Array<Array<string | null>> = [];
        for (const line of data.slice(0, end).split('\n')) rows.push(line.split('\t').map(fromCopyText));
        each(rows);
      }
    } finally {
      if (this.level === 0) (client as PoolClient).release();
    }
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.level > 0) {
      const sp = `sp${this.level + 1}`;
      await this.client.query(`SAVEPOINT ${sp}`);
      const tx = new PgDb(this.pool, this.client, this.level + 1, this.listener, this.tx);
      try {
        const out = await fn(tx);
        await this.client.query(`RELEASE SAVEPOINT ${sp}`);
        return out;
      } catch (e) {
        await this.client.query(`ROLLBACK TO SAVEPOINT ${sp}`);
        throw e;
      } finally {
        tx.ended = true;
      }
    }
    const client = await this.pool.connect();
    const state: PgTx = { wrote: false };
    const tx = new PgDb(this.pool, client, 1, this.listener, state);
    try {
      await client.query('BEGIN');
      const out = await fn(tx);
      await client.query('COMMIT');
      if (state.wrote) this.listener?.bump();
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      tx.ended = true;
      client.release();
    }
  }

  /** `pg:<epoch>:<counter>` while the listener is connected, null while it is down (pg-notify.ts). */
  async dataVersion(): Promise<string | null> {
    return this.listener ? this.listener.version() : null;
  }

  async close(): Promise<void> {
    if (this.level === 0 && !this.ended) {
      this.ended = true;
      await this.listener?.close();
      await this.pool.end();
    }
  }
}

/** A Db over a pool; with a listener (pg-notify.ts) its dataVersion() lets in-process caches work. */
export function pgDb(pool: Pool, listener: DataVersionListener | null = null): Db {
  return new PgDb(pool, pool, 0, listener, null);
}

// --------------------------------------------------------------------------------------------- helpers

const COPY_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '\\': '\\' };
/** A field of COPY's text output: \N is null; backslash escapes undone (PostgreSQL writes only those above). */
export function fromCopyText(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\') ? field.replace(/\\(.)/g, (_, c: string) => COPY_ESCAPES[c] ?? c) : field;
}

/** A value as COPY's text format writes it: \N for null, backslash, tab, newline and carriage return escaped. */
export function copyText(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

/**
 * `column IN (the ids)` with one parameter whatever the list's length: SQLite reads a JSON array with
 * json_each, PostgreSQL an int[] with ANY. Use with `idsParam(db, ids)` at the same position.
 */
export function inIds(db: Db, column: string): string {
  return db.dialect === 'pg' ? `${column} = ANY(?::int[])` : `${column} IN (SELECT value FROM json_each(?))`;
}

export function idsParam(_db: Db, ids: readonly number[]): Param {
  return ids;
}
