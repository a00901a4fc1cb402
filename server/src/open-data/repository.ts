import { OPEN_DATA_DICTIONARY, OPEN_DATA_LICENCE, type OpenDataset, type OpenDatasetsQuery } from '@yaojia/shared';
import type { Db } from '../db/client.js';

/** What every listing carries besides the files: the licence and the data dictionary. */
export const OPEN_DATA_RESPONSE_EXTRAS = { licence: { ...OPEN_DATA_LICENCE }, dictionary: OPEN_DATA_DICTIONARY as unknown as Record<string, Array<{ name: string; type: string; description: string; nullable?: boolean }>> };

const url = (region: string, version: number, kind: string, format: string) => `/api/v1/open/datasets/${region}/${version}/${kind}.${format}.gz`;

/** The open datasets, newest version first per region; only each region's latest version unless `all`. */
export async function listOpenDatasets(db: Db, q: OpenDatasetsQuery): Promise<OpenDataset[]> {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (q.region) {
    where.push('r.slug = ?');
    params.push(q.region);
  }
  if (q.kind) {
    where.push('d.kind = ?');
    params.push(q.kind);
  }
  if (!q.all) where.push('d.version = (SELECT MAX(version) FROM open_datasets x WHERE x.region_id = d.region_id)');
  const rows = await db.all<{ region: string; kind: OpenDataset['kind']; format: OpenDataset['format']; version: number; publishedAt: string; rows: number; bytes: number; sha256: string }>(
    `SELECT r.slug AS region, d.kind, d.format, d.version, d.published_at AS "publishedAt", d.row_count AS rows, d.bytes, d.sha256
     FROM open_datasets d JOIN regions r ON r.id = d.region_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY r.slug, d.version DESC, d.kind, d.format`,
    params,
  );
  return rows.map((r) => ({ ...r, version: Number(r.version), rows: Number(r.rows), bytes: Number(r.bytes), url: url(r.region, Number(r.version), r.kind, r.format) }));
}

export interface DatasetFileRow {
  region: string;
  version: number;
  path: string;
  bytes: number;
  sha256: string;
}

/** One recorded file, by the parts of its URL (`prices.csv.gz`); null if unknown or pruned. */
export async function datasetFile(db: Db, region: string, version: number, file: string): Promise<DatasetFileRow | null> {
  const m = /^(catalog|institutions|prices)\.(csv|jsonl)\.gz$/.exec(file);
  if (!m) return null;
  const row = await db.get<DatasetFileRow>(
    `SELECT r.slug AS region, d.version, d.path, d.bytes, d.sha256 FROM open_datasets d JOIN regions r ON r.id = d.region_id
     WHERE r.slug = ? AND d.version = ? AND d.kind = ? AND d.format = ?`,
    [region, version, m[1]!, m[2]!],
  );
  return row ? { ...row, version: Number(row.version), bytes: Number(row.bytes) } : null;
}
