import type { TSESLint } from '@typescript-eslint/utils';
import type { PresetLevel, RtaRuleDocs } from './rules/support/create-rule.js';

type RuleEntry = TSESLint.SharedConfig.RuleEntry;
type Rules = Record<string, { meta: { docs?: Partial<RtaRuleDocs> } }>;

export type PresetName = 'recommended' | 'recommended-type-checked' | 'strict' | 'all';

/**
 * The levels each preset gives each rule, from the rules' own metadata, so a new rule joins the
 * presets by declaring its levels and nothing here changes.
 */
export function presetRules(rules: Rules, preset: PresetName): Record<string, RuleEntry> {
  const entries: Record<string, RuleEntry> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    let level: PresetLevel;
    switch (preset) {
      case 'recommended':
        level = docs?.requiresTypeChecking ? 'off' : (docs?.recommended ?? 'off');
        break;
      case 'recommended-type-checked':
        level = docs?.recommended ?? 'off';
        break;
      case 'strict':
        level = docs?.strict ?? 'off';
        break;
      case 'all':
        level = 'error';
        break;
    }
    if (level !== 'off') entries[`rta/${name}`] = level;
  }
  return entries;
}

export const PRESET_NAMES: readonly PresetName[] = ['recommended', 'recommended-type-checked', 'strict', 'all'];
