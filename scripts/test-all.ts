/**
 * `npm test` → here, after pnpm install: every test, in order, and one closing line
 * `N passed, N failed` summed over all suites (CI's reader does not understand vitest's summary).
 * Steps: typecheck → unit/integration (real SQLite, real Meilisearch) → the server suites again on
 * PostgreSQL (Debian's postgresql, a throwaway cluster on loopback) → mini-program builds (weapp size
 * budget, H5) → e2e in Debian Chromium → search evaluation → small benchmark.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pnpmSync } from './lib/pnpm.js';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.tmp/test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const failures: string[] = [];

function step(name: string, args: string[], opts: { counts?: string } = {}) {
  console.log(`\n━━ ${name} ━━`);
  const r = pnpmSync(args, { cwd: root });
  let counted = false;
  if (opts.counts && existsSync(opts.counts)) {
    const j = JSON.parse(readFileSync(opts.counts, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    counted = true;
    if (j.numTotalTests === 0) failures.push(`${name}: ran no test`);
  }
  if (r.status !== 0) {
    failures.push(`${name}: exit ${r.status}`);
    if (!counted) failed += 1; // a step that died before reporting counts as one failure
  } else if (!opts.counts) {
    passed += 1; // a check without its own test count (typecheck, build, eval, bench) counts as one
  }
}

/** Installs Debian packages a step needs when they are missing (as root, as CI runs); otherwise says how. */
function ensureDebian(what: string, present: boolean, packages: string) {
  if (present) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`${what} missing: installing Debian ${packages}…`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages}`, { stdio: 'inherit' });
  } else {
    throw new Error(`${what} is needed: sudo apt-get install -y ${packages}`);
  }
}

const hasPostgres = () => ['17', '16', '15', '14', '13'].some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

/** A step that needs Debian packages: installed first, or counted as one failure when they cannot be. */
function stepNeeding(what: string, present: boolean, packages: string, name: string, project: string) {
  try {
    ensureDebian(what, present, packages);
    step(name, vitest(project), { counts: join(out, `${project}.json`) });
  } catch (err) {
    failures.push(`${project}: ${(err as Error).message}`);
    failed += 1;
  }
}

const vitest = (project: string) => [
  'exec', 'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, `${project}.json`)}`,
];

step('typecheck', ['run', 'typecheck']);
step('unit + integration tests (vitest)', vitest('unit'), { counts: join(out, 'unit.json') });
stepNeeding('PostgreSQL', hasPostgres(), 'postgresql', 'server suites on PostgreSQL (vitest)', 'pg');
step('mini-program: weapp build + size budget', ['--filter', '@yaojia/miniapp', 'build:weapp']);
step('mini-program: H5 build', ['--filter', '@yaojia/miniapp', 'build:h5']);
stepNeeding('Chromium', existsSync('/usr/bin/chromium'), 'chromium fonts-noto-cjk', 'end-to-end tests in Chromium (vitest)', 'e2e');
step('search evaluation', ['run', 'eval:search']);
if (existsSync(join(root, 'tests/bench/run.ts'))) step('benchmark (small)', ['run', 'bench', '--size', 'small']);

if (failures.length) console.log(`\nFailed steps:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures.length || failed ? 1 : 0);

