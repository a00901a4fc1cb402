/**
 * The prices publish as issue 17 measures it: the admin command's wall time, `pnpm admin prices publish
 * <file> --region … --no-reindex` run as its own process (node --import tsx scripts/admin.ts, what `pnpm
 * admin` runs), so CLI start, parse + validate, snapshot, diff, write and the open-data export that follows
 * every publish are all in it. The phases come from the report the command prints (`time … (parse+validate
 * …)`) and its `open data: … in … s` line; the rest of the wall time is the CLI's start and exit.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface AdminPublish {
  wallMs: number;
  /** publishFile's own ms and phases, as printed */
  publishMs: number;
  phases: { parseMs: number; snapshotMs: number; diffMs: number; writeMs: number };
  openDataMs: number;
  rows: number;
  diff: { added: number; removed: number; changed: number };
  output: string;
}

const seconds = (s: string) => Math.round(Number(s) * 1000);

/** Runs the admin command against `databaseUrl` (a SQLite file or postgres://…); throws with its output if it fails. */
export async function adminPublishPrices(root: string, opts: { databaseUrl: string; file: string; region: string; openDataDir: string; nice?: boolean }): Promise<AdminPublish> {
  const args = ['--import', 'tsx', join(root, 'scripts/admin.ts'), 'prices', 'publish', opts.file, '--region', opts.region, '--no-reindex', '--publisher', 'bench'];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: opts.databaseUrl, OPEN_DATA_DIR: opts.openDataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const code = await new Promise<number | null>((res, rej) => {
    child.on('error', rej);
    child.on('exit', (c) => res(c));
  });
  const wallMs = Math.round(performance.now() - t0);
  const time = /^time\s+([\d.]+) s \(parse\+validate ([\d.]+) s, snapshot ([\d.]+) s, diff ([\d.]+) s, write ([\d.]+) s\)/m.exec(output);
  const read = /(\d+) data row\(s\)/.exec(output);
  const diff = /diff\s+\+(\d+) added, -(\d+) removed, ~(\d+) changed/.exec(output);
  const openData = /^open data: .* in ([\d.]+) s$/m.exec(output);
  if (code !== 0 || !/^── PUBLISHED/m.test(output) || !time || !diff || !openData) {
    throw new Error(`pnpm admin prices publish exited ${code}:\n${output.slice(-3000)}`);
  }
  return {
    wallMs, publishMs: seconds(time[1]!),
    phases: { parseMs: seconds(time[2]!), snapshotMs: seconds(time[3]!), diffMs: seconds(time[4]!), writeMs: seconds(time[5]!) },
    openDataMs: seconds(openData[1]!), rows: Number(read?.[1] ?? 0),
    diff: { added: Number(diff[1]), removed: Number(diff[2]), changed: Number(diff[3]) },
    output,
  };
}
