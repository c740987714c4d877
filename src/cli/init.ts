/**
 * `rta-lint init`: a starter rta.config.yaml (with the `$schema` comment editors read) and an
 * ESLint flat-config snippet. Never overwrites an existing file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CliIo } from './main.js';

const STARTER_CONFIG = `# yaml-language-server: $schema=./node_modules/eslint-plugin-rta/schema/rta.config.schema.json
# rta-lint configuration. Every key is optional; see the README of eslint-plugin-rta.

# Batch/stream pairs checked for drift (paths are relative to this file):
# schemas:
#   - name: orders
#     stream: src/events/order-event.ts#OrderEvent
#     batch: db/migrations/001_orders.sql#orders
#     topic: orders.v1

# Service-level objectives the code must measure:
# slas:
#   - name: ingest-latency
#     kind: latency
#     metric: ingest_duration_seconds
#     threshold: 250ms
#     quantile: 0.99

# Prometheus rule files that must alert on each SLA metric:
# alerts: [ops/prometheus/*.rules.yml]

cache:
  helpers: []          # your own functions that read a cache (e.g. cached, withCache)
metrics:
  wrappers: []         # your own functions that record a metric around a handler

rules: {}              # severity overrides, e.g. rta/prefer-stream-pipeline: off
`;

const ESLINT_SNIPPET = `// eslint.config.mjs — rta rules in the editor (typed: drop projectService for untyped linting)
import rta from 'eslint-plugin-rta';
import tseslint from 'typescript-eslint';

export default [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  rta.configs['recommended-type-checked'],
];
`;

/**
 * Every file name ESLint reads a config from. A flat config in any of them, or a legacy
 * `.eslintrc*`, is the user's: writing eslint.config.mjs next to it would shadow it (ESLint looks
 * for `.js`, `.mjs`, `.cjs` before `.ts`, `.mts`, `.cts`) or change which config ESLint uses.
 */
const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
  '.eslintrc',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.yaml',
  '.eslintrc.yml',
  '.eslintrc.json',
];

const RTA_CONFIGS = ['rta.config.yaml', 'rta.config.yml'];

/** The snippet needs these besides the plugin; `typescript-eslint` is not one of its dependencies. */
const INSTALL = 'npm install --save-dev eslint-plugin-rta eslint typescript-eslint';

function existingEslintConfig(cwd: string): string | undefined {
  const file = ESLINT_CONFIGS.find((f) => fs.existsSync(path.join(cwd, f)));
  if (file !== undefined) return file;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as unknown;
    if (typeof pkg === 'object' && pkg !== null && 'eslintConfig' in pkg) return 'package.json (eslintConfig)';
  } catch {
    // No package.json, or not JSON: then it holds no ESLint config either.
  }
  return undefined;
}

export function runInit(argv: readonly string[], io: CliIo): number {
  if (argv.length > 0) {
    io.stderr.write(`rta-lint init: takes no arguments (got ${argv.join(' ')})\n`);
    return 2;
  }
  const existingRta = RTA_CONFIGS.find((f) => fs.existsSync(path.join(io.cwd, f)));
  if (existingRta !== undefined) {
    io.stdout.write(`${existingRta} already exists; left as it is.\n`);
  } else {
    fs.writeFileSync(path.join(io.cwd, 'rta.config.yaml'), STARTER_CONFIG, { flag: 'wx' });
    io.stdout.write('Wrote rta.config.yaml.\n');
  }
  const existingEslint = existingEslintConfig(io.cwd);
  if (existingEslint !== undefined) {
    io.stdout.write(`${existingEslint} exists; left as it is. Add the rta plugin to it like this:\n\n${ESLINT_SNIPPET}`);
  } else {
    fs.writeFileSync(path.join(io.cwd, 'eslint.config.mjs'), ESLINT_SNIPPET, { flag: 'wx' });
    io.stdout.write('Wrote eslint.config.mjs.\n');
  }
  io.stdout.write(`\nThe ESLint config needs these packages:\n  ${INSTALL}\n`);
  return 0;
}
