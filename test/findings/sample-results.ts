/**
 * Hand-built audit results for the reporter tests: a small live-dashboard service with findings
 * in every category, a cross-file related location, a suggestion fix, and two notifications.
 */

import type { AuditResult, Finding, Notification, RuleDescriptor } from '../../src/findings/finding.js';
import type { PipelineGraph } from '../../src/findings/pipeline.js';

export const ROOT = '/home/ci/work/live-dashboard';
const DOCS = 'https://github.com/eslint-plugin-rta/eslint-plugin-rta/blob/v0.1.0/docs/rules';

export const RULES: RuleDescriptor[] = [
  {
    id: 'rta/handle-write-backpressure',
    category: 'backpressure',
    description: 'Require handling the return value of stream.write() so producers wait for "drain".',
    defaultSeverity: 'error',
    docsUrl: `${DOCS}/handle-write-backpressure.md`,
    helpMarkdown:
      '# rta/handle-write-backpressure\n\nIgnoring `write()`\'s result buffers without limit.\n\nSee also [pipeline](./prefer-stream-pipeline.md) and [Node docs](https://nodejs.org/api/stream.html).\n',
    fixable: false,
    hasSuggestions: true,
  },
  {
    id: 'rta/window-partition-key',
    category: 'window',
    description: 'Require a partition key on windowed aggregations.',
    defaultSeverity: 'warning',
    docsUrl: `${DOCS}/window-partition-key.md`,
    fixable: false,
    hasSuggestions: false,
  },
  {
    id: 'rta/cache-dashboard-queries',
    category: 'cache',
    description: 'Dashboard endpoints must read through a cache. Uncached queries hit the warehouse on every poll.',
    defaultSeverity: 'warning',
    docsUrl: `${DOCS}/cache-dashboard-queries.md`,
    fixable: false,
    hasSuggestions: false,
  },
  {
    id: 'rta/schema-drift',
    category: 'schema-drift',
    description: 'Stream records and batch tables must have the same fields.',
    defaultSeverity: 'error',
    docsUrl: `${DOCS}/schema-drift.md`,
    fixable: false,
    hasSuggestions: false,
  },
  {
    id: 'rta/sla-metric-recorded',
    category: 'sla-metrics',
    description: 'Each SLA in rta.config.yaml needs code that records its metric.',
    defaultSeverity: 'note',
    docsUrl: `${DOCS}/sla-metric-recorded.md`,
    fixable: false,
    hasSuggestions: false,
  },
];

export function writeFinding(line: number, snippet = 'archive.write(row)'): Finding {
  return {
    ruleId: 'rta/handle-write-backpressure',
    category: 'backpressure',
    severity: 'error',
    message: 'The result of archive.write() is ignored; wait for "drain" when it returns false.',
    location: { file: 'src/orders/consumer.ts', region: { startLine: line, startColumn: 7, endLine: line, endColumn: 25 } },
    related: [],
    fixes: [
      {
        description: 'Await "drain" when write() returns false',
        kind: 'suggestion',
        edits: [
          {
            file: 'src/orders/consumer.ts',
            range: [400, 418],
            text: "if (!archive.write(row)) await once(archive, 'drain')",
            region: { startLine: line, startColumn: 7, endLine: line, endColumn: 25 },
            original: 'archive.write(row)',
          },
        ],
      },
    ],
    snippet,
    source: 'rule',
  };
}

export function findings(): Finding[] {
  return [
    {
      ...writeFinding(14),
      excerpt: {
        startLine: 11,
        lines: [
          '  await consumer.run({',
          '    eachMessage: async ({ message }) => {',
          '      const row = decode(message);',
          '      archive.write(row);',
          "      ordersSeen.inc({ status: row.status ?? '<none>' });",
          '    },',
          '  });',
        ],
      },
    },
    {
      ruleId: 'rta/handle-write-backpressure',
      category: 'backpressure',
      severity: 'warning',
      message: 'socket.send() in a loop ignores bufferedAmount.',
      location: { file: 'src/live/ws.ts', region: { startLine: 30, startColumn: 5, endLine: 32, endColumn: 6 } },
      related: [],
      fixes: [],
      snippet: 'for (const c of clients) {\n  c.send(payload);\n}',
      source: 'rule',
    },
    {
      ruleId: 'rta/window-partition-key',
      category: 'window',
      severity: 'warning',
      message: 'tumblingWindow() aggregates all keys together; group by a key first.',
      location: { file: 'src/analytics/windows.ts', region: { startLine: 8, startColumn: 3, endLine: 8, endColumn: 40 } },
      related: [],
      fixes: [],
      snippet: 'tumblingWindow(events$, 60_000)',
      source: 'rule',
      excerpt: { startLine: 7, lines: ['export const perMinute$ = events$.pipe(', '  tumblingWindow(events$, 60_000),', ');'] },
    },
    {
      ruleId: 'rta/cache-dashboard-queries',
      category: 'cache',
      severity: 'warning',
      message: 'GET /api/revenue runs an uncached warehouse query on every request.',
      location: { file: 'src/dashboard/api.ts', region: { startLine: 21, startColumn: 1, endLine: 24, endColumn: 3 } },
      related: [
        {
          file: 'src/dashboard/queries.ts',
          region: { startLine: 5, startColumn: 10, endLine: 5, endColumn: 30 },
          message: 'helper that runs the query',
        },
      ],
      fixes: [],
      snippet: "app.get('/api/revenue', handler)",
      source: 'analyzer',
    },
    {
      ruleId: 'rta/cache-dashboard-queries',
      category: 'cache',
      severity: 'warning',
      message: 'GET /api/users runs an uncached warehouse query on every request.',
      location: { file: 'src/dashboard/api.ts', region: { startLine: 40, startColumn: 1, endLine: 42, endColumn: 3 } },
      related: [],
      fixes: [],
      source: 'analyzer',
    },
    {
      ruleId: 'rta/schema-drift',
      category: 'schema-drift',
      severity: 'error',
      message: 'Field customerId of OrderEvent has no column in table orders.',
      location: { file: 'src/events/order-event.ts', region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 22 } },
      related: [
        {
          file: 'db/migrations/001_orders.sql',
          region: { startLine: 1, startColumn: 1, endLine: 6, endColumn: 3 },
          message: 'the batch table',
        },
      ],
      fixes: [],
      snippet: 'customerId: string;',
      source: 'analyzer',
    },
    {
      ruleId: 'rta/sla-metric-recorded',
      category: 'sla-metrics',
      severity: 'note',
      message: 'No code records order_ingest_duration_seconds for SLA order-ingest-latency.',
      location: { file: 'rta.config.yaml', region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 30 } },
      related: [],
      fixes: [],
      source: 'analyzer',
    },
  ];
}

export function notifications(): Notification[] {
  return [
    {
      level: 'error',
      kind: 'parse-error',
      message: `Unexpected token. (${ROOT}/src/broken.ts:3:5)`,
      file: 'src/broken.ts',
      line: 3,
      column: 5,
    },
    {
      level: 'note',
      kind: 'skipped-minified',
      message: 'Skipped a minified file.',
      file: 'public/vendor/chart.min.js',
    },
  ];
}

/** What the pipeline-map analyzer would see in the sample service. */
export function pipelineGraph(): PipelineGraph {
  return {
    nodes: [
      { id: 'producer:src/orders/publisher.ts:4', kind: 'producer', label: 'orderProducer', detail: 'kafkajs', file: 'src/orders/publisher.ts', line: 4 },
      { id: 'topic:orders.v1', kind: 'topic', label: 'orders.v1', file: 'src/orders/consumer.ts', line: 9 },
      {
        id: 'consumer:src/orders/consumer.ts:6',
        kind: 'consumer',
        label: 'order-ingest',
        detail: 'kafkajs group',
        file: 'src/orders/consumer.ts',
        line: 6,
        scopes: [{ file: 'src/orders/consumer.ts', startLine: 12, endLine: 16, direct: true }],
      },
      {
        id: 'stage:src/analytics/windows.ts:5',
        kind: 'stage',
        label: 'perMinute$',
        detail: 'rxjs',
        file: 'src/analytics/windows.ts',
        line: 7,
        scopes: [{ file: 'src/analytics/windows.ts', startLine: 7, endLine: 9, direct: true }],
      },
      {
        id: 'route:src/dashboard/api.ts:21',
        kind: 'route',
        label: 'GET /api/revenue',
        detail: 'express',
        file: 'src/dashboard/api.ts',
        line: 21,
        scopes: [
          { file: 'src/dashboard/api.ts', startLine: 21, endLine: 24, direct: true },
          { file: 'src/dashboard/queries.ts', startLine: 4, endLine: 9, direct: false },
        ],
      },
      {
        id: 'route:src/dashboard/api.ts:40',
        kind: 'route',
        label: 'GET /api/users',
        detail: 'express',
        file: 'src/dashboard/api.ts',
        line: 40,
        scopes: [{ file: 'src/dashboard/api.ts', startLine: 40, endLine: 42, direct: true }],
      },
      {
        id: 'socket:src/live/ws.ts:20',
        kind: 'socket',
        label: 'WebSocket /live',
        detail: 'ws',
        file: 'src/live/ws.ts',
        line: 20,
        scopes: [{ file: 'src/live/ws.ts', startLine: 22, endLine: 45, direct: true }],
      },
      { id: 'database:src/dashboard/queries.ts:2', kind: 'database', label: 'warehouse', detail: 'Postgres', file: 'src/dashboard/queries.ts', line: 2 },
      { id: 'cache:src/cache.ts:3', kind: 'cache', label: 'redis', detail: 'ioredis', file: 'src/cache.ts', line: 3 },
      { id: 'metric:orders_seen_total', kind: 'metric', label: 'orders_seen_total', detail: 'counter', file: 'src/metrics.ts', line: 4 },
    ],
    edges: [
      { from: 'producer:src/orders/publisher.ts:4', to: 'topic:orders.v1' },
      { from: 'topic:orders.v1', to: 'consumer:src/orders/consumer.ts:6' },
      { from: 'topic:orders.v1', to: 'stage:src/analytics/windows.ts:5' },
      { from: 'consumer:src/orders/consumer.ts:6', to: 'database:src/dashboard/queries.ts:2' },
      { from: 'consumer:src/orders/consumer.ts:6', to: 'metric:orders_seen_total' },
      { from: 'stage:src/analytics/windows.ts:5', to: 'database:src/dashboard/queries.ts:2' },
      { from: 'route:src/dashboard/api.ts:21', to: 'database:src/dashboard/queries.ts:2' },
      { from: 'route:src/dashboard/api.ts:40', to: 'database:src/dashboard/queries.ts:2' },
      { from: 'socket:src/live/ws.ts:20', to: 'cache:src/cache.ts:3' },
    ],
  };
}

export function auditResult(overrides: Partial<AuditResult> = {}): AuditResult {
  return {
    root: ROOT,
    findings: findings(),
    notifications: notifications(),
    rules: RULES.map((r) => ({ ...r })),
    filesAnalysed: 42,
    typed: true,
    toolVersion: '0.1.0',
    startTime: '2025-01-02T03:04:05.000Z',
    endTime: '2025-01-02T03:04:07.500Z',
    fixedFiles: [],
    pipeline: pipelineGraph(),
    ...overrides,
  };
}

export function emptyResult(): AuditResult {
  return auditResult({ findings: [], notifications: [], filesAnalysed: 3 });
}
