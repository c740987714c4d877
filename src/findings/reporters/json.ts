/**
 * Machine-readable report: one stable JSON document. Keys always come in the same order, findings
 * and notifications are sorted, and nothing in it depends on the machine (no absolute paths, no
 * timestamps), so two runs over the same code give byte-identical output.
 */

import { compareStrings, isActive, type AuditResult, type Finding, type FindingFix, type Location } from '../finding.js';
import { INFORMATION_URI, TOOL_NAME } from '../../meta.js';
import {
  redactRoot,
  relativePath,
  sortedFindings,
  sortedNotifications,
  sortedRules,
  totals,
} from './common.js';
import { fingerprints } from './sarif.js';

/** Version of this document's layout; raised when a field changes meaning or disappears. */
export const JSON_REPORT_VERSION = 1;

function location(loc: Location, root: string): Record<string, unknown> {
  const { startLine, startColumn, endLine, endColumn } = loc.region;
  return {
    file: relativePath(loc.file, root),
    region: { startLine, startColumn, endLine, endColumn },
    ...(loc.message === undefined ? {} : { message: redactRoot(loc.message, root) }),
  };
}

function fix(f: FindingFix, root: string): Record<string, unknown> {
  return {
    description: redactRoot(f.description, root),
    kind: f.kind,
    edits: f.edits.map((edit) => {
      const { startLine, startColumn, endLine, endColumn } = edit.region;
      return {
        file: relativePath(edit.file, root),
        range: [edit.range[0], edit.range[1]],
        region: { startLine, startColumn, endLine, endColumn },
        text: edit.text,
      };
    }),
  };
}

function finding(f: Finding, fingerprint: string, root: string): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: redactRoot(f.message, root),
    location: location(f.location, root),
    related: f.related.map((r) => location(r, root)),
    fixes: f.fixes.map((x) => fix(x, root)),
    ...(f.snippet === undefined ? {} : { snippet: f.snippet }),
    source: f.source,
    fingerprint: f.fingerprint ?? fingerprint,
    ...(f.suppressions && f.suppressions.length > 0 ? { suppressions: f.suppressions } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
  };
}

export function renderJson(result: AuditResult): string {
  const root = result.root;
  const findings = sortedFindings(result);
  const prints = fingerprints(findings);
  // The summary counts what the exit status counts; silenced and baseline findings are listed, marked.
  const t = totals(findings.filter(isActive));
  const document = {
    version: JSON_REPORT_VERSION,
    tool: { name: TOOL_NAME, version: result.toolVersion, informationUri: INFORMATION_URI },
    root: '.',
    typed: result.typed,
    filesAnalysed: result.filesAnalysed,
    summary: {
      total: t.total,
      bySeverity: t.bySeverity,
      byCategory: t.byCategory,
      notifications: result.notifications.length,
    },
    findings: findings.map((f, i) => finding(f, prints[i] ?? '', root)),
    notifications: sortedNotifications(result).map((n) => ({
      level: n.level,
      kind: n.kind,
      message: redactRoot(n.message, root),
      ...(n.file === undefined ? {} : { file: relativePath(n.file, root) }),
      ...(n.line === undefined ? {} : { line: n.line }),
      ...(n.column === undefined ? {} : { column: n.column }),
    })),
    rules: sortedRules(result).map((r) => ({
      id: r.id,
      category: r.category,
      description: r.description,
      defaultSeverity: r.defaultSeverity,
      docsUrl: r.docsUrl,
      fixable: r.fixable,
      hasSuggestions: r.hasSuggestions,
    })),
    fixedFiles: [...new Set(result.fixedFiles.map((f) => relativePath(f, root)))].sort(compareStrings),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
