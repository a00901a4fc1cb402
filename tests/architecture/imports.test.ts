/**
 * The import directions docs/ARCHITECTURE.md draws, checked on every source file: a module may import
 * only the layers its folder is allowed to see. Read with the TypeScript parser (import, export … from,
 * import(), type-only imports told apart), so a new file or a new import is covered the day it is written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** server/src's folders (and root files) and what each may import besides itself and @yaojia/shared */
const SERVER_ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  config: ['errors'],
  logger: ['config'],
  db: ['config', 'errors'],
  lib: ['db', 'config', 'errors'],
  repositories: ['db', 'lib', 'config', 'errors'],
  // search reads the shipped alias table through the ingest parser; ingest never imports search
  search: ['db', 'lib', 'repositories', 'ingest', 'config', 'errors'],
  ingest: ['db', 'lib', 'repositories', 'config', 'errors'],
  'open-data': ['db', 'lib', 'repositories', 'config', 'errors'],
  bureau: ['db', 'lib', 'repositories', 'ingest', 'open-data', 'config', 'errors'],
  demo: ['db', 'lib', 'repositories', 'ingest', 'open-data', 'config', 'errors'],
  alerts: ['db', 'lib', 'repositories', 'config', 'errors'],
  preload: ['db', 'lib', 'repositories', 'config', 'errors'],
  plugins: ['db', 'lib', 'repositories', 'search', 'config', 'errors'],
  routes: ['db', 'lib', 'repositories', 'search', 'ingest', 'bureau', 'open-data', 'plugins', 'config', 'errors'],
  app: ['db', 'lib', 'repositories', 'search', 'plugins', 'routes', 'config', 'errors'],
  server: ['app', 'alerts', 'preload', 'config', 'logger'],
};
/** Type-only imports may also name another layer's `types.ts` (the vocabulary of parsed rows). */
const TYPES_FILE = /(^|\/)types\.ts$/;

interface Import {
  from: string;
  specifier: string;
  /** resolved path relative to ROOT, for relative specifiers */
  target: string | null;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): Import[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const target = specifier.startsWith('.') ? relative(ROOT, resolve(dirname(file), specifier)).split(sep).join('/').replace(/\.js$/, '.ts') : null;
    found.push({ from: relative(ROOT, file).split(sep).join('/'), specifier, target, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = Boolean(clause?.isTypeOnly || (clause?.namedBindings && ts.isNamedImports(clause.namedBindings) && !clause.name && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

/** server/src/<folder>/… → folder; server/src/app.ts → app */
const serverLayer = (path: string) => path.slice('server/src/'.length).split('/')[0]!.replace(/\.ts$/, '');

const all = (dir: string) => sourceFiles(join(ROOT, dir)).flatMap(importsOf);

describe('import directions (docs/ARCHITECTURE.md)', () => {
  it('server/src: each folder imports only the layers below it', () => {
    const wrong: string[] = [];
    for (const i of all('server/src')) {
      const from = serverLayer(i.from);
      if (!(from in SERVER_ALLOWED)) wrong.push(`${i.from}: folder "${from}" has no place in the layers; add it to ARCHITECTURE.md and this test`);
      if (i.specifier.startsWith('@yaojia/') && i.specifier !== '@yaojia/shared' && !i.specifier.startsWith('@yaojia/shared/')) wrong.push(`${i.from} imports ${i.specifier}`);
      if (!i.target) continue;
      if (!i.target.startsWith('server/src/')) {
        wrong.push(`${i.from} imports ${i.specifier} outside server/src (use @yaojia/shared)`);
        continue;
      }
      const to = serverLayer(i.target);
      if (to === from) continue;
      if (SERVER_ALLOWED[from]?.includes(to)) continue;
      if (i.typeOnly && TYPES_FILE.test(i.target)) continue;
      wrong.push(`${i.from} → ${i.target} (${from} may import ${SERVER_ALLOWED[from]?.join(', ') || 'nothing'})`);
    }
    expect(wrong).toEqual([]);
  });

  it('shared imports nothing of the server, the mini-program or Taro, and no Node built-in', () => {
    const wrong = all('shared/src').filter((i) => /^(@yaojia\/(server|miniapp)|@tarojs\/|node:)/.test(i.specifier) || (i.target !== null && !i.target.startsWith('shared/src/')));
    expect(wrong.map((i) => `${i.from} imports ${i.specifier}`)).toEqual([]);
  });

  it('the mini-program imports the server never, and shared only by the package (type imports) or an import-free subpath', () => {
    const wrong: string[] = [];
    for (const i of all('miniapp/src')) {
      if (/^(@yaojia\/server|node:)/.test(i.specifier)) wrong.push(`${i.from} imports ${i.specifier}`);
      if (i.target && !i.target.startsWith('miniapp/src/')) wrong.push(`${i.from} imports ${i.specifier} by path`);
      // a value import of the package index bundles TypeBox and pinyin-pro into the mini-program
      if (i.specifier === '@yaojia/shared' && !i.typeOnly) wrong.push(`${i.from}: value import of @yaojia/shared (use a subpath such as @yaojia/shared/domain/money)`);
    }
    expect(wrong).toEqual([]);
  });

  it("the shared subpaths the mini-program bundles import nothing outside shared's import-free modules", () => {
    const subpaths = new Set(all('miniapp/src').filter((i) => i.specifier.startsWith('@yaojia/shared/') && !i.typeOnly).map((i) => `shared/src/${i.specifier.slice('@yaojia/shared/'.length)}.ts`));
    expect(subpaths.size).toBeGreaterThan(0);
    const seen = new Set<string>();
    const wrong: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of importsOf(join(ROOT, file))) {
        if (i.typeOnly) continue;
        if (i.target) walk(i.target);
        else wrong.push(`${file} imports ${i.specifier}`);
      }
    };
    for (const f of subpaths) walk(f);
    expect(wrong).toEqual([]);
  });

  it('product code never imports scripts/, tests/ or the team reference folder beside the repo', () => {
    const wrong = ['server/src', 'shared/src', 'miniapp/src', 'scripts']
      .flatMap(all)
      .filter((i) => i.target !== null && (/^(tests)\//.test(i.target) || i.target.startsWith('..') || (i.target.startsWith('scripts/') && !i.from.startsWith('scripts/'))));
    expect(wrong.map((i) => `${i.from} imports ${i.specifier}`)).toEqual([]);
  });
});
