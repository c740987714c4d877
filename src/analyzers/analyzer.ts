/**
 * The contract between the audit engine and a project-level analysis. An analyzer sees the
 * ts-morph project (when the audit is typed), the files, and the loaded config; it returns plain
 * findings and notifications. It never sees ESLint.
 */
import type { Project } from 'ts-morph';
import type { Finding, Notification, RuleDescriptor } from '../findings/finding.js';
import type { RtaConfig } from '../config/types.js';

export interface AnalyzerFile {
  /** Absolute path. */
  path: string;
  /** Relative to the audit root, forward slashes. */
  relative: string;
  text: string;
  kind: 'source' | 'sql';
}

export interface AnalyzerContext {
  /** Absolute audit root; findings use paths relative to it. */
  root: string;
  files: readonly AnalyzerFile[];
  /** The one program of the audit, shared with typed ESLint rules; absent in untyped runs. */
  project: Project | undefined;
  config: RtaConfig;
  /** Folder of rta.config.yaml, to resolve the paths it names. */
  configDir: string | undefined;
  /** Effective severity of a check (`off` when the config turns it off). */
  severityOf(ruleId: string): 'error' | 'warning' | 'note' | 'off';
}

export interface AnalyzerOutput {
  findings: Finding[];
  notifications: Notification[];
}

export interface Analyzer {
  /** Folder name under src/analyzers. */
  id: string;
  /** The checks it reports, as SARIF rule descriptors (ids `rta/<check>`). */
  checks: readonly Omit<RuleDescriptor, 'helpMarkdown'>[];
  /** Whether it needs the ts-morph project (skipped with a note in untyped runs). */
  needsTypes: boolean;
  run(context: AnalyzerContext): AnalyzerOutput | Promise<AnalyzerOutput>;
}
