import type { Db } from '../db/client.js';
import { nowIso } from '../lib/time.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * Appends one admin action to audit_log. The log is append-only: nothing in the code updates or deletes it.
 * Inside a transaction pass its `tx`, so the entry commits (or rolls back) with the change it records.
 */
export async function appendAudit(db: Db, actor: string, action: string, target: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await db.run('INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)', [nowIso(), actor, action, target, JSON.stringify(detail)]);
}

/** The newest entries first; `action` is a prefix (`badge` → badge.grant, badge.revoke), ASCII case-insensitive on both databases. */
export async function listAudit(db: Db, opts: { limit?: number; action?: string } = {}): Promise<AuditEntry[]> {
  // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not
  const rows = await db.all<Omit<AuditEntry, 'detail'> & { detail: string | null }>(
    `SELECT id, at, actor, action, target, detail FROM audit_log
     WHERE (CAST(? AS TEXT) IS NULL OR lower(action) LIKE lower(?) || '%') ORDER BY id DESC LIMIT ?`,
    [opts.action ?? null, opts.action ?? null, opts.limit ?? 50],
  );
  return rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
}
