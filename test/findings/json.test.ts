import { describe, expect, it } from 'vitest';

import { compareFindings, type Finding } from '../../src/findings/finding.js';
import { renderJson } from '../../src/findings/reporters/json.js';
import { ROOT, auditResult, emptyResult } from './sample-results.js';

interface JsonReport {
  version: number;
  tool: { name: string; version: string; informationUri: string };
  root: string;
  typed: boolean;
  filesAnalysed: number;
  summary: { total: number; bySeverity: Record<string, number>; byCategory: Record<string, number>; notifications: number };
  findings: (Finding & { fingerprint: string })[];
  notifications: { level: string; kind: string; message: string; file?: string; line?: number }[];
  rules: { id: string; category: string; docsUrl: string }[];
  fixedFiles: string[];
}

describe('json reporter', () => {
  const text = renderJson(auditResult());
  const report = JSON.parse(text) as JsonReport;

  it('has the documented top-level shape', () => {
    expect(Object.keys(report)).toEqual([
      'version',
      'tool',
      'root',
      'typed',
      'filesAnalysed',
      'summary',
      'findings',
      'notifications',
      'rules',
      'fixedFiles',
    ]);
    expect(report.version).toBe(1);
    expect(report.tool).toMatchObject({ name: 'rta-lint', version: '0.1.0' });
    expect(report.root).toBe('.');
    expect(report.typed).toBe(true);
    expect(report.filesAnalysed).toBe(42);
  });

  it('summarises by severity and category', () => {
    expect(report.summary).toEqual({
      total: 7,
      bySeverity: { error: 2, warning: 4, note: 1 },
      byCategory: { backpressure: 2, window: 1, cache: 2, 'schema-drift': 1, 'sla-metrics': 1 },
      notifications: 2,
    });
  });

  it('sorts findings with compareFindings and keeps related locations and fixes', () => {
    const sorted = [...auditResult().findings].sort(compareFindings);
    expect(report.findings.map((f) => [f.location.file, f.location.region.startLine])).toEqual(
      sorted.map((f) => [f.location.file, f.location.region.startLine]),
    );
    const drift = report.findings.find((f) => f.ruleId === 'rta/schema-drift')!;
    expect(drift.related).toEqual([
      { file: 'db/migrations/001_orders.sql', region: { startLine: 1, startColumn: 1, endLine: 6, endColumn: 3 }, message: 'the batch table' },
    ]);
    const write = report.findings.find((f) => f.location.file === 'src/orders/consumer.ts')!;
    expect(write.fixes[0]).toMatchObject({ kind: 'suggestion', edits: [{ file: 'src/orders/consumer.ts', range: [400, 418] }] });
    expect(write.fingerprint).toMatch(/^[0-9a-f]{32}:1$/);
  });

  it('lists notifications and rules, sorted', () => {
    expect(report.notifications.map((n) => n.kind)).toEqual(['skipped-minified', 'parse-error']);
    expect(report.notifications[1]).toEqual({
      level: 'error',
      kind: 'parse-error',
      message: 'Unexpected token. (src/broken.ts:3:5)',
      file: 'src/broken.ts',
      line: 3,
      column: 5,
    });
    expect(report.rules.map((r) => r.id)).toEqual([...report.rules.map((r) => r.id)].sort());
    expect(report.rules).toHaveLength(5);
  });

  it('is pretty-printed, ends with a newline, and leaks no absolute path', () => {
    expect(text.startsWith('{\n  "version": 1,')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain(ROOT);
  });

  it('does not depend on the order of its input', () => {
    const shuffled = auditResult();
    shuffled.findings.reverse();
    shuffled.notifications.reverse();
    shuffled.rules.reverse();
    expect(renderJson(shuffled)).toBe(text);
  });

  it('reports an empty audit', () => {
    const empty = JSON.parse(renderJson(emptyResult())) as JsonReport;
    expect(empty.findings).toEqual([]);
    expect(empty.notifications).toEqual([]);
    expect(empty.summary.total).toBe(0);
  });
});
