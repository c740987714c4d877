import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  MAX_CONFIG_BYTES,
  findConfigFile,
  formatConfigProblem,
  loadConfig,
} from '../../src/config/load.js';
import { positionOf, problemsOf, project } from './helpers.js';

/** The example of CONTRACTS.md, "Configuration". */
const CONTRACTS_EXAMPLE = `schemas:                                   # batch/stream pairs checked for drift
  - name: orders
    stream: src/events/order-event.ts#OrderEvent   # TS interface, type alias, class, or zod schema
    batch: db/migrations/001_orders.sql#orders      # SQL CREATE TABLE (Postgres, ClickHouse, Flink DDL)
    topic: orders.v1                                 # optional: what producers send to this topic must match \`stream\`
  - name: clicks
    stream: schemas/click.avsc                       # Avro record (.avsc) or JSON Schema (.json)
    batch: src/warehouse/click-row.ts#ClickRow
    ignore: [debug_info]                             # fields left out of the comparison
    rename: { clickedAt: event_time }                # stream field -> batch field
  - name: page-views
    topic: web.page-views                            # no \`stream\`: the record is what the code sends to this topic
    batch: db/clickhouse/migrations/#page_views      # a folder: CREATE TABLE, then every ALTER/RENAME, in file-name order
  - name: sessions
    stream: src/events/session.ts#sessionSchema
    batch: prisma/schema.prisma#Session             # a Prisma model
slas:                                      # service-level objectives the code must measure
  - name: order-ingest-latency
    kind: latency                                    # latency | throughput | lag | freshness
    metric: order_ingest_duration_seconds            # the metric that measures it
    threshold: 250ms
    quantile: 0.99
alerts: [ops/prometheus/*.rules.yml]       # Prometheus rule files that must alert on each SLA metric
cache:
  helpers: [cached, withCache]             # extra names that count as a cache read
metrics:
  wrappers: [instrumented]                 # extra names that count as recording a metric
rules:                                     # severity overrides, as in ESLint
  rta/prefer-stream-pipeline: off
`;

const CONTRACTS_FILES = {
  'src/events/order-event.ts': 'export interface OrderEvent { orderId: string }\n',
  'db/migrations/001_orders.sql': 'CREATE TABLE orders (order_id text);\n',
  'schemas/click.avsc': '{"type":"record","name":"Click","fields":[]}\n',
  'src/warehouse/click-row.ts': 'export interface ClickRow { event_time: string }\n',
  'db/clickhouse/migrations/001_page_views.sql': 'CREATE TABLE page_views (url String) ENGINE = MergeTree ORDER BY url;\n',
  'src/events/session.ts': 'export const sessionSchema = {};\n',
  'prisma/schema.prisma': 'model Session { id String @id }\n',
  'ops/prometheus/ingest.rules.yml': 'groups: []\n',
};

/** The example of RULES.md section 6.2, with the proposed keys. */
const RULES_EXAMPLE = `# yaml-language-server: $schema=./node_modules/eslint-plugin-rta/schema/rta.config.schema.json

sql:
  dialects:
    "jobs/flink/**/*.sql": flink
    "ksql/**/*.sql": ksqldb
    "db/clickhouse/**/*.sql": clickhouse
    "db/migrations/**/*.sql": postgres
  streaming: [flink, ksqldb, risingwave]

schemas:
  - name: orders
    stream: src/events/order-event.ts#OrderEvent
    batch: db/clickhouse/001_orders.sql#orders
    topic: orders.v1
    direction: stream-to-batch
    onMissing: warn
    rename: { clickedAt: event_time }
    ignore: [debug_info]
  - name: clicks
    stream: schemas/click.avsc
    batch: src/warehouse/click-row.ts#ClickRow
    logicalTypes:
      timestamp-millis: [number, Date]
  - name: payments
    stream: src/events/payment.ts#PaymentEventSchema
    batch: jobs/flink/payments_sink.sql#payments_sink

slas:
  - name: order-ingest-latency
    kind: latency
    metric: order_ingest_duration_seconds
    threshold: 250ms
    quantile: 0.99
    unit: seconds
    scope:
      consumerGroup: order-ingest
  - name: dashboard-api-latency
    kind: latency
    metric: http_request_duration_seconds
    threshold: 500ms
    quantile: 0.95
    scope: { routes: ["/api/dashboard/**"] }
  - name: order-ingest-freshness
    kind: freshness
    metric: order_ingest_freshness_seconds
    threshold: 5m
  - name: order-ingest-lag
    kind: lag
    metric: kafka_consumergroup_lag
    threshold: 10000
    external: true
    aliases: [orders.ingest.lag]

alerts: [ops/prometheus/*.rules.yml]

cache:
  helpers: [cached, withCache]
  dashboardRoutes: ["/api/dashboard/**", "/api/stats/**", "app/(dashboard)/**/route.ts"]
  maxDepth: 4
  invalidators: [invalidateDashboard]
  precomputedTables: [orders_hourly_mv]

window:
  partitionKeys:
    orders: [customer_id]
    clicks: [user_id]
    orders.v1: [customerId]
  entityColumns: [device_id, sensor_id, user_id, customer_id, account_id, tenant_id]
  allowGlobal: [site_totals_per_minute]
  mergingSinks: [upsertMinuteCounts]

metrics:
  wrappers: [instrumented]
  unboundedLabelNames: [user_id, userId, email, url, message_key, error_message]
  labelNormalizers: [routeTemplate]

rules:
  rta/prefer-stream-pipeline: off
  rta/require-merge-map-concurrency: [warn, { defaultConcurrency: 4 }]
`;

const RULES_FILES = {
  'src/events/order-event.ts': 'export interface OrderEvent { orderId: string }\n',
  'db/clickhouse/001_orders.sql': 'CREATE TABLE orders (order_id String) ENGINE = MergeTree ORDER BY order_id;\n',
  'schemas/click.avsc': '{"type":"record","name":"Click","fields":[]}\n',
  'src/warehouse/click-row.ts': 'export interface ClickRow { event_time: string }\n',
  'src/events/payment.ts': 'export const PaymentEventSchema = {};\n',
  'jobs/flink/payments_sink.sql': "CREATE TABLE payments_sink (id STRING) WITH ('connector' = 'kafka');\n",
  'ops/prometheus/ingest.rules.yml': 'groups: []\n',
};

function write(dir: string, text: string, name = 'rta.config.yaml'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('loadConfig: valid files', () => {
  it('loads the CONTRACTS.md example with every referenced file present', () => {
    const dir = project(CONTRACTS_FILES);
    const file = write(dir, CONTRACTS_EXAMPLE);
    const loaded = loadConfig(file, { root: dir, knownRuleIds: ['rta/prefer-stream-pipeline', 'rta/no-ignored-write'] });
    expect(loaded.file).toBe(file);
    expect(loaded.dir).toBe(dir);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.schemas).toHaveLength(4);
    expect(loaded.config.schemas?.[1]).toEqual({
      name: 'clicks',
      stream: 'schemas/click.avsc',
      batch: 'src/warehouse/click-row.ts#ClickRow',
      ignore: ['debug_info'],
      rename: { clickedAt: 'event_time' },
    });
    expect(loaded.config.slas?.[0]).toEqual({
      name: 'order-ingest-latency',
      kind: 'latency',
      metric: 'order_ingest_duration_seconds',
      threshold: '250ms',
      quantile: 0.99,
    });
    expect(loaded.config.alerts).toEqual(['ops/prometheus/*.rules.yml']);
    expect(loaded.config.cache).toEqual({ helpers: ['cached', 'withCache'] });
    expect(loaded.config.metrics).toEqual({ wrappers: ['instrumented'] });
    expect(loaded.config.rules).toEqual({ 'rta/prefer-stream-pipeline': 'off' });
  });

  it('loads the RULES.md 6.2 example with every proposed key', () => {
    const dir = project(RULES_FILES);
    const loaded = loadConfig(write(dir, RULES_EXAMPLE), { root: dir });
    expect(loaded.warnings).toEqual([]);
    const { config } = loaded;
    expect(config.sql?.dialects?.['jobs/flink/**/*.sql']).toBe('flink');
    expect(config.schemas?.[0]?.direction).toBe('stream-to-batch');
    expect(config.schemas?.[1]?.logicalTypes).toEqual({ 'timestamp-millis': ['number', 'Date'] });
    expect(config.slas?.[0]?.scope).toEqual({ consumerGroup: 'order-ingest' });
    expect(config.slas?.[3]).toMatchObject({ threshold: 10000, external: true, aliases: ['orders.ingest.lag'] });
    expect(config.cache?.maxDepth).toBe(4);
    expect(config.window?.partitionKeys?.['orders.v1']).toEqual(['customerId']);
    expect(config.rules?.['rta/require-merge-map-concurrency']).toEqual(['warn', { defaultConcurrency: 4 }]);
  });

  it('treats an empty file, or one with only comments, as an empty config', () => {
    const dir = project();
    expect(loadConfig(write(dir, ''))).toEqual({ file: path.join(dir, 'rta.config.yaml'), dir, config: {}, warnings: [] });
    expect(loadConfig(write(dir, '# nothing yet\n\n# still nothing\n')).config).toEqual({});
  });

  it('accepts a $schema key and numeric rule severities', () => {
    const dir = project();
    const loaded = loadConfig(write(dir, '$schema: ./schema.json\nrules:\n  rta/a: 0\n  rta/b: [2]\n'));
    expect(loaded.config).toEqual({ $schema: './schema.json', rules: { 'rta/a': 0, 'rta/b': [2] } });
  });

  it('accepts a numeric string threshold for lag and throughput', () => {
    const dir = project();
    const loaded = loadConfig(write(dir, 'slas:\n  - { name: a, kind: lag, metric: m, threshold: "10000" }\n  - { name: b, kind: throughput, metric: t, threshold: 12.5 }\n'));
    expect(loaded.config.slas?.map((s) => s.threshold)).toEqual(['10000', 12.5]);
  });
});

describe('loadConfig: YAML problems', () => {
  it('reports a syntax error with its line and column', () => {
    const dir = project();
    const text = 'cache:\n  helpers: [cached\nmetrics:\n  wrappers: []\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(/^invalid YAML: /);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
    expect(problems[0]!.line).toBeLessThanOrEqual(3);
    expect(problems[0]!.column).toBeTypeOf('number');
  });

  it('reports a duplicate key at the second occurrence', () => {
    const dir = project();
    const text = 'alerts: []\ncache: {}\nalerts: [x]\n';
    const [problem] = problemsOf(() => loadConfig(write(dir, text)));
    expect(problem).toMatchObject({ line: 3, column: 1 });
    expect(problem!.message).toMatch(/unique/);
  });

  it('stops an alias bomb quickly with a clear message', () => {
    const dir = project();
    const names = 'abcdefghi'.split('');
    const lines = [`a: &a [${Array(9).fill('"lol"').join(', ')}]`];
    for (let i = 1; i < names.length; i++) {
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
    }
    const file = write(dir, `${lines.join('\n')}\n`);
    const started = performance.now();
    const problems = problemsOf(() => loadConfig(file));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/alias/i);
    expect(problems[0]!.message).toMatch(/limit 100/);
    expect(problems[0]!.line).toBe(2);
  });

  it('refuses deeply nested flow collections quickly, and reports deep block nesting', () => {
    const dir = project();
    const file = write(dir, `rules:\n  rta/x: [warn, ${'['.repeat(300_000)}${']'.repeat(300_000)}]\n`);
    const started = performance.now();
    const [problem] = problemsOf(() => loadConfig(file));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problem).toMatchObject({ line: 2, column: 17 + 63 }); // the 65th bracket
    expect(problem!.message).toMatch(/more than 64 levels deep/);
    // Brackets inside quotes and comments do not count.
    const quoted = write(dir, `cache:\n  helpers: ["${'['.repeat(100)}"] # ${'{'.repeat(100)}\n`);
    expect(loadConfig(quoted).config.cache?.helpers).toEqual(['['.repeat(100)]);

    let block = '';
    for (let i = 0; i < 1200; i++) block += `${' '.repeat(i)}a:\n`;
    const blockProblems = problemsOf(() => loadConfig(write(dir, block)));
    expect(blockProblems[0]!.message).toMatch(/nests too deeply|unknown key "a"/);
  });

  it('reports an alias without an anchor at the alias', () => {
    const dir = project();
    const text = 'cache:\n  helpers: &h [cached]\nmetrics:\n  wrappers: *w\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject(positionOf(text, '*w'));
    expect(problems[0]!.message).toMatch(/alias \*w refers to no anchor/);
    expect(loadConfig(write(dir, 'cache:\n  helpers: &h [cached]\nmetrics:\n  wrappers: *h\n')).config.metrics).toEqual({ wrappers: ['cached'] });
  });

  it('refuses a file over 1 MiB before parsing it', () => {
    const dir = project();
    const file = write(dir, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    const [problem] = problemsOf(() => loadConfig(file));
    expect(problem!.message).toMatch(/1 MiB/);
  });

  it('reports a file that cannot be read', () => {
    const dir = project();
    const missing = path.join(dir, 'rta.config.yaml');
    const [problem] = problemsOf(() => loadConfig(missing));
    expect(problem).toMatchObject({ file: missing });
    expect(problem!.message).toMatch(/cannot read the config file: .*ENOENT/);
    expect(problemsOf(() => loadConfig(dir))[0]!.message).toMatch(/folder/);
  });

  it('rejects a file that is not a mapping', () => {
    const dir = project();
    const [problem] = problemsOf(() => loadConfig(write(dir, '- schemas\n- slas\n')));
    expect(problem!.message).toMatch(/must be a mapping of keys/);
    expect(problem!.line).toBe(1);
  });
});

describe('loadConfig: schema violations', () => {
  it('names an unknown top-level key, at its line, with a suggestion', () => {
    const dir = project();
    const text = 'cache:\n  helpers: [cached]\nslaz:\n  - name: x\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column: 1, key: 'slaz' });
    expect(problems[0]!.message).toBe('unknown key "slaz" (did you mean "slas"?)');
    expect(formatConfigProblem(problems[0]!, dir)).toBe('rta.config.yaml:3:1: unknown key "slaz" (did you mean "slas"?)');
  });

  it('names an unknown nested key, at its line', () => {
    const dir = project();
    const text = 'metrics:\n  wrappers: [instrumented]\ncache:\n  helpers: [cached]\n  helperz: [withCache]\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 5, column: 3, key: 'cache.helperz' });
    expect(problems[0]!.message).toMatch(/^unknown key "helperz" in cache \(did you mean "helpers"\?\)$/);
  });

  it('names an unknown key inside a list item and lists the allowed keys when nothing is close', () => {
    const dir = project();
    const text = 'slas:\n  - name: a\n    metric: m\n  - name: b\n    metric: n\n    owner: team-x\n';
    const [problem] = problemsOf(() => loadConfig(write(dir, text)));
    expect(problem).toMatchObject({ line: 6, column: 5, key: 'slas[1].owner' });
    expect(problem!.message).toMatch(/unknown key "owner" in slas\[1\] \(allowed: name, kind, metric, threshold/);
  });

  it('reports a wrong type with the key, the expected type and the line', () => {
    const dir = project();
    const text = 'slas:\n  - name: order-ingest-latency\n    kind: latency\n    metric: m\n    threshold: fast\n    quantile: "high"\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems).toHaveLength(2);
    const [threshold, quantile] = problems;
    expect(threshold).toMatchObject({ key: 'slas[0].threshold', ...positionOf(text, 'fast') });
    expect(threshold!.message).toMatch(/^slas\[0\]\.threshold: expected a duration .*250ms.*, got "fast"$/);
    expect(quantile).toMatchObject({ key: 'slas[0].quantile', ...positionOf(text, '"high"') });
    expect(quantile!.message).toMatch(/^slas\[0\]\.quantile: expected a number between 0 and 1.*, got "high"$/);
  });

  it('checks the threshold form against the kind', () => {
    const dir = project();
    const text = [
      'slas:',
      '  - { name: a, kind: lag, metric: m, threshold: 250ms }',
      '  - { name: b, kind: freshness, metric: m, threshold: 300 }',
      '  - { name: c, metric: m, threshold: soon }',
      '  - { name: d, kind: latency, metric: m, threshold: 1s, quantile: 1 }',
      '  - { name: e, kind: lag, metric: m, threshold: 5, quantile: 0.5 }',
      '',
    ].join('\n');
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems.map((p) => [p.line, p.key])).toEqual([
      [2, 'slas[0].threshold'],
      [3, 'slas[1].threshold'],
      [4, 'slas[2].threshold'],
      [5, 'slas[3].quantile'],
      [6, 'slas[4].quantile'],
    ]);
    expect(problems[0]!.message).toMatch(/expected a non-negative number.*got "250ms"/);
    expect(problems[1]!.message).toMatch(/expected a duration.*got 300/);
    expect(problems[2]!.message).toMatch(/expected a duration such as 250ms \(latency, freshness\) or a number/);
    expect(problems[3]!.message).toMatch(/between 0 and 1.*got 1$/);
    expect(problems[4]!.message).toBe('slas[4].quantile: quantile applies only to kind: latency');
  });

  it('reports enum, list and empty-value errors by key', () => {
    const dir = project();
    const text = 'schemas:\n  - name: o\n    direction: sideways\ncache:\n  helpers: cached\n  maxDepth: 2.5\nwindow:\nsql:\n  streaming: [flink, spark]\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    const byKey = new Map(problems.map((p) => [p.key, p]));
    expect(byKey.get('schemas[0].direction')?.message).toBe(
      'schemas[0].direction: expected one of stream-to-batch, batch-to-stream, both, got "sideways"',
    );
    expect(byKey.get('schemas[0].direction')?.line).toBe(3);
    expect(byKey.get('cache.helpers')?.message).toBe('cache.helpers: expected a list, got "cached"');
    expect(byKey.get('cache.helpers')?.line).toBe(5);
    expect(byKey.get('cache.maxDepth')?.message).toMatch(/whole number.*got 2\.5/);
    expect(byKey.get('window')?.message).toBe('window: expected a mapping, got an empty value');
    expect(byKey.get('window')).toMatchObject({ line: 7, column: 1 });
    expect(byKey.get('sql.streaming[1]')).toMatchObject({ ...positionOf(text, 'spark') });
  });

  it('reports a bad severity and a malformed rule id', () => {
    const dir = project();
    const text = 'rules:\n  rta/no-ignored-write: warm\n  no-console: off\n  rta/prefer-stream-pipeline: [loud, {}]\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems.map((p) => [p.line, p.key])).toEqual([
      [2, 'rules["rta/no-ignored-write"]'],
      [3, 'rules.no-console'],
      [4, 'rules["rta/prefer-stream-pipeline"]'],
    ]);
    expect(problems[0]!.message).toMatch(/expected a severity .*got "warm"/);
    expect(problems[1]!.message).toMatch(/^invalid rule id "no-console": a rule id is "rta\/"/);
    expect(problems[2]!.message).toMatch(/or a list \[severity, \.\.\.options\], got \["loud",\{\}\]$/);
  });

  it('reports every problem of a file at once, in line order', () => {
    const dir = project();
    const text = 'slaz: []\ncache:\n  maxDepth: -1\nalerts: nope\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems.map((p) => p.line)).toEqual([1, 3, 4]);
    const error = (() => {
      try {
        loadConfig(path.join(dir, 'rta.config.yaml'));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(Error);
    expect((error as ConfigError).message.split('\n')).toHaveLength(3);
    expect((error as ConfigError).message).toContain(':1:1: unknown key "slaz"');
  });
});

describe('loadConfig: rule ids', () => {
  it('rejects a rule id that is not known, naming it, at its line', () => {
    const dir = project();
    const text = 'rules:\n  rta/no-ignored-write: error\n  rta/no-ignored-writes: warn\n';
    const problems = problemsOf(() =>
      loadConfig(write(dir, text), { knownRuleIds: ['rta/no-ignored-write', 'rta/prefer-stream-pipeline'] }),
    );
    expect(problems).toEqual([
      {
        file: path.join(dir, 'rta.config.yaml'),
        line: 3,
        column: 3,
        key: 'rules["rta/no-ignored-writes"]',
        message: 'unknown rule "rta/no-ignored-writes" (did you mean "rta/no-ignored-write"?)',
      },
    ]);
  });

  it('accepts known ids given without the rta/ prefix, and any well-formed id when none are given', () => {
    const dir = project();
    const file = write(dir, 'rules:\n  rta/no-ignored-write: error\n');
    expect(loadConfig(file, { knownRuleIds: ['no-ignored-write'] }).config.rules).toEqual({ 'rta/no-ignored-write': 'error' });
    expect(loadConfig(file).config.rules).toEqual({ 'rta/no-ignored-write': 'error' });
  });
});

describe('loadConfig: rule options', () => {
  const knownRuleIds = ['rta/no-ignored-write', 'rta/prefer-stream-pipeline', 'rta/sla-alert-missing'];
  const ruleOptionSchemas = {
    'rta/no-ignored-write': [{ type: 'object', properties: { checkStdio: { type: 'boolean' } }, additionalProperties: false }],
    'rta/prefer-stream-pipeline': { type: 'array', items: { type: 'integer', minimum: 1 } },
  };
  const load = (text: string) => loadConfig(write(project(), text), { knownRuleIds, ruleOptionSchemas });

  it("rejects an option the rule's schema does not have, at its line, naming the key path", () => {
    const text = 'rules:\n  rta/no-ignored-write: [error, { checkStdoi: true }]\n';
    const [problem, ...rest] = problemsOf(() => load(text));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      ...positionOf(text, 'checkStdoi'),
      key: 'rules["rta/no-ignored-write"][1].checkStdoi',
      message: 'unknown key "checkStdoi" in rules["rta/no-ignored-write"][1] (did you mean "checkStdio"?)',
    });
  });

  it('rejects an option of the wrong type, and more options than the rule takes', () => {
    const text = 'rules:\n  rta/no-ignored-write:\n    - warn\n    - checkStdio: yes please\n    - {}\n';
    expect(problemsOf(() => load(text)).map((p) => [p.line, p.key, p.message])).toEqual([
      [5, 'rules["rta/no-ignored-write"][2]', 'rules["rta/no-ignored-write"]: "rta/no-ignored-write" takes at most 1 option, got 2'],
    ]);
    const typed = 'rules:\n  rta/no-ignored-write:\n    - warn\n    - checkStdio: yes please\n';
    expect(problemsOf(() => load(typed)).map((p) => [p.line, p.key, p.message])).toEqual([
      [4, 'rules["rta/no-ignored-write"][1].checkStdio', 'rules["rta/no-ignored-write"][1].checkStdio: expected true or false, got "yes please"'],
    ]);
  });

  it('checks a whole-list schema item by item', () => {
    const text = 'rules:\n  rta/prefer-stream-pipeline: [warn, 3, 0]\n';
    expect(problemsOf(() => load(text))).toMatchObject([
      { ...positionOf(text, '0]'), key: 'rules["rta/prefer-stream-pipeline"][2]', message: 'rules["rta/prefer-stream-pipeline"][2]: expected a number >= 1, got 0' },
    ]);
  });

  it('accepts only a severity for an id without options (an analyzer check)', () => {
    const text = 'rules:\n  rta/sla-alert-missing: [error, { strict: true }]\n';
    expect(problemsOf(() => load(text))).toMatchObject([
      { ...positionOf(text, '{ strict'), message: 'rules["rta/sla-alert-missing"]: "rta/sla-alert-missing" takes no options; write only a severity, got 1' },
    ]);
    expect(load('rules:\n  rta/sla-alert-missing: [error]\n  rta/no-ignored-write: 1\n').config.rules).toEqual({
      'rta/sla-alert-missing': ['error'],
      'rta/no-ignored-write': 1,
    });
  });

  it('accepts valid options, and reports a bad severity word with its line', () => {
    expect(load('rules:\n  rta/no-ignored-write: [2, { checkStdio: true }]\n').config.rules).toEqual({
      'rta/no-ignored-write': [2, { checkStdio: true }],
    });
    const text = 'rules:\n  rta/no-ignored-write: [erorr, { checkStdio: true }]\n  rta/prefer-stream-pipeline: warning\n';
    expect(problemsOf(() => load(text)).map((p) => [p.line, p.key])).toEqual([
      [2, 'rules["rta/no-ignored-write"]'],
      [3, 'rules["rta/prefer-stream-pipeline"]'],
    ]);
  });

  it('leaves options unchecked when no schemas are given', () => {
    const file = write(project(), 'rules:\n  rta/no-ignored-write: [error, { checkStdoi: true }]\n');
    expect(loadConfig(file, { knownRuleIds }).config.rules).toEqual({ 'rta/no-ignored-write': ['error', { checkStdoi: true }] });
  });
});

describe('loadConfig: schema file references', () => {
  it('reports a missing file at the line of the value', () => {
    const dir = project({ 'src/events/order-event.ts': 'export interface OrderEvent {}\n' });
    const text = 'schemas:\n  - name: orders\n    stream: src/events/order-event.ts#OrderEvent\n    batch: db/migrations/001_orders.sql#orders\n';
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: 'schemas[0].batch', ...positionOf(text, 'db/migrations') });
    expect(problems[0]!.message).toMatch(/^schemas\[0\]\.batch: file "db\/migrations\/001_orders\.sql" not found/);
  });

  it('resolves paths against the config file folder, not the working directory', () => {
    const dir = project({ 'conf/schemas/click.avsc': '{}', 'conf/rta.config.yaml': 'schemas:\n  - { stream: schemas/click.avsc, topic: t, batch: schemas/click.avsc }\n' });
    expect(loadConfig(path.join(dir, 'conf/rta.config.yaml')).config.schemas).toHaveLength(1);
  });

  it('checks that a path ending in / is a folder and that a plain path is a file', () => {
    const dir = project({ 'db/clickhouse/migrations/001.sql': 'CREATE TABLE t (a Int8) ENGINE = Memory;\n', 'db/orders.sql': '' });
    const text = [
      'schemas:',
      '  - { name: a, topic: t, batch: db/clickhouse/migrations/#t }',
      '  - { name: b, topic: t, batch: db/clickhouse/migrations#t }',
      '  - { name: c, topic: t, batch: db/orders.sql/#t }',
      '  - { name: d, topic: t, batch: db/missing/#t }',
      '',
    ].join('\n');
    const problems = problemsOf(() => loadConfig(write(dir, text)));
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(problems[0]!.message).toMatch(/is a folder; write "db\/clickhouse\/migrations\/#t"/);
    expect(problems[1]!.message).toMatch(/is not a folder/);
    expect(problems[2]!.message).toMatch(/folder "db\/missing\/" not found/);
  });

  it('rejects a malformed reference by pattern', () => {
    const dir = project();
    const [problem] = problemsOf(() => loadConfig(write(dir, 'schemas:\n  - stream: "a.ts#B#C"\n')));
    expect(problem).toMatchObject({ line: 2, key: 'schemas[0].stream' });
    expect(problem!.message).toMatch(/expected a path, optionally followed by #symbol/);
  });

  it('rejects a path outside the root unless allowed', () => {
    const dir = project({ 'outside.ts': 'export interface X {}\n', 'app/db/t.sql': '' });
    const appDir = path.join(dir, 'app');
    const text = 'schemas:\n  - name: x\n    stream: ../outside.ts#X\n    batch: db/t.sql#t\n';
    const file = write(appDir, text);
    const problems = problemsOf(() => loadConfig(file, { root: appDir }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: 'schemas[0].stream', ...positionOf(text, '../outside') });
    expect(problems[0]!.message).toMatch(/"\.\.\/outside\.ts" resolves outside the project root/);
    expect(loadConfig(file, { root: appDir, allowOutsideRoot: true }).config.schemas).toHaveLength(1);
    expect(loadConfig(file).config.schemas).toHaveLength(1);
  });

  it('rejects a symbolic link inside the root that leads outside it', () => {
    const dir = project({ 'secret/x.ts': 'export interface X {}\n', 'app/': '' });
    const appDir = path.join(dir, 'app');
    fs.symlinkSync(path.join(dir, 'secret'), path.join(appDir, 'linked'));
    const file = write(appDir, 'schemas:\n  - { topic: t, batch: linked/x.ts#X }\n');
    const [problem] = problemsOf(() => loadConfig(file, { root: appDir }));
    expect(problem!.message).toMatch(/symbolic link/);
  });
});

describe('loadConfig: alerts and warnings', () => {
  it('warns (does not fail) when an alerts glob matches no file', () => {
    const dir = project({ 'ops/prometheus/ingest.rules.yml': 'groups: []\n' });
    const text = 'alerts:\n  - ops/prometheus/*.rules.yml\n  - ops/alertmanager/**/*.yml\n';
    const loaded = loadConfig(write(dir, text));
    expect(loaded.config.alerts).toHaveLength(2);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatchObject({ key: 'alerts[1]', ...positionOf(text, 'ops/alertmanager') });
    expect(loaded.warnings[0]!.message).toBe('alerts[1]: "ops/alertmanager/**/*.yml" matches no file');
  });

  it('matches ** across folders', () => {
    const dir = project({ 'ops/a/b/c.rules.yml': '', 'ops/d.rules.yml': '' });
    expect(loadConfig(write(dir, 'alerts: ["ops/**/*.rules.yml", "ops/?.rules.yml"]\n')).warnings).toEqual([]);
  });

  it('rejects an alerts glob outside the root', () => {
    const dir = project({ 'ops/x.rules.yml': '', 'app/': '' });
    const appDir = path.join(dir, 'app');
    const [problem] = problemsOf(() => loadConfig(write(appDir, 'alerts: [../ops/*.rules.yml]\n'), { root: appDir }));
    expect(problem).toMatchObject({ line: 1, key: 'alerts[0]' });
    expect(problem!.message).toMatch(/outside the project root/);
  });

  it('warns about entries that cannot be checked and duplicate names', () => {
    const dir = project({ 'a.sql': '' });
    const text = 'schemas:\n  - name: a\n    batch: a.sql#a\nslas:\n  - name: s\n    metric: m\n  - name: s\n    kind: lag\n';
    const { warnings } = loadConfig(write(dir, text));
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [2, 'schemas[0]: nothing to compare: a pair needs `batch` and either `stream` or `topic`'],
      [7, 'slas[1]: no `metric`, so this SLA is not checked'],
      [7, 'slas[1].name: duplicate name "s" (also slas[0])'],
    ]);
  });
});

describe('findConfigFile', () => {
  it('walks up from a nested folder to the nearest config', () => {
    const dir = project({ 'rta.config.yaml': '', 'packages/api/src/routes/': '', 'packages/web/rta.config.yml': '' });
    expect(findConfigFile(path.join(dir, 'packages/api/src/routes'))).toBe(path.join(dir, 'rta.config.yaml'));
    expect(findConfigFile(path.join(dir, 'packages/web'))).toBe(path.join(dir, 'packages/web/rta.config.yml'));
    expect(findConfigFile(dir)).toBe(path.join(dir, 'rta.config.yaml'));
  });

  it('prefers .yaml over .yml in the same folder, and ignores a folder with the name', () => {
    const dir = project({ 'rta.config.yaml': '', 'rta.config.yml': '', 'sub/rta.config.yaml/': '' });
    expect(findConfigFile(dir)).toBe(path.join(dir, 'rta.config.yaml'));
    expect(findConfigFile(path.join(dir, 'sub'))).toBe(path.join(dir, 'rta.config.yaml'));
  });

  it('returns undefined when no ancestor has one (stopping at the filesystem root)', () => {
    const dir = project({ 'a/b/': '' });
    const found = findConfigFile(path.join(dir, 'a/b'));
    // A stray config in a shared ancestor of the temp folder would be found; anything inside is not.
    expect(found === undefined || !found.startsWith(dir)).toBe(true);
  });

  it('loads the .yml variant', () => {
    const dir = project({ 'rta.config.yml': 'cache:\n  helpers: [cached]\n', 'src/': '' });
    const file = findConfigFile(path.join(dir, 'src'));
    expect(file).toBe(path.join(dir, 'rta.config.yml'));
    expect(loadConfig(file!).config).toEqual({ cache: { helpers: ['cached'] } });
    const [problem] = problemsOf(() => loadConfig(write(dir, 'cache:\n  helpres: []\n', 'rta.config.yml')));
    expect(formatConfigProblem(problem!, dir)).toBe('rta.config.yml:2:3: unknown key "helpres" in cache (did you mean "helpers"?)');
  });
});

describe('formatConfigProblem', () => {
  it('prints path:line:column: message, relative to cwd when given', () => {
    const problem = { file: '/repo/app/rta.config.yaml', line: 4, column: 7, message: 'boom' };
    expect(formatConfigProblem(problem)).toBe('/repo/app/rta.config.yaml:4:7: boom');
    expect(formatConfigProblem(problem, '/repo')).toBe(`${path.join('app', 'rta.config.yaml')}:4:7: boom`);
    expect(formatConfigProblem({ file: '/repo/rta.config.yaml', message: 'unreadable' }, '/repo')).toBe('rta.config.yaml: unreadable');
    expect(formatConfigProblem({ file: '/r/c.yaml', line: 2, message: 'm' })).toBe('/r/c.yaml:2: m');
  });
});
