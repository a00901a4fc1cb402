import { type Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { computeStats, recordDesignatedCount } from '@yaojia/server/bureau/stats';
import { coveragePng, statsCsv, statsTable, statsXlsx } from '@yaojia/server/bureau/stats-output';
import { action, actor, withDb } from '../lib/admin-context.js';

/**
 * `pnpm admin stats --region <slug> --period 2026Q3 [--format table|csv|xlsx] [--out file]`: the 宁夏
 * 附件3 table with 江西 coverage; `--designated <n> --as-of <date>` records the coverage denominator.
 */
export function register(program: Command): void {
  program
    .command('stats')
    .description('宁夏 附件3 statistics for a quarter (institutions, varieties, estimated purchase amounts; new and cumulative) and 江西 coverage')
    .option('--region <slug>', 'region slug')
    .option('--period <quarter>', 'quarter, e.g. 2026Q3')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'xlsx', 'json']).default('table'))
    .option('--out <file>', 'write to this file (xlsx: default stats-<region>-<period>.xlsx; the coverage chart is also written as a PNG beside it)')
    .option('--designated <n>', 'record the number of 医保定点医药机构 (the coverage denominator) as of --as-of', (v) => Number(v))
    .option('--as-of <YYYY-MM-DD>', 'with --designated: the date the count refers to')
    .option('--source <text>', 'with --designated: where the number comes from, e.g. 医保定点协议管理台账')
    .option('--actor <name>', 'with --designated: who records it (default: $USER)')
    .action(
      action(async (o: {
        region?: string; period?: string; format: 'table' | 'csv' | 'xlsx' | 'json'; out?: string; designated?: number; asOf?: string; source?: string; actor?: string;
      }) => {
        if (!o.region) throw new Error('give --region <slug>');
        if (o.designated === undefined && !o.period) throw new Error('give --period <YYYYQn>, e.g. --period 2026Q3 (or --designated <n> --as-of <date> to record the coverage denominator)');
        await withDb(async (db) => {
          if (o.designated !== undefined) {
            if (!o.asOf) throw new Error('--designated needs --as-of <YYYY-MM-DD>');
            await recordDesignatedCount(db, { region: o.region!, count: o.designated, asOf: o.asOf, source: o.source, actor: actor(o.actor) });
            console.log(`recorded   ${o.region}: ${o.designated} 医保定点医药机构 as of ${o.asOf}`);
            if (!o.period) return;
          }
          const s = await computeStats(db, o.region!, o.period!);
          if (o.format === 'xlsx') {
            const out = resolve(o.out ?? `stats-${s.region}-${s.period}.xlsx`);
            writeFileSync(out, await statsXlsx(s));
            const png = `${out.replace(/\.xlsx$/i, '')}.coverage.png`;
            writeFileSync(png, coveragePng(s));
            console.log(statsTable(s));
            console.log(`\nwrote ${out}\nwrote ${png}`);
            return;
          }
          const text = o.format === 'csv' ? statsCsv(s) : o.format === 'json' ? `${JSON.stringify(s, null, 2)}\n` : `${statsTable(s)}\n`;
          if (o.out) {
            writeFileSync(resolve(o.out), text);
            console.log(`wrote ${resolve(o.out)}`);
          } else process.stdout.write(text);
        });
      }),
    );
}
