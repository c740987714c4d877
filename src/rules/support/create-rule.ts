import { ESLintUtils } from '@typescript-eslint/utils';
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

/** `ESLintUtils.RuleCreator` that fills `meta.docs.url` and makes `category` and preset levels required. */
export const createRule = ESLintUtils.RuleCreator<RtaRuleDocs>(ruleDocsUrl);
