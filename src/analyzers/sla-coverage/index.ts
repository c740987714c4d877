/**
 * RULES.md M5 and M4: each `slas:` entry of rta.config.yaml checked against the code and the
 * Prometheus rule files. The metric must be defined (prom-client names, OpenTelemetry names
 * translated to Prometheus names, StatsD stats through `aliases`), recorded (not only defined),
 * with histogram buckets that contain the latency threshold in the metric's unit, a unit that
 * agrees with the threshold, and an alerting rule that watches it (directly or through recording
 * rules). Also every Kafka consumer group needs a lag or freshness measurement, OpenTelemetry
 * seconds histograms must not keep the SDK's millisecond-shaped default boundaries, and metrics
 * declared but never recorded are reported.
 *
 * Works without type information: when the audit has no program, the analyzer builds a
 * syntax-level ts-morph project of the audited files, whose compiler still follows imports
 * between them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget, type Node, type SourceFile } from 'ts-morph';
import type { Analyzer, AnalyzerContext, AnalyzerOutput } from '../analyzer.js';
import type { Location, Notification, Severity } from '../../findings/finding.js';
import type { Sla } from '../../config/types.js';
import { CONFIG_FILE_NAMES, locateConfigKey } from '../../config/load.js';
import { globFiles } from '../../config/glob.js';
import { durationToSeconds, thresholdValue } from '../../config/threshold.js';
import { MILLISECOND_SHAPED_BOUNDARIES } from '../../knowledge/libraries/metrics.js';
import { LIBRARIES } from '../../knowledge/registry.js';
import { ruleDocsUrl } from '../../meta.js';
import { MorphResolver } from '../dashboard-queries/resolve.js';
import {
  MetricCollector,
  isTestFile,
  namesMatch,
  importTimeRecords,
  recordedness,
  timeUnitOf,
  type MetricDefinition,
  type MetricInventory,
} from './metrics.js';
import { alertsFor, parseRuleFile, type PromRule } from './prometheus.js';
import { consumerGroups, unmeasuredGroups } from './lag.js';

export const SLA_METRIC_MISSING = 'rta/sla-metric-missing';
export const SLA_METRIC_UNRECORDED = 'rta/sla-metric-unrecorded';
export const SLA_BUCKETS_MISS_THRESHOLD = 'rta/sla-buckets-miss-threshold';
export const SLA_METRIC_UNIT = 'rta/sla-metric-unit';
export const SLA_ALERT_MISSING = 'rta/sla-alert-missing';
/** Shared with the ESLint rules of the same names (their project-level halves). */
export const CONSUMER_LAG = 'rta/require-consumer-lag-metric';
export const METRIC_UNIT_MISMATCH = 'rta/metric-unit-mismatch';

const check = (id: string, description: string, defaultSeverity: Severity) => ({
  id,
  category: 'sla-metrics' as const,
  description,
  defaultSeverity,
  docsUrl: ruleDocsUrl(id.slice('rta/'.length)),
  fixable: false,
  hasSuggestions: false,
});

export const slaCoverageAnalyzer: Analyzer = {
  id: 'sla-coverage',
  checks: [
    check(SLA_METRIC_MISSING, 'An SLA in rta.config.yaml names a metric that no code defines', 'error'),
    check(SLA_METRIC_UNRECORDED, 'A metric (an SLA metric, or a metric nothing else touches) is defined but never recorded', 'error'),
    check(SLA_BUCKETS_MISS_THRESHOLD, "A latency SLA's histogram has no bucket boundary at the threshold, so its quantile is interpolated", 'warning'),
    check(SLA_METRIC_UNIT, "An SLA's threshold or unit contradicts the unit of its metric", 'warning'),
    check(SLA_ALERT_MISSING, 'No Prometheus alerting rule watches an SLA metric, directly or through recording rules', 'warning'),
    check(CONSUMER_LAG, 'A Kafka consumer group has no lag or freshness measurement anywhere in the project', 'warning'),
    check(METRIC_UNIT_MISMATCH, "An OpenTelemetry seconds histogram keeps the SDK's millisecond-shaped default boundaries", 'error'),
  ],
  needsTypes: false,
  run: runSlaCoverage,
};

/** Module specifiers whose mention makes a file worth reading: the metrics and Kafka libraries. */
const RELEVANT_SPECIFIERS: readonly string[] = LIBRARIES.filter((l) => l.name === 'metrics' || l.name === 'kafka').flatMap((l) => l.modules.flatMap((m) => m.specifiers));

export function runSlaCoverage(context: AnalyzerContext): AnalyzerOutput {
  const output: AnalyzerOutput = { findings: [], notifications: [] };
  const on = (id: string) => context.severityOf(id) !== 'off';
  // Nothing to check in a project that uses no metrics or Kafka library and declares no SLA.
  const relevant = context.files.some((f) => f.kind === 'source' && RELEVANT_SPECIFIERS.some((spec) => f.text.includes(spec)));
  if (!relevant && (context.config.slas ?? []).length === 0) return output;
  const files = sourceFiles(context, output.notifications);
  const collector = new MetricCollector(new MorphResolver());
  const inventory = collector.collect(files);
  const relative = (file: string) => path.relative(context.root, file).split(path.sep).join('/');
  const configFile = context.configFile ?? findConfig(context.configDir);

  const at = (node: Node, message?: string): Location => {
    const file = node.getSourceFile();
    const start = file.getLineAndColumnAtPos(node.getStart());
    const end = file.getLineAndColumnAtPos(node.getEnd());
    return {
      file: relative(file.getFilePath()),
      region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
      ...(message !== undefined ? { message } : {}),
    };
  };
  const atConfig = (segments: readonly (string | number)[], message?: string): Location | undefined => {
    if (configFile === undefined) return undefined;
    const pos = locateConfigKey(configFile, segments) ?? { line: 1, column: 1 };
    return {
      file: relative(configFile),
      region: { startLine: pos.line, startColumn: pos.column, endLine: pos.line, endColumn: pos.column + 1 },
      ...(message !== undefined ? { message } : {}),
    };
  };
  const push = (ruleId: string, severity: Severity, message: string, location: Location | undefined, related: (Location | undefined)[] = []) => {
    if (!location || !on(ruleId)) return;
    output.findings.push({
      ruleId,
      category: 'sla-metrics',
      severity,
      message,
      location,
      related: related.filter((r): r is Location => r !== undefined),
      fixes: [],
      source: 'analyzer',
    });
  };

  const slas = (context.config.slas ?? []).map((sla, index) => ({ sla, index }));
  const slaDefinitions = new Set<MetricDefinition>();

  // --- OpenTelemetry seconds histograms on the SDK's default (millisecond) boundaries --------
  if (!inventory.hasOtelViews) {
    for (const def of inventory.definitions) {
      if (def.instrument !== 'histogram' || def.metric.definition?.name !== 'argument' || !def.buckets?.defaulted) continue;
      if (timeUnitOf(undefined, def.unit) !== 'seconds') continue;
      push(
        METRIC_UNIT_MISMATCH,
        'error',
        `OpenTelemetry histogram \`${def.name ?? '?'}\` is in seconds (\`unit: 's'\`) but has no \`advice.explicitBucketBoundaries\` and no SDK view: the default boundaries (0, 5, 10, 25 … 10000) are millisecond-shaped, so almost every observation lands in the first bucket and p50/p95/p99 come out as fixed fractions of 5 s whatever the real latency. Give seconds boundaries.`,
        at(def.node),
      );
    }
  }

  // --- SLAs ----------------------------------------------------------------------------------
  const ruleFiles = context.config.alerts !== undefined ? readRuleFiles(context, output.notifications, relative) : undefined;
  for (const { sla, index } of slas) {
    const metric = sla.metric;
    if (metric === undefined) continue;
    const label = sla.name !== undefined ? `SLA '${sla.name}'` : `slas[${String(index)}]`;
    const configEntry = atConfig(['slas', index], `${label} in rta.config.yaml`);
    const names = [metric, ...(sla.aliases ?? [])];
    const defs = inventory.definitions.filter((d) => names.some((n) => namesMatch(n, d.exposed)));
    for (const d of defs) slaDefinitions.add(d);
    const stats = inventory.stats.filter((s) => names.includes(s.name) || namesMatch(metric, [s.name.replace(/[.-]/g, '_')]));

    if (sla.external !== true) {
      if (defs.length === 0 && stats.length === 0) {
        const nearest = nearestDefinition(metric, inventory);
        push(
          SLA_METRIC_MISSING,
          'error',
          `${label} is measured by \`${metric}\`, but no metric of that name is defined in the audited code (prom-client \`name\`, OpenTelemetry instrument names translated to Prometheus names, StatsD stats listed in \`aliases\`): the objective has nothing to be computed from and any alert on it stays silent.${nearest ? ` The closest definition is \`${nearest.exposed[0] ?? ''}\`.` : ''}`,
          atConfig(['slas', index, 'metric']),
          nearest ? [at(nearest.node, 'the closest metric definition')] : [],
        );
      } else if (stats.length === 0 && defs.every((d) => ['unrecorded', 'at-import'].includes(recordedness(d, inventory)))) {
        for (const d of defs) {
          // Recorded only by module top-level code: once, at import, never as data flows.
          const once = recordedness(d, inventory) === 'at-import' ? (importTimeRecords(d, inventory) ?? []) : [];
          push(
            SLA_METRIC_UNRECORDED,
            'error',
            once.length > 0
              ? `\`${metric}\` (${label}) is recorded only by code at the top level of its module, which runs once when the module is imported, and on no data path (no function, callback, class member or loop records it, nor is it handed to code that could): the series keeps that one value, so the SLA is computed from a constant while nothing is measured.`
              : `\`${metric}\` (${label}) is defined here but never recorded in the audited code: nothing calls \`observe\`, \`inc\`, \`set\`, \`startTimer\`, \`record\` or \`add\` on it, or hands it to code that could, so Prometheus scrapes an empty series and the SLA looks met while nothing is measured.`,
            at(d.node),
            [configEntry, ...once.map((n) => at(n, 'recorded here, once, when the module is imported'))],
          );
        }
      }
      // Buckets judged in a unit already shown to be wrong would only repeat that finding.
      const wrongUnit = checkUnits(sla, index, label, defs);
      if (sla.kind === 'latency') checkBuckets(sla, index, label, defs.filter((d) => !wrongUnit.has(d)));
    }

    if (ruleFiles !== undefined) {
      const watchedNames = [...names, ...defs.flatMap((d) => d.exposed)];
      const alerts = alertsFor(watchedNames, ruleFiles.rules);
      if (alerts.length === 0) {
        const recording = ruleFiles.rules.find((r) => r.kind === 'record' && alertsFor(watchedNames, [{ ...r, kind: 'alert' }]).length > 0);
        const where = ruleFiles.files.length === 0 ? `the \`alerts:\` globs match no file` : `no \`alert:\` expression in ${describeFiles(ruleFiles.files)} refers to it`;
        push(
          SLA_ALERT_MISSING,
          'warning',
          `${label} (\`${metric}\`) has no alerting rule: ${where}, directly, through its \`_bucket\`/\`_sum\`/\`_count\` series, or through a recording rule built from them${recording ? ` (\`${recording.name}\` records it, but no alert uses that)` : ''}. A breach of the objective pages nobody.`,
          configEntry,
          recording ? [ruleLocation(recording)] : [],
        );
      }
    }
  }

  // --- metrics declared but never recorded (outside any SLA) ---------------------------------
  for (const def of inventory.definitions) {
    if (slaDefinitions.has(def) || def.exported || !def.binding || isTestFile(def.file)) continue;
    if (recordedness(def, inventory) !== 'unrecorded') continue;
    push(
      SLA_METRIC_UNRECORDED,
      'warning',
      `\`${def.exposed[0] ?? def.name ?? 'This metric'}\` is defined but never recorded, nor handed to any other code: it exports an empty series that dashboards and alerts read as a healthy zero.`,
      at(def.node),
    );
  }

  // --- consumer groups without lag or freshness ------------------------------------------
  if (on(CONSUMER_LAG)) {
    const groups = consumerGroups(files, collector);
    for (const group of unmeasuredGroups(groups, files, collector, inventory, context.config.slas ?? [])) {
      const name = group.groupId !== undefined ? `Kafka consumer group '${group.groupId}'` : 'This Kafka consumer group';
      push(
        CONSUMER_LAG,
        'warning',
        `${name} has no lag or freshness measurement anywhere in the project (no kafkajs batch \`offsetLag\` recorded into a metric, no admin \`fetchTopicOffsets\` minus \`fetchOffsets\` recorded, no librdkafka statistics, no freshness metric of now minus the time of a consumed message, and no \`slas:\` entry of kind lag or freshness): a consumer that falls millions of messages behind looks healthy.`,
        at(group.node),
      );
    }
  }

  return output;

  // --- helpers over the SLA's definitions -------------------------------------------------

  function checkBuckets(sla: Sla, index: number, label: string, defs: readonly MetricDefinition[]): void {
    const seconds = typeof sla.threshold === 'string' ? durationToSeconds(sla.threshold) : undefined;
    if (seconds === undefined) return;
    for (const def of defs) {
      if (def.instrument === 'summary') {
        const q = sla.quantile;
        const percentiles = def.percentiles?.values;
        if (q === undefined || !percentiles || percentiles.some((p) => Math.abs(p - q) < 1e-9)) continue;
        push(
          SLA_BUCKETS_MISS_THRESHOLD,
          'warning',
          `${label} is about the ${String(q)} quantile of \`${sla.metric ?? ''}\`, but this summary computes only ${percentiles.join(', ')}: the SLA quantile is never exported. Add ${String(q)} to \`percentiles\`.`,
          at(def.percentiles?.node ?? def.node),
          [atConfig(['slas', index, 'quantile'])],
        );
        continue;
      }
      if (def.instrument !== 'histogram' || !def.buckets?.values) continue;
      // Views may replace OpenTelemetry's default boundaries anywhere in the project.
      if (def.buckets.defaulted && def.metric.definition?.name === 'argument' && inventory.hasOtelViews) continue;
      const unit = metricUnitOf(sla, def);
      const threshold = unit === 'milliseconds' ? seconds * 1000 : seconds;
      const values = [...def.buckets.values].sort((a, b) => a - b);
      if (values.some((b) => Math.abs(b - threshold) <= 1e-9 * Math.max(1, Math.abs(threshold)))) continue;
      const near = values.find((b) => Math.abs(b - threshold) <= 0.1 * threshold);
      const lower = values.filter((b) => b < threshold).at(-1);
      const upper = values.find((b) => b > threshold);
      const shown = `${formatNumber(threshold)} ${unit === 'milliseconds' ? 'ms' : 's'}`;
      const where = def.buckets.defaulted ? `its ${def.metric.definition?.name === 'argument' ? 'SDK default' : 'default'} buckets` : `its buckets (${formatList(values)})`;
      const between = lower !== undefined && upper !== undefined ? `between ${formatNumber(lower)} and ${formatNumber(upper)}` : upper === undefined ? 'above the largest bucket' : 'below the smallest bucket';
      push(
        SLA_BUCKETS_MISS_THRESHOLD,
        near !== undefined ? 'note' : 'warning',
        near !== undefined
          ? `${label} compares \`${sla.metric ?? ''}\` with ${String(sla.threshold)}; ${where} have no boundary at exactly ${shown}, the nearest is ${formatNumber(near)}: the quantile near the threshold is interpolated. Use ${formatNumber(threshold)} as a boundary.`
          : `${label} compares \`${sla.metric ?? ''}\` with ${String(sla.threshold)}, but ${where} have no boundary at ${shown}: histogram_quantile() interpolates ${between}, so the SLA can read as met or breached by up to the width of that bucket. Add ${formatNumber(threshold)} to the buckets.`,
        def.buckets.node ? at(def.buckets.node) : at(def.node),
        [atConfig(['slas', index, 'threshold'])],
      );
    }
  }

  /** Reports unit contradictions; returns the definitions that have one. */
  function checkUnits(sla: Sla, index: number, label: string, defs: readonly MetricDefinition[]): Set<MetricDefinition> {
    const metric = sla.metric ?? '';
    const named = timeUnitOf(metric, undefined);
    const wrong = new Set<MetricDefinition>();
    const report = (def: MetricDefinition, message: string, key: string, related: Location): void => {
      wrong.add(def);
      push(SLA_METRIC_UNIT, 'warning', message, atConfig(['slas', index, key]), [related]);
    };
    for (const def of defs) {
      const own = timeUnitOf(def.exposed[0] ?? def.name, def.unit) ?? named;
      if ((sla.unit === 'seconds' || sla.unit === 'milliseconds') && own !== undefined && own !== sla.unit) {
        report(def, `${label} says \`unit: ${sla.unit}\`, but \`${metric}\` is in ${own}: the threshold is converted with the wrong factor, 1000× off.`, 'unit', at(def.node));
        continue;
      }
      const durationThreshold = typeof sla.threshold === 'string' && durationToSeconds(sla.threshold) !== undefined;
      if ((sla.kind === 'latency' || sla.kind === 'freshness') && durationThreshold && (def.instrument === 'counter' || (sla.unit === 'count' || sla.unit === 'bytes'))) {
        report(def, `${label} has a duration threshold (${String(sla.threshold)}), but \`${metric}\` ${def.instrument === 'counter' ? 'is a counter' : `is in ${sla.unit ?? 'a non-time unit'}`}: there is no duration to compare.`, 'threshold', at(def.node));
        continue;
      }
      if (sla.kind === 'lag' && own !== undefined && thresholdValue(sla.threshold ?? '') !== undefined) {
        report(def, `${label} is of kind lag with a count threshold (${String(sla.threshold)}), but \`${metric}\` measures time (${own}): write it as kind freshness with a duration, or point it at the offset-lag gauge.`, 'threshold', at(def.node));
        continue;
      }
      if (def.instrument !== 'histogram' || !def.buckets?.values || own === undefined) continue;
      if (def.buckets.defaulted && def.metric.definition?.name === 'argument') continue;
      const shape = bucketShape(def.buckets.values);
      if (shape !== undefined && shape !== own) {
        report(
          def,
          `${label} puts its threshold ${String(sla.threshold)} on \`${metric}\`, which is in ${own}, but ${def.buckets.defaulted ? 'its default buckets are' : 'its buckets are'} ${shape}-shaped: recorded values and the threshold cannot both be right, so the SLA is computed in the wrong unit.`,
          'threshold',
          def.buckets.node ? at(def.buckets.node, 'the buckets') : at(def.node, 'the metric definition'),
        );
      }
    }
    return wrong;
  }
}

/** The metric's time unit for an SLA: declared in the entry, given by the name, or shown by the buckets. */
function metricUnitOf(sla: Sla, def: MetricDefinition): 'seconds' | 'milliseconds' {
  if (sla.unit === 'seconds' || sla.unit === 'milliseconds') return sla.unit;
  const named = timeUnitOf(def.exposed[0] ?? def.name, def.unit) ?? timeUnitOf(sla.metric, undefined);
  if (named !== undefined) return named;
  return (def.buckets?.values && bucketShape(def.buckets.values)) ?? 'seconds';
}

function bucketShape(values: readonly number[]): 'seconds' | 'milliseconds' | undefined {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return undefined;
  if (positive.every((v) => v >= 1) && positive.filter((v) => MILLISECOND_SHAPED_BOUNDARIES.has(v)).length >= 3) return 'milliseconds';
  if (positive.some((v) => v < 1) && positive.every((v) => v <= 10)) return 'seconds';
  return undefined;
}

/** The source files of the audit, from the audit's program or a syntax-level project of their own. */
function sourceFiles(context: AnalyzerContext, notifications: Notification[]): SourceFile[] {
  const sources = context.files.filter((f) => f.kind === 'source' && !/\.d\.[cm]?ts$/.test(f.path));
  let scratch: Project | undefined;
  const scratchProject = () =>
    (scratch ??= new Project({
      // The audited files are all it needs: imports between them resolve, nothing else is read from disk.
      useInMemoryFileSystem: true,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: {
        allowJs: true,
        noLib: true,
        types: [],
        noEmit: true,
        skipLibCheck: true,
        target: ScriptTarget.ES2022,
        module: ModuleKind.ESNext,
        moduleResolution: ModuleResolutionKind.Bundler,
      },
    }));
  const files: SourceFile[] = [];
  for (const f of sources) {
    const fromProgram = context.project?.getSourceFile(f.path);
    if (fromProgram) {
      files.push(fromProgram);
      continue;
    }
    try {
      files.push(scratchProject().createSourceFile(f.path, f.text, { overwrite: true }));
    } catch (error) {
      notifications.push({ level: 'warning', kind: 'analyzer-skipped', file: f.relative, message: `sla-coverage could not read this file: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return files;
}

function findConfig(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

interface RuleFiles {
  rules: PromRule[];
  files: string[];
}

/** The rule files `alerts:` names; a file that cannot be read or is not rule YAML is a notification with its line. */
function readRuleFiles(context: AnalyzerContext, notifications: Notification[], relative: (file: string) => string): RuleFiles {
  const out: RuleFiles = { rules: [], files: [] };
  const base = context.configDir ?? context.root;
  const seen = new Set<string>();
  for (const glob of context.config.alerts ?? []) {
    for (const file of globFiles(glob, base).files) {
      if (seen.has(file)) continue;
      seen.add(file);
      out.files.push(relative(file));
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        notifications.push({ level: 'error', kind: 'invalid-rule-file', file: relative(file), message: `Cannot read this Prometheus rule file: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      const parsed = parseRuleFile(text, relative(file));
      out.rules.push(...parsed.rules);
      for (const problem of parsed.problems) {
        notifications.push({
          level: 'error',
          kind: 'invalid-rule-file',
          file: problem.file,
          line: problem.line,
          column: problem.column,
          message: `Prometheus rule file: ${problem.message}`,
        });
      }
    }
  }
  return out;
}

function ruleLocation(rule: PromRule): Location {
  return { file: rule.file, region: { startLine: rule.line, startColumn: 1, endLine: rule.line, endColumn: 2 }, message: `recording rule \`${rule.name}\`` };
}

function describeFiles(files: readonly string[]): string {
  if (files.length <= 3) return files.map((f) => `\`${f}\``).join(', ');
  return `${files.slice(0, 3).map((f) => `\`${f}\``).join(', ')} and ${String(files.length - 3)} more`;
}

/** The defined metric whose name is closest to the SLA's, when one is close enough to be a typo. */
function nearestDefinition(metric: string, inventory: MetricInventory): MetricDefinition | undefined {
  let best: MetricDefinition | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const def of inventory.definitions) {
    const name = def.exposed[0];
    if (name === undefined) continue;
    const score = editDistance(metric, name);
    if (score < bestScore) {
      best = def;
      bestScore = score;
    }
  }
  if (best !== undefined && bestScore <= Math.max(2, Math.floor(metric.length / 4))) return best;
  // Or the one sharing most of the name's words (`checkout_duration_seconds` for `checkout_latency_seconds`).
  const words = new Set(metric.split('_'));
  let shared: MetricDefinition | undefined;
  let most = 0;
  for (const def of inventory.definitions) {
    const other = (def.exposed[0] ?? '').split('_');
    const common = other.filter((w) => words.has(w)).length;
    if (common > most && common * 2 >= Math.max(words.size, other.length)) {
      shared = def;
      most = common;
    }
  }
  return most >= 2 ? shared : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function formatNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

function formatList(values: readonly number[]): string {
  const shown = values.slice(0, 8).map(formatNumber);
  return `${shown.join(', ')}${values.length > 8 ? ', …' : ''}`;
}
