import { request, Agent } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishTaiyuanFixtures, type TempDb, tempDb } from './helper.js';
import { startServe } from './serve-process.js';

// Issue 13, finding 10: a restart under load refused connections for ~5 s. `pnpm serve` drains on SIGTERM
// (idle keep-alive connections closed, requests in flight answered) and, with API_WORKERS ≥ 2, replaces
// its processes one at a time on SIGHUP. The real scripts/serve.ts, as a child process.
let t: TempDb;
let institutionId: number;
beforeAll(async () => {
  t = await tempDb();
  await publishTaiyuanFixtures(t.db);
  institutionId = (await t.db.get<{ id: number }>('SELECT id FROM institutions ORDER BY id LIMIT 1'))!.id;
});
afterAll(async () => {
  await t?.cleanup();
});

/** API_WORKERS processes start one tsx each: under a loaded CI box that is many seconds */
const serve = (workers: number) =>
  startServe({ DATABASE_URL: t.url, MEILI_INDEX_PREFIX: `serve${process.pid}_`, API_WORKERS: String(workers), REPORT_RATE_LIMIT: '100000', OPEN_DATA_DIR: join(t.dir, 'open') });

/** one GET on a fresh connection (no keep-alive): resolves its status or the connection error's code */
const getFresh = (port: number, path: string) =>
  new Promise<string>((ok) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => ok(String(res.statusCode)));
    });
    req.on('error', (e: NodeJS.ErrnoException) => ok(e.code ?? e.message));
    // what is asserted is that no request is refused or lost; a slow answer on a loaded CI box is neither
    // (a full-suite run once took > 10 s for one request while a new process started under tsx)
    req.setTimeout(60_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.end();
  });

describe('pnpm serve', () => {
  it('SIGTERM: an idle keep-alive connection does not hold the exit, a request in flight is answered', async () => {
    const s = await serve(1);
    const agent = new Agent({ keepAlive: true });
    try {
      // a keep-alive connection left idle (Fastify would keep it 72 s)
      const idle = await new Promise<number>((ok, fail) => {
        request({ host: '127.0.0.1', port: s.port, path: '/api/v1/regions', agent }, (res) => {
          res.resume();
          res.on('end', () => ok(res.statusCode!));
        }).on('error', fail).end();
      });
      expect(idle).toBe(200);

      // a report whose body is still arriving when SIGTERM comes
      const inFlight = new Promise<{ status: number; body: string }>((ok, fail) => {
        const req = request(
          { host: '127.0.0.1', port: s.port, path: '/api/v1/reports', method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => ok({ status: res.statusCode!, body }));
          },
        );
        req.on('error', fail);
        const payload = JSON.stringify({ institutionId, kind: 'other', note: '停机时提交的反馈' });
        req.write(payload.slice(0, 10));
        setTimeout(() => {
          s.child.kill('SIGTERM');
          setTimeout(() => req.end(payload.slice(10)), 500);
        }, 300);
      });
      const answered = await inFlight;
      expect(answered.status, answered.body).toBe(201);
      const t0 = Date.now();
      expect(await s.exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(10_000);
      const stored = await t.db.get<{ n: number }>("SELECT count(*) AS n FROM reports WHERE note = '停机时提交的反馈'");
      expect(stored!.n).toBe(1);
    } finally {
      agent.destroy();
      await s.kill();
    }
  });

  it('SIGHUP with API_WORKERS=2: every process is replaced and no request is refused meanwhile', async () => {
    const s = await serve(2);
    try {
      const pidsBefore = await workerPids(s.child.pid!);
      expect(pidsBefore).toHaveLength(2);
      const results: string[] = [];
      let running = true;
      const load = (async () => {
        while (running) {
          results.push(...(await Promise.all(Array.from({ length: 2 }, () => getFresh(s.port, '/api/v1/regions')))));
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await new Promise((r) => setTimeout(r, 300));
      s.child.kill('SIGHUP');
      // starting a process takes seconds (tsx) and each slot waits for its new process: genuinely long
      const deadline = Date.now() + 120_000;
      while (!s.output().includes('restarted 2 API processes') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      running = false;
      await load;
      expect(s.output()).toContain('restarted 2 API processes');
      const pidsAfter = await workerPids(s.child.pid!);
      expect(pidsAfter).toHaveLength(2);
      expect(pidsAfter.filter((p) => pidsBefore.includes(p))).toEqual([]);
      const failures = results.filter((r) => r !== '200');
      expect(results.length).toBeGreaterThan(20);
      expect(failures).toEqual([]);
      expect(await s.stop()).toBe(0);
    } finally {
      await s.kill();
    }
  }, 240_000);
});

/** the primary's child processes, from /proc */
async function workerPids(primary: number): Promise<number[]> {
  const { readFileSync } = await import('node:fs');
  const children = readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim();
  return children ? children.split(/\s+/).map(Number) : [];
}
