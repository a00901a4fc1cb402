/**
 * `pnpm admin …` — the bureau's admin CLI. One commander program; each command group lives in
 * scripts/commands/<group>.ts and exports `register(program)`, so a new group is a new file.
 * Logic lives in server/src (ingest, search…); these files only parse arguments and print.
 */
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface CommandGroup {
  register(program: Command): void;
}

const program = new Command('pnpm admin')
  .description('药价通 admin: publish bureau files, history and rollback, search index, demo data')
  .showHelpAfterError()
  .configureOutput({ outputError: (s, write) => write(s) });

const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
const files = readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
// each group lives in the file of its name: `pnpm admin prices publish …` loads only commands/prices.ts (loading
// every group's modules took ≈ 1–2 s of a publish's wall time); no group, or an unknown one, loads them all
const group = process.argv[2];
const own = group && !group.startsWith('-') ? files.filter((f) => f.replace(/\.(ts|js)$/, '') === group) : [];
for (const file of own.length ? own : files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<CommandGroup>;
  if (typeof mod.register !== 'function') throw new Error(`scripts/commands/${file} does not export register(program)`);
  mod.register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  console.error(`✖ ${(e as Error).message}`);
  process.exitCode = 1;
}
