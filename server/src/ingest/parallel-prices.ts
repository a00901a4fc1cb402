/**
 * A large plain prices CSV read on every core: parse + validate was a third of a 2 M-row publish (issue 17
 * §2), all of it on one thread. The main thread reads the file once into shared memory and cuts it into
 * ranges of whole lines (a plain CSV has one record per line: read.ts plainLines); workers classify and
 * validate the lines (price-lines.ts) and post the price rows back by column; parseFile merges the ranges in
 * the file's order, so rows, row numbers, duplicates, errors and their order are what reading it on one
 * thread gives (parse.test compares the two on the same files).
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PriceLines, PriceLinesJob, PriceLinesSetup } from './price-lines.js';
import type { PlainCsv } from './read.js';

/** Files from this size on are read by workers: below it (≈ 500 k rows) starting them gains little. */
export const PARALLEL_FROM_BYTES = 32 * 1024 * 1024;
/** bytes per range: ≈ 70 k rows, so the main thread merges one range while the workers read the next */
const RANGE_BYTES = 4 * 1024 * 1024;

/** How many workers read a file: one per core, up to 4; none on a single core. */
export function parallelReaders(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(4, cores);
}

let source: Promise<string | null> | undefined;
/**
 * The worker's code: price-lines.worker.ts and what it imports, bundled by esbuild once per process. The
 * API runs TypeScript through tsx, the admin command from a bundle and the tests through vitest; a worker
 * has none of them, and a bundle runs the same under each (≈ 0.2 s, while the file is hashed). null when
 * esbuild is not installed: the file is then read on the main thread, as before.
 */
function workerSource(): Promise<string | null> {
  source ??= (async () => {
    try {
      const esbuild = await import('esbuild');
      const out = await esbuild.build({
        entryPoints: [fileURLToPath(new URL('./price-lines.worker.ts', import.meta.url))],
        bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'silent',
      });
      return out.outputFiles[0]!.text;
    } catch {
      return null;
    }
  })();
  return source;
}

/** For a file that will be read in parallel: starts building the worker's code now (while it is hashed). */
export function prepareParallelRead(path: string): void {
  try {
    if (parallelReaders() > 0 && statSync(path).size >= PARALLEL_FROM_BYTES) void workerSource();
  } catch {
    // the file's problems are reported where it is read
  }
}

/**
 * The lines of `plain` from row `fromRow` on, read by workers in ranges and yielded in the file's order;
 * null when workers cannot be used (one core, no esbuild).
 */
export async function readPriceLinesInParallel(
  plain: PlainCsv, fromRow: number, setup: Omit<PriceLinesSetup, 'bytes' | 'delim' | 'eol'>, readers = parallelReaders(), rangeBytes = RANGE_BYTES,
): Promise<AsyncGenerator<PriceLines> | null> {
  if (readers < 1) return null;
  const code = await workerSource();
  if (code === null) return null;

  const fd = openSync(plain.path, 'r');
  let bytes: SharedArrayBuffer;
  try {
    const size = fstatSync(fd).size;
    bytes = new SharedArrayBuffer(size);
    const view = new Uint8Array(bytes);
    for (let at = 0; at < size; ) {
      const n = readSync(fd, view, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  const buf = Buffer.from(bytes);
  // where row `fromRow` begins: after fromRow - 1 line endings
  let start = 0;
  for (let r = 1; r < fromRow && start !== -1; r++) {
    const eol = buf.indexOf(0x0a, start);
    start = eol === -1 ? -1 : eol + 1;
  }
  const jobs: PriceLinesJob[] = [];
  if (start !== -1) {
    for (let row = fromRow; start < buf.length; ) {
      const cut = start + rangeBytes >= buf.length ? -1 : buf.indexOf(0x0a, start + rangeBytes);
      const end = cut === -1 ? buf.length : cut + 1;
      jobs.push({ index: jobs.length, start, end, firstRow: row });
      for (let i = buf.indexOf(0x0a, start); i !== -1 && i < end; i = buf.indexOf(0x0a, i + 1)) row++;
      start = end;
    }
  }
  return (async function* () {
    if (!jobs.length) return;
    const workerData: PriceLinesSetup = { ...setup, bytes, delim: plain.delim, eol: plain.eol };
    const workers = Array.from({ length: Math.min(readers, jobs.length) }, () => new Worker(code, { eval: true, workerData }));
    const done = new Map<number, PriceLines>();
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    let next = 0;
    const give = (w: Worker) => {
      if (next < jobs.length) w.postMessage(jobs[next++]);
    };
    for (const w of workers) {
      w.on('message', (r: PriceLines) => {
        done.set(r.index, r);
        give(w);
        wake?.();
      });
      w.on('error', (e) => {
        failure = e;
        wake?.();
      });
      give(w);
    }
    try {
      for (let i = 0; i < jobs.length; i++) {
        while (!done.has(i)) {
          if (failure) throw failure;
          await new Promise<void>((res) => (wake = res));
          wake = null;
        }
        const r = done.get(i)!;
        done.delete(i);
        yield r;
      }
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  })();
}
