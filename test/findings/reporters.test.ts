import { describe, expect, it } from 'vitest';

import { REPORT_FORMATS, isReportFormat, renderReport } from '../../src/findings/reporters/index.js';
import { renderJson } from '../../src/findings/reporters/json.js';
import { renderSarif } from '../../src/findings/reporters/sarif.js';
import { ROOT, auditResult } from './sample-results.js';

describe('renderReport', () => {
  it('knows the six formats', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif', 'markdown', 'github', 'html']);
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
  });

  it('dispatches to the reporter of each format', () => {
    expect(renderReport('json', auditResult(), { color: true })).toBe(renderJson(auditResult()));
    expect(renderReport('sarif', auditResult(), { color: true })).toBe(renderSarif(auditResult()));
  });

  for (const format of REPORT_FORMATS) {
    it(`${format}: deterministic, newline-terminated, no absolute path, input left untouched`, () => {
      const input = auditResult();
      const snapshot = JSON.stringify(input);
      const first = renderReport(format, input, { color: false });
      expect(renderReport(format, auditResult(), { color: false })).toBe(first);
      expect(first.endsWith('\n')).toBe(true);
      expect(first).not.toContain(ROOT);
      expect(JSON.stringify(input)).toBe(snapshot);
    });
  }
});
