import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../rules/fixtures');

/** Syntax and import tracking only: what every user gets with `recommended`. */
export function untypedTester(): RuleTester {
  return new RuleTester({
    languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
  });
}

/** With a real program over `test/rules/fixtures` (Node's types), as `recommended-type-checked` runs. */
export function typedTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: fixturesDir,
      },
    },
  });
}
