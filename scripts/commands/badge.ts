import type { Command } from 'commander';
import { grantBadge, revokeBadge } from '@yaojia/server/bureau/institutions';
import { badgeReview } from '@yaojia/server/repositories/compliance';
import { action, actor, withDb } from '../lib/admin-context.js';

/** `pnpm admin badge grant|revoke --institution <机构医保编码> --reason "…"` */
export function register(program: Command): void {
  const group = program.command('badge').description('集采便民药店 / 集采便民民营医院 badges: grant or revoke (citizens see the change at once)');
  for (const verb of ['grant', 'revoke'] as const) {
    group
      .command(verb)
      .description(verb === 'grant' ? 'grant the badge that fits the institution type' : 'remove the institution’s badges (kept on record with removed_at and the reason)')
      .requiredOption('--institution <机构医保编码>', '机构医保编码')
      .requiredOption('--reason <text>', 'why (recorded on the badge and in the audit log)')
      .option('--region <slug>', 'region, when the code is listed in more than one')
      .option('--actor <name>', 'who does it (default: $USER)')
      .action(
        action(async (o: { institution: string; reason: string; region?: string; actor?: string }) => {
          await withDb(async (db) => {
            const args = { code: o.institution, region: o.region, reason: o.reason, actor: actor(o.actor) };
            const changes = verb === 'grant' ? [await grantBadge(db, args)] : await revokeBadge(db, args);
            for (const c of changes) {
              const what = verb === 'grant' ? (c.changed ? 'granted' : 'already holds') : c.changed ? 'revoked' : 'holds no badge:';
              console.log(`${what.padEnd(12)} ${c.label} — ${c.name} (${o.institution}, institution ${c.institutionId})`);
            }
          });
        }),
      );
  }
  group
    .command('review')
    .description('badged institutions that no longer qualify (varieties, price caps, online = offline, 特药, list); --apply revokes them')
    .option('--region <slug>', 'one region only')
    .option('--apply', 'revoke the badges listed (after the interview: 经约谈整改不到位的摘除标识牌)')
    .option('--actor <name>', 'who does it (default: $USER)')
    .action(
      action(async (o: { region?: string; apply?: boolean; actor?: string }) => {
        await withDb(async (db) => {
          const rows = await badgeReview(db, { region: o.region });
          if (rows.length === 0) {
            console.log('every badged institution still qualifies');
            return;
          }
          for (const r of rows) {
            console.log(`${r.region.padEnd(9)} ${r.code.padEnd(14)} ${r.name}\n${' '.repeat(10)}${r.failures.join('；')}`);
            if (o.apply) {
              await revokeBadge(db, { code: r.code, region: r.region, reason: `不再符合条件：${r.failures.join('；')}`, actor: actor(o.actor) });
            }
          }
          console.log(`${rows.length} badged institution(s) no longer qualify${o.apply ? ': badges revoked' : ' (run with --apply to revoke)'}`);
        });
      }),
    );
}
