/**
 * Linting one file with the plugin's own ESLint configuration (the user's never: with
 * --use-eslint-config only its rta/* levels reach the setup). The main
 * thread and the lint workers build their ESLint from the same plain-data setup and return plain
 * results, so a run gives the same findings however it is spread.
 */
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { fixPassParser } from './fix-pass-parser.js';
import plugin from '../index.js';
import { isCategory, type Finding, type FindingFix, type Notification, type Severity, type TextEdit } from '../findings/finding.js';
import type { RtaConfig } from '../config/types.js';
import { LineIndex } from './line-index.js';
import { FileBudgetExceeded, clearFileBudget, startFileBudget } from '../rules/support/budget.js';

export const RULE_PREFIX = 'rta/';
const LINTED_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

export interface RuleLevel {
  severity: 'error' | 'warning';
  options: unknown[];
}

/** Everything a linter needs, as plain data a worker can receive. */
export interface LintSetup {
  root: string;
  /** Rule id -> level for the rules ESLint runs; ids outside the plugin are ignored. */
  rules: [string, RuleLevel][];
  /** rta.config.yaml, for rules that take project hints from it. */
  config: RtaConfig;
  fix: boolean;
  /**
   * Per-file time budget of the rules, in ms: past it, the rules give up on the file, which gets a
   * `file-timeout` notification (rules/support/budget.ts). None when absent.
   */
  fileTimeoutMs?: number;
  /**
   * Tests only: an ES module (path or file URL) whose default export is an ESLint plugin; every
   * rule of it runs as `rta-extra/<name>`. Its findings are not reported (they are not rta rules).
   */
  extraPlugin?: string;
}

export interface LintJob {
  /** Absolute path. */
  path: string;
  /** Relative to the audit root, forward slashes. */
  relative: string;
  text: string;
}

export interface FileLintResult {
  relative: string;
  findings: Finding[];
  notifications: Notification[];
  /** The fixed text, when `fix` is on and a fix changed the file. */
  output?: string;
}

export interface FileLinter {
  lint(job: LintJob): Promise<FileLintResult>;
}

/** The rules of a level map that ESLint runs: plugin rules only (analyzer checks have other ids). */
export function pluginRuleEntries(levels: ReadonlyMap<string, RuleLevel>): [string, RuleLevel][] {
  return [...levels].filter(([id]) => id.startsWith(RULE_PREFIX) && Object.hasOwn(plugin.rules, id.slice(RULE_PREFIX.length)));
}

/**
 * A linter for `setup`. With `program` (the audit's one ts.Program) every file must belong to
 * it: typescript-eslint then takes each file's syntax tree and types from that program instead
 * of parsing or type-checking anything again.
 */
export async function createFileLinter(setup: LintSetup, program?: unknown): Promise<FileLinter> {
  const configs = eslintConfig(setup, program);
  if (setup.extraPlugin !== undefined) {
    const specifier = setup.extraPlugin.startsWith('file:') ? setup.extraPlugin : pathToFileURL(setup.extraPlugin).href;
    const extra = ((await import(specifier)) as { default: ESLint.Plugin }).default;
    const rules = Object.fromEntries(Object.keys(extra.rules ?? {}).map((name) => [`rta-extra/${name}`, 'error' as const]));
    configs.push({ files: [LINTED_GLOB], plugins: { 'rta-extra': extra }, rules });
  }
  const eslint = new ESLint({
    cwd: setup.root,
    overrideConfigFile: true,
    overrideConfig: configs,
    fix: setup.fix,
    cache: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    ignore: false,
  });
  return {
    async lint(job) {
      try {
        if (setup.fileTimeoutMs !== undefined) startFileBudget(setup.fileTimeoutMs);
        const [result] = await eslint.lintText(job.text, { filePath: job.path, warnIgnored: false });
        return result ? fileResult(result, job, setup.fix) : { relative: job.relative, findings: [], notifications: [] };
      } catch (error) {
        if (error instanceof FileBudgetExceeded) return timedOut(job, error.budgetMs);
        return {
          relative: job.relative,
          findings: [],
          notifications: [{ level: 'error', kind: 'internal-error', file: job.relative, message: `A check failed on this file: ${firstLine(error)}` }],
        };
      } finally {
        clearFileBudget();
      }
    },
  };
}

/** The result of a file whose checks were stopped at the time budget (by the rules or a watchdog). */
export function timedOut(job: LintJob, budgetMs: number): FileLintResult {
  return {
    relative: job.relative,
    findings: [],
    notifications: [
      {
        level: 'error',
        kind: 'file-timeout',
        file: job.relative,
        message: `Checks on this file were stopped after ${String(budgetMs)} ms (--file-timeout); it has no findings in this run.`,
      },
    ],
  };
}

function eslintConfig(setup: LintSetup, program: unknown): Linter.Config[] {
  const rules: Linter.RulesRecord = {};
  for (const [id, level] of setup.rules) {
    if (!id.startsWith(RULE_PREFIX) || !Object.hasOwn(plugin.rules, id.slice(RULE_PREFIX.length))) continue;
    rules[id] = [level.severity === 'error' ? 'error' : 'warn', ...level.options];
  }
  return [
    {
      files: [LINTED_GLOB],
      languageOptions: {
        parser: setup.fix && program !== undefined ? fixPassParser(program) : tsParser,
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: program === undefined ? { ecmaFeatures: { jsx: true } } : { ecmaFeatures: { jsx: true }, programs: [program] },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { rta: plugin as unknown as ESLint.Plugin },
      rules,
      // Rules that take project hints (cache.helpers, metrics.wrappers) read rta.config.yaml from here.
      settings: { rta: setup.config },
    },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  ];
}

function fileResult(result: ESLint.LintResult, job: LintJob, fix: boolean): FileLintResult {
  const out: FileLintResult = { relative: job.relative, findings: [], notifications: [] };
  // After --fix, positions refer to the fixed text.
  const index = new LineIndex(fix && result.output !== undefined ? result.output : job.text);
  for (const message of result.suppressedMessages) {
    if (message.ruleId?.startsWith(RULE_PREFIX) !== true) continue;
    const finding = toFinding(message, job.relative, index);
    if (!finding) continue;
    finding.suppressions = message.suppressions.map((sup) =>
      sup.justification.trim() === '' ? { kind: 'inSource' as const } : { kind: 'inSource' as const, justification: sup.justification.trim() },
    );
    out.findings.push(finding);
  }
  for (const message of result.messages) {
    if (message.fatal === true || message.ruleId === null) {
      if (message.fatal === true) {
        out.notifications.push({
          level: 'error',
          kind: 'parse-error',
          file: job.relative,
          line: message.line,
          column: message.column,
          message: message.message,
        });
      }
      continue;
    }
    if (!message.ruleId.startsWith(RULE_PREFIX)) continue;
    const finding = toFinding(message, job.relative, index);
    if (finding) out.findings.push(finding);
  }
  if (fix && result.output !== undefined && result.output !== job.text) out.output = result.output;
  return out;
}

/**
 * A rule message as a finding. After --fix the messages come from ESLint's last pass over the
 * fixed text, so their suggestions (and any autofix left unapplied) index into that text, which
 * `lineIndex` holds then.
 */
function toFinding(message: Linter.LintMessage, file: string, lineIndex: LineIndex): Finding | undefined {
  const ruleId = message.ruleId ?? '';
  const rule = (plugin.rules as Record<string, { meta: { docs?: { category?: unknown } } } | undefined>)[ruleId.slice(RULE_PREFIX.length)];
  const category = rule?.meta.docs?.category;
  if (!isCategory(category)) return undefined;
  const region = {
    startLine: message.line,
    startColumn: message.column,
    endLine: message.endLine ?? message.line,
    endColumn: message.endColumn ?? message.column + 1,
  };
  const fixes: FindingFix[] = [];
  if (message.fix) fixes.push({ description: 'Apply the autofix', kind: 'autofix', edits: [toEdit(message.fix, file, lineIndex)] });
  for (const suggestion of message.suggestions ?? []) {
    fixes.push({ description: suggestion.desc, kind: 'suggestion', edits: [toEdit(suggestion.fix, file, lineIndex)] });
  }
  const severity: Severity = message.severity === 2 ? 'error' : 'warning';
  return {
    ruleId,
    category,
    severity,
    message: message.message,
    location: { file, region },
    related: [],
    fixes,
    snippet: lineIndex.slice(region),
    source: 'rule',
  };
}

function toEdit(fix: { range: [number, number]; text: string }, file: string, index: LineIndex): TextEdit {
  return { file, range: fix.range, text: fix.text, region: index.regionOf(fix.range), original: index.text.slice(fix.range[0], fix.range[1]) };
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
