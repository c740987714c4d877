/**
 * Markdown report for a pull-request comment or `$GITHUB_STEP_SUMMARY`: totals, the findings, the
 * notifications, most severe first. GitHub limits comments to 65,536 characters, so the report stops adding rows
 * before MARKDOWN_LIMIT and says how many it left out.
 */

import { CATEGORIES, CATEGORY_TITLES, type AuditResult, type Finding, type Notification, type Severity } from '../finding.js';
import { TOOL_NAME } from '../../meta.js';
import {
  SEVERITIES,
  docsUrlFor,
  notificationPlace,
  plural,
  redactRoot,
  relativePath,
  severityRank,
  shownFindings,
  sortedNotifications,
  totals,
} from './common.js';
import { toUri } from './sarif.js';

export const MARKDOWN_LIMIT = 60_000;
/** No single table cell grows beyond this. */
const MAX_CELL = 1_000;

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  error: '🔴 error',
  warning: '🟡 warning',
  note: '🔵 note',
};

/**
 * Text safe inside a table cell: no line breaks, no column separators, no stray HTML. Code spans
 * in the text (messages quote code as `x`) stay code: entities and backslash escapes would show
 * literally inside them, so there only `|` is escaped, which GitHub's table parser requires.
 */
export function escapeCell(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const short = flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
  const prose = (part: string) => part.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  let at = 0;
  // A code span: a run of backticks, then the shortest text up to a run of the same length.
  for (const match of short.matchAll(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
    out += prose(short.slice(at, match.index)) + match[0].replace(/\|/g, '\\|');
    at = match.index + match[0].length;
  }
  return out + prose(short.slice(at));
}

/**
 * An inline code span that survives backticks in its content. In a table cell `|` must be
 * escaped even inside code; elsewhere the backslash would show.
 */
function code(text: string, inTable = true): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const flat = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine;
  const runs = flat.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Where the links of the Location column point. With a repository and commit (in GitHub Actions:
 * GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA) they open the file at that commit; without,
 * they are relative links, right for a report read next to the code.
 */
export interface SourceLinks {
  serverUrl: string;
  repository: string;
  sha: string;
}

export interface MarkdownOptions {
  sourceLinks?: SourceLinks;
}

/** SourceLinks from GitHub Actions' variables, when all three are set. */
export function githubSourceLinks(env: Readonly<Record<string, string | undefined>>): SourceLinks | undefined {
  const serverUrl = env.GITHUB_SERVER_URL?.trim().replace(/\/+$/, '') ?? '';
  const repository = env.GITHUB_REPOSITORY?.trim() ?? '';
  const sha = env.GITHUB_SHA?.trim() ?? '';
  return serverUrl === '' || repository === '' || sha === '' ? undefined : { serverUrl, repository, sha };
}

/** `src/a.ts#L3` or `<server>/<repo>/blob/<sha>/src/a.ts#L3-L5`, percent-encoded. */
export function locationUrl(file: string, startLine: number, endLine: number, links: SourceLinks | undefined): string {
  // Parentheses too: an unbalanced one would end the link destination.
  const uri = toUri(file, '').replace(/\(/g, '%28').replace(/\)/g, '%29');
  const lines = endLine > startLine ? `#L${String(startLine)}-L${String(endLine)}` : `#L${String(startLine)}`;
  if (links === undefined) return `${uri}${lines}`;
  const repo = links.repository.split('/').map(encodeURIComponent).join('/');
  return `${links.serverUrl}/${repo}/blob/${encodeURIComponent(links.sha)}/${uri}${lines}`;
}

function findingRow(finding: Finding, result: AuditResult, links: SourceLinks | undefined): string {
  const file = relativePath(finding.location.file, result.root);
  const { startLine, endLine } = finding.location.region;
  const place = `[${code(`${file}:${startLine}`)}](${locationUrl(file, startLine, endLine, links)})`;
  const url = docsUrlFor(result, finding.ruleId);
  const rule = url === undefined ? code(finding.ruleId) : `[${escapeCell(finding.ruleId)}](${url})`;
  const message = escapeCell(redactRoot(finding.message, result.root));
  return `| ${SEVERITY_LABEL[finding.severity]} | ${place} | ${message} | ${rule} |`;
}

function notificationRow(notification: Notification, result: AuditResult): string {
  const place = notificationPlace(notification, result.root);
  const where = place === undefined ? '—' : code(place);
  const message = escapeCell(redactRoot(notification.message, result.root));
  return `| ${SEVERITY_LABEL[notification.level]} | ${where} | ${message} | ${code(notification.kind)} |`;
}

/** Adds rows to `out` while the report stays within `budget` characters; returns how many fit. */
function addRows(out: string[], rows: readonly string[], length: () => number, budget: number): number {
  let added = 0;
  let size = length();
  for (const row of rows) {
    if (size + row.length + 1 > budget) break;
    out.push(row);
    size += row.length + 1;
    added += 1;
  }
  return added;
}

/** Each fix of a finding as a fenced diff of the lines it changes, one block per fix. */
function fixBlocks(finding: Finding, result: AuditResult): string[] {
  return finding.fixes.flatMap((fix) => {
    const edits = fix.edits.filter((e) => e.original !== undefined);
    if (edits.length === 0) return [];
    const where = `${relativePath(finding.location.file, result.root)}:${String(finding.location.region.startLine)}`;
    const lines = edits.flatMap((e) => [
      `@@ ${relativePath(e.file, result.root)}:${String(e.region.startLine)} @@`,
      ...lineDiff((e.original ?? '').split('\n'), e.text.split('\n')),
    ]);
    const fence = lines.some((l) => l.includes('```')) ? '~~~~' : '```';
    return [`**${escapeCell(redactRoot(fix.description, result.root))}** (${code(finding.ruleId, false)}, ${code(where, false)})\n\n${fence}diff\n${lines.join('\n')}\n${fence}\n`];
  });
}

/**
 * A unified-style line diff (longest common subsequence; fixes are a few lines). Unchanged lines
 * between changes are kept as context, longer runs of them collapsed.
 */
export function lineDiff(before: readonly string[], after: readonly string[]): string[] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i];
      if (!row) continue;
      row[j] = before[i] === after[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push(` ${before[i] ?? ''}`);
      i++;
      j++;
    } else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      out.push(`-${before[i] ?? ''}`);
      i++;
    } else {
      out.push(`+${after[j] ?? ''}`);
      j++;
    }
  }
  // Drop blank context and collapse long unchanged runs.
  const kept = out.filter((line) => line !== ' ');
  const collapsed: string[] = [];
  let run: string[] = [];
  const flush = (last: boolean) => {
    if (run.length <= 2 || last) collapsed.push(...(last ? run.slice(0, 1) : run));
    else collapsed.push(run[0] ?? '', ' …', run.at(-1) ?? '');
    run = [];
  };
  for (const line of kept) {
    if (line.startsWith(' ')) run.push(line);
    else {
      if (collapsed.length === 0) run = run.slice(-1);
      flush(false);
      collapsed.push(line);
    }
  }
  flush(true);
  return collapsed;
}

export function renderMarkdown(result: AuditResult, options: MarkdownOptions = {}): string {
  // Most severe first, so that what a long report leaves out is the least important.
  const findings = shownFindings(result).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const notifications = sortedNotifications(result);
  const t = totals(findings);
  const out: string[] = [];
  const length = (): number => out.reduce((sum, line) => sum + line.length + 1, 0);

  out.push(`## ${TOOL_NAME} report`, '');
  const analysed = `${plural(result.filesAnalysed, 'file')} analysed ${result.typed ? 'with' : 'without'} type information`;
  if (t.total === 0) {
    out.push(`✅ No problems found (${analysed}).`, '');
  } else {
    out.push(
      `**${plural(t.total, 'problem')}** (${plural(t.bySeverity.error, 'error')}, ${plural(t.bySeverity.warning, 'warning')}, ${plural(t.bySeverity.note, 'note')}) in ${analysed}.`,
      '',
    );
    out.push('| Category | Errors | Warnings | Notes | Total |', '| --- | ---: | ---: | ---: | ---: |');
    for (const category of CATEGORIES) {
      const inCategory = findings.filter((f) => f.category === category);
      const counts = SEVERITIES.map((s) => inCategory.filter((f) => f.severity === s).length);
      out.push(`| ${CATEGORY_TITLES[category]} (${code(category)}) | ${counts.join(' | ')} | ${inCategory.length} |`);
    }
    out.push(`| **Total** | ${t.bySeverity.error} | ${t.bySeverity.warning} | ${t.bySeverity.note} | ${t.total} |`, '');
  }

  // Room kept for the notifications heading and the notes about left-out rows.
  const reserve = 1_000;
  let omittedFindings = 0;
  if (findings.length > 0) {
    out.push('### Findings', '', '| Severity | Location | Message | Rule |', '| --- | --- | --- | --- |');
    const rows = findings.map((f) => findingRow(f, result, options.sourceLinks));
    const budget = MARKDOWN_LIMIT - reserve - (notifications.length > 0 ? 2 * reserve : 0);
    omittedFindings = rows.length - addRows(out, rows, length, budget);
    if (omittedFindings > 0) {
      out.push('', `> **Note:** ${plural(omittedFindings, 'more finding')} not shown to keep this report under ${MARKDOWN_LIMIT.toLocaleString('en-US')} characters; see the SARIF or JSON report for all of them.`);
    }
    out.push('');
  }

  const withFixes = findings.filter((f) => f.fixes.some((fix) => fix.edits.some((e) => e.original !== undefined)));
  if (withFixes.length > 0) {
    const blocks = withFixes.flatMap((f) => fixBlocks(f, result));
    const budget = MARKDOWN_LIMIT - reserve - (notifications.length > 0 ? 2 * reserve : 0);
    const header = ['### Suggested fixes', ''];
    if (length() + header.join('\n').length < budget) {
      out.push(...header);
      const omitted = blocks.length - addRows(out, blocks, length, budget);
      if (omitted > 0) out.push('', `> **Note:** ${plural(omitted, 'more fix', 'more fixes')} not shown.`);
      out.push('');
    }
  }

  if (notifications.length > 0) {
    out.push(
      `### Notifications`,
      '',
      `Files that could not be analysed fully (${plural(notifications.length, 'notification')}):`,
      '',
      '| Level | Location | Message | Kind |',
      '| --- | --- | --- | --- |',
    );
    const rows = notifications.map((n) => notificationRow(n, result));
    const omitted = rows.length - addRows(out, rows, length, MARKDOWN_LIMIT - reserve);
    if (omitted > 0) {
      out.push('', `> **Note:** ${plural(omitted, 'more notification')} not shown; see the SARIF or JSON report.`);
    }
    out.push('');
  }

  return `${out.join('\n').trimEnd()}\n`;
}
