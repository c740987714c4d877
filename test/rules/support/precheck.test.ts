import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { importedModules, importsAnyOf, librarySpecifiers, skipsFile } from '../../../src/rules/support/precheck.js';

/** The SourceCode ESLint gives rules for `code` (untyped). */
function sourceOf(code: string): TSESLint.SourceCode {
  let captured: TSESLint.SourceCode | undefined;
  const linter = new Linter({ configType: 'flat' });
  linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, sourceType: 'module' },
      plugins: {
        probe: {
          rules: {
            capture: {
              create(context) {
                captured = context.sourceCode as unknown as TSESLint.SourceCode;
                return {};
              },
            },
          },
        },
      },
      rules: { 'probe/capture': 'error' },
    },
  ], 'file.ts');
  if (!captured) throw new Error('no SourceCode');
  return captured;
}

describe('importedModules', () => {
  it('finds declarations, import-equals, and require/import() calls anywhere', () => {
    const source = sourceOf(`
      import { Kafka } from 'kafkajs';
      import type { Pool } from 'pg';
      export * from './local.js';
      export { a } from '@scope/pkg/deep';
      import fs = require('node:fs');
      function later() {
        const ws = require("ws");
        return import(\`rxjs/operators\`);
      }
    `);
    expect([...importedModules(source)].sort()).toEqual(['./local.js', '@scope/pkg/deep', 'kafkajs', 'node:fs', 'pg', 'rxjs/operators', 'ws']);
    // Computed once per file.
    expect(importedModules(source)).toBe(importedModules(source));
  });

  it('is empty for a file that loads nothing', () => {
    expect(importedModules(sourceOf('export const x = 1;\n')).size).toBe(0);
  });
});

describe('importsAnyOf / librarySpecifiers', () => {
  const rxjs = librarySpecifiers('rxjs');

  it('matches a library by any of its specifiers and by deep imports', () => {
    expect(rxjs.has('rxjs')).toBe(true);
    expect(importsAnyOf(sourceOf(`import { mergeMap } from 'rxjs/operators';`), rxjs)).toBe(true);
    expect(importsAnyOf(sourceOf(`const { from } = require('rxjs');`), rxjs)).toBe(true);
    expect(importsAnyOf(sourceOf(`import { x } from 'rxjs/internal/operators/mergeMap';`), rxjs)).toBe(true);
    expect(importsAnyOf(sourceOf(`import { Kafka } from 'kafkajs';`), rxjs)).toBe(false);
    expect(importsAnyOf(sourceOf(`import { x } from 'rxjs-extra';`), rxjs)).toBe(false);
    expect(importsAnyOf(sourceOf(`import { readFile } from 'node:fs/promises';`), librarySpecifiers('node'))).toBe(true);
  });

  it('refuses a table name that does not exist', () => {
    expect(() => librarySpecifiers('no-such-library')).toThrow(/no knowledge table/);
  });
});

describe('skipsFile', () => {
  const kafka = { specifiers: librarySpecifiers('kafka') };

  it('skips a file that imports none of the libraries and names none of the globals', () => {
    expect(skipsFile({ sourceCode: sourceOf('export const add = (a: number, b: number) => a + b;') }, kafka)).toBe(true);
    expect(skipsFile({ sourceCode: sourceOf(`import { Kafka } from 'kafkajs';`) }, kafka)).toBe(false);
    const streams = { specifiers: librarySpecifiers('node'), globals: ['process'] };
    expect(skipsFile({ sourceCode: sourceOf('export function log(s: string) { process.stdout.write(s); }') }, streams)).toBe(false);
    expect(skipsFile({ sourceCode: sourceOf('export const processed = 1;') }, streams)).toBe(true);
  });

  it('never skips a typed file for a rule that also reads types', () => {
    const plain = sourceOf('export const x = 1;');
    // What a typed parse adds: a program in the parser services.
    const typed = { sourceCode: { ast: plain.ast, text: plain.text, parserServices: { program: {} } } as unknown as TSESLint.SourceCode };
    expect(skipsFile(typed, { ...kafka, usesTypes: true })).toBe(false);
    expect(skipsFile(typed, kafka)).toBe(true);
  });
});
