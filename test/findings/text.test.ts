import { describe, expect, it } from 'vitest';

import { renderText } from '../../src/findings/reporters/text.js';
import { ROOT, auditResult, emptyResult } from './sample-results.js';

const plain = { color: false };

describe('text reporter', () => {
  const output = renderText(auditResult(), plain);

  it('groups findings under a header per relative file path, in path order', () => {
    const headers = output.split('\n').filter((line) => /^\S/.test(line) && !line.startsWith('✖') && !line.startsWith('Notifications'));
    expect(headers).toEqual([
      'rta.config.yaml',
      'src/analytics/windows.ts',
      'src/dashboard/api.ts',
      'src/events/order-event.ts',
      'src/live/ws.ts',
      'src/orders/consumer.ts',
    ]);
    const api = output.slice(output.indexOf('src/dashboard/api.ts\n'), output.indexOf('src/events/'));
    expect(api.trimEnd().split('\n').slice(1)).toEqual([
      '  21:1  warning  GET /api/revenue runs an uncached warehouse query on every request.  rta/cache-dashboard-queries',
      '  40:1  warning  GET /api/users runs an uncached warehouse query on every request.    rta/cache-dashboard-queries',
    ]);
  });

  it('aligns line:col, severity, message and rule id within a file', () => {
    const result = auditResult({
      findings: [
        { ...auditResult().findings[0]!, location: { file: 'src/a.ts', region: { startLine: 9, startColumn: 12, endLine: 9, endColumn: 20 } } },
        { ...auditResult().findings[1]!, location: { file: 'src/a.ts', region: { startLine: 120, startColumn: 3, endLine: 120, endColumn: 8 } } },
      ],
      notifications: [],
    });
    const lines = renderText(result, plain).split('\n');
    expect(lines[0]).toBe('src/a.ts');
    expect(lines[1]).toMatch(/^ {4}9:12 {2}error {4}The result/);
    expect(lines[2]).toMatch(/^ {2}120:3 {3}warning {2}socket\.send/);
    const ruleColumn = (line: string): number => line.indexOf('rta/');
    expect(ruleColumn(lines[1]!)).toBe(ruleColumn(lines[2]!));
  });

  it('lists notifications with file:line in their own section', () => {
    expect(output).toContain('Notifications (2)');
    expect(output).toMatch(/ {2}src\/broken\.ts:3:5 +error +Unexpected token\. \(src\/broken\.ts:3:5\) \(parse-error\)/);
    expect(output).toMatch(/ {2}public\/vendor\/chart\.min\.js +note +Skipped a minified file\. \(skipped-minified\)/);
  });

  it('ends with totals by severity and category and the number of files analysed', () => {
    expect(output).toContain(
      '✖ 7 problems (2 errors, 4 warnings, 1 note) — backpressure 2, window 1, cache 2, schema-drift 1, sla-metrics 1',
    );
    expect(output).toContain('42 files analysed with type information');
    expect(output.endsWith('\n')).toBe(true);
  });

  it('says clearly when there is nothing to report', () => {
    const empty = renderText(emptyResult(), plain);
    expect(empty).toBe('✔ No problems found (3 files analysed with type information).\n');
  });

  it('uses ANSI colours only when asked', () => {
    expect(output).not.toContain('\u001b[');
    const coloured = renderText(auditResult(), { color: true });
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(output);
  });

  it('never prints the absolute root, even when a message quotes it', () => {
    expect(output).not.toContain(ROOT);
    expect(output).not.toContain('/home/');
  });

  it('keeps every finding on one line', () => {
    const result = auditResult({
      findings: [{ ...auditResult().findings[0]!, message: 'first line\nsecond line' }],
      notifications: [],
    });
    expect(renderText(result, plain)).toContain('error  first line second line  rta/');
  });

  it('lists the files --fix rewrote, relative to the root', () => {
    const result = auditResult({ fixedFiles: [`${ROOT}/src/b.ts`, 'src/a.ts'] });
    const text = renderText(result, plain);
    expect(text).toContain('fixed 2 files: src/a.ts, src/b.ts');
    expect(text).not.toContain(ROOT);
  });
});
