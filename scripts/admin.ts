/**
 * `pnpm admin …` — the bureau's admin CLI. One commander program; each command group lives in
 * scripts/commands/<group>.ts and exports `register(program)`, so a new group is a new file.
 * Logic lives in server/src (ingest, search…); these files only parse arguments and print.
 *
 * This is the source entry (run through tsx by the tests); `pnpm admin` runs scripts/admin-cli.mjs, which
 * runs the same groups from a bundle it rebuilds whenever a source file changed.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CommandGroup, runAdmin } from './lib/admin-main.js';

export type { CommandGroup };

const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
const files = readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'));
await runAdmin(new Map(files.map((f) => [f.replace(/\.(ts|js)$/, ''), () => import(pathToFileURL(join(dir, f)).href) as Promise<Partial<CommandGroup>>])));
