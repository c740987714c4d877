/**
 * The one shape every result of rta-lint takes, whether an ESLint rule or a project analyzer
 * produced it. Reporters are pure functions of these objects; nothing here knows about ESLint.
 */

import type { PipelineGraph } from './pipeline.js';

export const CATEGORIES = ['backpressure', 'window', 'cache', 'schema-drift', 'sla-metrics'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  backpressure: 'Missing backpressure',
  window: 'Unpartitioned windows',
  cache: 'Uncached dashboard queries',
  'schema-drift': 'Batch/stream schema drift',
  'sla-metrics': 'Absent SLA metrics',
};

export type Severity = 'error' | 'warning' | 'note';

/** 1-based lines and columns; `endColumn` is the column after the last character (SARIF style). */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Location {
  /** Path relative to the audit root, forward slashes. */
  file: string;
  region: Region;
  /** What this place is, for related locations ("the batch table", "helper that runs the query"). */
  message?: string;
}

/** A text edit expressed on 0-based UTF-16 offsets of the file's content at analysis time. */
export interface TextEdit {
  file: string;
  range: [number, number];
  text: string;
  region: Region;
  /** The text the edit replaces, for showing the fix as a diff. */
  original?: string;
}

export interface FindingFix {
  description: string;
  /** `autofix` is applied by `--fix`; `suggestion` is only offered. */
  kind: 'autofix' | 'suggestion';
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  location: Location;
  related: Location[];
  fixes: FindingFix[];
  /** The flagged source text, used for stable fingerprints. */
  snippet?: string;
  /**
   * GitHub code scanning's fingerprint of the primary location's line (see `line-hash.ts`), when
   * the audit had the file's text; the SARIF reporter copies it into `partialFingerprints`.
   */
  primaryLocationLineHash?: string;
  /** Where it came from: an ESLint rule or a project analyzer. */
  source: 'rule' | 'analyzer';
  /**
   * rta-lint's own fingerprint (rule, file, normalised flagged code, occurrence): stable when
   * unrelated lines move, changed when the flagged code changes. Baselines match on it.
   */
  fingerprint?: string;
  /** Present when an `eslint-disable` comment silences the finding (kept only with --include-suppressed). */
  suppressions?: Suppression[];
  /** Set in runs with a baseline: whether the baseline already had this finding. */
  baselineState?: 'new' | 'unchanged';
  /**
   * The flagged lines with a few lines of context, from the file's text at analysis time (the
   * HTML report shows it; reporters have no file access). `startLine` is the first line's number.
   */
  excerpt?: { startLine: number; lines: string[] };
}

export interface Suppression {
  kind: 'inSource';
  /** The text after `--` in the directive comment. */
  justification?: string;
}

/** True for findings that count: not silenced in source and not already in the baseline. */
export function isActive(finding: Finding): boolean {
  return (finding.suppressions?.length ?? 0) === 0 && finding.baselineState !== 'unchanged';
}

/** A problem running the audit on one file: it did not parse, was skipped, or a check failed on it. */
export interface Notification {
  level: 'error' | 'warning' | 'note';
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** Stable id of the kind of notification, e.g. `parse-error`, `skipped-binary`. */
  kind: string;
}

/** What a reporter needs to know about each rule or analyzer check that ran. */
export interface RuleDescriptor {
  id: string;
  category: Category;
  description: string;
  defaultSeverity: Severity;
  docsUrl: string;
  /** Markdown of the rule's docs page, when it could be read. */
  helpMarkdown?: string;
  fixable: boolean;
  hasSuggestions: boolean;
}

export interface AuditResult {
  /** Absolute path of the root; reporters must not print it. */
  root: string;
  findings: Finding[];
  notifications: Notification[];
  rules: RuleDescriptor[];
  filesAnalysed: number;
  typed: boolean;
  toolVersion: string;
  startTime: string;
  endTime: string;
  /** Files that `--fix` rewrote, relative to root. */
  fixedFiles: string[];
  /** SARIF `automationDetails.id` (from --category), to keep several runs in one repository apart. */
  automationId?: string;
  /** Present in runs against a baseline. */
  baseline?: { new: number; unchanged: number; absent: number };
  /** Present in diff-aware runs: the git revision the changes are measured from. */
  changedSince?: string;
  /** Present in sharded runs. */
  shard?: { index: number; count: number };
  /** Producers, topics, consumers, stages and sinks as the analysis sees them (typed runs). */
  pipeline?: PipelineGraph;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.location.file, b.location.file) ||
    a.location.region.startLine - b.location.region.startLine ||
    a.location.region.startColumn - b.location.region.startColumn ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

export function compareNotifications(a: Notification, b: Notification): number {
  return (
    compareStrings(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.message, b.message)
  );
}

/** Locale-independent ordering so that output is byte-identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
