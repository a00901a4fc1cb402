import type { Command } from 'commander';
import { escapeControlChars as safe } from '@yaojia/shared';
import { findInstitution } from '@yaojia/server/bureau/institutions';
import { displayWidth } from '@yaojia/server/bureau/stats-output';
import { deliveryPerformance, importDeliveries, reportShortage, resolveShortage, shortagesByProduct, stockOutSignal, supplyAlerts } from '@yaojia/server/bureau/supply';
import { action, actor, withDb } from '../lib/admin-context.js';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));

/** `pnpm admin supply shortages|stockout|alerts|deliveries|deliveries-import|shortage-add|shortage-resolve` (晋医保发〔2026〕13号, 沈阳 72 h). */
export function register(program: Command): void {
  const group = program.command('supply').description('supply assurance: shortages, stock-out signal, 供应紧张 notices, distributors’ 72-hour delivery record');

  group
    .command('shortages')
    .description('open shortage reports by maker and product')
    .requiredOption('--region <slug>', 'region slug')
    .action(
      action(async (o: { region: string }) => {
        await withDb(async (db) => {
          const list = await shortagesByProduct(db, o.region);
          if (!list.length) return console.log(`no open shortages in ${o.region}`);
          let maker = '';
          for (const p of list) {
            if (p.maker !== maker) console.log(safe((maker = p.maker)));
            console.log(`  ${safe(p.genericName)} ${safe(p.spec)} (${safe(p.code)}): ${p.open} institution(s), since ${p.earliestSince}`);
            for (const i of p.institutions) console.log(`    #${i.shortageId} ${safe(i.name)} (${safe(i.code)}) since ${i.since}: ${safe(i.evidence)}`);
          }
        });
      }),
    );

  group
    .command('shortage-add')
    .description('record a shortage an institution reported by phone or letter (institutions can also POST /api/v1/me/shortages)')
    .requiredOption('--institution <机构医保编码>', '机构医保编码')
    .requiredOption('--product <药品统一编码>', '药品统一编码')
    .requiredOption('--since <YYYY-MM-DD>', 'unable to get it since')
    .requiredOption('--evidence <text>', '佐证材料: order numbers, the distributor’s reply…')
    .option('--region <slug>', 'region, when the code is listed in more than one')
    .option('--actor <name>', 'who records it (default: $USER)')
    .action(
      action(async (o: { institution: string; product: string; since: string; evidence: string; region?: string; actor?: string }) => {
        await withDb(async (db) => {
          const inst = await findInstitution(db, o.institution, o.region);
          const r = await reportShortage(db, inst.id, { productCode: o.product, since: o.since, evidence: o.evidence }, actor(o.actor));
          console.log(`recorded   shortage #${r.id}: ${r.genericName} (${r.productCode}) at ${inst.name} since ${r.since}`);
        });
      }),
    );

  group
    .command('shortage-resolve <id>')
    .description('close a shortage report (supply is back)')
    .requiredOption('--note <text>', 'what happened')
    .option('--actor <name>', 'who closes it (default: $USER)')
    .action(
      action(async (id: string, o: { note: string; actor?: string }) => {
        await withDb(async (db) => {
          await resolveShortage(db, Number(id), o.note, actor(o.actor));
          console.log(`resolved   shortage #${id}`);
        });
      }),
    );

  group
    .command('stockout')
    .description('share of institutions out of stock, per product (from the published stock)')
    .requiredOption('--region <slug>', 'region slug')
    .option('--limit <n>', 'how many products', (v) => Number(v), 20)
    .action(
      action(async (o: { region: string; limit: number }) => {
        await withDb(async (db) => {
          for (const s of (await stockOutSignal(db, o.region)).slice(0, o.limit)) {
            console.log(`${pct(s.share).padStart(6)}  ${String(s.outOfStock).padStart(3)}/${String(s.offers).padEnd(3)} ${s.genericName} ${s.spec} · ${s.maker} (${s.code})`);
          }
        });
      }),
    );

  group
    .command('alerts')
    .description('products shown to citizens as 供应紧张')
    .requiredOption('--region <slug>', 'region slug')
    .action(
      action(async (o: { region: string }) => {
        await withDb(async (db) => {
          const a = await supplyAlerts(db, o.region);
          if (!a.items.length) return console.log(`no 供应紧张 products in ${o.region}`);
          for (const i of a.items) console.log(`供应紧张  ${i.genericName} ${i.spec} · ${i.maker} (${i.code}): ${i.reason}`);
          console.log(`(rule: an open shortage report, or ≥ ${pct(a.outOfStockThreshold)} of ≥ ${a.minOffers} institutions out of stock)`);
        });
      }),
    );

  group
    .command('deliveries')
    .description('each distributor’s share of orders delivered in full within 72 hours (沈阳)')
    .requiredOption('--region <slug>', 'region slug')
    .option('--from <YYYY-MM-DD>', 'orders placed on or after')
    .option('--to <YYYY-MM-DD>', 'orders placed before')
    .action(
      action(async (o: { region: string; from?: string; to?: string }) => {
        await withDb(async (db) => {
          const r = await deliveryPerformance(db, o.region, { from: o.from, to: o.to });
          if (!r.items.length) return console.log(`no delivery records for ${o.region} (load them with pnpm admin supply deliveries-import)`);
          console.log(`${pad('配送企业', 28)}   due  on-time  late short overdue pending  rate   median h`);
          for (const d of r.items) {
            console.log(`${pad(d.distributor, 28)} ${String(d.due).padStart(5)} ${String(d.onTime).padStart(8)} ${String(d.late).padStart(5)} ${String(d.short).padStart(5)} ${String(d.overdue).padStart(7)} ${String(d.pending).padStart(7)}  ${pct(d.onTimeRate).padStart(6)} ${d.medianHours === null ? '—' : d.medianHours}`);
          }
          console.log(r.note);
        });
      }),
    );

  group
    .command('deliveries-import <file>')
    .description('load a distributor’s delivery records (CSV: 订单号, 配送企业, 机构医保编码, 药品统一编码, 订购数量, 配送数量, 下单时间, 到货时间)')
    .requiredOption('--region <slug>', 'region slug')
    .option('--actor <name>', 'who loads it (default: $USER)')
    .action(
      action(async (file: string, o: { region: string; actor?: string }) => {
        await withDb(async (db) => {
          const r = await importDeliveries(db, file, o.region, actor(o.actor));
          console.log(`loaded     ${r.file}: ${r.inserted} new, ${r.updated} updated, ${r.rejected.length} rejected`);
          for (const x of r.rejected.slice(0, 30)) console.log(`  ✖ ${x.message}`);
          if (r.rejected.length) process.exitCode = 1;
        });
      }),
    );
}
