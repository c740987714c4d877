/**
 * The audit: one pass over the files with ESLint (the plugin's own configuration; the project's
 * eslint.config.* only with --use-eslint-config), the project analyzers on the same program,
 * and one merged, sorted list of findings.
 */
import fs from 'node:fs';
import path from 'node:path';
import plugin from '../index.js';
import { presetRules, type PresetName } from '../configs.js';
import { ANALYZERS, type Analyzer, type AnalyzerContext } from '../analyzers/index.js';
import {
  compareFindings,
  compareNotifications,
  type AuditResult,
  type Finding,
  type Notification,
  type RuleDescriptor,
  type Severity,
} from '../findings/finding.js';
import { docsDirectory, readRuleHelp } from '../findings/rule-docs.js';
import { lineHashes } from '../findings/line-hash.js';
import { ConfigError, loadConfig, findConfigFile, type RuleOptionsSchema } from '../config/load.js';
import { normalizeRuleEntry } from '../config/severity.js';
import type { LoadedConfig, RtaConfig } from '../config/types.js';
import { VERSION, ruleDocsUrl } from '../meta.js';
import { discoverFiles, errorMessage, type DiscoveredFile } from './files.js';
import { findTsconfig, loadProgram, tsconfigChain, tsconfigFiles, type TypedProgram } from './program.js';
import { commonAncestor, isInside, toPosix } from './paths.js';
import { writeFileAtomic } from './write.js';
import { AuditUsageError } from './errors.js';
import { parseDirectives, type Directives } from './directives.js';
import { applyBaseline, changedLines, onChangedLine, readBaseline, shardOf, type Shard } from './review.js';
import { fingerprints } from '../findings/reporters/sarif.js';
import { mergeGraphs, type PipelineGraph } from '../findings/pipeline.js';
import { RULE_PREFIX, pluginRuleEntries, type FileLintResult, type LintSetup, type RuleLevel } from './lint-files.js';
import { lintJobs, resolveConcurrency, type Concurrency } from './workers.js';
import { planWithProjectConfig, type LintGroup } from './project-eslint-config.js';
import { contentHash, filesKey, openAuditCache, programInputs, type AuditCache, type TypedRunEntry } from './cache.js';
import type { AnalyzerOutput } from '../analyzers/analyzer.js';

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
  /** Worker threads for untyped linting, or `auto` (default 1: this thread). Typed linting stays on the one program here. */
  concurrency?: Concurrency;
  /** Per-file time budget of worker linting, in ms (default 30000); a file over it gets a `file-timeout` notification. */
  fileTimeoutMs?: number;
  /** Reuse results of earlier runs whose inputs are unchanged (default false; the CLI turns it on). Never with `fix`. */
  cache?: boolean;
  /** Folder of the cache (default `node_modules/.cache/rta-lint` under the root, else under the OS temp folder). */
  cacheLocation?: string;
  /**
   * Load the project's own `eslint.config.*` (this runs it) and follow its `rta/*` rule levels,
   * options and `ignores` (default false: the project's ESLint config is never loaded). Turns the
   * cache off for the run.
   */
  useEslintConfig?: boolean;
}

export { AuditUsageError };

export { RULE_PREFIX };
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 0, warning: 1, error: 2 };

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const startTime = new Date().toISOString();
  const given = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  const paths = given.map((p) => path.resolve(options.cwd, p));
  given.forEach((p, i) => {
    // A dangling symbolic link exists as a name: discovery skips it with a note.
    const abs = paths[i] ?? p;
    if (!fs.existsSync(abs) && !isLink(abs)) throw new AuditUsageError(`No such file or directory: ${p}`);
  });
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

  const analyzers = options.analyzers ?? ANALYZERS;
  // The result cache (cache.ts): content hashes of the audited files, and the cache of this
  // run's environment, opened once it is known whether the run is typed.
  const hashes = options.cache === true && options.fix !== true && options.useEslintConfig !== true ? new Map(discovery.files.map((f) => [f.path, contentHash(f.text)])) : undefined;
  const cacheFor = (tsconfig: string | undefined): AuditCache | undefined =>
    hashes &&
    openAuditCache({
      root,
      ...(options.cacheLocation !== undefined ? { location: path.resolve(options.cwd, options.cacheLocation) } : {}),
      typed: tsconfig !== undefined,
      levels: effectiveRuleLevels(tsconfig !== undefined ? 'recommended-type-checked' : 'recommended', config, analyzers),
      loaded,
      analyzerIds: analyzers.map((a) => a.id),
      files: discovery.files,
      tsconfigChain: tsconfig !== undefined ? tsconfigChain(tsconfig) : [],
      shard: options.shard,
    });
  let cache: AuditCache | undefined;
  let cachedRun: TypedRunEntry | undefined;

  let typed: TypedProgram | undefined;
  if (options.typeCheck !== false) {
    const tsconfig = findTsconfig(root);
    const covered = tsconfig === undefined ? undefined : tsconfigFiles(tsconfig);
    if (tsconfig && (covered === undefined || sources.some((f) => covered.has(f.path)))) {
      cache = cacheFor(tsconfig);
      // An unchanged project needs no program at all: the whole typed run comes from the cache.
      cachedRun = hashes && cache?.typedRun(hashes, sources.map((f) => f.relative), covered);
      if (!cachedRun) {
        const outcome = loadProgram(tsconfig, relative);
        if ('notification' in outcome) notifications.push(outcome.notification);
        else typed = outcome;
      }
    }
  }
  const isTyped = typed !== undefined || cachedRun !== undefined;
  if (!isTyped) cache = cacheFor(undefined);
  const analyzerInputs = hashes && filesKey(discovery.files.map((f) => ({ relative: f.relative, hash: hashes.get(f.path) ?? '' })));
  const cachedOutputs = cachedRun?.analyzers ?? (analyzerInputs !== undefined && !isTyped ? cache?.analyzerOutputs(analyzerInputs) : undefined);

  const ruleLevels = effectiveRuleLevels(isTyped ? 'recommended-type-checked' : 'recommended', config, analyzers);
  // Rules an analyzer reports in their place (`Analyzer.supersedes`): off in ESLint, so each
  // problem is reported once; the analyzer grades its findings unless `rules:` sets the id.
  const superseded = new Map(analyzers.flatMap((a) => (a.supersedes ?? []).map((id) => [id, a] as const)));
  const setInConfig = (ruleId: string) => Object.hasOwn(config.rules ?? {}, ruleId);

  const severityOf = (ruleId: string): 'error' | 'warning' | 'off' => {
    const level = ruleLevels.get(ruleId);
    if (level !== undefined) return level.severity;
    // A superseded typed-only rule is absent from the untyped preset; its analyzer still runs.
    const owner = superseded.get(ruleId);
    const check = owner?.checks.find((c) => c.id === ruleId);
    if (check && !setInConfig(ruleId)) return check.defaultSeverity === 'error' ? 'error' : 'warning';
    return 'off';
  };
  const analyzerContext: AnalyzerContext = {
    root,
    files: discovery.files,
    project: typed?.project,
    config,
    configDir: loaded?.dir,
    ...(loaded ? { configFile: loaded.file } : {}),
    severityOf,
  };
  // Config problems analyzers can see before the run (a schema reference naming a missing symbol).
  // A cached run over the same inputs completed, so it had none.
  const configProblems = cachedOutputs
    ? []
    : analyzers.flatMap((a) => (a.checkConfig && !(a.needsTypes && !typed) ? a.checkConfig(analyzerContext) : []));
  if (configProblems.length > 0) throw new ConfigError(configProblems);

  const lintLevels = new Map([...ruleLevels].filter(([id]) => !superseded.has(id)));
  // Typed linting stays on the one program in this thread; untyped files may go to workers.
  const concurrency = typed || cachedRun ? 1 : resolveConcurrency(options.concurrency ?? 1, sources.length);
  // With workers, this thread runs the analyzers while they lint, then lints from their queue.
  let mainFree = (): void => undefined;
  const helpWhen = new Promise<void>((resolve) => (mainFree = resolve));
  const lintRun: LintRun = {
    concurrency,
    ...(concurrency > 1 ? { helpWhen } : {}),
    ...(options.fileTimeoutMs !== undefined ? { fileTimeoutMs: options.fileTimeoutMs } : {}),
    // Typed results depend on other files; they are cached as a whole run below.
    ...(cache && !typed && hashes ? { cache, hashes } : {}),
  };
  const plan =
    options.useEslintConfig === true
      ? await planWithProjectConfig(root, sources, lintLevels, (id) => !superseded.has(id) && Object.hasOwn(plugin.rules, id.slice(RULE_PREFIX.length)))
      : undefined;
  if (plan && plan.ignored.size > 0) {
    notifications.push({
      level: 'note',
      kind: 'eslint-config-ignored',
      message: `${String(plan.ignored.size)} file(s) ignored by ${toPosix(path.relative(root, plan.configFile)) || plan.configFile} (--use-eslint-config): no findings are reported in them.`,
    });
  }
  const linting = cachedRun
    ? Promise.resolve(lintOutcome(cachedRun.lint, sources, false))
    : plan
      ? lintGroups(plan.groups, root, typed, options.fix === true, config, lintRun)
      : lintSources(sources, root, lintLevels, typed, options.fix === true, config, lintRun);
  // In one thread, linting first.
  const linted = concurrency > 1 ? undefined : await linting;
  const analyzerFindings: Finding[] = [];
  const analyzerNotifications: Notification[] = [];
  const ranChecks: RuleDescriptor[] = [];
  const pipelines: PipelineGraph[] = [];
  const analyzerOutputs: Record<string, AnalyzerOutput> = {};
  let analyzersFailed = false;
  for (const analyzer of analyzers) {
    if (analyzer.needsTypes && !isTyped) {
      analyzerNotifications.push({ level: 'note', kind: 'analyzer-skipped', message: `${analyzer.id}: needs a tsconfig.json; skipped in this untyped run.` });
      continue;
    }
    try {
      const output = (cachedOutputs && Object.hasOwn(cachedOutputs, analyzer.id) ? cachedOutputs[analyzer.id] : undefined) ?? (await analyzer.run(analyzerContext));
      analyzerOutputs[analyzer.id] = output;
      for (const finding of output.findings) {
        if (!inShard(finding.location.file)) continue;
        const level = severityOf(finding.ruleId);
        if (level === 'off') continue;
        // rta.config.yaml's `rules:` sets analyzer checks' levels as it does for ESLint rules;
        // a superseding analyzer's own per-finding severity stands unless `rules:` names the id,
        // and so does any finding graded below its check's level (a note for a near miss, a
        // warning for the milder case of a check), since the level is the check's ceiling.
        const graded = (superseded.has(finding.ruleId) || SEVERITY_RANK[finding.severity] < SEVERITY_RANK[level]) && !setInConfig(finding.ruleId);
        analyzerFindings.push(graded ? finding : { ...finding, severity: level });
      }
      analyzerNotifications.push(...output.notifications);
      if (output.pipeline) pipelines.push(output.pipeline);
      for (const check of analyzer.checks) {
        const level = severityOf(check.id);
        // Checks that share an ESLint rule's id are described once, from the rule.
        if (level === 'off' || (isPluginRule(check.id) && ruleLevels.has(check.id)) || ranChecks.some((c) => c.id === check.id)) continue;
        ranChecks.push(withHelp({ ...check, defaultSeverity: level }));
      }
    } catch (error) {
      analyzersFailed = true;
      analyzerNotifications.push({ level: 'error', kind: 'internal-error', message: `${analyzer.id} failed: ${errorMessage(error)}` });
    }
  }
  mainFree();
  const lint = linted ?? (await linting);
  notifications.push(...lint.notifications, ...analyzerNotifications);
  const claimed = new Set(Object.values(analyzerOutputs).flatMap((o) => (o.claims ?? []).map((c) => claimKey(c.ruleId, c.file, c.line, c.column))));
  const ruleFindings = lint.findings.filter(
    (f) => f.source !== 'rule' || !claimed.has(claimKey(f.ruleId, f.location.file, f.location.region.startLine, f.location.region.startColumn)),
  );
  const findings = [...ruleFindings, ...analyzerFindings].filter((f) => !plan?.ignored.has(f.location.file));
  if (cache && hashes && !analyzersFailed) {
    if (typed) {
      cache.setTypedRun({ inputs: programInputs(typed.files, hashes), linted: sources.map((f) => f.relative), lint: lint.results, analyzers: analyzerOutputs });
    } else if (!isTyped && analyzerInputs !== undefined && !cachedOutputs) {
      cache.setAnalyzerOutputs(analyzerInputs, analyzerOutputs);
    }
  }
  cache?.save();

  const finalText = new Map(discovery.files.map((f) => [f.relative, lint.fixedText.get(f.relative) ?? f.text]));
  if (loaded) finalText.set(relative(loaded.file), readText(loaded.file));
  suppressAnalyzerFindings(findings, finalText);
  addLineHashes(findings, finalText);
  addExcerpts(findings, finalText);
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
    rules: [...ruleDescriptors(plan ? unionOfLevels(ruleLevels, plan.groups) : ruleLevels), ...ranChecks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    filesAnalysed: discovery.files.length,
    typed: isTyped,
    toolVersion: VERSION,
    startTime,
    endTime: new Date().toISOString(),
    fixedFiles: lint.fixedFiles,
    ...(options.category !== undefined ? { automationId: automationId(options.category) } : {}),
    ...(baseline ? { baseline } : {}),
    ...(options.changedSince !== undefined ? { changedSince: options.changedSince } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(pipelines.length > 0 ? { pipeline: mergeGraphs(pipelines) } : {}),
  };
}

/** Where an analyzer claims a rule's findings (`AnalyzerOutput.claims`). */
function claimKey(ruleId: string, file: string, line: number, column: number): string {
  return JSON.stringify([ruleId, file, line, column]);
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

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
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
  // Analyzer checks take no options (absent here); a check sharing a rule's id takes the rule's.
  const ruleOptionSchemas: Record<string, RuleOptionsSchema> = {};
  for (const [name, rule] of Object.entries(plugin.rules)) ruleOptionSchemas[RULE_PREFIX + name] = rule.meta.schema;
  return loadConfig(file, { knownRuleIds, ruleOptionSchemas, root: configRoot, allowOutsideRoot: options.allowOutsideRoot === true });
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
  /** Each linted file's result, in source order (what the cache keeps). */
  results: FileLintResult[];
}

const EXCERPT_CONTEXT = 3;
const EXCERPT_MAX_FLAGGED = 12;
const EXCERPT_MAX_LINES = 24;
const EXCERPT_MAX_LINE_LENGTH = 400;

/**
 * The flagged lines with a few lines around them (and the lines a fix of the finding edits, when
 * they are close), for reporters that show code but cannot read files.
 */
function addExcerpts(findings: Finding[], texts: ReadonlyMap<string, string>): void {
  const cache = new Map<string, string[]>();
  for (const finding of findings) {
    const file = finding.location.file;
    let lines = cache.get(file);
    if (!lines) {
      const text = texts.get(file);
      if (text === undefined) continue;
      lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
      cache.set(file, lines);
    }
    const { startLine, endLine } = finding.location.region;
    if (startLine < 1 || startLine > lines.length) continue;
    let first = startLine;
    let last = Math.min(Math.max(endLine, startLine), startLine + EXCERPT_MAX_FLAGGED - 1);
    for (const edit of finding.fixes.flatMap((f) => f.edits)) {
      if (edit.file !== file) continue;
      const a = Math.min(first, edit.region.startLine);
      const b = Math.max(last, edit.region.endLine);
      if (b - a + 1 <= EXCERPT_MAX_LINES - 2 * EXCERPT_CONTEXT) {
        first = a;
        last = b;
      }
    }
    const from = Math.max(1, first - EXCERPT_CONTEXT);
    const to = Math.min(lines.length, last + EXCERPT_CONTEXT);
    finding.excerpt = {
      startLine: from,
      lines: lines.slice(from - 1, to).map((line) => (line.length > EXCERPT_MAX_LINE_LENGTH ? `${line.slice(0, EXCERPT_MAX_LINE_LENGTH)}…` : line)),
    };
  }
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

interface LintRun {
  concurrency: number;
  helpWhen?: Promise<void>;
  fileTimeoutMs?: number;
  /** Per-file results of earlier untyped runs, and the content hashes they are keyed by. */
  cache?: AuditCache;
  hashes?: ReadonlyMap<string, string>;
}

async function lintSources(
  sources: readonly DiscoveredFile[],
  root: string,
  levels: Map<string, RuleLevel>,
  typed: TypedProgram | undefined,
  fix: boolean,
  config: RtaConfig,
  run: LintRun,
): Promise<LintOutcome> {
  const setup: LintSetup = { root, rules: pluginRuleEntries(levels), config, fix };
  const results = Array.from<FileLintResult | undefined>({ length: sources.length });
  const todo: number[] = [];
  sources.forEach((file, i) => {
    const hash = run.hashes?.get(file.path);
    const hit = hash === undefined ? undefined : run.cache?.fileResult(file.relative, hash);
    if (hit) results[i] = hit;
    else todo.push(i);
  });
  const fresh = await lintJobs(
    todo.map((i) => sources[i] as DiscoveredFile),
    setup,
    {
      concurrency: run.concurrency,
      ...(run.helpWhen ? { helpWhen: run.helpWhen } : {}),
      ...(run.fileTimeoutMs !== undefined ? { fileTimeoutMs: run.fileTimeoutMs } : {}),
      ...(typed ? { typed: { program: typed.program, files: typed.files } } : {}),
    },
  );
  todo.forEach((i, k) => {
    const result = fresh[k];
    const hash = run.hashes?.get((sources[i] as DiscoveredFile).path);
    if (result && hash !== undefined) run.cache?.setFileResult(hash, result);
    results[i] = result;
  });
  return lintOutcome(
    results.map((r, i) => r ?? { relative: (sources[i] as DiscoveredFile).relative, findings: [], notifications: [] }),
    sources,
    fix,
  );
}

/** Each group of files linted with its own rule levels (`--use-eslint-config`), as one outcome. */
async function lintGroups(groups: readonly LintGroup[], root: string, typed: TypedProgram | undefined, fix: boolean, config: RtaConfig, run: LintRun): Promise<LintOutcome> {
  const all: LintOutcome = { findings: [], notifications: [], fixedFiles: [], fixedText: new Map(), results: [] };
  for (const group of groups) {
    const outcome = await lintSources(group.files, root, group.levels, typed, fix, config, run);
    all.findings.push(...outcome.findings);
    all.notifications.push(...outcome.notifications);
    all.fixedFiles.push(...outcome.fixedFiles);
    for (const [file, text] of outcome.fixedText) all.fixedText.set(file, text);
    all.results.push(...outcome.results);
  }
  return all;
}

/** The rules that ran on some file: the run's levels and every group's. */
function unionOfLevels(levels: ReadonlyMap<string, RuleLevel>, groups: readonly LintGroup[]): Map<string, RuleLevel> {
  const union = new Map(levels);
  for (const group of groups) for (const [id, level] of group.levels) if (!union.has(id)) union.set(id, level);
  return union;
}

/** Findings and notifications of lint results; with `fix`, the fixed files are written here. */
function lintOutcome(results: readonly FileLintResult[], sources: readonly DiscoveredFile[], fix: boolean): LintOutcome {
  const outcome: LintOutcome = { findings: [], notifications: [], fixedFiles: [], fixedText: new Map(), results: [...results] };
  const byRelative = new Map(sources.map((f) => [f.relative, f]));
  for (const result of results) {
    outcome.findings.push(...result.findings);
    outcome.notifications.push(...result.notifications);
    const file = byRelative.get(result.relative);
    if (!fix || result.output === undefined || !file) continue;
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
  return outcome;
}
