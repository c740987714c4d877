/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), which GitHub turns into
 * annotations on the run and on the pull request's changed lines.
 *
 * GitHub shows at most 10 annotations of each level per step and drops the rest, so this reporter
 * emits the most severe first, stops at 10 of a level, and ends with a plain line saying how many
 * it left out.
 */

import { compareStrings, type AuditResult, type Severity } from '../finding.js';
import { TOOL_NAME } from '../../meta.js';
import { categorySummary, plural, redactRoot, relativePath, severityRank, shownFindings, totals } from './common.js';

/** Annotations of one level GitHub shows per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

type Command = 'error' | 'warning' | 'notice';

const COMMAND: Readonly<Record<Severity, Command>> = { error: 'error', warning: 'warning', note: 'notice' };

/** Escapes a command's message (actions/toolkit `escapeData`). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property's value (actions/toolkit `escapeProperty`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

interface Annotation {
  level: Severity;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  title: string;
  message: string;
}

function compareAnnotations(a: Annotation, b: Annotation): number {
  return (
    severityRank(a.level) - severityRank(b.level) ||
    compareStrings(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareStrings(a.title, b.title) ||
    compareStrings(a.message, b.message)
  );
}

function command(annotation: Annotation): string {
  const properties: [string, string][] = [];
  if (annotation.file !== undefined) properties.push(['file', annotation.file]);
  if (annotation.line !== undefined) {
    properties.push(['line', String(annotation.line)]);
    if (annotation.endLine !== undefined) properties.push(['endLine', String(annotation.endLine)]);
    // GitHub takes columns only for annotations on a single line.
    if (annotation.column !== undefined && (annotation.endLine ?? annotation.line) === annotation.line) {
      properties.push(['col', String(annotation.column)]);
      if (annotation.endColumn !== undefined) properties.push(['endColumn', String(annotation.endColumn)]);
    }
  }
  properties.push(['title', annotation.title]);
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::${COMMAND[annotation.level]} ${props}::${escapeData(annotation.message)}`;
}

export function renderGithub(result: AuditResult): string {
  const root = result.root;
  const findings = shownFindings(result);
  const annotations: Annotation[] = findings.map((f) => {
    const { startLine, startColumn, endLine, endColumn } = f.location.region;
    return {
      level: f.severity,
      file: relativePath(f.location.file, root),
      line: startLine,
      column: startColumn,
      endLine: Math.max(startLine, endLine),
      endColumn,
      title: f.ruleId,
      message: redactRoot(f.message, root),
    };
  });
  for (const n of result.notifications) {
    annotations.push({
      level: n.level,
      ...(n.file === undefined || n.file === '' ? {} : { file: relativePath(n.file, root) }),
      ...(n.line === undefined || n.file === undefined ? {} : { line: n.line }),
      ...(n.column === undefined || n.line === undefined || n.file === undefined ? {} : { column: n.column }),
      title: `${TOOL_NAME}: ${n.kind}`,
      message: redactRoot(n.message, root),
    });
  }
  annotations.sort(compareAnnotations);

  const shown: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const omitted: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const lines: string[] = [];
  for (const annotation of annotations) {
    if (shown[annotation.level] >= ANNOTATIONS_PER_LEVEL) {
      omitted[annotation.level] += 1;
      continue;
    }
    shown[annotation.level] += 1;
    lines.push(command(annotation));
  }

  const t = totals(findings);
  lines.push(
    t.total === 0
      ? `${TOOL_NAME}: no problems found in ${plural(result.filesAnalysed, 'file')}.`
      : `${TOOL_NAME}: ${plural(t.total, 'problem')} (${plural(t.bySeverity.error, 'error')}, ${plural(t.bySeverity.warning, 'warning')}, ${plural(t.bySeverity.note, 'note')}) in ${plural(result.filesAnalysed, 'file')} — ${categorySummary(t)}`,
  );
  const left = omitted.error + omitted.warning + omitted.note;
  if (left > 0) {
    const parts = [
      omitted.error > 0 ? plural(omitted.error, 'error') : '',
      omitted.warning > 0 ? plural(omitted.warning, 'warning') : '',
      omitted.note > 0 ? plural(omitted.note, 'notice') : '',
    ].filter((p) => p !== '');
    lines.push(
      `${TOOL_NAME}: ${plural(left, 'annotation')} left out (${parts.join(', ')}): GitHub shows at most ${ANNOTATIONS_PER_LEVEL} of each level per step; use --format sarif, json or markdown for the complete list.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
