/**
 * The audit: one pass over the files with ESLint (the plugin's own configuration, never the
 * user's), the project analyzers on the same program, and one merged, sorted list of findings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../index.js';
import { presetRules, type PresetName } from '../configs.js';
import { ANALYZERS, type Analyzer, type AnalyzerContext } from '../analyzers/index.js';
import {
  compareFindings,
  compareNotifications,
  isCategory,
  type AuditResult,
  type Finding,
  type FindingFix,
  type Notification,
  type RuleDescriptor,
  type Severity,
  type TextEdit,
} from '../findings/finding.js';
import { docsDirectory, readRuleHelp } from '../findings/rule-docs.js';
import { lineHashes } from '../findings/line-hash.js';
import { loadConfig, findConfigFile } from '../config/load.js';
import { normalizeRuleEntry } from '../config/severity.js';
import type { LoadedConfig, RtaConfig } from '../config/types.js';
import { VERSION, ruleDocsUrl } from '../meta.js';
import { discoverFiles, errorMessage, type DiscoveredFile } from './files.js';
import { findTsconfig, loadProgram, tsconfigFiles, type TypedProgram } from './program.js';
import { commonAncestor, isInside, toPosix } from './paths.js';
import { LineIndex } from './line-index.js';
import { writeFileAtomic } from './write.js';
import { AuditUsageError } from './errors.js';
import { parseDirectives, type Directives } from './directives.js';
import { applyBaseline, changedLines, onChangedLine, readBaseline, shardOf, type Shard } from './review.js';
import { fingerprints } from '../findings/reporters/sarif.js';

export interface AuditOptions {
  /** Folder that relative paths are resolved against. */
  cwd: string;
  /** Files and folders to audit; default the cwd. */
  paths?: readonly string[];
  /** Root that reported paths are relative to; default the single folder given, or the common ancestor. */
  root?: string;
  /** rta.config.yaml to use instead of searching from the root upward. */
  configFile?: string;
  /** Apply autofixes to the files. */
  fix?: boolean;
  /** Use the project's tsconfig.json when there is one (default true). */
  typeCheck?: boolean;
  maxFileBytes?: number;
  /** Accept config paths outside the root. */
  allowOutsideRoot?: boolean;
  /** Project analyses to run (default: all of them); tests pass their own. */
  analyzers?: readonly Analyzer[];
  /** Keep findings silenced by eslint-disable comments, marked as suppressed. */
  includeSuppressed?: boolean;
  /** Baseline file: findings already in it are marked unchanged. */
  baseline?: string;
  /** Only findings on lines added or changed since the merge base with this git revision. */
  changedSince?: string;
  /** Analyse only this share of the files. */
  shard?: Shard;
  /** SARIF analysis category (several runs in one repository). */
  category?: string;
}

export { AuditUsageError };

export const RULE_PREFIX = 'rta/';
const LINTED_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const startTime = new Date().toISOString();
  const paths = (options.paths && options.paths.length > 0 ? options.paths : ['.']).map((p) => path.resolve(options.cwd, p));
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new AuditUsageError(`No such file or directory: ${p === options.cwd ? '.' : path.relative(options.cwd, p) || p}`);
  }
  const root = path.resolve(options.cwd, options.root ?? defaultRoot(paths));
  const relative = (file: string) => toPosix(path.relative(root, file));

  const loaded = loadAuditConfig(options, root, options.analyzers ?? ANALYZERS);
  const config: RtaConfig = loaded?.config ?? {};
  const notifications: Notification[] = (loaded?.warnings ?? []).map((w) => ({
    level: 'warning' as const,
    kind: 'config-warning',
    file: relative(w.file),
    ...(w.line !== undefined ? { line: w.line } : {}),
    message: w.message,
  }));

  const discovery = discoverFiles(paths, { root, maxFileBytes: options.maxFileBytes });
  notifications.push(...discovery.notifications);
  const inShard = (relative: string) => !options.shard || shardOf(relative, options.shard.count) === options.shard.index;
  const sources = discovery.files.filter((f) => f.kind === 'source' && inShard(f.relative));

  let typed: TypedProgram | undefined;
  if (options.typeCheck !== false) {
    const tsconfig = findTsconfig(root);
    const covered = tsconfig === undefined ? undefined : tsconfigFiles(tsconfig);
    if (tsconfig && (covered === undefined || sources.some((f) => covered.has(f.path)))) {
      const outcome = loadProgram(tsconfig, relative);
      if ('notification' in outcome) notifications.push(outcome.notification);
      else typed = outcome;
    }
  }

  const analyzers = options.analyzers ?? ANALYZERS;
  const ruleLevels = effectiveRuleLevels(typed ? 'recommended-type-checked' : 'recommended', config, analyzers);
  const lint = await lintSources(sources, root, ruleLevels, typed, options.fix === true, config);
  notifications.push(...lint.notifications);
  const findings = [...lint.findings];

  const severityOf = (ruleId: string) => {
    const level = ruleLevels.get(ruleId);
    return level === undefined ? 'off' : level.severity;
  };
  const analyzerContext: AnalyzerContext = {
    root,
    files: discovery.files,
    project: typed?.project,
    config,
    configDir: loaded?.dir,
    severityOf: (ruleId) => {
      const s = severityOf(ruleId);
      return s === 'off' ? 'off' : s;
    },
  };
  const ranChecks: RuleDescriptor[] = [];
  for (const analyzer of analyzers) {
    if (analyzer.needsTypes && !typed) {
      notifications.push({ level: 'note', kind: 'analyzer-skipped', message: `${analyzer.id}: needs a tsconfig.json; skipped in this untyped run.` });
      continue;
    }
    try {
      const output = await analyzer.run(analyzerContext);
      for (const finding of output.findings) {
        if (!inShard(finding.location.file)) continue;
        const level = severityOf(finding.ruleId);
        // rta.config.yaml's `rules:` sets analyzer checks' levels as it does for ESLint rules.
        if (level !== 'off') findings.push({ ...finding, severity: level });
      }
      notifications.push(...output.notifications);
      for (const check of analyzer.checks) {
        const level = severityOf(check.id);
        // Checks that share an ESLint rule's id are described once, from the rule.
        if (level === 'off' || isPluginRule(check.id) || ranChecks.some((c) => c.id === check.id)) continue;
        ranChecks.push(withHelp({ ...check, defaultSeverity: level }));
      }
    } catch (error) {
      notifications.push({ level: 'error', kind: 'internal-error', message: `${analyzer.id} failed: ${errorMessage(error)}` });
    }
  }

  const finalText = new Map(discovery.files.map((f) => [f.relative, lint.fixedText.get(f.relative) ?? f.text]));
  if (loaded) finalText.set(relative(loaded.file), readText(loaded.file));
  suppressAnalyzerFindings(findings, finalText);
  addLineHashes(findings, finalText);
  findings.sort(compareFindings);
  // Fingerprints count occurrences over every finding, silenced or not, so they do not depend on flags.
  fingerprints(findings).forEach((print, i) => {
    const finding = findings[i];
    if (finding) finding.fingerprint = print;
  });
  let reported = options.includeSuppressed === true ? findings : findings.filter((f) => (f.suppressions?.length ?? 0) === 0);
  if (options.changedSince !== undefined) {
    const changed = changedLines(root, options.changedSince);
    reported = reported.filter((f) => onChangedLine(f, changed));
  }
  const baseline = options.baseline === undefined
    ? undefined
    : applyBaseline(reported, readBaseline(path.resolve(options.cwd, options.baseline), options.baseline));

  return {
    root,
    findings: reported,
    notifications: notifications.sort(compareNotifications),
    rules: [...ruleDescriptors(ruleLevels), ...ranChecks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    filesAnalysed: discovery.files.length,
    typed: typed !== undefined,
    toolVersion: VERSION,
    startTime,
    endTime: new Date().toISOString(),
    fixedFiles: lint.fixedFiles,
    ...(options.category !== undefined ? { automationId: automationId(options.category) } : {}),
    ...(baseline ? { baseline } : {}),
    ...(options.changedSince !== undefined ? { changedSince: options.changedSince } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  };
}

/** GitHub reads the category as everything before the last `/` of `automationDetails.id`. */
function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Analyzer findings honour the same inline `eslint-disable` comments as rule findings. */
function suppressAnalyzerFindings(findings: Finding[], texts: ReadonlyMap<string, string>): void {
  const cache = new Map<string, Directives>();
  for (const finding of findings) {
    if (finding.source !== 'analyzer') continue;
    const file = finding.location.file;
    let directives = cache.get(file);
    if (!directives) {
      directives = parseDirectives(texts.get(file) ?? '');
      cache.set(file, directives);
    }
    const suppression = directives.suppression(finding.ruleId, finding.location.region.startLine);
    if (suppression) finding.suppressions = [suppression];
  }
}

function defaultRoot(paths: readonly string[]): string {
  const isDir = (p: string) => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  return commonAncestor(paths, isDir);
}

function loadAuditConfig(options: AuditOptions, root: string, analyzers: readonly Analyzer[]): LoadedConfig | undefined {
  const file = options.configFile ? path.resolve(options.cwd, options.configFile) : findConfigFile(root);
  if (!file) return undefined;
  if (options.configFile && !fs.existsSync(file)) throw new AuditUsageError(`Config file not found: ${options.configFile}`);
  const knownRuleIds = [...Object.keys(plugin.rules).map((n) => RULE_PREFIX + n), ...analyzers.flatMap((a) => a.checks.map((c) => c.id))];
  const configRoot = isInside(file, root) ? root : path.dirname(file);
  return loadConfig(file, { knownRuleIds, root: configRoot, allowOutsideRoot: options.allowOutsideRoot === true });
}

interface RuleLevel {
  severity: 'error' | 'warning';
  options: unknown[];
}

/** The preset for this run with the config's `rules:` overrides applied; rules turned off are absent. */
export function effectiveRuleLevels(
  preset: PresetName,
  config: RtaConfig,
  analyzers: readonly Analyzer[] = ANALYZERS,
): Map<string, RuleLevel> {
  const levels = new Map<string, RuleLevel>();
  for (const [id, level] of Object.entries(presetRules(plugin.rules, preset))) {
    levels.set(id, { severity: level === 'error' || level === 2 ? 'error' : 'warning', options: [] });
  }
  for (const analyzer of analyzers) {
    for (const check of analyzer.checks) {
      // A check that shares its id with an ESLint rule (the same pattern in .sql files) follows that rule's level.
      if (isPluginRule(check.id)) continue;
      levels.set(check.id, { severity: check.defaultSeverity === 'error' ? 'error' : 'warning', options: [] });
    }
  }
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const { severity, options } = normalizeRuleEntry(setting);
    if (severity === 'off') levels.delete(id);
    else levels.set(id, { severity: severity === 'error' ? 'error' : 'warning', options });
  }
  return levels;
}

function isPluginRule(id: string): boolean {
  return id.startsWith(RULE_PREFIX) && Object.hasOwn(plugin.rules, id.slice(RULE_PREFIX.length));
}

function ruleDescriptors(levels: Map<string, RuleLevel>): RuleDescriptor[] {
  const descriptors: RuleDescriptor[] = [];
  for (const [id, level] of levels) {
    const name = id.slice(RULE_PREFIX.length);
    const rule = (plugin.rules as Record<string, (typeof plugin.rules)[keyof typeof plugin.rules] | undefined>)[name];
    if (!rule) continue;
    const docs = rule.meta.docs;
    if (!docs) continue;
    descriptors.push(
      withHelp({
        id,
        category: docs.category,
        description: docs.description,
        defaultSeverity: level.severity,
        docsUrl: ruleDocsUrl(name),
        fixable: rule.meta.fixable !== undefined,
        hasSuggestions: rule.meta.hasSuggestions === true,
      }),
    );
  }
  return descriptors;
}

function withHelp(descriptor: Omit<RuleDescriptor, 'helpMarkdown'>): RuleDescriptor {
  const help = readRuleHelp(docsDirectory(), descriptor.id.slice(RULE_PREFIX.length));
  return help === undefined ? descriptor : { ...descriptor, helpMarkdown: help };
}

interface LintOutcome {
  findings: Finding[];
  notifications: Notification[];
  fixedFiles: string[];
  /** Content written by --fix, by relative path. */
  fixedText: Map<string, string>;
}

/** GitHub's own fingerprint of each finding's first line, computed once per file. */
function addLineHashes(findings: Finding[], texts: ReadonlyMap<string, string>): void {
  const cache = new Map<string, string[]>();
  for (const finding of findings) {
    if (finding.primaryLocationLineHash !== undefined) continue;
    const file = finding.location.file;
    let hashes = cache.get(file);
    if (!hashes) {
      const text = texts.get(file);
      if (text === undefined) continue;
      hashes = lineHashes(text);
      cache.set(file, hashes);
    }
    const hash = hashes[finding.location.region.startLine - 1];
    if (hash !== undefined) finding.primaryLocationLineHash = hash;
  }
}

async function lintSources(
  sources: readonly DiscoveredFile[],
  root: string,
  levels: Map<string, RuleLevel>,
  typed: TypedProgram | undefined,
  fix: boolean,
  config: RtaConfig = {},
): Promise<LintOutcome> {
  const outcome: LintOutcome = { findings: [], notifications: [], fixedFiles: [], fixedText: new Map() };
  if (sources.length === 0) return outcome;
  const byPath = new Map(sources.map((f) => [f.path, f]));
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: eslintConfig(sources, levels, typed, config),
    fix,
    cache: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    ignore: false,
  });

  let results: ESLint.LintResult[];
  try {
    results = await eslint.lintFiles(sources.map((f) => f.path));
  } catch {
    // One file made a rule or the parser throw: lint file by file so the others still count.
    results = [];
    for (const file of sources) {
      try {
        results.push(...(await eslint.lintFiles([file.path])));
      } catch (error) {
        outcome.notifications.push({
          level: 'error',
          kind: 'internal-error',
          file: file.relative,
          message: `A check failed on this file: ${firstLine(error)}`,
        });
      }
    }
  }

  for (const result of results) {
    const file = byPath.get(path.resolve(result.filePath));
    if (!file) continue;
    // After --fix, positions refer to the fixed text.
    const index = new LineIndex(fix && result.output !== undefined ? result.output : file.text);
    for (const message of result.suppressedMessages) {
      if (message.ruleId?.startsWith(RULE_PREFIX) !== true) continue;
      const finding = toFinding(message, file, index, !fix);
      if (!finding) continue;
      finding.suppressions = message.suppressions.map((sup) =>
        sup.justification.trim() === '' ? { kind: 'inSource' as const } : { kind: 'inSource' as const, justification: sup.justification.trim() },
      );
      outcome.findings.push(finding);
    }
    for (const message of result.messages) {
      if (message.fatal === true || message.ruleId === null) {
        if (message.fatal === true) {
          outcome.notifications.push({
            level: 'error',
            kind: 'parse-error',
            file: file.relative,
            line: message.line,
            column: message.column,
            message: message.message,
          });
        }
        continue;
      }
      if (!message.ruleId.startsWith(RULE_PREFIX)) continue;
      const finding = toFinding(message, file, index, !fix);
      if (finding) outcome.findings.push(finding);
    }
    if (fix && result.output !== undefined && result.output !== file.text) {
      if (writeFileAtomic(file.path, result.output, file.text)) {
        outcome.fixedFiles.push(file.relative);
        outcome.fixedText.set(file.relative, result.output);
      } else {
        outcome.notifications.push({
          level: 'warning',
          kind: 'fix-skipped',
          file: file.relative,
          message: 'The file changed on disk during the audit; fixes were not written.',
        });
      }
    }
  }
  return outcome;
}

function eslintConfig(
  sources: readonly DiscoveredFile[],
  levels: Map<string, RuleLevel>,
  typed: TypedProgram | undefined,
  config: RtaConfig = {},
): Linter.Config[] {
  const rules: Linter.RulesRecord = {};
  for (const [id, level] of levels) {
    if (!id.startsWith(RULE_PREFIX) || !(id.slice(RULE_PREFIX.length) in plugin.rules)) continue;
    rules[id] = [level.severity === 'error' ? 'error' : 'warn', ...level.options];
  }
  const configs: Linter.Config[] = [
    {
      files: [LINTED_GLOB],
      languageOptions: {
        parser: tsParser,
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { rta: plugin as unknown as ESLint.Plugin },
      rules,
      // Rules that take project hints (cache.helpers, metrics.wrappers) read rta.config.yaml from here.
      settings: { rta: config },
    },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  ];
  if (typed) {
    const typedFiles = sources.filter((f) => typed.files.has(f.path)).map((f) => escapeGlob(f.relative));
    if (typedFiles.length > 0) {
      configs.push({ files: typedFiles, languageOptions: { parserOptions: { programs: [typed.program] } } });
    }
  }
  return configs;
}

function escapeGlob(relative: string): string {
  return relative.replace(/[\\[\](){}*?!+@]/g, '\\$&');
}

function toFinding(message: Linter.LintMessage, file: DiscoveredFile, lineIndex: LineIndex, withFixes: boolean): Finding | undefined {
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
  if (withFixes) {
    if (message.fix) fixes.push({ description: 'Apply the autofix', kind: 'autofix', edits: [toEdit(message.fix, file, lineIndex)] });
    for (const suggestion of message.suggestions ?? []) {
      fixes.push({ description: suggestion.desc, kind: 'suggestion', edits: [toEdit(suggestion.fix, file, lineIndex)] });
    }
  }
  const severity: Severity = message.severity === 2 ? 'error' : 'warning';
  return {
    ruleId,
    category,
    severity,
    message: message.message,
    location: { file: file.relative, region },
    related: [],
    fixes,
    snippet: lineIndex.slice(region),
    source: 'rule',
  };
}

function toEdit(fix: { range: [number, number]; text: string }, file: DiscoveredFile, index: LineIndex): TextEdit {
  return { file: file.relative, range: fix.range, text: fix.text, region: index.regionOf(fix.range), original: index.text.slice(fix.range[0], fix.range[1]) };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
