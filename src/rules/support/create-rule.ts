import { ESLintUtils } from '@typescript-eslint/utils';
import type { RuleListener, RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { checkFileBudget } from './budget.js';
import type { Category } from '../../findings/finding.js';
import { ruleDocsUrl } from '../../meta.js';

export type PresetLevel = 'error' | 'warn' | 'off';

/** What every rta rule must declare beyond ESLint's own docs fields. */
export interface RtaRuleDocs {
  description: string;
  category: Category;
  /** Level in the `recommended` presets (`off`: only in `strict`/`all`). */
  recommended: PresetLevel;
  /** Level in `strict`. */
  strict: PresetLevel;
  /** Reports only with type information; such rules join `recommended-type-checked`, not `recommended`. */
  requiresTypeChecking?: boolean;
}

const createRtaRule = ESLintUtils.RuleCreator<RtaRuleDocs>(ruleDocsUrl);

/**
 * `ESLintUtils.RuleCreator` that fills `meta.docs.url` and makes `category` and preset levels
 * required; every listener of the rule checks the per-file time budget (budget.ts).
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  spec: Parameters<typeof createRtaRule<Options, MessageIds>>[0],
): RuleModule<MessageIds, Options, RtaRuleDocs> {
  const rule = createRtaRule(spec);
  return {
    ...rule,
    create(context) {
      return budgeted(rule.create(context));
    },
  };
}

function budgeted(listeners: RuleListener): RuleListener {
  const wrapped: Record<string, (node: never) => void> = {};
  for (const [selector, listener] of Object.entries(listeners) as [string, ((node: never) => void) | undefined][]) {
    if (!listener) continue;
    wrapped[selector] = (node) => {
      checkFileBudget();
      listener(node);
    };
  }
  return wrapped;
}
