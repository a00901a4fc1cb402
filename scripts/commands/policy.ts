import type { Command } from 'commander';
import { describePolicy, parseRate, type PolicyChange, policyHistory, rollbackPolicy, setPolicy, showPolicy } from '@yaojia/server/bureau/policy';
import { action, actor, withDb } from '../lib/admin-context.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a version id (a positive integer), got "${v}"`);
  return n;
}

/**
 * `pnpm admin policy show|set|history|rollback --region <slug>`: a region's policy settings (宁夏's city
 * markups, the complaint hotline) without touching JSON; every change is a version, audited.
 */
export function register(program: Command): void {
  const group = program.command('policy').description('a region’s policy settings (宁夏 city markups, hotline): show, set, history, rollback');

  group
    .command('show')
    .description('the settings in force for a region and the live version')
    .requiredOption('--region <slug>', 'region slug')
    .option('--json', 'print the policy in force as JSON')
    .action(
      action(async (o: { region: string; json?: boolean }) => {
        await withDb(async (db) => {
          const v = await showPolicy(db, o.region);
          console.log(o.json ? JSON.stringify(v, null, 2) : describePolicy(v).join('\n'));
        });
      }),
    );

  group
    .command('set')
    .description('change a setting as a new version (one transaction, audited); citizens see it with the next request')
    .requiredOption('--region <slug>', 'region slug')
    .option('--city <city>', 'city whose markup is set with --rate, e.g. 银川 or 银川市')
    .option('--rate <percent>', 'the city’s markup for pharmacies whose 量价比较指数 is met, e.g. 15%')
    .option('--remove-city <city>', 'drop a city’s own markup (it falls back to the default)')
    .option('--default-rate <percent>', 'markup for cities that have not set their own, e.g. 0%')
    .option('--hotline <phone>', '投诉电话 shown on every offers page, e.g. 12393')
    .option('--actor <name>', 'who does it (default: $USER)')
    .action(
      action(async (o: { region: string; city?: string; rate?: string; removeCity?: string; defaultRate?: string; hotline?: string; actor?: string }) => {
        if ((o.city === undefined) !== (o.rate === undefined)) throw new Error('--city and --rate go together (e.g. --city 银川 --rate 15%)');
        const change: PolicyChange = {};
        if (o.city !== undefined && o.rate !== undefined) change.cityRates = { [o.city]: parseRate(o.rate, '--rate') };
        if (o.removeCity !== undefined) change.removeCities = [o.removeCity];
        if (o.defaultRate !== undefined) change.defaultRate = parseRate(o.defaultRate, '--default-rate');
        if (o.hotline !== undefined) change.hotline = o.hotline;
        await withDb(async (db) => {
          const r = await setPolicy(db, { region: o.region, change, actor: actor(o.actor) });
          console.log(r.changed ? `set        ${o.region} policy version ${r.versionId}: ${r.summary}` : `unchanged  ${o.region}: the settings are already so`);
        });
      }),
    );

  group
    .command('history')
    .description('the policy versions of a region, newest first')
    .requiredOption('--region <slug>', 'region slug')
    .action(
      action(async (o: { region: string }) => {
        await withDb(async (db) => {
          const list = await policyHistory(db, o.region);
          if (list.length === 0) console.log(`${o.region}: no policy changes (built-in defaults)`);
          for (const v of list) {
            console.log(`v${v.id}  ${v.status.padEnd(11)} ${v.publishedAt}  ${v.publisher}  ${v.summary}${v.restoredFrom ? ` (from v${v.restoredFrom})` : ''}`);
          }
        });
      }),
    );

  group
    .command('rollback')
    .description('restore an earlier policy version as the live one (one transaction, audited)')
    .requiredOption('--region <slug>', 'region slug')
    .requiredOption('--to <version>', 'version id to restore (see history)', positiveInt)
    .option('--actor <name>', 'who does it (default: $USER)')
    .action(
      action(async (o: { region: string; to: number; actor?: string }) => {
        await withDb(async (db) => {
          const r = await rollbackPolicy(db, { region: o.region, to: o.to, actor: actor(o.actor) });
          console.log(`rolled back ${o.region} policy to v${o.to} (now live as v${r.versionId})`);
        });
      }),
    );
}
