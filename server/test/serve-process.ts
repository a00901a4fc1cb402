/**
 * The real `pnpm serve` (scripts/serve.ts) as a child process, for the tests that need the API in its own
 * process (drain on SIGTERM, kill -9 mid-request, the soak). It runs in its own process group, so a
 * failed start or a test's cleanup kills the API workers (API_WORKERS ≥ 2) with it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../src/search/meili-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** what scripts/serve.ts prints once the API listens */
const BANNER = '药价通 API';

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** everything the process printed so far (stdout and stderr) */
  output(): string;
  /** the exit code once it exits (null when killed by a signal) */
  exited: Promise<number | null>;
  /** SIGTERM (it drains) and wait for the exit code; the group is killed if it has not exited within `ms` */
  stop(ms?: number): Promise<number | null>;
  /** SIGKILL the whole process group and wait until the primary is gone */
  kill(): Promise<void>;
}

/**
 * Starts scripts/serve.ts on a free port with `env` over this process's environment (the global setup's
 * Meilisearch included) and resolves once its banner is printed. A process that exits or does not print
 * it in time is killed with its group, and the error carries what it printed.
 */
export async function startServe(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<ServeProcess> {
  // freePort() closes the port it found before serve binds it, and in between another process may take it
  // (CI saw EADDRINUSE once in ~1,500 tests): such a start is tried again on a new port, nothing else is
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServeOnce(env, opts);
    } catch (e) {
      if (attempt >= 3 || !(e instanceof Error) || !e.message.includes('EADDRINUSE')) throw e;
    }
  }
}

async function startServeOnce(env: Record<string, string>, opts: { timeoutMs?: number }): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ALERT_WORKER: 'off', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const kill = async () => {
    killGroup();
    await exited;
  };
  const served: ServeProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    kill,
    async stop(ms = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((ok) => (timer = setTimeout(() => ok('late'), ms)));
      const code = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (code === 'late') {
        await kill();
        throw new Error(`serve did not exit within ${ms} ms of SIGTERM:\n${out}`);
      }
      // workers the primary left behind (it should leave none) go with the group
      killGroup();
      return code;
    },
  };
  // tsx compiles on start, one process per API_WORKERS: many seconds on a loaded CI box
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  while (!out.includes(BANNER)) {
    if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
      await kill();
      throw new Error(`serve did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return served;
}
