import { type Command, Option } from 'commander';
import { COMMITMENTS, INSTITUTION_TYPE_ALIASES, INSTITUTION_TYPES, type InstitutionType } from '@yaojia/shared';
import { addInstitution, importInstitutions, removeInstitution, setPriceIndexVerdict } from '@yaojia/server/bureau/institutions';
import { action, actor, withDb } from '../lib/admin-context.js';
import { registerKind } from '../lib/kind-commands.js';

function institutionType(v: string): InstitutionType {
  if ((INSTITUTION_TYPES as readonly string[]).includes(v)) return v as InstitutionType;
  const t = INSTITUTION_TYPE_ALIASES[v];
  if (!t) throw new Error(`--type "${v}": expected one of ${INSTITUTION_TYPES.join(', ')} (or 零售连锁药店, 单体药店, 村卫生室…)`);
  return t;
}

function coordinate(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`expected a number, got "${v}"`);
  return n;
}

/** `institutions add`, `import` and `remove`, beside publish | history | rollback. */
function attach(group: Command): void {
  group
    .command('add')
    .description('admit one institution with the 宁夏 附件1 application fields and its 承诺书 (≥ 1 year)')
    .requiredOption('--region <slug>', 'region slug')
    .requiredOption('--name <单位名称>', '单位名称')
    .requiredOption('--address <单位地址>', '单位地址')
    .requiredOption('--credit-code <统一社会信用代码>', '统一社会信用代码 (18 characters, GB 32100-2015 check digit)')
    .requiredOption('--legal-rep <法人代表>', '法人代表')
    .requiredOption('--code <机构医保编码>', '机构医保编码')
    .requiredOption('--contact <联系人>', '联系人')
    .requiredOption('--phone <联系电话>', '联系电话')
    .requiredOption('--type <type>', `机构类型: ${INSTITUTION_TYPES.join(', ')}`, institutionType)
    .requiredOption('--lat <lat>', 'GCJ-02 latitude', coordinate)
    .requiredOption('--lng <lng>', 'GCJ-02 longitude', coordinate)
    .addOption(new Option('--commitment <c>', '承诺: at_winning_price (按照中选价销售) or markup_15 (按不高于中选价加价15%销售)').choices([...COMMITMENTS]).default('at_winning_price'))
    .option('--start <YYYY-MM-DD>', 'membership start (default today)')
    .option('--end <YYYY-MM-DD>', 'membership end, at least one year after the start (default start + 1 year)')
    .option('--public-phone <phone>', 'phone shown to citizens (default none)')
    .option('--hours <hours>', '营业时间, e.g. 08:00-22:00')
    .option('--actor <name>', 'who does it (default: $USER)')
    .action(
      action(async (o: {
        region: string; name: string; address: string; creditCode: string; legalRep: string; code: string; contact: string; phone: string;
        type: InstitutionType; lat: number; lng: number; commitment: (typeof COMMITMENTS)[number]; start?: string; end?: string; publicPhone?: string; hours?: string; actor?: string;
      }) => {
        await withDb(async (db) => {
          const r = await addInstitution(
            db,
            {
              region: o.region, name: o.name, address: o.address, creditCode: o.creditCode, legalRepresentative: o.legalRep, code: o.code,
              contactName: o.contact, contactPhone: o.phone, type: o.type, lat: o.lat, lng: o.lng, commitment: o.commitment,
              startsAt: o.start, endsAt: o.end, phone: o.publicPhone ?? null, hours: o.hours ?? null,
            },
            actor(o.actor),
          );
          console.log(`${r.created ? 'added' : 'renewed'}    ${o.name} (${o.region}/${o.code}) as institution ${r.institutionId}; membership ${r.startsAt} → ${r.endsAt}, 承诺 ${o.commitment}`);
        });
      }),
    );

  group
    .command('remove')
    .description('take an institution off the list (one added by command stays through file publishes until removed here); audited')
    .requiredOption('--institution <机构医保编码>', '机构医保编码')
    .requiredOption('--reason <text>', 'why (recorded on its badges and in the audit log)')
    .option('--region <slug>', 'region, when the code is listed in more than one')
    .option('--actor <name>', 'who does it (default: $USER)')
    .action(
      action(async (o: { institution: string; reason: string; region?: string; actor?: string }) => {
        await withDb(async (db) => {
          const r = await removeInstitution(db, { code: o.institution, region: o.region, reason: o.reason, actor: actor(o.actor) });
          console.log(`removed    ${r.name} (${o.institution}, institution ${r.institutionId})${r.badgesRemoved ? `; ${r.badgesRemoved} badge(s) removed` : ''}`);
        });
      }),
    );

  group
    .command('price-index')
    .description('record a pharmacy’s 量价比较指数 verdict (江西 +15 % / 宁夏 city markup depend on it); audited')
    .requiredOption('--institution <机构医保编码>', '机构医保编码')
    .requiredOption('--verdict <达标|未达标|未评定>', '达标 (price level not above the index), 未达标, or 未评定 (not known)')
    .option('--region <slug>', 'region, when the code is listed in more than one')
    .option('--note <text>', 'why / which assessment (recorded in the audit log)')
    .option('--actor <name>', 'who does it (default: $USER)')
    .action(
      action(async (o: { institution: string; verdict: string; region?: string; note?: string; actor?: string }) => {
        await withDb(async (db) => {
          const r = await setPriceIndexVerdict(db, { code: o.institution, region: o.region, verdict: o.verdict, note: o.note, actor: actor(o.actor) });
          const words = (v: boolean | null) => (v === true ? '达标' : v === false ? '未达标' : '未评定');
          console.log(`${r.changed ? 'set' : 'unchanged'}    ${r.name} (${o.institution}): 量价比较指数 ${words(r.before)} → ${words(r.after)}`);
        });
      }),
    );

  group
    .command('import <file>')
    .description('admit institutions from an application list (.xlsx/.csv, UTF-8 or GBK) with the 附件1 columns; bad rows are listed and left out')
    .requiredOption('--region <slug>', 'region slug')
    .option('--start <YYYY-MM-DD>', 'membership start for rows without 加入日期 (default today)')
    .option('--actor <name>', 'who does it (default: $USER)')
    .action(
      action(async (file: string, o: { region: string; start?: string; actor?: string }) => {
        await withDb(async (db) => {
          const r = await importInstitutions(db, file, o.region, actor(o.actor), { startsAt: o.start });
          console.log(`imported   ${r.added} added, ${r.renewed} renewed, ${r.rejected.length} rejected`);
          for (const x of r.rejected.slice(0, 50)) console.log(`  ✖ ${x.message}`);
          if (r.rejected.length > 50) console.log(`  … ${r.rejected.length - 50} more`);
          if (r.rejected.length) process.exitCode = 1;
        });
      }),
    );
}

/** `pnpm admin institutions publish|history|rollback|add|import|remove|price-index` */
export function register(program: Command): void {
  attach(registerKind(program, 'institutions'));
}
