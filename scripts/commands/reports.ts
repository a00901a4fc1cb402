import { join } from 'node:path';
import type { Command } from 'commander';
import { escapeControlChars as safe, formatYuan, REPORT_KIND_LABELS, REPORT_KINDS } from '@yaojia/shared';
import { CONFIRMED_FLAG_THRESHOLD, reportDetail, reportsByInstitution, resolveReport, type ReportDetail } from '@yaojia/server/bureau/reports';
import { action, actor, withDb } from '../lib/admin-context.js';

/** Stored text (a citizen's note, names from bureau files) goes through `safe`: escapes are shown, not obeyed. */
function printDetail(r: ReportDetail, uploadDir: string): void {
  console.log(`report     ${r.reference} · ${REPORT_KIND_LABELS[r.kind] ?? r.kind} · ${r.status}${r.resolution ? ` (${r.resolution})` : ''}`);
  console.log(`filed      ${r.createdAt}`);
  console.log(`where      ${safe(r.institution.name)} (${r.institution.region}/${safe(r.institution.code)}), ${safe(r.institution.address)}`);
  if (r.product) {
    console.log(`drug       ${safe(r.product.productName)} ${safe(r.product.spec)} · ${safe(r.product.maker)} (${safe(r.product.code)})`);
    console.log(`prices     中选价 ${formatYuan(r.product.winningPriceFen)} · listed ${r.product.sellingPriceFen === null ? '—' : formatYuan(r.product.sellingPriceFen)}${r.observedPriceFen !== null ? ` · citizen paid ${formatYuan(r.observedPriceFen)}` : ''}`);
  }
  if (r.note) console.log(`note       ${safe(r.note)}`);
  for (const p of r.photos) console.log(`photo      ${join(uploadDir, p.file)} (${p.width}×${p.height}, ${Math.round(p.bytes / 1024)} KB, re-encoded, no EXIF)`);
  if (r.resolvedAt) console.log(`resolved   ${r.resolvedAt}: ${r.resolution} — ${safe(r.resolutionNote ?? '')}`);
  if (r.publicNote) console.log(`public     ${safe(r.publicNote)}  (shown to the citizen with the reference)`);
}

/** `pnpm admin reports list|show <ref>|resolve <ref> --confirmed|--rejected --note "…" [--public-note "…"]` */
export function register(program: Command): void {
  const group = program.command('reports').description('citizens’ reports: by institution, details, resolution');

  group
    .command('list')
    .description(`reports grouped by institution with counts by kind; ⚑ = ${CONFIRMED_FLAG_THRESHOLD}+ confirmed reports`)
    .option('--region <slug>', 'only this region')
    .option('--open', 'only institutions with open reports')
    .action(
      action(async (o: { region?: string; open?: boolean }) => {
        await withDb(async (db) => {
          const list = await reportsByInstitution(db, { region: o.region, status: o.open ? 'open' : undefined });
          if (!list.length) return console.log('no reports');
          const kinds = REPORT_KINDS.map((k) => REPORT_KIND_LABELS[k]);
          console.log(`   ${'institution'.padEnd(34)} total open confirmed rejected  ${kinds.join(' / ')}`);
          for (const g of list) {
            console.log(
              `${g.flagged ? '⚑' : ' '}  ${`${safe(g.name)} (${g.region}/${safe(g.code)})`.padEnd(34)} ${String(g.total).padStart(5)} ${String(g.open).padStart(4)} ${String(g.confirmed).padStart(9)} ${String(g.rejected).padStart(8)}  ${REPORT_KINDS.map((k) => g.byKind[k]).join(' / ')}`,
            );
          }
          const flagged = list.filter((g) => g.flagged).length;
          if (flagged) console.log(`⚑ ${flagged} institution(s) with ${CONFIRMED_FLAG_THRESHOLD} or more confirmed reports: consider 约谈 or removing the badge`);
        });
      }),
    );

  group
    .command('show <reference>')
    .description('one report in full')
    .action(action(async (ref: string) => withDb(async (db, config) => printDetail(await reportDetail(db, ref), config.uploadDir))));

  group
    .command('resolve <reference>')
    .description('record the finding: --confirmed or --rejected, with a note')
    .option('--confirmed', 'the report was found to be true')
    .option('--rejected', 'the report was not borne out')
    .requiredOption('--note <text>', 'what was found (internal)')
    .option('--public-note <text>', 'the answer the citizen reads with the reference (plain Chinese)')
    .option('--actor <name>', 'who resolves (default: $USER)')
    .action(
      action(async (ref: string, o: { confirmed?: boolean; rejected?: boolean; note: string; publicNote?: string; actor?: string }) => {
        if (Boolean(o.confirmed) === Boolean(o.rejected)) throw new Error('give exactly one of --confirmed or --rejected');
        await withDb(async (db, config) =>
          printDetail(
            await resolveReport(db, { reference: ref, resolution: o.confirmed ? 'confirmed' : 'rejected', note: o.note, publicNote: o.publicNote, actor: actor(o.actor) }),
            config.uploadDir,
          ),
        );
      }),
    );
}
