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

/** Appends one admin action to audit_log. The log is append-only: nothing in the code updates or deletes it. */
export function appendAudit(db: Db, actor: string, action: string, target: string | null, detail: Record<string, unknown> = {}): void {
  db.$client
    .prepare('INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)')
    .run(nowIso(), actor, action, target, JSON.stringify(detail));
}

/** The newest entries first. */
export function listAudit(db: Db, opts: { limit?: number; action?: string } = {}): AuditEntry[] {
  const rows = db.$client
    .prepare(
      `SELECT id, at, actor, action, target, detail FROM audit_log
       WHERE (? IS NULL OR action LIKE ? || '%') ORDER BY id DESC LIMIT ?`,
    )
    .all(opts.action ?? null, opts.action ?? null, opts.limit ?? 50) as Array<Omit<AuditEntry, 'detail'> & { detail: string | null }>;
  return rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
}
