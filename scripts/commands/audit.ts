import type { Command } from 'commander';
import { listAudit } from '@yaojia/server/bureau/audit';
import { action, withDb } from '../lib/admin-context.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`expected a positive whole number, got "${v}"`);
  return n;
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
            if (o.json) console.log(JSON.stringify(r));
            else console.log(`${String(r.id).padStart(5)}  ${r.at}  ${r.actor.padEnd(14)} ${r.action.padEnd(26)} ${(r.target ?? '').padEnd(24)} ${r.detail ? JSON.stringify(r.detail) : ''}`);
          }
        });
      }),
    );
}
