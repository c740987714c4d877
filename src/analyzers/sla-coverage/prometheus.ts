/**
 * Prometheus rule files (`groups[].rules[]` with `alert` or `record`, and `expr`), read with
 * `yaml` so every problem has a line, and the metric names their expressions refer to. The
 * Prometheus Operator's `PrometheusRule` resource holds the same groups under `spec.groups`.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type YAMLSeq } from 'yaml';
import { PROMETHEUS_SERIES_SUFFIXES } from '../../knowledge/libraries/metrics.js';

export interface PromRule {
  kind: 'alert' | 'record';
  /** The alert name or the recorded series name. */
  name: string;
  expr: string;
  file: string;
  line: number;
}

export interface RuleFileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface RuleFile {
  rules: PromRule[];
  problems: RuleFileProblem[];
}

/** Rule files are small; anything larger is not one. */
const MAX_RULE_FILE_BYTES = 4 * 1024 * 1024;

/** Reads one rule file. Problems are reported, and the well-formed rules in it are still used. */
export function parseRuleFile(text: string, file: string): RuleFile {
  const rules: PromRule[] = [];
  const problems: RuleFileProblem[] = [];
  const lineCounter = new LineCounter();
  const at = (node: Node | null | undefined, fallback = 0) => {
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? fallback);
    return { line, column: col };
  };
  const problem = (node: Node | null | undefined, message: string) => problems.push({ file, ...at(node), message });
  if (text.length > MAX_RULE_FILE_BYTES) {
    problems.push({ file, line: 1, column: 1, message: `not read: the file is larger than ${String(MAX_RULE_FILE_BYTES)} bytes` });
    return { rules, problems };
  }
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    problems.push({ file, line: 1, column: 1, message: `cannot parse YAML: ${error instanceof Error ? error.message : String(error)}` });
    return { rules, problems };
  }
  const errors = docs.flatMap((d) => d.errors);
  if (errors.length > 0) {
    for (const e of errors) {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      problems.push({ file, line, column: col, message: `invalid YAML: ${e.message.split('\n')[0] ?? e.message}` });
    }
    return { rules, problems };
  }
  // A Kubernetes manifest may hold several resources (`---`); only those with groups are rule files.
  const filled = docs.filter((d) => d.contents !== null);
  const several = filled.length > 1;
  let found = false;
  for (const doc of filled) {
    const root = doc.contents;
    if (!isMap(root)) {
      if (!several) problem(root, 'a Prometheus rule file is a mapping with a `groups:` list');
      continue;
    }
    const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
    const spec = deref(root.get('spec', true));
    const crd = !root.has('groups') && isMap(spec) && spec.has('groups');
    const groups = deref(crd ? spec.get('groups', true) : root.get('groups', true));
    if (!isSeq(groups)) {
      if (!several) problem(isNodeLike(groups) ? groups : root, 'a Prometheus rule file needs a `groups:` list (`spec.groups:` in a PrometheusRule resource)');
      continue;
    }
    found = true;
    readGroups(groups, deref);
  }
  if (several && !found) problems.push({ file, line: 1, column: 1, message: 'none of the YAML documents in this file has a `groups:` list (`spec.groups:` in a PrometheusRule resource)' });
  return { rules, problems };

  function readGroups(groups: YAMLSeq, deref: (node: unknown) => unknown): void {
    for (const rawGroup of groups.items) {
      const group = deref(rawGroup);
      if (!isMap(group)) {
        problem(group as Node, 'each group is a mapping with `name:` and `rules:`');
        continue;
      }
      const list = deref(group.get('rules', true));
      if (!isSeq(list)) {
        problem(isNodeLike(list) ? list : group, 'a group needs a `rules:` list');
        continue;
      }
      for (const rawItem of list.items) {
        const item = deref(rawItem);
        if (!isMap(item)) {
          problem(item as Node, 'each rule is a mapping with `alert:` or `record:`, and `expr:`');
          continue;
        }
        // `expr: *high_latency` repeats an anchored expression: the alias stands for its target.
        const alert = scalarText(deref(item.get('alert', true)));
        const record = scalarText(deref(item.get('record', true)));
        const exprNode = item.get('expr', true);
        const expr = scalarText(deref(exprNode));
        if ((alert === undefined) === (record === undefined)) {
          problem(item, 'a rule needs exactly one of `alert:` and `record:`');
          continue;
        }
        if (expr === undefined) {
          problem(isNodeLike(exprNode) ? exprNode : item, 'a rule needs an `expr:` (a PromQL expression)');
          continue;
        }
        rules.push({ kind: alert !== undefined ? 'alert' : 'record', name: alert ?? record ?? '', expr, file, line: at(item).line });
      }
    }
  }
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'atan2', 'inf', 'nan', 'start', 'end']);

/**
 * The series names an expression selects: bare names (not functions, keywords or label names
 * inside `{…}`/`by (…)`), and `__name__="…"` matchers.
 */
export function selectedNames(expr: string): Set<string> {
  const names = new Set<string>();
  for (const match of expr.matchAll(/__name__\s*=~?\s*"([^"]*)"/g)) names.add(match[1] ?? '');
  // Quoted strings, label matchers and grouping clauses hold label names and values, not series.
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const token = match[0];
    const after = stripped.slice((match.index) + token.length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(token.toLowerCase())) continue;
    names.add(token);
  }
  return names;
}

/** Whether a selected series is the metric itself or one of the series it exposes (`_bucket`, `_count`, …). */
export function selectsMetric(selected: string, metric: string): boolean {
  if (selected === metric) return true;
  return PROMETHEUS_SERIES_SUFFIXES.some((suffix) => selected === metric + suffix || (metric.endsWith(suffix) && selected === metric.slice(0, -suffix.length)));
}

/**
 * The alerting rules that watch a metric, directly or through recording rules (followed
 * transitively), with the recording rules on the way.
 */
export function alertsFor(metricNames: readonly string[], rules: readonly PromRule[]): PromRule[] {
  const watched = new Set(metricNames);
  const selects = (rule: PromRule) => {
    for (const name of selectedNames(rule.expr)) {
      for (const w of watched) if (selectsMetric(name, w)) return true;
    }
    return false;
  };
  // Recording rules feed each other; stop when no new name joins.
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of rules) {
      if (rule.kind === 'record' && !watched.has(rule.name) && selects(rule)) {
        watched.add(rule.name);
        changed = true;
      }
    }
  }
  return rules.filter((r) => r.kind === 'alert' && selects(r));
}
