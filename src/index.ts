/**
 * eslint-plugin-rta: the flat-config plugin object.
 *
 * ```js
 * import rta from 'eslint-plugin-rta';
 * export default [rta.configs.recommended];
 * ```
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from './rules/index.js';
import { PRESET_NAMES, presetRules, type PresetName } from './configs.js';
import { PACKAGE_NAME, VERSION } from './meta.js';

interface RtaPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: Record<PresetName, TSESLint.FlatConfig.Config>;
}

const plugin: RtaPlugin = {
  meta: { name: PACKAGE_NAME, version: VERSION, namespace: 'rta' },
  rules,
  configs: {} as Record<PresetName, TSESLint.FlatConfig.Config>,
};

for (const preset of PRESET_NAMES) {
  plugin.configs[preset] = {
    name: `rta/${preset}`,
    plugins: { rta: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: presetRules(rules, preset),
  };
}

export default plugin;
export { rules };
export type { RtaRuleDocs } from './rules/support/create-rule.js';
