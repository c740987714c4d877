/**
 * Rule documentation pages (`docs/rules/<rule-name>.md`), which the SARIF report carries as each
 * rule's `help.markdown`.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RULE_NAME = /^[a-z0-9][a-z0-9-]*$/i;

/**
 * The markdown of a rule's docs page, or undefined when there is none. `ruleName` is the name
 * without the `rta/` prefix (a prefixed id is accepted too).
 */
export function readRuleHelp(docsDir: string, ruleName: string): string | undefined {
  const name = ruleName.startsWith('rta/') ? ruleName.slice('rta/'.length) : ruleName;
  if (!RULE_NAME.test(name)) return undefined;
  try {
    return readFileSync(join(docsDir, `${name}.md`), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw error;
  }
}

/**
 * The package's `docs/rules` folder. This module sits in `src/findings` or `dist/findings`, two
 * levels below the package root.
 */
export function docsDirectory(): string {
  return fileURLToPath(new URL('../../docs/rules', import.meta.url));
}
