import tseslint from 'typescript-eslint';

// The project's own lint: strict type-checked rules, plus import restrictions that keep the
// layers of ARCHITECTURE.md apart (cli → audit → rules/analyzers → knowledge, sql, findings, config).
const cliOnly = { group: ['**/cli/**', '../cli/*', '../../cli/*'], message: 'Only src/cli may import the CLI.' };

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'examples/', 'bench/corpus/out/', 'bench/results/', 'coverage/', 'test/rules/fixtures/', 'eslint.config.mjs', 'vitest.config.ts'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // ESTree node types are string enums; comparing \`node.type === 'Identifier'\` is exact at
      // runtime and narrows the union the same way as AST_NODE_TYPES.Identifier does.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'ts-morph', message: 'Rules reach the compiler only through parserServices.' }],
        patterns: [cliOnly, { group: ['**/analyzers/**', '**/audit/**'], message: 'Rules sit below the audit engine and beside the analyzers.' }],
      }],
    },
  },
  {
    files: ['src/analyzers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'typescript', message: 'Analyzers use the compiler through ts-morph only.' }],
        patterns: [
          { group: ['@typescript-eslint/*', 'eslint'], message: 'Analyzers do not use ESLint or its TypeScript copy.' },
          { group: ['**/tracking/estree*', '**/rules/**', '**/audit/**'], message: 'Analyzers see ts-morph and knowledge tables, not ESLint code.' },
          cliOnly,
        ],
      }],
    },
  },
  {
    files: ['src/knowledge/**/*.ts', 'src/sql/**/*.ts', 'src/findings/**/*.ts', 'src/config/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [cliOnly, { group: ['**/audit/**', '**/rules/**', '**/analyzers/**'], message: 'Lower layers do not import higher ones.' }],
      }],
    },
  },
  {
    files: ['src/audit/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [cliOnly] }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
