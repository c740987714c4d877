/**
 * `rta/require-window-partition` in `.sql` files, which ESLint never sees. The analysis is the
 * same pure function the ESLint rule runs on SQL inside TS/JS strings (`src/sql/windows.ts`);
 * this analyzer only chooses the dialect from `sql.dialects`, gathers the options from
 * rta.config.yaml (`window:`, `sql.streaming`, and the rule's own options under `rules:`) and
 * turns offsets into 1-based regions.
 */
import path from 'node:path';
import type { Analyzer, AnalyzerContext, AnalyzerFile, AnalyzerOutput } from '../analyzer.js';
import type { Finding } from '../../findings/finding.js';
import type { RtaConfig, SqlDialect } from '../../config/types.js';
import { matchGlob } from '../../config/glob.js';
import { normalizeRuleEntry } from '../../config/severity.js';
import { ruleDocsUrl } from '../../meta.js';
import { WINDOW_RULE_DESCRIPTION, findUnpartitionedWindows, formatWindowMessage, mergedWindowOptions, type WindowOptions } from '../../sql/windows.js';

export const WINDOW_PARTITION_ID = 'rta/require-window-partition';

export const sqlFilesAnalyzer: Analyzer = {
  id: 'sql-files',
  checks: [
    {
      id: WINDOW_PARTITION_ID,
      category: 'window',
      description: WINDOW_RULE_DESCRIPTION,
      defaultSeverity: 'warning',
      docsUrl: ruleDocsUrl('require-window-partition'),
      fixable: false,
      hasSuggestions: false,
    },
  ],
  needsTypes: false,
  run: runSqlFiles,
};

/** The rule options as rta.config.yaml can give them (`rules: { rta/require-window-partition: [warn, {…}] }`). */
interface RuleOptions {
  allowGlobal?: unknown;
  entityColumns?: unknown;
  partitionKeys?: unknown;
  dialect?: unknown;
  dialects?: unknown;
  streaming?: unknown;
}

function runSqlFiles(context: AnalyzerContext): AnalyzerOutput {
  const findings: Finding[] = [];
  const severity = context.severityOf(WINDOW_PARTITION_ID);
  if (severity === 'off') return { findings, notifications: [] };
  const ruleOptions = ruleOptionsOf(context.config);
  const base = baseOptions(context.config, ruleOptions);
  for (const file of context.files) {
    if (file.kind !== 'sql') continue;
    const dialect = dialectOf(file, context, ruleOptions);
    const results = findUnpartitionedWindows(file.text, { ...base, ...(dialect ? { dialect } : {}) });
    if (results.length === 0) continue;
    const lines = lineStarts(file.text);
    for (const result of results) {
      const start = position(lines, result.start);
      const end = position(lines, result.end);
      findings.push({
        ruleId: WINDOW_PARTITION_ID,
        category: 'window',
        severity,
        message: formatWindowMessage(result.messageId, result.data),
        location: {
          file: file.relative,
          region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
        },
        related: [],
        fixes: [],
        snippet: file.text.slice(result.start, result.end),
        source: 'analyzer',
      });
    }
  }
  return { findings, notifications: [] };
}

function ruleOptionsOf(config: RtaConfig): RuleOptions {
  const entry = config.rules?.[WINDOW_PARTITION_ID];
  if (entry === undefined) return {};
  const first = normalizeRuleEntry(entry).options[0];
  return typeof first === 'object' && first !== null ? first : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function keyMap(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([table, keys]) => [table, strings(keys)]));
}

/** `window:` and `sql.streaming` of rta.config.yaml, with the rule's own options added. */
function baseOptions(config: RtaConfig, rule: RuleOptions): WindowOptions {
  return mergedWindowOptions(
    { ...config.window, ...(config.sql?.streaming ? { streaming: config.sql.streaming } : {}) },
    {
      ...(rule.allowGlobal !== undefined ? { allowGlobal: strings(rule.allowGlobal) } : {}),
      ...(rule.entityColumns !== undefined ? { entityColumns: strings(rule.entityColumns) } : {}),
      ...(rule.partitionKeys !== undefined ? { partitionKeys: keyMap(rule.partitionKeys) } : {}),
      ...(rule.streaming !== undefined ? { streaming: strings(rule.streaming) as SqlDialect[] } : {}),
    },
  );
}

/** The rule's `dialect`, then its `dialects` globs (relative to the root), then `sql.dialects` (relative to the config file). */
function dialectOf(file: AnalyzerFile, context: AnalyzerContext, rule: RuleOptions): SqlDialect | undefined {
  if (typeof rule.dialect === 'string') return rule.dialect as SqlDialect;
  if (typeof rule.dialects === 'object' && rule.dialects !== null) {
    for (const [glob, dialect] of Object.entries(rule.dialects)) {
      if (typeof dialect === 'string' && matchGlob(glob, file.relative)) return dialect as SqlDialect;
    }
  }
  const globs = context.config.sql?.dialects;
  if (!globs || context.configDir === undefined) return undefined;
  const fromConfig = path.relative(context.configDir, file.path).split(path.sep).join('/');
  for (const [glob, dialect] of Object.entries(globs)) if (matchGlob(glob, fromConfig)) return dialect;
  return undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line and column (UTF-16 units, as SARIF's default column kind) of an offset. */
function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}
