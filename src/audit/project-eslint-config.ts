/**
 * `--use-eslint-config`: the project's own ESLint flat config, for the `rta/*` rule levels,
 * options and `ignores` it sets. Loading it runs the project's `eslint.config.*`, which is code
 * from the repository under audit, so this happens only when the user asks for it; by default
 * rta-lint never looks at it.
 */
import { ESLint, type Linter } from 'eslint';
import { AuditUsageError } from './errors.js';
import { RULE_PREFIX, type RuleLevel } from './lint-files.js';
import { errorMessage, type DiscoveredFile } from './files.js';

/** Files linted with one set of rule levels. */
export interface LintGroup {
  levels: Map<string, RuleLevel>;
  files: DiscoveredFile[];
}

export interface ProjectLintPlan {
  groups: LintGroup[];
  /** Files the project's config ignores: linted by nothing, and no finding is reported in them. */
  ignored: Set<string>;
  /** The config file ESLint found, relative to nothing (for messages). */
  configFile: string;
}

/**
 * Splits `files` by the rule levels the project's ESLint config gives each of them: `base` (from
 * rta.config.yaml) first, then every `rta/*` entry of the config on top, as ESLint merges
 * configs (a severity alone keeps the earlier options). `allowed` says which rule ids ESLint may
 * run at all (plugin rules not replaced by an analyzer).
 */
export async function planWithProjectConfig(
  root: string,
  files: readonly DiscoveredFile[],
  base: ReadonlyMap<string, RuleLevel>,
  allowed: (ruleId: string) => boolean,
): Promise<ProjectLintPlan> {
  const eslint = new ESLint({ cwd: root });
  let configFile: string | undefined;
  try {
    configFile = await eslint.findConfigFile();
  } catch (error) {
    throw new AuditUsageError(`--use-eslint-config: ${errorMessage(error)}`);
  }
  if (configFile === undefined) {
    throw new AuditUsageError(`--use-eslint-config: no eslint.config.(js|mjs|cjs|ts|mts|cts) found from ${root} upward`);
  }
  const groups = new Map<string, LintGroup>();
  const ignored = new Set<string>();
  for (const file of files) {
    let config: Linter.Config | undefined;
    try {
      config = (await eslint.calculateConfigForFile(file.path)) as Linter.Config | undefined;
    } catch (error) {
      throw new AuditUsageError(`--use-eslint-config: ${configFile} could not be loaded`, [errorMessage(error)]);
    }
    if (config === undefined) {
      ignored.add(file.relative);
      continue;
    }
    const levels = applyRuleEntries(base, config.rules ?? {}, allowed);
    const key = JSON.stringify([...levels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { levels, files: [] }));
    group.files.push(file);
  }
  return { groups: [...groups.values()], ignored, configFile };
}

/** `base` with the `rta/*` entries of an ESLint `rules` object applied. */
export function applyRuleEntries(base: ReadonlyMap<string, RuleLevel>, rules: Partial<Linter.RulesRecord>, allowed: (ruleId: string) => boolean): Map<string, RuleLevel> {
  const levels = new Map(base);
  for (const [id, entry] of Object.entries(rules)) {
    if (!id.startsWith(RULE_PREFIX) || !allowed(id) || entry === undefined) continue;
    const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
    const normalized = severity === 2 || severity === 'error' ? 'error' : severity === 1 || severity === 'warn' ? 'warning' : 'off';
    if (normalized === 'off') {
      levels.delete(id);
      continue;
    }
    levels.set(id, { severity: normalized, options: options.length > 0 ? options : (base.get(id)?.options ?? []) });
  }
  return levels;
}
