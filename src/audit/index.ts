/**
 * The programmatic API of rta-lint: what the CLI, the tests and other tools call.
 *
 * ```ts
 * import { runAudit, exitStatus } from 'eslint-plugin-rta/audit';
 * const result = await runAudit({ cwd: process.cwd(), paths: ['src'] });
 * ```
 */
import { isActive, type AuditResult } from '../findings/finding.js';

export { runAudit, AuditUsageError, effectiveRuleLevels, type AuditOptions } from './engine.js';
export { parseShard, writeBaseline } from './review.js';
export { mergeSarifLogs } from '../findings/sarif-merge.js';
export { githubSourceLinks, renderReport, REPORT_FORMATS, type ReportFormat } from '../findings/reporters/index.js';
export { ConfigError, formatConfigProblem } from '../config/load.js';
export type { AuditResult, Finding, Notification, RuleDescriptor } from '../findings/finding.js';

/** Kinds of notification that mean part of the code was not analysed as asked. */
const FAILURE_KINDS: ReadonlySet<string> = new Set(['parse-error', 'unreadable', 'internal-error', 'file-timeout']);

/**
 * Exit status per the contract: 1 when an active finding is at error level, warnings exceed
 * `maxWarnings`, or a file could not be parsed or read; else 0. (2 is for runs that could not be
 * done at all, decided by the caller.)
 */
export function exitStatus(result: AuditResult, maxWarnings?: number): 0 | 1 {
  // Silenced findings and those already in the baseline do not count.
  const counted = result.findings.filter(isActive);
  if (counted.some((f) => f.severity === 'error')) return 1;
  if (maxWarnings !== undefined && counted.filter((f) => f.severity === 'warning').length > maxWarnings) return 1;
  if (result.notifications.some((n) => FAILURE_KINDS.has(n.kind))) return 1;
  return 0;
}
