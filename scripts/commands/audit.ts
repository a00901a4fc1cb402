import type { Command } from 'commander';
import { escapeControlChars as safe } from '@yaojia/shared';
import { listAudit } from '@yaojia/server/bureau/audit';
import { action, withDb } from '../lib/admin-context.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`expected a positive whole number, got "${v}"`);
  return n;
}

/**
 * JSON whose text a terminal prints rather than obeys: JSON.stringify escapes C0 controls but leaves DEL,
 * C1 controls (\u009b is a CSI) and bidi overrides raw; those become \u escapes, the same string once parsed.
 */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `pnpm admin audit [--limit N] [--action prefix] [--json]`: the append-only log of admin actions, newest first. */
export function register(program: Command): void {
  program
    .command('audit')
    .description('print the audit log of admin actions, newest first')
    .option('--limit <n>', 'how many entries', positiveInt, 50)
    .option('--action <prefix>', 'only actions starting with this, e.g. badge or ingest')
    .option('--json', 'one JSON object per line')
    .action(
      action(async (o: { limit: number; action?: string; json?: boolean }) => {
        await withDb(async (db) => {
          const rows = await listAudit(db, { limit: o.limit, action: o.action });
          if (!rows.length) console.log('the audit log is empty');
          for (const r of rows) {
            if (o.json) console.log(jsonLine(r));
            else console.log(`${String(r.id).padStart(5)}  ${r.at}  ${safe(r.actor).padEnd(14)} ${safe(r.action).padEnd(26)} ${safe(r.target ?? '').padEnd(24)} ${r.detail ? jsonLine(r.detail) : ''}`);
          }
        });
      }),
    );
}
