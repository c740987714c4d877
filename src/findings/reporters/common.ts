/**
 * Helpers shared by the reporters: ordering, totals, and keeping machine paths out of the output.
 */

import {
  CATEGORIES,
  compareFindings,
  compareNotifications,
  compareStrings,
  isActive,
  type AuditResult,
  type Category,
  type Finding,
  type Notification,
  type RuleDescriptor,
  type Severity,
} from '../finding.js';
import { ruleDocsUrl } from '../../meta.js';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

/** 0 for the most severe level. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export interface Totals {
  total: number;
  bySeverity: Record<Severity, number>;
  byCategory: Record<Category, number>;
}

export function totals(findings: readonly Finding[]): Totals {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    byCategory[finding.category] += 1;
  }
  return { total: findings.length, bySeverity, byCategory };
}

/** `1 error`, `2 errors`; `1 more fix`, `2 more fixes` with the plural given. */
export function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** Turns backslashes into slashes and strips the audit root or a leading `./` from a path. */
export function relativePath(file: string, root: string): string {
  let path = file.replace(/\\/g, '/');
  const base = root.replace(/\\/g, '/').replace(/\/+$/, '');
  if (base.length > 0) {
    if (path === base) return '.';
    if (path.startsWith(`${base}/`)) path = path.slice(base.length + 1);
  }
  while (path.startsWith('./')) path = path.slice(2);
  return path;
}

/**
 * Removes the absolute audit root from free text (parser messages often quote full paths):
 * `<root>/src/a.ts` becomes `src/a.ts`, a bare `<root>` becomes `.`.
 */
export function redactRoot(text: string, root: string): string {
  const variants = new Set<string>();
  for (const candidate of [root, root.replace(/\\/g, '/'), root.replace(/\//g, '\\')]) {
    const trimmed = candidate.replace(/[\\/]+$/, '');
    // A root of `/` or `C:` is too short to tell apart from ordinary text.
    if (trimmed.length > 2) variants.add(trimmed);
  }
  let out = text;
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    const escaped = variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // `<root>/x` → `x`; a bare `<root>` → `.`; `<root>2/x` is another folder and stays.
    out = out
      .replace(new RegExp(`(?:file://)?${escaped}[\\\\/]`, 'g'), '')
      .replace(new RegExp(`${escaped}(?![\\w.-])`, 'g'), '.');
  }
  return out;
}

export function sortedFindings(result: AuditResult): Finding[] {
  return [...result.findings].sort(compareFindings);
}

/**
 * What people are shown: findings not silenced in source and not already in the baseline.
 * (SARIF and JSON carry the others too, marked, for tooling.)
 */
export function shownFindings(result: AuditResult): Finding[] {
  return sortedFindings(result).filter(isActive);
}

export function sortedNotifications(result: AuditResult): Notification[] {
  return [...result.notifications].sort(compareNotifications);
}

/** One descriptor per rule id, sorted by id; the first of duplicate entries wins. */
export function sortedRules(result: AuditResult): RuleDescriptor[] {
  const byId = new Map<string, RuleDescriptor>();
  for (const rule of result.rules) {
    if (!byId.has(rule.id)) byId.set(rule.id, rule);
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

/** `rta/handle-write-backpressure` → `handle-write-backpressure`. */
export function ruleName(ruleId: string): string {
  return ruleId.startsWith('rta/') ? ruleId.slice('rta/'.length) : ruleId;
}

/** The docs page of a rule: from its descriptor when the audit knows it, else the conventional URL. */
export function docsUrlFor(result: AuditResult, ruleId: string): string | undefined {
  const rule = result.rules.find((r) => r.id === ruleId);
  if (rule && rule.docsUrl !== '') return rule.docsUrl;
  return ruleId.startsWith('rta/') ? ruleDocsUrl(ruleName(ruleId)) : undefined;
}

/** `file:line` or `file:line:column` for a notification, `file` alone without a line. */
export function notificationPlace(notification: Notification, root: string): string | undefined {
  if (notification.file === undefined || notification.file === '') return undefined;
  const file = relativePath(notification.file, root);
  if (notification.line === undefined) return file;
  return notification.column === undefined
    ? `${file}:${notification.line}`
    : `${file}:${notification.line}:${notification.column}`;
}

/** Summary by category in the fixed category order: `backpressure 3, window 1, ...`. */
export function categorySummary(t: Totals): string {
  return CATEGORIES.map((c) => `${c} ${t.byCategory[c]}`).join(', ');
}
