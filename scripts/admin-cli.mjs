/**
 * What `pnpm admin …` runs. The admin CLI is TypeScript (scripts/admin.ts and the command groups in
 * scripts/commands/); run through tsx, every start transformed and resolved ≈ 300 modules through its
 * loader: ≈ 2.9 s of CPU before a command did anything (`prices --help`, 2 cores under load), against
 * ≈ 0.6 s for one bundle (issue 17 §2 measures a publish on the command's wall time). So this launcher
 * runs a bundle of the same sources, built by esbuild into scripts/.build/ (git-ignored): one entry per
 * command group, loaded on demand as before, every npm package left to Node (imported from where it is
 * installed; each source keeps its own import.meta.url). The bundle is rebuilt (≈ 1 s) whenever it is
 * missing or any file it was built from changed (mtimes recorded beside it), or a command group was added or
 * removed, so it never runs stale code. If esbuild cannot build, the sources run through tsx as before.
 *
 * Each build is a folder of its own (scripts/.build/<id>/), named by scripts/.build/current.json, which is
 * replaced atomically: a run never loses the folder it loads its command group from to a build another run
 * made at the same moment. Builds older than an hour are pruned, the newest few kept.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const BUILDS = join(HERE, '.build');
const CURRENT = join(BUILDS, 'current.json');
const KEEP_BUILDS = 3;
const PRUNE_AFTER_MS = 3600_000;
const COMMANDS = join(HERE, 'commands');

const groups = () =>
  readdirSync(COMMANDS)
    .filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** the current build's folder when it was built from exactly the files as they are now, else null */
function freshBuild() {
  let dir;
  let manifest;
  try {
    dir = join(BUILDS, JSON.parse(readFileSync(CURRENT, 'utf8')).dir);
    manifest = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
  } catch {
    return null;
  }
  if (manifest.groups.join(',') !== groups().join(',')) return null;
  for (const [file, ms] of Object.entries(manifest.inputs)) if (mtime(join(ROOT, file)) !== ms) return null;
  return dir;
}

const BUILTIN = new Set(builtinModules);

async function build() {
  const esbuild = await import('esbuild');
  const names = groups();
  const entry = [
    `import { runAdmin } from './lib/admin-main.ts';`,
    `await runAdmin(new Map([${names.map((g) => `[${JSON.stringify(g)}, () => import(${JSON.stringify(`./commands/${g}.ts`)})]`).join(', ')}]));`,
  ].join('\n');
  const id = `${Date.now()}-${process.pid}`;
  const out = join(BUILDS, id);
  /** npm packages stay outside the bundle, imported by the path they resolve to (as Node would load them) */
  const packagesOutside = {
    name: 'packages-outside',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'outside' || args.path.startsWith('node:') || BUILTIN.has(args.path.split('/')[0])) return undefined;
        // the workspace's own packages are TypeScript sources: bundled
        if (args.path.startsWith('@yaojia/')) return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'outside' });
        if (r.errors.length) return { errors: r.errors };
        return { path: pathToFileURL(r.path).href, external: true };
      });
    },
  };
  /** a source's import.meta.url stays its own file's (paths beside it: migrations, defaults, packages it resolves) */
  const ownUrl = {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.')) return undefined;
        const contents = text
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
        return { contents, loader: 'ts' };
      });
    },
  };
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: HERE, sourcefile: 'admin-entry.ts', loader: 'ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: out,
    entryNames: 'admin',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    sourcemap: 'linked',
    logLevel: 'silent',
    plugins: [packagesOutside, ownUrl],
    absWorkingDir: ROOT,
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('<stdin>')), 'scripts/admin-cli.mjs', 'pnpm-lock.yaml']) {
    const rel = relative(ROOT, resolve(ROOT, file));
    inputs[rel] = mtime(join(ROOT, rel));
  }
  writeFileSync(join(out, 'inputs.json'), JSON.stringify({ groups: names, inputs }));
  const next = `${CURRENT}.${process.pid}`;
  writeFileSync(next, JSON.stringify({ dir: id }));
  renameSync(next, CURRENT);
  // the newest few builds stay, and any of the last hour (a run started from one may still load a chunk from it)
  const old = readdirSync(BUILDS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== id)
    .map((d) => d.name)
    .sort((a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10))
    .slice(KEEP_BUILDS - 1)
    .filter((d) => Date.now() - Number.parseInt(d, 10) > PRUNE_AFTER_MS);
  for (const d of old) rmSync(join(BUILDS, d), { recursive: true, force: true });
  return out;
}

let dir = freshBuild();
if (!dir) {
  try {
    mkdirSync(BUILDS, { recursive: true });
    dir = await build();
  } catch (e) {
    console.error(`(admin: running from source, the bundle did not build: ${e.message.split('\n')[0]})`);
  }
}
if (dir) {
  await import(pathToFileURL(join(dir, 'admin.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(HERE, 'admin.ts')).href);
}
