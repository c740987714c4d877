/**
 * SARIF 2.1.0 log for GitHub code scanning and other SARIF consumers (docs/CONTRACTS.md "SARIF").
 *
 * Everything is sorted so that the same audit gives the same log, apart from the invocation's
 * timestamps. Paths are relative to the audit root under `%SRCROOT%`, which is declared without a
 * `uri` so that no machine path appears in the log.
 */

import { createHash } from 'node:crypto';

import {
  CATEGORY_TITLES,
  compareFindings,
  compareStrings,
  type AuditResult,
  type Category,
  type Finding,
  type FindingFix,
  type Location,
  type Notification,
  type Region,
  type RuleDescriptor,
  type Severity,
  type TextEdit,
} from '../finding.js';
import { INFORMATION_URI, TOOL_NAME, VERSION } from '../../meta.js';
import {
  redactRoot,
  relativePath,
  ruleName,
  sortedFindings,
  sortedNotifications,
  sortedRules,
} from './common.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
export const SRCROOT = '%SRCROOT%';
/** Key of rta-lint's own entry in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'rtaFingerprint/v1';

/** Code scanning's limit on description lengths. */
const MAX_DESCRIPTION = 1024;

// ---------------------------------------------------------------------------------------------
// The subset of the SARIF object model this reporter writes.

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId: string;
}

export interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region?: SarifRegion;
}

export interface SarifLocation {
  id?: number;
  physicalLocation: SarifPhysicalLocation;
  message?: SarifMessage;
}

export interface SarifReplacement {
  deletedRegion: SarifRegion;
  insertedContent: { text: string };
}

export interface SarifFix {
  description: SarifMessage;
  artifactChanges: { artifactLocation: SarifArtifactLocation; replacements: SarifReplacement[] }[];
  properties?: Record<string, unknown>;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Severity;
  message: SarifMessage;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  codeFlows?: SarifCodeFlow[];
  fixes?: SarifFix[];
  suppressions?: { kind: 'inSource'; status: 'accepted'; justification?: string }[];
  baselineState?: 'new' | 'unchanged';
  properties?: Record<string, unknown>;
}

export interface SarifCodeFlow {
  message: SarifMessage;
  threadFlows: { locations: { location: SarifLocation; nestingLevel: number; executionOrder: number }[] }[];
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Severity };
  properties: {
    category: Category;
    tags: string[];
    precision: 'very-high' | 'high' | 'medium' | 'low';
    'problem.severity': 'error' | 'warning' | 'recommendation';
  };
}

export interface SarifNotification {
  descriptor: { id: string };
  level: Notification['level'];
  message: SarifMessage;
  locations?: SarifLocation[];
}

export interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: SarifNotification[];
  startTimeUtc?: string;
  endTimeUtc?: string;
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      semanticVersion?: string;
      informationUri: string;
      rules: SarifReportingDescriptor[];
    };
  };
  originalUriBaseIds: Record<string, { description: SarifMessage }>;
  columnKind: 'utf16CodeUnits';
  invocations: SarifInvocation[];
  automationDetails?: { id: string };
  results: SarifResult[];
  properties: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: [SarifRun];
}

// ---------------------------------------------------------------------------------------------
// Fingerprints

/** Collapses runs of whitespace so that reformatting does not change a fingerprint. */
export function normaliseSnippet(snippet: string): string {
  return snippet.replace(/\s+/g, ' ').trim();
}

/**
 * A message with its references to places taken out: `src/a.ts:16:3` → `src/a.ts`,
 * `line 16` → `line`, `lines 3-5` → `lines`. Analyzer messages quote where the other side of a
 * finding is, and those numbers move when lines are inserted above it, so a fingerprint built
 * from the message would change although the finding did not.
 */
export function normaliseMessage(message: string): string {
  return normaliseSnippet(
    message
      // `path.ext:line` or `path.ext:line:column`: a file name has a letters-only extension, so
      // `10:30`, `host:9092` and `orders.v1:3` are left alone.
      .replace(/((?:^|[^\w.:/-])(?:[^\s():,;`'"\[\]]*\/)?[^\s():,;`'"/\[\]]*\.[A-Za-z]+):\d+(?::\d+)?(?![\d:])/gu, '$1')
      .replace(/\b(lines?|col(?:umn)?s?)\s+\d+(?:\s*(?:-|–|to)\s*\d+)?\b/gi, '$1'),
  );
}

function fingerprintBasis(finding: Finding): string {
  const snippet = finding.snippet === undefined ? '' : normaliseSnippet(finding.snippet);
  const text = snippet === '' ? normaliseMessage(finding.message) : snippet;
  const file = relativePath(finding.location.file, '');
  return JSON.stringify([finding.ruleId, file, text]);
}

/**
 * A fingerprint that identifies the finding across runs: a hash of the rule, the file and the
 * flagged text (whitespace collapsed; without a snippet, the message with its line and column
 * references removed), followed by
 * `:<occurrence>`, the 1-based count of identical (rule, file, text) findings up to this one in
 * the file. No line or column goes in, so it survives lines inserted or removed above.
 */
export function fingerprint(finding: Finding, occurrence: number): string {
  const hash = createHash('sha256').update(fingerprintBasis(finding)).digest('hex').slice(0, 32);
  return `${hash}:${occurrence}`;
}

/** Fingerprints of `findings`, in the same order, with occurrences counted in position order. */
export function fingerprints(findings: readonly Finding[]): string[] {
  const order = findings.map((_, i) => i).sort((a, b) => {
    const fa = findings[a];
    const fb = findings[b];
    return fa && fb ? compareFindings(fa, fb) || a - b : 0;
  });
  const seen = new Map<string, number>();
  const out: string[] = new Array<string>(findings.length).fill('');
  for (const index of order) {
    const finding = findings[index];
    if (!finding) continue;
    const basis = fingerprintBasis(finding);
    const occurrence = (seen.get(basis) ?? 0) + 1;
    seen.set(basis, occurrence);
    out[index] = fingerprint(finding, occurrence);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/**
 * A repository-relative path as a URI reference: forward slashes, no `./`, and every segment
 * percent-encoded where RFC 3986 requires it (spaces, non-ASCII, `%`, `#`, `?`, `:`).
 */
export function toUri(file: string, root: string): string {
  return relativePath(file, root)
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) =>
      encodeURIComponent(segment).replace(/%(24|26|2B|2C|3B|3D|40)/gi, (escape) => decodeURIComponent(escape)),
    )
    .join('/');
}

function artifactLocation(file: string, root: string): SarifArtifactLocation {
  return { uri: toUri(file, root), uriBaseId: SRCROOT };
}

/** A region SARIF accepts: 1-based, and never ending before it starts. */
function sarifRegion(region: Region): Required<SarifRegion> {
  const startLine = Math.max(1, Math.trunc(region.startLine));
  const startColumn = Math.max(1, Math.trunc(region.startColumn));
  const endLine = Math.max(startLine, Math.trunc(region.endLine));
  let endColumn = Math.max(1, Math.trunc(region.endColumn));
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  return { startLine, startColumn, endLine, endColumn };
}

function physicalLocation(location: Location, root: string): SarifPhysicalLocation {
  return { artifactLocation: artifactLocation(location.file, root), region: sarifRegion(location.region) };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function nonEmpty(text: string, fallback: string): string {
  return text.trim() === '' ? fallback : text;
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/s.exec(text);
  return match?.[1] ?? text;
}

/** `handle-write-backpressure` → `HandleWriteBackpressure`, the conventional SARIF rule name. */
function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Rewrites relative link targets in Markdown to absolute URLs next to the rule's docs page. */
export function absoluteLinks(markdown: string, base: string): string {
  if (!URL.canParse(base)) return markdown;
  const resolve = (target: string): string => {
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || target.startsWith('//')) return target;
    return URL.canParse(target, base) ? new URL(target, base).href : target;
  };
  return markdown
    .replace(/(!?\[[^\]\n]*\]\()(<[^>\n]*>|[^\s)]+)/g, (_m, open: string, target: string) =>
      target.startsWith('<') ? `${open}<${resolve(target.slice(1, -1))}>` : `${open}${resolve(target)}`,
    )
    .replace(/^( {0,3}\[[^\]\n]+\]:[ \t]*)(\S+)/gm, (_m, open: string, target: string) => `${open}${resolve(target)}`);
}

/**
 * Markdown as plain text for `help.text`, the fallback of consumers that do not render Markdown:
 * no heading marks, fences or emphasis; code kept as it is; links as `text (url)`.
 */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.replace(/<!--[\s\S]*?-->/g, '').split(/\r\n|\r|\n/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker.charAt(0) === fence.charAt(0) && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      else out.push(line);
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    out.push(inlineToText(line.replace(/^ {0,3}#{1,6}\s+/, '').replace(/\s+#+\s*$/, '').replace(/^ {0,3}>\s?/, '')));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function inlineToText(line: string): string {
  // Code spans first, so that nothing inside them is read as a link or emphasis.
  const spans: string[] = [];
  const text = line.replace(/(`+)(.+?)\1/g, (_m, _ticks: string, code: string) => {
    spans.push(code.length > 1 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code);
    return `\u0000${String(spans.length - 1)}\u0000`;
  });
  return text
    .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\[([^\]\n]+)\]\(<?([^)>\s\n]+)>?(?:\s+"[^"]*")?\)/g, (_m, label: string, url: string) =>
      label === url || url.startsWith('#') ? label : `${label} (${url})`,
    )
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/\u0000(\d+)\u0000/g, (_m, i: string) => spans[Number(i)] ?? '');
}

const PROBLEM_SEVERITY: Readonly<Record<Severity, 'error' | 'warning' | 'recommendation'>> = {
  error: 'error',
  warning: 'warning',
  note: 'recommendation',
};

function reportingDescriptor(rule: RuleDescriptor): SarifReportingDescriptor {
  const description = nonEmpty(rule.description.trim(), `${rule.id} (${CATEGORY_TITLES[rule.category]})`);
  const docs = rule.docsUrl.trim();
  const sentence = docs === '' ? description : `${description} See ${docs} for details and examples.`;
  const sentenceMarkdown = docs === '' ? description : `${description}\n\nSee [the rule's documentation](${docs}) for details and examples.`;
  const helpMarkdown =
    rule.helpMarkdown !== undefined && rule.helpMarkdown.trim() !== ''
      ? absoluteLinks(rule.helpMarkdown, docs)
      : undefined;
  const tags = [...new Set([rule.category, 'streaming', 'real-time-analytics'])];
  return {
    id: rule.id,
    name: nonEmpty(pascalCase(ruleName(rule.id)), rule.id),
    shortDescription: { text: truncate(firstSentence(description), MAX_DESCRIPTION) },
    fullDescription: { text: truncate(description, MAX_DESCRIPTION) },
    help: { text: helpMarkdown === undefined ? sentence : markdownToText(helpMarkdown), markdown: helpMarkdown ?? sentenceMarkdown },
    ...(docs === '' ? {} : { helpUri: docs }),
    defaultConfiguration: { level: rule.defaultSeverity },
    properties: {
      category: rule.category,
      tags,
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITY[rule.defaultSeverity],
    },
  };
}

/** A descriptor for a finding whose rule the audit did not describe, so every result has one. */
function placeholderRule(finding: Finding): RuleDescriptor {
  return {
    id: finding.ruleId,
    category: finding.category,
    description: `${finding.ruleId}: ${CATEGORY_TITLES[finding.category]}.`,
    defaultSeverity: finding.severity,
    docsUrl: '',
    fixable: false,
    hasSuggestions: false,
  };
}

function replacement(edit: TextEdit): SarifReplacement {
  return { deletedRegion: sarifRegion(edit.region), insertedContent: { text: edit.text } };
}

function compareEdits(a: TextEdit, b: TextEdit): number {
  return a.range[0] - b.range[0] || a.range[1] - b.range[1] || compareStrings(a.text, b.text);
}

function sarifFix(fix: FindingFix, root: string): SarifFix {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of fix.edits) {
    const uri = toUri(edit.file, root);
    const list = byFile.get(uri);
    if (list) list.push(edit);
    else byFile.set(uri, [edit]);
  }
  const artifactChanges = [...byFile.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([uri, edits]) => ({
      artifactLocation: { uri, uriBaseId: SRCROOT },
      replacements: [...edits].sort(compareEdits).map(replacement),
    }));
  return {
    description: { text: nonEmpty(redactRoot(fix.description, root), 'Apply the fix') },
    artifactChanges,
    properties: { kind: fix.kind },
  };
}

function uniqueByJson<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sarifResult(finding: Finding, ruleIndex: number, print: string, root: string): SarifResult {
  const related = finding.related.map(
    (loc, i): SarifLocation => ({
      id: i + 1,
      physicalLocation: physicalLocation(loc, root),
      message: { text: nonEmpty(redactRoot(loc.message ?? '', root), 'Related location') },
    }),
  );
  const fixes = uniqueByJson(finding.fixes.filter((f) => f.edits.length > 0).map((f) => sarifFix(f, root)));
  const codeFlow = crossFileFlow(finding, root);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: nonEmpty(redactRoot(finding.message, root), finding.ruleId) },
    locations: [{ physicalLocation: physicalLocation(finding.location, root) }],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: {
      ...(finding.primaryLocationLineHash === undefined ? {} : { primaryLocationLineHash: finding.primaryLocationLineHash }),
      [FINGERPRINT_KEY]: finding.fingerprint ?? print,
    },
    ...(codeFlow ? { codeFlows: [codeFlow] } : {}),
    ...(fixes.length > 0 ? { fixes } : {}),
    ...(finding.suppressions && finding.suppressions.length > 0
      ? {
          suppressions: finding.suppressions.map((sup) => ({
            kind: sup.kind,
            status: 'accepted' as const,
            ...(sup.justification ? { justification: sup.justification } : {}),
          })),
        }
      : {}),
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
    properties: { category: finding.category, source: finding.source },
  };
}

/**
 * A finding whose evidence runs through other files (a route → a helper → the query) is shown as
 * a path: the primary location first, then each related location in order.
 */
function crossFileFlow(finding: Finding, root: string): SarifCodeFlow | undefined {
  if (!finding.related.some((loc) => loc.file !== finding.location.file)) return undefined;
  const steps = [{ ...finding.location, message: finding.location.message ?? firstSentence(finding.message) }, ...finding.related];
  return {
    message: { text: nonEmpty(redactRoot(firstSentence(finding.message), root), finding.ruleId) },
    threadFlows: [
      {
        locations: steps.map((loc, i) => ({
          location: {
            physicalLocation: physicalLocation(loc, root),
            message: { text: nonEmpty(redactRoot(loc.message ?? '', root), `Step ${String(i + 1)}`) },
          },
          nestingLevel: 0,
          executionOrder: i + 1,
        })),
      },
    ],
  };
}

function sarifNotification(notification: Notification, root: string): SarifNotification {
  const locations: SarifLocation[] = [];
  if (notification.file !== undefined && notification.file !== '') {
    const line = notification.line;
    const region: SarifRegion | undefined =
      line !== undefined && line >= 1
        ? {
            startLine: Math.trunc(line),
            ...(notification.column !== undefined && notification.column >= 1
              ? { startColumn: Math.trunc(notification.column) }
              : {}),
          }
        : undefined;
    locations.push({
      physicalLocation: {
        artifactLocation: artifactLocation(notification.file, root),
        ...(region ? { region } : {}),
      },
    });
  }
  return {
    descriptor: { id: nonEmpty(notification.kind, 'notification') },
    level: notification.level,
    message: { text: nonEmpty(redactRoot(notification.message, root), notification.kind) },
    ...(locations.length > 0 ? { locations } : {}),
  };
}

function utcTime(value: string): string | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

// ---------------------------------------------------------------------------------------------

export function buildSarif(result: AuditResult): SarifLog {
  const root = result.root;
  const findings = sortedFindings(result);
  const prints = fingerprints(findings);

  const rules = sortedRules(result);
  const known = new Set(rules.map((r) => r.id));
  for (const finding of findings) {
    if (!known.has(finding.ruleId)) {
      known.add(finding.ruleId);
      rules.push(placeholderRule(finding));
    }
  }
  rules.sort((a, b) => compareStrings(a.id, b.id));
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));

  const results = findings.map((f, i) => sarifResult(f, indexOf.get(f.ruleId) ?? 0, prints[i] ?? '', root));
  const notifications = sortedNotifications(result);
  const failed = notifications.some((n) => n.level === 'error' && n.kind === 'internal-error');
  const startTimeUtc = utcTime(result.startTime);
  const endTimeUtc = utcTime(result.endTime);
  const version = nonEmpty(result.toolVersion, VERSION);

  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version,
            ...(SEMVER.test(version) ? { semanticVersion: version } : {}),
            informationUri: INFORMATION_URI,
            rules: rules.map(reportingDescriptor),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The root folder of the audit (the repository root in CI).' } },
        },
        columnKind: 'utf16CodeUnits',
        ...(result.automationId ? { automationDetails: { id: result.automationId } } : {}),
        invocations: [
          {
            executionSuccessful: !failed,
            toolExecutionNotifications: uniqueByJson(notifications.map((n) => sarifNotification(n, root))),
            ...(startTimeUtc === undefined ? {} : { startTimeUtc }),
            ...(endTimeUtc === undefined ? {} : { endTimeUtc }),
          },
        ],
        results,
        properties: { typed: result.typed, filesAnalysed: result.filesAnalysed },
      },
    ],
  };
}

export function renderSarif(result: AuditResult): string {
  return `${JSON.stringify(buildSarif(result), null, 2)}\n`;
}
