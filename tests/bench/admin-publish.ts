/**
 * The prices publish as issue 17 measures it: the admin command's wall time, `pnpm admin prices publish
 * <file> --region … --no-reindex` run as its own process (node scripts/admin-cli.mjs, what `pnpm admin`
 * runs: the bundled CLI), so CLI start, parse + validate, snapshot, diff and write are all in it. The phases come
 * from the report the command prints (`time … (parse+validate …)`); the rest of the wall time is the CLI's
 * start and exit. The open-data export runs in its own process after the command returns (`open data:
 * export started in the background (pid …), log …`): it is waited for here, so the bench's next rows do
 * not share the cores with it, and its own time (the `open data: … in … s` line of its log) is reported
 * beside the command's, not in it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AdminPublish {
  wallMs: number;
  /** publishFile's own ms and phases, as printed */
  publishMs: number;
  phases: { parseMs: number; snapshotMs: number; diffMs: number; writeMs: number };
  /** the background export's own time, from its log (it runs after the command returns) */
  openDataMs: number;
  /** from the command's return until the background export finished */
  openDataAfterMs: number;
  rows: number;
  diff: { added: number; removed: number; changed: number };
  output: string;
}

const seconds = (s: string) => Math.round(Number(s) * 1000);

/** Runs the admin command against `databaseUrl` (a SQLite file or postgres://…); throws with its output if it fails. */
export async function adminPublishPrices(root: string, opts: { databaseUrl: string; file: string; region: string; openDataDir: string; nice?: boolean }): Promise<AdminPublish> {
  const args = [join(root, 'scripts/admin-cli.mjs'), 'prices', 'publish', opts.file, '--region', opts.region, '--no-reindex', '--publisher', 'bench'];
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
  const started = /^open data: export started in the background \(pid (\d+)\), log (.+)$/m.exec(output);
  if (code !== 0 || !/^── PUBLISHED/m.test(output) || !time || !diff || !started) {
    throw new Error(`pnpm admin prices publish exited ${code}:\n${output.slice(-3000)}`);
  }
  const pid = Number(started[1]);
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const openDataAfterMs = Math.round(performance.now() - t0 - wallMs);
  const log = readFileSync(started[2]!, 'utf8');
  const openData = [...log.matchAll(/^open data: .* in ([\d.]+) s$/gm)].at(-1);
  if (!openData) throw new Error(`the open-data export after the publish failed:\n${log.slice(-3000)}`);
  return {
    wallMs, publishMs: seconds(time[1]!),
    phases: { parseMs: seconds(time[2]!), snapshotMs: seconds(time[3]!), diffMs: seconds(time[4]!), writeMs: seconds(time[5]!) },
    openDataMs: seconds(openData[1]!), openDataAfterMs, rows: Number(read?.[1] ?? 0),
    diff: { added: Number(diff[1]), removed: Number(diff[2]), changed: Number(diff[3]) },
    output,
  };
}
