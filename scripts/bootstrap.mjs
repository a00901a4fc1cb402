#!/usr/bin/env node
// `npm start` / `npm test` on a machine with only Node 20 + npm: bring pnpm in through corepack
// (this network's registry mirror sends no signatures, hence COREPACK_INTEGRITY_KEYS=0), install,
// then hand over to the pnpm script. Plain JS on purpose: nothing is installed yet when it runs.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, COREPACK_INTEGRITY_KEYS: '0', COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', COREPACK_ENABLE_STRICT: '0' };
const task = process.argv[2];
const scripts = { start: 'dev', test: 'test:all' };
if (!(task in scripts)) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(scripts).join('|')}`);
  process.exit(2);
}

function pnpm(args) {
  const r = spawnSync('corepack', ['pnpm', ...args], { cwd: root, env, stdio: 'inherit' });
  if (r.error) {
    console.error(`could not run corepack (ships with Node ≥ 16.9): ${r.error.message}`);
    process.exit(1);
  }
  return r.status ?? 1;
}

const install = pnpm(['install', '--frozen-lockfile']);
if (install !== 0) process.exit(install);
process.exit(pnpm(['run', scripts[task], ...process.argv.slice(3)]));
