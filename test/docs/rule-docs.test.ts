import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { ANALYZERS } from '../../src/analyzers/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const docsDir = path.join(root, 'docs/rules');

interface Example {
  verdict: 'incorrect' | 'correct';
  code: string;
  line: number;
}

/** Fenced ts/js blocks whose first line is a `// incorrect` or `// correct` comment. */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  const fence = /^```(?:ts|js|tsx|typescript|javascript)\s*\n([\s\S]*?)^```/gm;
  for (const match of markdown.matchAll(fence)) {
    const code = match[1] ?? '';
    const verdict = /^\/\/\s*(incorrect|correct)\b/.exec(code)?.[1];
    if (verdict === 'incorrect' || verdict === 'correct') {
      found.push({ verdict, code, line: markdown.slice(0, match.index).split('\n').length });
    }
  }
  return found;
}

function lint(ruleName: string, code: string) {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { rta: plugin as never },
        rules: { [`rta/${ruleName}`]: 'error' },
      },
    ],
    'example.ts',
  );
}

/**
 * Fenced blocks of analyzer checks' examples: the first line is `# incorrect`/`# correct` (YAML,
 * rule files) or `// analyzer: incorrect`/`// analyzer: correct` (code the project-level
 * analysis judges). ESLint never sees these, so they are not linted.
 */
function analyzerExamples(markdown: string): Example[] {
  const found: Example[] = [];
  for (const match of markdown.matchAll(/^```[a-z]*\s*\n([\s\S]*?)^```/gm)) {
    const code = match[1] ?? '';
    const verdict = /^(?:#|\/\/\s*analyzer:)\s*(incorrect|correct)\b/.exec(code.trimStart())?.[1];
    if (verdict === 'incorrect' || verdict === 'correct') found.push({ verdict, code, line: markdown.slice(0, match.index).split('\n').length });
  }
  return found;
}

describe('docs/rules', () => {
  const ruleNames = Object.keys(plugin.rules);
  // Analyzer checks with an id of their own (not an ESLint rule's) have pages too.
  const checks = ANALYZERS.flatMap((a) => a.checks).filter((c, i, all) => !Object.hasOwn(plugin.rules, c.id.slice('rta/'.length)) && all.findIndex((o) => o.id === c.id) === i);
  const checkNames = checks.map((c) => c.id.slice('rta/'.length));

  it('has exactly one page per rule and per analyzer check', () => {
    const pages = fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    expect(pages.sort()).toEqual([...ruleNames, ...checkNames].sort());
  });

  for (const check of checks) {
    const name = check.id.slice('rta/'.length);
    describe(`${name} (analyzer check)`, () => {
      const markdown = fs.readFileSync(path.join(docsDir, `${name}.md`), 'utf8');

      it('has the sections users need', () => {
        expect(markdown).toMatch(new RegExp(`^# rta/${name}$`, 'm'));
        for (const heading of ['## What it catches', '## Why it matters in production', '## Examples', '## Options', '## When not to use it']) {
          expect(markdown).toContain(heading);
        }
        expect(markdown).toContain(`Category: **${check.category}**`);
        expect(check.docsUrl).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      });

      it('has incorrect and correct examples, none of them marked for ESLint', () => {
        const cases = analyzerExamples(markdown);
        expect(cases.some((c) => c.verdict === 'incorrect')).toBe(true);
        expect(cases.some((c) => c.verdict === 'correct')).toBe(true);
        expect(examples(markdown)).toEqual([]);
      });
    });
  }

  for (const name of ruleNames) {
    describe(name, () => {
      const markdown = fs.readFileSync(path.join(docsDir, `${name}.md`), 'utf8');
      const rule = plugin.rules[name as keyof typeof plugin.rules];

      it('has the sections users need', () => {
        expect(markdown).toMatch(new RegExp(`^# rta/${name}$`, 'm'));
        for (const heading of ['## What it catches', '## Why it matters in production', '## Examples', '## Options', '## When not to use it']) {
          expect(markdown).toContain(heading);
        }
        expect(markdown).toContain(`Category: **${rule.meta.docs?.category ?? ''}**`);
      });

      it('meta.docs.url points at this page', () => {
        expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      });

      const cases = examples(markdown);
      it('has both incorrect and correct examples', () => {
        expect(cases.some((c) => c.verdict === 'incorrect')).toBe(true);
        expect(cases.some((c) => c.verdict === 'correct')).toBe(true);
      });

      for (const example of cases) {
        it(`example at line ${String(example.line)} is ${example.verdict}`, () => {
          const messages = lint(name, example.code);
          expect(messages.filter((m) => m.fatal === true)).toEqual([]);
          const reported = messages.filter((m) => m.ruleId === `rta/${name}`);
          if (example.verdict === 'incorrect') expect(reported.length).toBeGreaterThan(0);
          else expect(reported).toEqual([]);
        });
      }
    });
  }
});
