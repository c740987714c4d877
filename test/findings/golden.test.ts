import { describe, expect, it } from 'vitest';
import { renderReport, REPORT_FORMATS } from '../../src/findings/reporters/index.js';
import { auditResult } from './sample-results.js';

// Golden outputs: any change to what users see in any format shows up as a diff of these files.
// After an intended change, run `npx vitest run test/findings/golden.test.ts -u` and review the diff.
const EXTENSIONS: Record<(typeof REPORT_FORMATS)[number], string> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  markdown: 'md',
  github: 'github.txt',
  html: 'html',
};

describe('golden reports', () => {
  for (const format of REPORT_FORMATS) {
    it(format, async () => {
      const result = auditResult({ startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:01.000Z' });
      await expect(renderReport(format, result, { color: false })).toMatchFileSnapshot(`golden/report.${EXTENSIONS[format]}`);
    });
  }
});
