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
for (const file of readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort()) {
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
