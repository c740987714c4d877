import { describe, expect, it } from 'vitest';

import type { Finding, Severity } from '../../src/findings/finding.js';
import { escapeData, escapeProperty, renderGithub } from '../../src/findings/reporters/github.js';
import { ROOT, auditResult, emptyResult, findings } from './sample-results.js';

function many(severity: Severity, count: number): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    ...findings()[2]!,
    severity,
    location: { file: `src/f${String(i).padStart(2, '0')}.ts`, region: { startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: 5 } },
  }));
}

describe('github reporter', () => {
  const output = renderGithub(auditResult());
  const lines = output.trimEnd().split('\n');

  it('writes one workflow command per finding, most severe first', () => {
    const levels = lines.filter((l) => l.startsWith('::')).map((l) => /^::(\w+)/.exec(l)?.[1]);
    expect(levels).toEqual(['error', 'error', 'error', 'warning', 'warning', 'warning', 'warning', 'notice', 'notice']);
    expect(lines).toContain(
      '::error file=src/orders/consumer.ts,line=14,endLine=14,col=7,endColumn=25,title=rta/handle-write-backpressure::The result of archive.write() is ignored; wait for "drain" when it returns false.',
    );
    expect(lines).toContain(
      '::notice file=rta.config.yaml,line=12,endLine=12,col=5,endColumn=30,title=rta/sla-metric-recorded::No code records order_ingest_duration_seconds for SLA order-ingest-latency.',
    );
  });

  it('gives columns only for single-line regions', () => {
    expect(lines).toContain(
      '::warning file=src/dashboard/api.ts,line=21,endLine=24,title=rta/cache-dashboard-queries::GET /api/revenue runs an uncached warehouse query on every request.',
    );
  });

  it('annotates parse errors and skipped files', () => {
    expect(lines).toContain('::error file=src/broken.ts,line=3,col=5,title=rta-lint%3A parse-error::Unexpected token. (src/broken.ts:3:5)');
    expect(lines).toContain('::notice file=public/vendor/chart.min.js,title=rta-lint%3A skipped-minified::Skipped a minified file.');
  });

  it('ends with a plain summary line and leaks no absolute path', () => {
    expect(lines.at(-1)).toBe(
      'rta-lint: 7 problems (2 errors, 4 warnings, 1 note) in 42 files — backpressure 2, window 1, cache 2, schema-drift 1, sla-metrics 1',
    );
    expect(output).not.toContain(ROOT);
    expect(renderGithub(emptyResult())).toBe('rta-lint: no problems found in 3 files.\n');
  });

  it('escapes data and properties as actions/toolkit does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const tricky: Finding = {
      ...findings()[0]!,
      ruleId: 'rta/x,y:z',
      message: 'Lag is 100%\r\n::error::injected',
      location: { file: 'src/a,b:c.ts', region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 4 } },
    };
    const out = renderGithub(auditResult({ findings: [tricky], notifications: [] }));
    const first = out.split('\n')[0];
    expect(first).toBe(
      '::error file=src/a%2Cb%3Ac.ts,line=2,endLine=2,col=1,endColumn=4,title=rta/x%2Cy%3Az::Lag is 100%25%0D%0A::error::injected',
    );
    expect(out.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
  });

  it('stops at 10 annotations per level and says how many it left out', () => {
    const result = auditResult({
      findings: [...many('note', 3), ...many('warning', 12), ...many('error', 15)],
      notifications: [],
    });
    const out = renderGithub(result).trimEnd().split('\n');
    const count = (level: string): number => out.filter((l) => l.startsWith(`::${level} `)).length;
    expect(count('error')).toBe(10);
    expect(count('warning')).toBe(10);
    expect(count('notice')).toBe(3);
    expect(out.slice(0, 10).every((l) => l.startsWith('::error '))).toBe(true);
    expect(out.at(-1)).toMatch(/^rta-lint: 7 annotations left out \(5 errors, 2 warnings\): GitHub shows at most 10 of each level per step/);
    expect(out.at(-1)).not.toMatch(/^::/);
  });
});
