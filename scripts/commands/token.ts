import type { Command } from 'commander';
import {
  DEFAULT_TOKEN_DAYS,
  institutionIdByCode,
  issueToken,
  listTokens,
  revokeToken,
} from '@yaojia/server/repositories/tokens';
import { action, actor, withDb } from '../lib/admin-context.js';

function wholeNumber(what: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`expected ${what} as a whole number > 0, got "${v}"`);
    return n;
  };
}

/**
 * `pnpm admin token issue|revoke|list` — bearer tokens for institutions' self-service (/api/v1/me) and for
 * admins. The token is printed once, at issue; only its sha256 is stored.
 */
export function register(program: Command): void {
  const group = program.command('token').description('sign-in tokens for pharmacies and institutions (/api/v1/me) and admins');

  group
    .command('issue')
    .description('issue a token for an institution (by 机构医保编码) or, with --admin, for an admin; prints it once')
    .option('--institution <code>', '机构医保编码 of the institution')
    .option('--region <slug>', 'region of the institution, when the code exists in several')
    .option('--admin', 'an admin token (no institution)')
    .option('--days <n>', `days until it expires (default ${DEFAULT_TOKEN_DAYS})`, wholeNumber('days'))
    .option('--label <text>', 'a note: who holds it, which device')
    .option('--publisher <name>', 'who issues it, for the audit log (default: $USER)')
    .action(
      action(async (o: { institution?: string; region?: string; admin?: boolean; days?: number; label?: string; publisher?: string }) => {
        if (Boolean(o.admin) === Boolean(o.institution)) throw new Error('give either --institution <机构医保编码> or --admin');
        await withDb(async (db) => {
          const code = o.institution?.trim().toUpperCase();
          const inst = code ? await institutionIdByCode(db, code, o.region) : null;
          const issued = await issueToken(db, {
            role: inst ? 'institution' : 'admin',
            institutionId: inst?.id ?? null,
            label: o.label ?? null,
            days: o.days ?? DEFAULT_TOKEN_DAYS,
            actor: actor(o.publisher),
          });
          const whom = inst ? `${inst.name}（${code}，${inst.region}）` : 'admin';
          console.log(`✔ token #${issued.id} for ${whom}, expires ${issued.expiresAt ?? 'never'}`);
          console.log('  Give it to the holder now; it is not stored and cannot be shown again:');
          console.log(`  ${issued.token}`);
        });
      }),
    );

  group
    .command('revoke')
    .description('revoke a token at once')
    .requiredOption('--id <n>', 'token id (see token list)', wholeNumber('a token id'))
    .option('--publisher <name>', 'who revokes it, for the audit log (default: $USER)')
    .action(
      action(async (o: { id: number; publisher?: string }) => {
        await withDb(async (db) => {
          if (!(await revokeToken(db, o.id, actor(o.publisher)))) throw new Error(`no active token #${o.id} (unknown or already revoked)`);
          console.log(`✔ token #${o.id} revoked`);
        });
      }),
    );

  group
    .command('list')
    .description('list tokens (never the tokens themselves)')
    .option('--all', 'include expired and revoked tokens')
    .action(
      action(async (o: { all?: boolean }) => {
        await withDb(async (db) => {
          const rows = (await listTokens(db)).filter((r) => o.all || r.status === 'active');
          if (rows.length === 0) {
            console.log(o.all ? 'no tokens' : 'no active tokens (--all shows expired and revoked ones)');
            return;
          }
          for (const r of rows) {
            const who = r.role === 'admin' ? 'admin' : `${r.institutionCode} ${r.institutionName ?? ''} (${r.region ?? '?'})`;
            const until = r.status === 'revoked' ? `revoked ${r.revokedAt}` : `expires ${r.expiresAt ?? 'never'}`;
            console.log(`#${r.id}\t${r.status}\t${who}\t${until}${r.label ? `\t${r.label}` : ''}`);
          }
        });
      }),
    );
}
