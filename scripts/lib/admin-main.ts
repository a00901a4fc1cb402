import { Command } from 'commander';

export interface CommandGroup {
  register(program: Command): void;
}

/** A command group by its name (the file scripts/commands/<name>.ts), loaded on demand. */
export type GroupLoaders = ReadonlyMap<string, () => Promise<Partial<CommandGroup>>>;

/**
 * The admin CLI over `groups`: `pnpm admin prices publish …` loads only the prices group (loading every
 * group's modules took ≈ 1–2 s of a publish's wall time); no group, or an unknown one, loads them all.
 */
export async function runAdmin(groups: GroupLoaders, argv: string[] = process.argv): Promise<void> {
  const program = new Command('pnpm admin')
    .description('药价通 admin: publish bureau files, history and rollback, search index, demo data')
    .showHelpAfterError()
    .configureOutput({ outputError: (s, write) => write(s) });
  const group = argv[2];
  const own = group && !group.startsWith('-') && groups.has(group) ? [group] : [...groups.keys()].sort();
  for (const name of own) {
    const mod = await groups.get(name)!();
    if (typeof mod.register !== 'function') throw new Error(`scripts/commands/${name}.ts does not export register(program)`);
    mod.register(program);
  }
  try {
    await program.parseAsync(argv);
  } catch (e) {
    console.error(`✖ ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
