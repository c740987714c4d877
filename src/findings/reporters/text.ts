/**
 * Human-readable report in the layout of ESLint's `stylish` formatter: findings grouped by file,
 * then the notifications, then a summary line.
 */

import { compareStrings, type AuditResult, type Finding, type Notification, type Severity } from '../finding.js';
import type { ReportOptions } from './index.js';
import {
  categorySummary,
  notificationPlace,
  plural,
  redactRoot,
  relativePath,
  shownFindings,
  sortedNotifications,
  totals,
} from './common.js';

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'green' | 'underline';

const ANSI: Readonly<Record<Style, [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => {
    const [open, close] = ANSI[style];
    return text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`;
  };
}

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', note: 'cyan' };

/** Pads a cell whose visible width is `width` (ANSI codes excluded) to `target`. */
function padEnd(cell: string, width: number, target: number): string {
  return cell + ' '.repeat(Math.max(0, target - width));
}

/** One line of text: newlines inside a message would break the table. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

interface Row {
  line: string;
  column: string;
  severity: Severity;
  message: string;
  ruleId: string;
}

function renderRows(rows: readonly Row[], paint: Paint): string[] {
  const lineWidth = Math.max(...rows.map((r) => r.line.length));
  const columnWidth = Math.max(...rows.map((r) => r.column.length));
  const severityWidth = Math.max(...rows.map((r) => r.severity.length));
  const messageWidth = Math.max(...rows.map((r) => r.message.length));
  return rows.map((row) => {
    const position = paint('dim', `${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}`);
    const severity = padEnd(paint(SEVERITY_STYLE[row.severity], row.severity), row.severity.length, severityWidth);
    const message = row.ruleId === '' ? row.message : padEnd(row.message, row.message.length, messageWidth);
    const tail = row.ruleId === '' ? '' : `  ${paint('dim', row.ruleId)}`;
    return `  ${position}  ${severity}  ${message}${tail}`.trimEnd();
  });
}

function findingRow(finding: Finding, root: string): Row {
  return {
    line: String(finding.location.region.startLine),
    column: String(finding.location.region.startColumn),
    severity: finding.severity,
    message: oneLine(redactRoot(finding.message, root)),
    ruleId: finding.ruleId,
  };
}

function groupByFile(findings: readonly Finding[], root: string): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const file = relativePath(finding.location.file, root);
    const group = groups.get(file);
    if (group) group.push(finding);
    else groups.set(file, [finding]);
  }
  return groups;
}

function renderNotifications(notifications: readonly Notification[], root: string, paint: Paint): string[] {
  const rows = notifications.map((n) => ({
    place: notificationPlace(n, root) ?? '(run)',
    level: n.level,
    message: `${oneLine(redactRoot(n.message, root))} (${n.kind})`,
  }));
  const placeWidth = Math.max(...rows.map((r) => r.place.length));
  const levelWidth = Math.max(...rows.map((r) => r.level.length));
  return rows.map((r) => {
    const level = padEnd(paint(SEVERITY_STYLE[r.level], r.level), r.level.length, levelWidth);
    return `  ${r.place.padEnd(placeWidth)}  ${level}  ${r.message}`;
  });
}

export function renderText(result: AuditResult, options: ReportOptions): string {
  const paint = painter(options.color);
  const findings = shownFindings(result);
  const notifications = sortedNotifications(result);
  const t = totals(findings);
  const lines: string[] = [];

  for (const [file, group] of groupByFile(findings, result.root)) {
    lines.push(paint('underline', file));
    lines.push(...renderRows(group.map((f) => findingRow(f, result.root)), paint));
    lines.push('');
  }

  if (notifications.length > 0) {
    lines.push(paint('bold', `Notifications (${notifications.length}): files that could not be analysed fully`));
    lines.push(...renderNotifications(notifications, result.root, paint));
    lines.push('');
  }

  const analysed = `${plural(result.filesAnalysed, 'file')} analysed${result.typed ? ' with type information' : ' without type information'}`;
  if (t.total === 0) {
    lines.push(paint('green', `✔ No problems found (${analysed}).`));
  } else {
    const counts = `${plural(t.bySeverity.error, 'error')}, ${plural(t.bySeverity.warning, 'warning')}, ${plural(t.bySeverity.note, 'note')}`;
    const summary = `✖ ${plural(t.total, 'problem')} (${counts}) — ${categorySummary(t)}`;
    const style: Style = t.bySeverity.error > 0 ? 'red' : t.bySeverity.warning > 0 ? 'yellow' : 'cyan';
    lines.push(paint('bold', paint(style, summary)));
    lines.push(`  ${analysed}`);
  }
  if (notifications.length > 0) {
    lines.push(`  ${plural(notifications.length, 'notification')} (see above)`);
  }
  if (result.fixedFiles.length > 0) {
    const fixed = [...new Set(result.fixedFiles.map((f) => relativePath(f, result.root)))].sort(compareStrings);
    lines.push(`  fixed ${plural(fixed.length, 'file')}: ${fixed.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
