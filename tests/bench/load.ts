/** Load generation and latency bookkeeping for the benchmark. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { get as httpGet } from 'node:http';
import autocannon from 'autocannon';

export interface LoadResult {
  /** what was measured */
  name: string;
  mode: 'http' | 'in-process';
  p50: number;
  p99: number;
  /** mean requests/s over the run */
  rps: number;
  requests: number;
  /** non-2xx answers and failed requests, timeouts excluded: these fail the run */
  errors: number;
  /** requests not answered within autocannon's 10 s: counted against the 0-error targets, not fatal */
  timeouts: number;
  /** of the errors: 5xx answers, and requests that failed on the socket (no answer) */
  serverErrors?: number;
  socketErrors?: number;
  seconds: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * autocannon at `connections` for `seconds` (or, with `amount`, until that many requests were answered);
 * latency percentiles in ms (autocannon's 1 ms resolution).
 */
export async function httpLoad(
  name: string, base: string, requests: HttpRequest[],
  o: { connections: number; seconds: number; amount?: number; headers?: Record<string, string>; notModifiedIsOk?: boolean },
): Promise<LoadResult> {
  const result = await autocannon({
    url: base,
    connections: o.connections,
    ...(o.amount ? { amount: o.amount } : { duration: o.seconds }),
    headers: o.headers,
    requests: requests.map((r) => ({ method: r.method ?? 'GET', path: r.path, body: r.body, headers: r.headers })),
  });
  return {
    name,
    mode: 'http',
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.total / (o.amount ? result.duration : o.seconds)),
    requests: result.requests.total,
    // autocannon counts a timeout in errors too
    errors: result.non2xx - (o.notModifiedIsOk ? result['3xx'] : 0) + result.errors - result.timeouts,
    timeouts: result.timeouts,
    serverErrors: result['5xx'],
    socketErrors: result.errors - result.timeouts,
    seconds: o.amount ? result.duration : o.seconds,
  };
}

/** Calls `fn` in a loop for `seconds` (one at a time: better-sqlite3 is synchronous), cycling over inputs. */
export async function inProcessLoad<T>(name: string, inputs: T[], fn: (x: T) => unknown, seconds: number): Promise<LoadResult> {
  const times: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  let i = 0;
  const started = performance.now();
  while (performance.now() < end) {
    const t0 = performance.now();
    try {
      await fn(inputs[i++ % inputs.length]!);
    } catch {
      errors++;
    }
    times.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  return { name, mode: 'in-process', p50: percentile(times, 50), p99: percentile(times, 99), rps: Math.round(times.length / elapsed), requests: times.length, errors, timeouts: 0, seconds };
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Peak resident set (VmHWM) of a process, MB; null when it is gone. */
export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Bytes under a path (files and directories, recursively). */
export function diskBytes(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + diskBytes(join(path, f)), 0);
}

/** Bytes on the wire of one GET answer's body, as sent (compressed or not): node:http does not decode. */
export function wireBytes(base: string, path: string, headers: Record<string, string> = {}): Promise<{ bytes: number; status: number; etag?: string; encoding?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(new URL(path, base), { headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ bytes, status: res.statusCode ?? 0, etag: res.headers.etag, encoding: res.headers['content-encoding'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * The child processes of a process whose command line contains `match` (the node:cluster workers of the
 * API: not tsx's esbuild service), from /proc; [] when it has none.
 */
export function childPids(pid: number, match: string): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number))
      .filter((child) => {
        try {
          return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes(match);
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

/** CPU time (user + system) of a process, in clock ticks; null when it is gone. */
function cpuTicks(pid: number): number | null {
  try {
    // the fields after the command name (which may hold spaces, so split after its closing parenthesis)
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

/**
 * Waits until the processes together used under 10 % of a core over a second (e.g. an API that loads
 * caches in the background after start has finished), or maxMs passed; returns the ms waited.
 */
export async function untilIdle(pids: number[], o: { maxMs: number }): Promise<number> {
  const t0 = performance.now();
  const total = () => pids.reduce((n, p) => n + (cpuTicks(p) ?? 0), 0);
  let last = total();
  while (performance.now() - t0 < o.maxMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = total();
    // clock ticks are 1/100 s: under 10 ticks in a second is under 10 % of a core
    if (now - last < 10) break;
    last = now;
  }
  return Math.round(performance.now() - t0);
}

/**
 * The node arguments `pnpm serve` starts the API with (package.json's serve script: its V8 flags, then the
 * script), so the bench measures the API as a province runs it.
 */
export function serveNodeArgs(root: string): string[] {
  const serve = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.serve!;
  const args = serve.split(/\s+/);
  if (args[0] !== 'node') throw new Error(`package.json's serve script does not start with node: ${serve}`);
  return args.slice(1);
}
