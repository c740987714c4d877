// node bench/eslint-peer.mjs <floor|recommended-type-checked> <project-folder>
//
// The two ESLint runs rta-lint is measured against, on the same files it reads:
//   floor                     @typescript-eslint/parser and zero rules: the cost of reading,
//                             parsing and scope-analysing the files, which no linter avoids;
//   recommended-type-checked  typescript-eslint's recommended-type-checked preset on the
//                             project's tsconfig.json (the typed lint a user runs anyway).
// Prints one JSON line: files linted, problems, parse errors.
import path from 'node:path';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import tseslint from 'typescript-eslint';

const [mode, folder] = process.argv.slice(2);
if (!folder || !['floor', 'recommended-type-checked'].includes(mode)) {
  console.error('usage: node bench/eslint-peer.mjs <floor|recommended-type-checked> <project-folder>');
  process.exit(2);
}
const root = path.resolve(folder);
// The extensions rta-lint reads; ESLint's default ignores (node_modules, .git) match its own.
const FILES = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const IGNORES = ['**/dist/**', '**/build/**', '**/coverage/**', '**/.next/**', '**/.nuxt/**', '**/.turbo/**', '**/.cache/**'];

const overrideConfig =
  mode === 'floor'
    ? [
        { ignores: IGNORES },
        {
          files: [FILES],
          languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
          linterOptions: { reportUnusedDisableDirectives: 'off' },
          rules: {},
        },
      ]
    : [
        { ignores: IGNORES },
        ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: config.files ?? [FILES] })),
        {
          files: [FILES],
          languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
          linterOptions: { reportUnusedDisableDirectives: 'off' },
        },
      ];

const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig, cache: false, errorOnUnmatchedPattern: false });
const results = await eslint.lintFiles([FILES]);
let problems = 0;
let parseErrors = 0;
for (const result of results) {
  for (const message of result.messages) {
    if (message.fatal) parseErrors++;
    else problems++;
  }
}
console.log(JSON.stringify({ mode, files: results.length, problems, parseErrors }));
