// node bench/rule-timing.mjs <project-folder> [--untyped]
//
// Editor cost of each rule: ESLint with the plugin's `all` preset, typed through the project's
// tsconfig.json (projectService, as an editor integration runs it; `--untyped`: no types), with
// `stats: true`. Prints one JSON line: total lint time (parse + rules + fixes, summed over
// files), each rule's time and share of that total, and the worst rule.
import path from 'node:path';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../dist/index.js';

const folder = process.argv[2];
const untyped = process.argv.includes('--untyped');
if (!folder) {
  console.error('usage: node bench/rule-timing.mjs <project-folder>');
  process.exit(2);
}
const root = path.resolve(folder);
const FILES = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { ignores: ['**/dist/**', '**/build/**', '**/coverage/**'] },
    {
      files: [FILES],
      languageOptions: { parser: tsParser, parserOptions: untyped ? {} : { projectService: true, tsconfigRootDir: root } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { ...plugin.configs.all, files: [FILES] },
  ],
  stats: true,
  cache: false,
});
const results = await eslint.lintFiles([FILES]);
let total = 0;
let parse = 0;
const rules = {};
for (const result of results) {
  for (const pass of result.stats?.times.passes ?? []) {
    total += pass.total;
    parse += pass.parse?.total ?? 0;
    for (const [id, { total: t }] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + t;
  }
}
const ranked = Object.entries(rules)
  .sort((a, b) => b[1] - a[1])
  .map(([id, ms]) => ({ id, ms: Math.round(ms), share: ms / total }));
console.log(JSON.stringify({ typed: !untyped, files: results.length, totalMs: Math.round(total), parseMs: Math.round(parse), rules: ranked, worst: ranked[0] ?? null }));
