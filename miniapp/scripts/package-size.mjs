#!/usr/bin/env node
// Prints the weapp main package and subpackage sizes after build:weapp; exits 1 over budget.
// WeChat's limit is 2 MB per package; our budget for the main package is 1 MB (issue 4).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', 'dist', 'weapp');
const MAIN_BUDGET = 1024 * 1024;
const WECHAT_LIMIT = 2 * 1024 * 1024;

function dirSize(dir, skip = new Set()) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(full)) continue;
    total += entry.isDirectory() ? dirSize(full, skip) : statSync(full).size;
  }
  return total;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let app;
try {
  app = JSON.parse(readFileSync(path.join(out, 'app.json'), 'utf8'));
} catch {
  console.error(`no weapp build at ${out}; run build:weapp first`);
  process.exit(1);
}
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => path.join(out, s.root));
const main = dirSize(out, new Set([...subRoots, path.join(out, 'project.config.json'), path.join(out, 'project.private.config.json')]));
const rows = [['主包 (main)', main]];
for (const root of subRoots) rows.push([`分包 ${path.relative(out, root)}`, dirSize(root)]);
const total = rows.reduce((s, [, n]) => s + n, 0);

console.log('\n微信小程序包体积 (dist/weapp)');
for (const [name, size] of rows) console.log(`  ${name.padEnd(28)} ${kb(size).padStart(10)}`);
console.log(`  ${'合计'.padEnd(28)} ${kb(total).padStart(10)}`);
console.log(`  主包预算 ${kb(MAIN_BUDGET)}，微信单包上限 ${kb(WECHAT_LIMIT)}`);

let failed = false;
if (main > MAIN_BUDGET) {
  console.error(`主包 ${kb(main)} 超过预算 ${kb(MAIN_BUDGET)}`);
  failed = true;
}
for (const [name, size] of rows.slice(1)) {
  if (size > WECHAT_LIMIT) {
    console.error(`${name} ${kb(size)} 超过微信单包上限`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
