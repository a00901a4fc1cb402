import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FILE_KINDS, type FileKind } from '@yaojia/shared';
import type { Db } from '../db/client.js';
import { type PublishReport, publishFile, sha256File } from '../ingest/index.js';
import { exportOpenData, type OpenDataOptions } from '../open-data/export.js';
import type { IngestIssue } from '../ingest/types.js';
import { ensureRegions, regionBySlug } from '../repositories/regions.js';
import { appendAudit } from './audit.js';
import { acquireDbLock, acquireLock } from '../lib/lock.js';

/**
 * The nightly cycle over a bureau inbox folder: find the files, skip those already published (by
 * sha256), publish the rest through the ingest's validated atomic path in the order
 * catalog → institutions → prices (prices refer to the other two), reindex search once, and write a
 * run report (JSON) into <dir>/reports/.
 *
 * Kind and region come from <dir>/manifest.json when it lists the file, else from the file name:
 * <region>.<kind>.<anything>.<xlsx|csv>, e.g. shanxi.catalog.2026-11-01.xlsx.
 */

export const MANIFEST = 'manifest.json';
const DATA_FILE = /\.(xlsx|csv)$/i;
// listed prices name products like the catalog does but do not depend on it
const ORDER: Record<FileKind, number> = { catalog: 0, institutions: 1, prices: 2, listed: 3, aliases: 4 };
const KIND_WORDS: Record<string, FileKind> = {
  catalog: 'catalog', 目录: 'catalog', 药品目录: 'catalog',
  institutions: 'institutions', 机构: 'institutions', 三进单位: 'institutions',
  prices: 'prices', 价格: 'prices',
  listed: 'listed', 挂网: 'listed', 挂网价格: 'listed', 挂网药品价格: 'listed',
  aliases: 'aliases', 别名: 'aliases', 药品别名: 'aliases', 商品名: 'aliases',
};

export interface ManifestEntry {
  file: string;
  kind: FileKind;
  region: string;
}

export interface InboxFile {
  name: string;
  path: string;
  kind: FileKind | null;
  region: string | null;
  /** where kind/region came from */
  from: 'manifest' | 'file name' | null;
  problem: string | null;
}

export type FileOutcome =
  | { file: string; kind: FileKind; region: string; status: 'published'; versionId: number; rows: number; added: number; removed: number; changed: number; warnings: number; ms: number }
  | { file: string; kind: FileKind; region: string; status: 'skipped'; reason: string; versionId: number; ms: number }
  | { file: string; kind: FileKind | null; region: string | null; status: 'rejected'; reason: string; errors: Array<Pick<IngestIssue, 'row' | 'column' | 'columnLetter' | 'message'> & { value?: string }>; ms: number };

export interface RunReport {
  dir: string;
  startedAt: string;
  finishedAt: string;
  ms: number;
  publisher: string;
  files: FileOutcome[];
  published: number;
  skipped: number;
  rejected: number;
  reindex: { ran: boolean; ok: boolean; line: string; ms: number } | null;
  /** the JSON report written, relative to dir */
  reportFile: string | null;
  /** a stale lock taken over at the start */
  staleLock: { pid: number; host: string; startedAt: string } | null;
  /** the open datasets written for the regions that published (one line each) */
  openData?: string[];
}

export interface RunOptions {
  dir: string;
  publisher: string;
  /** lock file (default: <dir>/.ingest.lock); the CLI puts it beside the database */
  lockFile?: string;
  /** rebuild search once if anything was published; returns a one-line outcome */
  reindex?: () => Promise<{ ok: boolean; line: string }>;
  now?: () => Date;
  /** cap on errors kept per rejected file in the JSON report */
  maxErrorsPerFile?: number;
  /** write the open datasets of every region that published (OPEN_DATA_DIR, OPEN_DATA_KEEP) */
  openData?: OpenDataOptions;
}

function readManifest(dir: string): { entries: Map<string, ManifestEntry>; problem: string | null } {
  const path = join(dir, MANIFEST);
  const entries = new Map<string, ManifestEntry>();
  if (!existsSync(path)) return { entries, problem: null };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { region?: string; files?: Array<Partial<ManifestEntry>> };
    for (const f of raw.files ?? []) {
      if (!f.file) continue;
      entries.set(f.file, { file: f.file, kind: f.kind as FileKind, region: (f.region ?? raw.region) as string });
    }
    return { entries, problem: null };
  } catch (e) {
    return { entries, problem: `${MANIFEST} is not valid JSON (${(e as Error).message})` };
  }
}

/** The data files in the inbox with kind and region resolved (or the reason they could not be). */
export async function scanInbox(db: Db, dir: string): Promise<InboxFile[]> {
  const { entries, problem: manifestProblem } = readManifest(dir);
  const names = readdirSync(dir)
    .filter((n) => DATA_FILE.test(n) && !n.startsWith('.') && !n.startsWith('~$') && statSync(join(dir, n)).isFile())
    .sort();
  const out: InboxFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const m = entries.get(name);
    let kind: FileKind | null = null;
    let region: string | null = null;
    let from: InboxFile['from'] = null;
    if (m) {
      kind = m.kind;
      region = m.region;
      from = 'manifest';
    } else {
      const parts = name.replace(DATA_FILE, '').split('.');
      if (parts.length >= 2) {
        region = parts[0]!.toLowerCase();
        kind = KIND_WORDS[parts[1]!.toLowerCase()] ?? null;
        from = 'file name';
      }
    }
    let problem: string | null = null;
    if (!kind || !FILE_KINDS.includes(kind)) {
      problem = `cannot tell what kind of file this is — name it <region>.<catalog|institutions|prices|listed>.<date>.${name.split('.').pop()} or list it in ${MANIFEST}${manifestProblem ? ` (${manifestProblem})` : ''}`;
      kind = null;
    } else if (!region || !(await regionBySlug(db, region))) {
      problem = `unknown region "${region ?? ''}" (from the ${from}) — expected one of ${(await db.column<string>('SELECT slug FROM regions ORDER BY id')).join(', ')}`;
    }
    out.push({ name, path, kind, region, from, problem });
  }
  return out;
}

/** A file's sha256 already published for this region and kind (any version, even superseded), or null. */
async function publishedAs(db: Db, region: string, kind: FileKind, sha256: string): Promise<{ id: number; publishedAt: string; status: string } | null> {
  return (
    (await db.get<{ id: number; publishedAt: string; status: string }>(
      `SELECT v.id, v.published_at AS "publishedAt", v.status FROM catalog_versions v JOIN regions r ON r.id = v.region_id
       WHERE r.slug = ? AND v.kind = ? AND v.sha256 = ? ORDER BY v.id DESC LIMIT 1`,
      [region, kind, sha256],
    )) ?? null
  );
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

/**
 * One nightly cycle. Throws LockedError when another run holds the lock; never throws for a bad file.
 * The lock is the lock file, and on PostgreSQL also an advisory lock in the database (see lock.ts).
 */
export async function runNightly(db: Db, opts: RunOptions): Promise<RunReport> {
  const dir = resolve(opts.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`inbox ${dir} is not a directory`);
  const lock = acquireLock(opts.lockFile ?? join(dir, '.ingest.lock'));
  try {
    const dbLock = await acquireDbLock(db);
    try {
      return await cycle(db, opts, dir, lock.tookOverStale);
    } finally {
      await dbLock.release();
    }
  } finally {
    lock.release();
  }
}

async function cycle(db: Db, opts: RunOptions, dir: string, staleLock: RunReport['staleLock']): Promise<RunReport> {
  const now = opts.now ?? (() => new Date());
  await ensureRegions(db);
  const started = now();
  const t0 = performance.now();
  const report: RunReport = {
    dir, startedAt: started.toISOString(), finishedAt: '', ms: 0, publisher: opts.publisher, files: [], published: 0, skipped: 0, rejected: 0,
    reindex: null, reportFile: null, staleLock,
  };
  const maxErrors = opts.maxErrorsPerFile ?? 200;
  const files = (await scanInbox(db, dir)).sort((a, b) => (a.kind ? ORDER[a.kind] : -1) - (b.kind ? ORDER[b.kind] : -1) || a.name.localeCompare(b.name));
  for (const f of files) {
    const ft = performance.now();
    const ms = () => Math.round(performance.now() - ft);
    if (f.problem || !f.kind || !f.region) {
      report.files.push({ file: f.name, kind: f.kind, region: f.region, status: 'rejected', reason: f.problem ?? 'unknown kind or region', errors: [], ms: ms() });
      continue;
    }
    const sha = await sha256File(f.path);
    const prior = await publishedAs(db, f.region, f.kind, sha);
    if (prior) {
      report.files.push({
        file: f.name, kind: f.kind, region: f.region, status: 'skipped', versionId: prior.id, ms: ms(),
        reason: `already published as version ${prior.id} (${prior.status}, ${prior.publishedAt}); sha256 ${sha.slice(0, 12)}…`,
      });
      continue;
    }
    let r: PublishReport;
    try {
      r = await publishFile(db, { file: f.path, kind: f.kind, region: f.region, publisher: opts.publisher, now: now() });
    } catch (e) {
      report.files.push({ file: f.name, kind: f.kind, region: f.region, status: 'rejected', reason: (e as Error).message, errors: [], ms: ms() });
      continue;
    }
    if (r.status === 'published') {
      report.files.push({
        file: f.name, kind: f.kind, region: f.region, status: 'published', versionId: r.versionId!, rows: r.rows,
        added: r.diff?.added ?? 0, removed: r.diff?.removed ?? 0, changed: r.diff?.changed ?? 0, warnings: r.warnings.length, ms: ms(),
      });
    } else if (r.status === 'no_op') {
      report.files.push({ file: f.name, kind: f.kind, region: f.region, status: 'skipped', versionId: r.versionId!, reason: r.message, ms: ms() });
    } else {
      report.files.push({
        file: f.name, kind: f.kind, region: f.region, status: 'rejected', reason: r.message, ms: ms(),
        errors: r.errors.slice(0, maxErrors).map((e) => ({ row: e.row, column: e.column, columnLetter: e.columnLetter, message: e.message, ...(e.value !== undefined ? { value: e.value } : {}) })),
      });
    }
  }
  report.published = report.files.filter((f) => f.status === 'published').length;
  report.skipped = report.files.filter((f) => f.status === 'skipped').length;
  report.rejected = report.files.filter((f) => f.status === 'rejected').length;

  if (opts.openData) {
    report.openData = [];
    const regions = new Set(report.files.filter((f) => f.status === 'published' && f.kind !== 'listed').map((f) => f.region as string));
    for (const region of [...regions].sort()) {
      try {
        report.openData.push((await exportOpenData(db, region, { ...opts.openData, now: now() })).message);
      } catch (e) {
        report.openData.push(`${region}: open datasets FAILED: ${(e as Error).message}`);
      }
    }
  }
  if (report.published > 0 && opts.reindex) {
    const rt = performance.now();
    try {
      const r = await opts.reindex();
      report.reindex = { ran: true, ok: r.ok, line: r.line, ms: Math.round(performance.now() - rt) };
    } catch (e) {
      report.reindex = { ran: true, ok: false, line: `search reindex FAILED: ${(e as Error).message}`, ms: Math.round(performance.now() - rt) };
    }
  } else {
    report.reindex = { ran: false, ok: true, line: report.published ? 'search reindex not requested' : 'search not reindexed: nothing new was published', ms: 0 };
  }
  report.finishedAt = now().toISOString();
  report.ms = Math.round(performance.now() - t0);

  const reportsDir = join(dir, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  report.reportFile = join('reports', `ingest-${stamp(started)}.json`);
  writeFileSync(join(dir, report.reportFile), `${JSON.stringify(report, null, 2)}\n`);
  await appendAudit(db, opts.publisher, 'ingest.run', dir, {
    published: report.published, skipped: report.skipped, rejected: report.rejected, report: report.reportFile,
    files: report.files.map((f) => `${f.status} ${f.file}`),
  });
  return report;
}

/** The printed summary of a run. */
export function formatRun(r: RunReport): string {
  const lines = [`── NIGHTLY INGEST · ${r.dir} · ${r.startedAt} ${'─'.repeat(6)}`];
  if (r.staleLock) lines.push(`lock       took over a stale lock (pid ${r.staleLock.pid} on ${r.staleLock.host} since ${r.staleLock.startedAt})`);
  if (!r.files.length) lines.push('no bureau files in the inbox');
  for (const f of r.files) {
    const where = `${(f.region ?? '?').padEnd(9)} ${(f.kind ?? '?').padEnd(13)}`;
    const t = `${(f.ms / 1000).toFixed(2)} s`;
    if (f.status === 'published') {
      lines.push(`PUBLISHED  ${where} ${f.file}  v${f.versionId}: ${f.rows} rows, +${f.added} -${f.removed} ~${f.changed}${f.warnings ? `, ${f.warnings} warning(s)` : ''}  (${t})`);
    } else if (f.status === 'skipped') {
      lines.push(`skipped    ${where} ${f.file}  ${f.reason}`);
    } else {
      lines.push(`REJECTED   ${where} ${f.file}  ${f.reason}`);
      for (const e of f.errors.slice(0, 10)) lines.push(`             ${e.message}`);
      if (f.errors.length > 10) lines.push(`             … ${f.errors.length - 10} more in the JSON report`);
    }
  }
  for (const line of r.openData ?? []) lines.push(line);
  if (r.reindex) lines.push(r.reindex.ran ? `${r.reindex.line}${r.reindex.ms ? ` (${(r.reindex.ms / 1000).toFixed(2)} s)` : ''}` : r.reindex.line);
  lines.push(`summary    ${r.published} published, ${r.skipped} skipped, ${r.rejected} rejected in ${(r.ms / 1000).toFixed(2)} s`);
  if (r.reportFile) lines.push(`report     ${join(r.dir, r.reportFile)}`);
  return lines.join('\n');
}
