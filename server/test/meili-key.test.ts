import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MeiliProcess, startMeilisearch } from '../src/search/meili-process.js';

// Issue 13, finding 9: the bundled Meilisearch got its master key on the command line, which every local
// user can read with `ps`. It goes through the child's environment now.
const KEY = '-Dstarts-with-a-dash-and-is-long-enough';
let dir: string;
let meili: MeiliProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yaojia-meili-key-'));
  meili = await startMeilisearch({ dataDir: dir, masterKey: KEY });
});
afterAll(async () => {
  await meili?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('the master key is not in the command line, and the key still guards the engine', async () => {
  const argv = readFileSync(`/proc/${meili.pid}/cmdline`, 'utf8').split('\0');
  expect(argv.join(' ')).toContain('--http-addr');
  expect(argv.join(' ')).not.toContain(KEY);
  expect(readFileSync(`/proc/${meili.pid}/environ`, 'utf8').split('\0')).toContain(`MEILI_MASTER_KEY=${KEY}`);

  expect((await fetch(`${meili.url}/indexes`)).status).toBe(401);
  expect((await fetch(`${meili.url}/indexes`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
});
