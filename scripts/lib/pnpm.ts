import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

/**
 * Runs pnpm the way this process was started: through npm_execpath when run from a pnpm script
 * (pnpm itself may not be on PATH on a fresh machine, where it came in through corepack), else corepack.
 */
export function pnpmSync(args: string[], opts: SpawnSyncOptions = {}) {
  const env = { COREPACK_INTEGRITY_KEYS: '0', COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', ...process.env, ...opts.env };
  const execpath = process.env.npm_execpath;
  const [cmd, pre] = execpath && /pnpm/.test(execpath) ? [process.execPath, [execpath]] : ['corepack', ['pnpm']];
  return spawnSync(cmd, [...pre, ...args], { stdio: 'inherit', ...opts, env });
}
