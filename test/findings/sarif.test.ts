import { describe, expect, it } from 'vitest';

import type { AuditResult, Finding } from '../../src/findings/finding.js';
import {
  FINGERPRINT_KEY,
  SARIF_SCHEMA_URI,
  absoluteLinks,
  buildSarif,
  fingerprint,
  fingerprints,
  markdownToText,
  normaliseMessage,
  renderSarif,
  toUri,
  type SarifLog,
} from '../../src/findings/reporters/sarif.js';
import { ROOT, auditResult, emptyResult, findings, writeFinding } from './sample-results.js';
import { itWithValidator, validateSarif } from './validator.js';

function parse(result: AuditResult): SarifLog {
  return JSON.parse(renderSarif(result)) as SarifLog;
}

/** The result's `rtaFingerprint/v1` for the finding at `index` of the input. */
function printOf(result: AuditResult, finding: Finding): string {
  const log = parse(result);
  const hit = log.runs[0].results.find(
    (r) =>
      r.ruleId === finding.ruleId &&
      r.locations[0]?.physicalLocation.artifactLocation.uri === finding.location.file &&
      r.locations[0].physicalLocation.region?.startLine === finding.location.region.startLine,
  );
  return hit?.partialFingerprints[FINGERPRINT_KEY] ?? '';
}

describe('sarif reporter: validation', () => {
  itWithValidator('passes validate-sarif with findings and notifications', () => {
    const { status, problems, output } = validateSarif(renderSarif(auditResult()));
    expect(problems.filter((p) => p.severity === 'error'), output).toEqual([]);
    expect(status, output).toBe(0);
  });

  itWithValidator('passes validate-sarif with no findings at all', () => {
    const { status, problems, output } = validateSarif(renderSarif(emptyResult()));
    expect(problems.filter((p) => p.severity === 'error'), output).toEqual([]);
    expect(status, output).toBe(0);
  });

  itWithValidator('passes validate-sarif for odd input: unknown rule, odd paths, inverted region, no timestamps', () => {
    const odd = auditResult({
      startTime: '',
      endTime: 'not a date',
      toolVersion: '0.1.0-dev+local',
      findings: [
        {
          ...findings()[0]!,
          ruleId: 'rta/not-described',
          location: { file: `${ROOT}\\src\\dir with space\\ü#1.ts`, region: { startLine: 5, startColumn: 9, endLine: 4, endColumn: 2 } },
          message: `Problem in ${ROOT}/src/x.ts`,
        },
        { ...findings()[1]!, fixes: [{ description: '', kind: 'autofix', edits: [] }] },
      ],
      notifications: [
        { level: 'error', kind: 'internal-error', message: 'The analyzer crashed.' },
        { level: 'warning', kind: 'parse-error', message: 'x', file: './src/a.ts', line: 0 },
        { level: 'warning', kind: 'parse-error', message: 'x', file: './src/a.ts', line: 0 },
      ],
    });
    const log = renderSarif(odd);
    expect(log).not.toContain(ROOT);
    const { status, problems, output } = validateSarif(log);
    expect(problems.filter((p) => p.severity === 'error'), output).toEqual([]);
    expect(status, output).toBe(0);
    const run = (JSON.parse(log) as SarifLog).runs[0];
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('rta/not-described');
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('src/dir%20with%20space/%C3%BC%231.ts');
    expect(run.invocations[0]?.executionSuccessful).toBe(false);
    expect(run.invocations[0]?.toolExecutionNotifications).toHaveLength(2);
  });
});

describe('sarif reporter: structure', () => {
  const log = parse(auditResult());
  const run = log.runs[0];

  it('is a single SARIF 2.1.0 run of rta-lint', () => {
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'rta-lint',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/eslint-plugin-rta/eslint-plugin-rta#readme',
    });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds['%SRCROOT%']).toEqual({ description: { text: expect.any(String) } });
    expect(JSON.stringify(run.originalUriBaseIds)).not.toContain('uri');
  });

  it('describes every rule, sorted by id', () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([
      'rta/cache-dashboard-queries',
      'rta/handle-write-backpressure',
      'rta/schema-drift',
      'rta/sla-metric-recorded',
      'rta/window-partition-key',
    ]);
    const cache = run.tool.driver.rules[0]!;
    expect(cache).toMatchObject({
      name: 'CacheDashboardQueries',
      shortDescription: { text: 'Dashboard endpoints must read through a cache.' },
      fullDescription: { text: 'Dashboard endpoints must read through a cache. Uncached queries hit the warehouse on every poll.' },
      helpUri: expect.stringMatching(/docs\/rules\/cache-dashboard-queries\.md$/),
      defaultConfiguration: { level: 'warning' },
      properties: { category: 'cache', precision: 'high', 'problem.severity': 'warning' },
    });
    expect(cache.properties.tags).toEqual(expect.arrayContaining(['cache', 'streaming']));
    expect(cache.help.text).toContain('Dashboard endpoints must read through a cache.');
    expect(cache.help.text).toContain(cache.helpUri);
    expect(cache.help.markdown).toContain(`](${cache.helpUri ?? ''})`);
    const note = run.tool.driver.rules[3]!;
    expect(note.defaultConfiguration.level).toBe('note');
    expect(note.properties['problem.severity']).toBe('recommendation');
  });

  it('uses the rule docs for help.markdown, with absolute links', () => {
    const write = run.tool.driver.rules[1]!;
    expect(write.help.markdown).toContain('# rta/handle-write-backpressure');
    expect(write.help.markdown).toContain(
      '[pipeline](https://github.com/eslint-plugin-rta/eslint-plugin-rta/blob/v0.1.0/docs/rules/prefer-stream-pipeline.md)',
    );
    expect(write.help.markdown).toContain('[Node docs](https://nodejs.org/api/stream.html)');
  });

  it('gives the rule docs as plain text in help.text', () => {
    const write = run.tool.driver.rules[1]!;
    expect(write.help.text).toMatch(/^rta\/handle-write-backpressure\n/);
    expect(write.help.text).not.toMatch(/^#/m);
    expect(write.help.text).not.toContain('](');
    expect(write.help.text).toContain('pipeline (https://github.com/eslint-plugin-rta/eslint-plugin-rta/blob/v0.1.0/docs/rules/prefer-stream-pipeline.md)');
    expect(write.help.text).toContain('Node docs (https://nodejs.org/api/stream.html)');
  });

  it('writes one result per finding with rule index, level, location and region', () => {
    expect(run.results).toHaveLength(7);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
      expect(result.locations[0]?.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(result.locations[0]?.physicalLocation.artifactLocation.uri).not.toMatch(/^(\/|\.\/)|\\/);
    }
    const write = run.results.find((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === 'src/orders/consumer.ts')!;
    expect(write).toMatchObject({
      ruleId: 'rta/handle-write-backpressure',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'The result of archive.write() is ignored; wait for "drain" when it returns false.' },
      locations: [{ physicalLocation: { region: { startLine: 14, startColumn: 7, endLine: 14, endColumn: 25 } } }],
    });
    expect(run.results.map((r) => r.level)).toEqual(['note', 'warning', 'warning', 'warning', 'error', 'warning', 'error']);
  });

  it('links related locations in other files with ids and messages', () => {
    const cache = run.results.find((r) => r.message.text.startsWith('GET /api/revenue'))!;
    expect(cache.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'src/dashboard/queries.ts', uriBaseId: '%SRCROOT%' },
          region: { startLine: 5, startColumn: 10, endLine: 5, endColumn: 30 },
        },
        message: { text: 'helper that runs the query' },
      },
    ]);
    const users = run.results.find((r) => r.message.text.startsWith('GET /api/users'))!;
    expect(users.relatedLocations).toBeUndefined();
  });

  it('offers fixes as artifact changes', () => {
    const write = run.results.find((r) => r.ruleId === 'rta/handle-write-backpressure' && r.level === 'error')!;
    expect(write.fixes).toEqual([
      {
        description: { text: 'Await "drain" when write() returns false' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'src/orders/consumer.ts', uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: { startLine: 14, startColumn: 7, endLine: 14, endColumn: 25 },
                insertedContent: { text: "if (!archive.write(row)) await once(archive, 'drain')" },
              },
            ],
          },
        ],
        properties: { kind: 'suggestion' },
      },
    ]);
  });

  it('reports parse errors and skipped files as tool execution notifications', () => {
    const invocation = run.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.startTimeUtc).toBe('2025-01-02T03:04:05.000Z');
    expect(invocation.endTimeUtc).toBe('2025-01-02T03:04:07.500Z');
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        descriptor: { id: 'skipped-minified' },
        level: 'note',
        message: { text: 'Skipped a minified file.' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'public/vendor/chart.min.js', uriBaseId: '%SRCROOT%' } } }],
      },
      {
        descriptor: { id: 'parse-error' },
        level: 'error',
        message: { text: 'Unexpected token. (src/broken.ts:3:5)' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' },
              region: { startLine: 3, startColumn: 5 },
            },
          },
        ],
      },
    ]);
  });

  it('fails the execution only on an internal error', () => {
    const crashed = auditResult({
      notifications: [{ level: 'error', kind: 'internal-error', message: 'The schema-drift analyzer crashed.' }],
    });
    expect(parse(crashed).runs[0].invocations[0]?.executionSuccessful).toBe(false);
  });

  it('always has a results array', () => {
    const empty = parse(emptyResult()).runs[0];
    expect(empty.results).toEqual([]);
    expect(empty.invocations[0]?.toolExecutionNotifications).toEqual([]);
  });

  it('contains no absolute path', () => {
    const text = renderSarif(auditResult());
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain('file:');
  });

  it('is deterministic and independent of input order', () => {
    const first = renderSarif(auditResult());
    expect(renderSarif(auditResult())).toBe(first);
    const shuffled = auditResult();
    shuffled.findings.reverse();
    shuffled.notifications.reverse();
    shuffled.rules.reverse();
    expect(renderSarif(shuffled)).toBe(first);
  });
});

describe('sarif reporter: fingerprints', () => {
  const others = findings().slice(1);

  it('stay the same when the finding moves down because lines were inserted above', () => {
    const before = auditResult({ findings: [...others, writeFinding(14)] });
    const after = auditResult({ findings: [...others, writeFinding(31)] });
    const a = printOf(before, writeFinding(14));
    const b = printOf(after, writeFinding(31));
    expect(a).toMatch(/^[0-9a-f]{32}:1$/);
    expect(b).toBe(a);
  });

  it('ignore whitespace changes in the snippet', () => {
    expect(fingerprint(writeFinding(3, 'archive.write( row )'), 1)).not.toBe(fingerprint(writeFinding(3), 1));
    expect(fingerprint(writeFinding(3, 'archive.write(row)\n'), 1)).toBe(fingerprint(writeFinding(3), 1));
    expect(fingerprint(writeFinding(3, '  archive.write(row)'), 1)).toBe(fingerprint(writeFinding(9, 'archive.write(row)'), 1));
  });

  it('change when the flagged code changes', () => {
    const before = printOf(auditResult({ findings: [writeFinding(14)] }), writeFinding(14));
    const after = printOf(auditResult({ findings: [writeFinding(14, 'archive.write(batch)')] }), writeFinding(14));
    expect(after).not.toBe(before);
  });

  it('fall back to the message without a snippet', () => {
    const base = { ...writeFinding(14) };
    delete base.snippet;
    const moved = { ...base, location: { ...base.location, region: { ...base.location.region, startLine: 40, endLine: 40 } } };
    expect(fingerprint(moved, 1)).toBe(fingerprint(base, 1));
    expect(fingerprint({ ...base, message: 'Another message.' }, 1)).not.toBe(fingerprint(base, 1));
  });

  it('leave the places a message quotes out of a message-based fingerprint', () => {
    const drift = (line: number, otherLine: number): Finding => ({
      ...writeFinding(line),
      snippet: undefined,
      ruleId: 'rta/schema-drift',
      source: 'analyzer',
      message: `\`OrderEvent.discountCents\` (src/events/order-event.ts:${String(line)}) has no column in \`orders\` (db/migrations/001_orders.sql:${String(otherLine)}:5); see line ${String(line)}.`,
    });
    expect(fingerprint(drift(18, 3), 1)).toBe(fingerprint(drift(16, 3), 1));
    expect(fingerprint(drift(16, 9), 1)).toBe(fingerprint(drift(16, 3), 1));
    const otherField = { ...drift(16, 3), message: drift(16, 3).message.replace('discountCents', 'totalCents') };
    expect(fingerprint(otherField, 1)).not.toBe(fingerprint(drift(16, 3), 1));
    const otherFile = { ...drift(16, 3), message: drift(16, 3).message.replace('001_orders.sql', '002_orders.sql') };
    expect(fingerprint(otherFile, 1)).not.toBe(fingerprint(drift(16, 3), 1));
  });

  it('normaliseMessage removes line and column references but keeps other numbers', () => {
    expect(normaliseMessage('`a` (src/events/order-event.ts:16) and db/x.sql:3:5, at line 7, lines 3-5')).toBe(
      '`a` (src/events/order-event.ts) and db/x.sql, at line, lines',
    );
    expect(normaliseMessage('window 10:30 on orders.v1:3 via broker:9092, 2 partitions')).toBe(
      'window 10:30 on orders.v1:3 via broker:9092, 2 partitions',
    );
  });

  it('count identical findings in the same file in position order', () => {
    const prints = fingerprints([writeFinding(50), writeFinding(10)]);
    const hash = prints[0]!.split(':')[0]!;
    expect(prints).toEqual([`${hash}:2`, `${hash}:1`]);
    const inOtherFile = { ...writeFinding(10), location: { ...writeFinding(10).location, file: 'src/other.ts' } };
    expect(fingerprints([inOtherFile])[0]).not.toContain(hash);
  });

  it('emit primaryLocationLineHash when the audit computed it', () => {
    const result = auditResult({ findings: [{ ...writeFinding(14), primaryLocationLineHash: 'abc123:1' }] });
    expect(parse(result).runs[0].results[0]?.partialFingerprints).toEqual({
      primaryLocationLineHash: 'abc123:1',
      [FINGERPRINT_KEY]: fingerprint(writeFinding(14), 1),
    });
  });
});

describe('sarif helpers', () => {
  it('toUri makes forward-slash, root-relative, percent-encoded references', () => {
    expect(toUri('src/a.ts', ROOT)).toBe('src/a.ts');
    expect(toUri('./src/a.ts', ROOT)).toBe('src/a.ts');
    expect(toUri(`${ROOT}/src/a.ts`, ROOT)).toBe('src/a.ts');
    expect(toUri('src\\win\\b.ts', ROOT)).toBe('src/win/b.ts');
    expect(toUri('src/a b/c%d.ts', ROOT)).toBe('src/a%20b/c%25d.ts');
    expect(toUri('src/x:y.ts', ROOT)).toBe('src/x%3Ay.ts');
  });

  it('markdownToText drops heading marks, fences, emphasis and link syntax, and keeps code as it is', () => {
    const markdown = [
      '# rta/x',
      '',
      'Use **`pipeline()`** or *await* [the docs](https://example.com/a) ![diagram](d.png); see [#top](#top).',
      '',
      '> quoted `a*b*c` and `` x`y ``',
      '',
      '```ts',
      '// incorrect',
      'out.write(**row**); // [not](a-link) ## not a heading',
      '```',
      '',
      '## Options ##',
      '<!-- hidden -->',
      'snake_case_name stays, 2 * 3 * 4 too.',
    ].join('\n');
    expect(markdownToText(markdown)).toBe(
      [
        'rta/x',
        '',
        'Use pipeline() or await the docs (https://example.com/a) diagram; see #top.',
        '',
        'quoted a*b*c and x`y',
        '',
        '// incorrect',
        'out.write(**row**); // [not](a-link) ## not a heading',
        '',
        'Options',
        '',
        'snake_case_name stays, 2 * 3 * 4 too.',
      ].join('\n'),
    );
  });

  it('absoluteLinks resolves relative targets against the docs page', () => {
    const base = 'https://example.com/repo/blob/v1/docs/rules/a.md';
    expect(absoluteLinks('[b](./b.md) [c](../c.md#x) [d](https://d.dev) [top](#usage)\n[ref]: ./e.md', base)).toBe(
      '[b](https://example.com/repo/blob/v1/docs/rules/b.md) [c](https://example.com/repo/blob/v1/docs/c.md#x) [d](https://d.dev) [top](https://example.com/repo/blob/v1/docs/rules/a.md#usage)\n[ref]: https://example.com/repo/blob/v1/docs/rules/e.md',
    );
    expect(absoluteLinks('[b](./b.md)', '')).toBe('[b](./b.md)');
  });

  it('buildSarif returns the object renderSarif prints', () => {
    expect(`${JSON.stringify(buildSarif(auditResult()), null, 2)}\n`).toBe(renderSarif(auditResult()));
  });
});
