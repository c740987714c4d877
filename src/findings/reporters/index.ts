/**
 * The report formats of `rta-lint --format`. Every reporter is a pure function of an AuditResult:
 * no I/O, no clock, no environment, and no absolute path in its output.
 */

import type { AuditResult } from '../finding.js';
import { renderGithub } from './github.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown, type SourceLinks } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'github', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** ANSI colours; only the text format uses them. */
  color: boolean;
  /** Where the markdown format's location links point (see markdown.ts); relative links without. */
  sourceLinks?: SourceLinks;
}

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

export function renderReport(format: ReportFormat, result: AuditResult, options: ReportOptions): string {
  switch (format) {
    case 'text':
      return renderText(result, options);
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result);
    case 'markdown':
      return renderMarkdown(result, options.sourceLinks === undefined ? {} : { sourceLinks: options.sourceLinks });
    case 'github':
      return renderGithub(result);
    case 'html':
      return renderHtml(result);
  }
}

export { renderGithub, renderHtml, renderJson, renderMarkdown, renderSarif, renderText };
export { buildSarif, fingerprint, fingerprints, FINGERPRINT_KEY } from './sarif.js';
export { githubSourceLinks, type SourceLinks } from './markdown.js';
