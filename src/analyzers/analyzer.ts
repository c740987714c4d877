/**
 * The contract between the audit engine and a project-level analysis. An analyzer sees the
 * ts-morph project (when the audit is typed), the files, and the loaded config; it returns plain
 * findings and notifications. It never sees ESLint.
 */
import type { Project } from 'ts-morph';
import type { Finding, Notification, RuleDescriptor } from '../findings/finding.js';
import type { PipelineGraph } from '../findings/pipeline.js';
import type { ConfigProblem, RtaConfig } from '../config/types.js';

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
  /** rta.config.yaml itself, for problems reported at a line of it. */
  configFile?: string;
  /** Effective severity of a check (`off` when the config turns it off). */
  severityOf(ruleId: string): 'error' | 'warning' | 'note' | 'off';
}

export interface AnalyzerOutput {
  findings: Finding[];
  notifications: Notification[];
  /** The data flow this analyzer sees (pipeline-map); the engine merges every analyzer's into the result. */
  pipeline?: PipelineGraph;
  /**
   * Places where this analyzer's verdict replaces an ESLint rule's of the same id: rule findings
   * that start exactly there are dropped. An analyzer that sees more than one file claims what it
   * examined, so a problem both see is reported once and one that only it knows to be fine is not
   * reported at all; rule findings elsewhere stand.
   */
  claims?: FindingClaim[];
}

/** A rule id at a start position (1-based line and column, file relative to the audit root). */
export interface FindingClaim {
  ruleId: string;
  file: string;
  line: number;
  column: number;
}

export interface Analyzer {
  /** Folder name under src/analyzers. */
  id: string;
  /** The checks it reports, as SARIF rule descriptors (ids `rta/<check>`). */
  checks: readonly Omit<RuleDescriptor, 'helpMarkdown'>[];
  /** Whether it needs the ts-morph project (skipped with a note in untyped runs). */
  needsTypes: boolean;
  run(context: AnalyzerContext): AnalyzerOutput | Promise<AnalyzerOutput>;
  /**
   * Plugin rules this analyzer reports in their place during an audit. The engine turns them off
   * in the ESLint run (they still serve editors), so each problem is reported once, and keeps
   * each finding's own severity unless rta.config.yaml's `rules:` sets the id explicitly.
   */
  supersedes?: readonly string[];
  /**
   * Config problems only this analyzer can see (a schema reference naming a declaration the file
   * does not have), checked before anything is linted: any problem makes the audit exit 2.
   * Runs on the same context object `run` gets later.
   */
  checkConfig?(context: AnalyzerContext): ConfigProblem[];
}
