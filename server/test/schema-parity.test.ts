import { getTableName, is } from 'drizzle-orm';
import { PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client.js';
import * as sqliteSchema from '../src/db/schema/index.js';
import * as pgSchema from '../src/db/schema-pg/index.js';
import { databaseUrlOf } from './postgres.js';

/**
 * The two schemas (db/schema for SQLite, db/schema-pg for PostgreSQL) must describe the same database,
 * since the repositories run the same SQL on both: a column, index or constraint added to one and not
 * the other fails here. On each project the freshly migrated database is also checked against the
 * schema, so a schema change without its migration (`pnpm db:generate` / `pnpm db:generate:pg`) fails too.
 */

/** the column types each SQLite type may become on PostgreSQL (see db/schema-pg/index.ts) */
const TYPE_TWINS: Record<string, string[]> = {
  SQLiteInteger: ['PgInteger', 'PgSerial', 'PgBigInt53'],
  SQLiteBoolean: ['PgInteger'], // 0/1, compared with = 1
  SQLiteReal: ['PgDoublePrecision'],
  SQLiteText: ['PgText'],
  SQLiteTextJson: ['PgText'], // JSON text
  SQLiteBlob: ['PgCustomColumn'],
  SQLiteBlobBuffer: ['PgCustomColumn'],
};

interface ColumnShape {
  notNull: boolean;
  primary: boolean;
  hasDefault: boolean;
  unique: string | null;
}

interface TableShape {
  columns: Record<string, ColumnShape>;
  columnTypes: Record<string, string>;
  indexes: Record<string, { unique: boolean; columns: string[]; where: boolean }>;
  foreignKeys: string[];
  /** every name the migrated database should have an index under (indexes + unique constraints) */
  indexNames: string[];
}

type AnyConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

function shape(config: AnyConfig): TableShape {
  const columns: Record<string, ColumnShape> = {};
  const columnTypes: Record<string, string> = {};
  for (const c of config.columns) {
    columns[c.name] = { notNull: c.notNull, primary: c.primary, hasDefault: c.hasDefault, unique: c.isUnique ? (c.uniqueName ?? null) : null };
    columnTypes[c.name] = c.columnType;
  }
  const indexes: TableShape['indexes'] = {};
  for (const i of config.indexes) {
    indexes[String(i.config.name)] = {
      unique: Boolean(i.config.unique),
      columns: (i.config.columns as { name?: string }[]).map((c) => c.name ?? '<sql>'),
      where: Boolean(i.config.where),
    };
  }
  const foreignKeys = config.foreignKeys
    .map((fk) => {
      const r = fk.reference();
      return `(${r.columns.map((c) => c.name).join(',')}) → ${getTableName(r.foreignTable)}(${r.foreignColumns.map((c) => c.name).join(',')})`;
    })
    .sort();
  // composite primary keys, table-level unique constraints and checks: none today; fail loudly if one appears
  // on only one side
  const extra = {
    primaryKeys: config.primaryKeys.map((p) => String(p.getName())).sort(),
    uniqueConstraints: config.uniqueConstraints.map((u) => String(u.getName())).sort(),
    checks: config.checks.map((c) => c.name).sort(),
  };
  const uniques = Object.values(columns).flatMap((c) => (c.unique ? [c.unique] : []));
  return {
    columns,
    columnTypes,
    indexes,
    foreignKeys: [...foreignKeys, ...extra.primaryKeys.map((p) => `pk ${p}`), ...extra.uniqueConstraints.map((u) => `unique ${u}`), ...extra.checks.map((c) => `check ${c}`)],
    indexNames: [...Object.keys(indexes), ...uniques, ...extra.uniqueConstraints].sort(),
  };
}

/** foreign keys SQLite has and PostgreSQL deliberately has not (issue 17 §3, schema-pg/offers.ts) */
const PG_WITHOUT_FOREIGN_KEYS: Record<string, string[]> = {
  offers: ['(institution_id) → institutions(id)', '(product_id) → products(id)', '(version_id) → catalog_versions(id)'],
  price_history: ['(institution_id) → institutions(id)', '(product_id) → products(id)'],
};

const sqliteTables = new Map(
  (Object.values(sqliteSchema) as unknown[])
    .filter((v): v is SQLiteTable => is(v, SQLiteTable))
    .map((t) => [getTableName(t), shape(sqliteConfig(t))]),
);
const pgTables = new Map(
  (Object.values(pgSchema) as unknown[])
    .filter((v): v is PgTable => is(v, PgTable))
    .map((t) => [getTableName(t), shape(pgConfig(t))]),
);
const tableNames = [...sqliteTables.keys()].sort();

describe('schema parity (db/schema vs db/schema-pg)', () => {
  it('has the same tables', () => {
    expect(tableNames.length).toBeGreaterThan(10);
    expect([...pgTables.keys()].sort()).toEqual(tableNames);
  });

  it.each(tableNames)('%s: same columns, nullability, defaults, keys and indexes', (name) => {
    const s = sqliteTables.get(name)!;
    const p = pgTables.get(name);
    expect(p, `table ${name} missing from db/schema-pg`).toBeDefined();
    expect(p!.columns).toEqual(s.columns);
    expect(p!.indexes).toEqual(s.indexes);
    // the one intended difference: PostgreSQL's offers and price_history have no per-row foreign keys (the
    // prices publish checks its rows once, set-based; schema-pg/offers.ts says why), SQLite's keep theirs
    const pgOnlyWithout = PG_WITHOUT_FOREIGN_KEYS[name] ?? [];
    for (const fk of pgOnlyWithout) expect(s.foreignKeys, `${name}: ${fk} in db/schema`).toContain(fk);
    expect(p!.foreignKeys).toEqual(s.foreignKeys.filter((fk) => !pgOnlyWithout.includes(fk)));
    for (const [col, type] of Object.entries(s.columnTypes)) {
      expect(TYPE_TWINS[type] ?? [], `${name}.${col}: ${type} → ${p!.columnTypes[col]}`).toContain(p!.columnTypes[col]);
    }
  });
});

/** tables → column → NOT NULL, and index names, as the migrated database has them */
interface DbShape {
  columns: Record<string, Record<string, boolean>>;
  indexes: Record<string, string[]>;
}

async function sqliteShape(): Promise<DbShape> {
  const db = await openDb(':memory:');
  try {
    const tables = await db.column<string>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'`,
    );
    const out: DbShape = { columns: {}, indexes: {} };
    for (const t of tables) {
      const cols = await db.all<{ name: string; notnull: number; pk: number }>(`SELECT name, "notnull", pk FROM pragma_table_info(?)`, [t]);
      // SQLite does not mark an INTEGER PRIMARY KEY as NOT NULL in table_info, but it can never be null
      out.columns[t] = Object.fromEntries(cols.map((c) => [c.name, c.notnull === 1 || c.pk > 0]));
      out.indexes[t] = (await db.column<string>(`SELECT name FROM pragma_index_list(?) WHERE origin <> 'pk'`, [t]))
        .filter((i) => !i.startsWith('sqlite_autoindex_'))
        .sort();
    }
    return out;
  } finally {
    await db.close();
  }
}

async function pgShape(adminUrl: string): Promise<DbShape> {
  // the template database the `pg` project's global setup migrated with openDb (tempDb() clones it)
  const c = new pg.Client({ connectionString: databaseUrlOf(adminUrl, 'yaojia_template') });
  await c.connect();
  try {
    const cols = await c.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const idx = await c.query<{ tablename: string; indexname: string }>(
      `SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey'`,
    );
    const out: DbShape = { columns: {}, indexes: {} };
    for (const r of cols.rows) (out.columns[r.table_name] ??= {})[r.column_name] = r.is_nullable === 'NO';
    for (const t of Object.keys(out.columns)) out.indexes[t] = [];
    for (const r of idx.rows) out.indexes[r.tablename]?.push(r.indexname);
    for (const t of Object.keys(out.indexes)) out.indexes[t]!.sort();
    return out;
  } finally {
    await c.end();
  }
}

describe('the migrations build the schema', () => {
  const pgUrl = process.env.TEST_PG_URL;
  const dialect = pgUrl ? 'pg' : 'sqlite';
  it(`${dialect}: a freshly migrated database has exactly the schema's tables, columns and indexes`, async () => {
    const actual = pgUrl ? await pgShape(pgUrl) : await sqliteShape();
    const tables = pgUrl ? pgTables : sqliteTables;
    const expected: DbShape = { columns: {}, indexes: {} };
    for (const [name, t] of tables) {
      expected.columns[name] = Object.fromEntries(Object.entries(t.columns).map(([c, s]) => [c, s.notNull]));
      expected.indexes[name] = t.indexNames;
    }
    expect(actual).toEqual(expected);
  });
});
