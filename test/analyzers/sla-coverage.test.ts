import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/index.js';
import { alertsFor, parseRuleFile, selectedNames, selectsMetric } from '../../src/analyzers/sla-coverage/prometheus.js';
import { exposedNames } from '../../src/analyzers/sla-coverage/metrics.js';
import { knowledge } from '../../src/knowledge/registry.js';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const cases = 'fixtures/sla-metrics/sla-coverage';

async function audit(name: string, typeCheck: boolean) {
  const result = await runAudit({ cwd: projectRoot, paths: [`${cases}/${name}`], typeCheck });
  const findings = result.findings
    .filter((f) => f.source === 'analyzer' && f.category === 'sla-metrics')
    .map((f) => `${f.location.file}:${String(f.location.region.startLine)} ${f.ruleId} ${f.severity}`)
    .sort();
  return { result, findings };
}

// What fixtures/sla-metrics/sla-coverage/README.md promises, per case.
const expected: Record<string, string[]> = {
  'metric-missing': ['rta.config.yaml:5 rta/sla-metric-missing error'],
  'metric-unrecorded': [
    'src/metrics.ts:21 rta/sla-metric-unrecorded warning',
    'src/metrics.ts:6 rta/sla-metric-unrecorded error',
  ],
  'buckets-miss-threshold': [
    'src/metrics.ts:11 rta/sla-buckets-miss-threshold warning',
    'src/metrics.ts:17 rta/sla-buckets-miss-threshold note',
    'src/metrics.ts:7 rta/sla-buckets-miss-threshold warning',
  ],
  'alert-missing': ['rta.config.yaml:2 rta/sla-alert-missing warning'],
  'metric-unit': [
    'rta.config.yaml:13 rta/sla-metric-unit warning',
    'rta.config.yaml:19 rta/sla-metric-unit warning',
    'rta.config.yaml:8 rta/sla-metric-unit warning',
  ],
  'consumer-lag': ['src/consumers.ts:14 rta/require-consumer-lag-metric warning'],
  'consumer-lag-traced': ['src/admin.ts:13 rta/require-consumer-lag-metric warning', 'src/cron.ts:11 rta/require-consumer-lag-metric warning'],
  covered: [],
  'invalid-rules': [],
};

describe('sla-coverage analyzer over fixture projects', () => {
  for (const [name, want] of Object.entries(expected)) {
    for (const typeCheck of [true, false]) {
      it(`${name} (${typeCheck ? 'typed' : 'untyped'})`, async () => {
        const { result, findings } = await audit(name, typeCheck);
        expect(result.typed).toBe(typeCheck);
        expect(findings).toEqual([...want].sort());
        expect(result.notifications.filter((n) => n.kind === 'internal-error')).toEqual([]);
      });
    }
  }

  it('metric-missing points at the closest definition', async () => {
    const { result } = await audit('metric-missing', true);
    const finding = result.findings.find((f) => f.ruleId === 'rta/sla-metric-missing');
    expect(finding?.message).toContain('`checkout_latency_seconds`');
    expect(finding?.message).toContain('closest definition is `checkout_duration_seconds`');
    expect(finding?.related.map((r) => `${r.file}:${String(r.region.startLine)}`)).toEqual(['src/metrics.ts:5']);
  });

  it('an unrecorded SLA metric is reported at its definition, with the SLA as related location', async () => {
    const { result } = await audit('metric-unrecorded', false);
    const finding = result.findings.find((f) => f.ruleId === 'rta/sla-metric-unrecorded' && f.severity === 'error');
    expect(finding?.related.map((r) => `${r.file}:${String(r.region.startLine)}`)).toEqual(['rta.config.yaml:2']);
  });

  it('alert-missing names the recording rule that uses the metric without an alert', async () => {
    const { result } = await audit('alert-missing', false);
    const finding = result.findings.find((f) => f.ruleId === 'rta/sla-alert-missing');
    expect(finding?.message).toContain('`route:http_request_duration_seconds:p95_5m` records it, but no alert uses that');
    expect(finding?.related.map((r) => `${r.file}:${String(r.region.startLine)}`)).toEqual(['ops/api.rules.yml:5']);
  });

  it('invalid rule files are error notifications with file and line, and the valid file still counts', async () => {
    const { result, findings } = await audit('invalid-rules', false);
    expect(findings).toEqual([]);
    const problems = result.notifications
      .filter((n) => n.kind === 'invalid-rule-file')
      .map((n) => `${n.level} ${n.file ?? ''}:${String(n.line)}`);
    expect(problems).toEqual(['error rules/broken.yml:6', 'error rules/shape.yml:4', 'error rules/shape.yml:6', 'error rules/shape.yml:10']);
    expect(result.notifications.find((n) => n.file === 'rules/shape.yml' && n.line === 4)?.message).toContain('needs an `expr:`');
  });

  it('config levels apply to the analyzer checks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-sla-'));
    try {
      fs.cpSync(path.join(projectRoot, cases, 'alert-missing'), dir, { recursive: true });
      fs.appendFileSync(path.join(dir, 'rta.config.yaml'), 'rules:\n  rta/sla-alert-missing: error\n  rta/sla-metric-unrecorded: off\n');
      const result = await runAudit({ cwd: dir, typeCheck: false });
      expect(result.findings.filter((f) => f.ruleId === 'rta/sla-alert-missing').map((f) => f.severity)).toEqual(['error']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('metrics reached under other names', () => {
  function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-sla-names-'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  it('a metric defined in an object literal and destructured elsewhere is recorded', async () => {
    const dir = project({
      'rta.config.yaml': 'slas:\n  - name: load\n    kind: latency\n    metric: registry_load_seconds\n    threshold: 1s\n',
      'src/metrics.ts': `import { Gauge, Histogram } from 'prom-client';
export function makeMetrics() {
  return {
    loadSeconds: new Histogram({ name: 'registry_load_seconds', help: 'h', buckets: [0.1, 1, 10] }),
    loaded: new Gauge({ name: 'registry_loaded', help: 'h' }),
  };
}
`,
      'src/registry.ts': `import { makeMetrics } from './metrics.js';
const { loadSeconds, loaded: isLoaded } = makeMetrics();
export async function load(work: () => Promise<void>) {
  const end = loadSeconds.startTimer();
  await work();
  end();
  isLoaded.set(1);
}
`,
    });
    try {
      const result = await runAudit({ cwd: dir, typeCheck: false });
      expect(result.findings.filter((f) => f.source === 'analyzer')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a metric named by a property of a constant object literal is found', async () => {
    const dir = project({
      'rta.config.yaml': 'slas:\n  - name: checkout\n    kind: latency\n    metric: checkout_duration_seconds\n    threshold: 250ms\n',
      'src/metrics.ts': `import { Histogram } from 'prom-client';
const NAMES = { checkout: 'checkout_duration_seconds', nested: { refund: \`refund_\${'duration'}_seconds\` } } as const;
export const checkout = new Histogram({ name: NAMES.checkout, help: 'h', buckets: [0.1, 0.25, 1] });
const refund = new Histogram({ name: NAMES['nested'].refund, help: 'h', buckets: [0.1, 0.25, 1] });
export function done(seconds: number) { checkout.observe(seconds); }
`,
    });
    try {
      const result = await runAudit({ cwd: dir, typeCheck: false });
      expect(result.findings.filter((f) => f.source === 'analyzer').map((f) => `${f.ruleId} ${f.message.split(':')[0] ?? ''}`)).toEqual([
        'rta/sla-metric-unrecorded `refund_duration_seconds` is defined but never recorded, nor handed to any other code',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an SLA metric recorded only by module top-level code is not recorded on a data path', async () => {
    const sla = (name: string) => `  - name: ${name}\n    kind: latency\n    metric: ${name}\n    threshold: 250ms\n`;
    const dir = project({
      'rta.config.yaml': `slas:\n${['startup_only_seconds', 'also_in_handler_seconds', 'loop_seconds', 'timer_seconds', 'observed_seconds'].map(sla).join('')}`,
      'src/metrics.ts': `import { Gauge, Histogram } from 'prom-client';
import { metrics } from '@opentelemetry/api';
const buckets = [0.1, 0.25, 1];
const startup = new Histogram({ name: 'startup_only_seconds', help: 'h', buckets });
startup.observe(0);
const alsoInHandler = new Histogram({ name: 'also_in_handler_seconds', help: 'h', buckets });
alsoInHandler.observe(0);
export function handle(seconds: number) { alsoInHandler.observe(seconds); }
const loop = new Histogram({ name: 'loop_seconds', help: 'h', buckets });
declare const durations: AsyncIterable<number>;
for await (const d of durations) loop.observe(d);
const timer = new Gauge({ name: 'timer_seconds', help: 'h' });
setInterval(() => timer.set(process.uptime()), 1000);
const observed = metrics.getMeter('m').createObservableGauge('observed', { unit: 's' });
observed.addCallback((result) => result.observe(process.uptime()));
// Set once at startup on purpose: an info metric outside any SLA is not reported.
const buildInfo = new Gauge({ name: 'build_info', help: 'h', labelNames: ['version'] });
buildInfo.set({ version: '1.2.3' }, 1);
`,
    });
    try {
      const result = await runAudit({ cwd: dir, typeCheck: false });
      expect(result.findings.filter((f) => f.ruleId === 'rta/sla-metric-missing')).toEqual([]);
      const findings = result.findings.filter((f) => f.ruleId === 'rta/sla-metric-unrecorded');
      expect(findings.map((f) => `${f.location.file}:${String(f.location.region.startLine)} ${f.severity}`)).toEqual(['src/metrics.ts:4 error']);
      expect(findings[0]?.message).toContain('recorded only by code at the top level of its module, which runs once when the module is imported');
      expect(findings[0]?.related.map((r) => `${r.file}:${String(r.region.startLine)} ${r.message ?? ''}`)).toEqual([
        'rta.config.yaml:2 SLA \'startup_only_seconds\' in rta.config.yaml',
        'src/metrics.ts:5 recorded here, once, when the module is imported',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a project without metrics, Kafka or SLAs is not read', async () => {
    const dir = project({ 'src/a.ts': 'export const x = 1;\n' });
    try {
      const result = await runAudit({ cwd: dir, typeCheck: false });
      expect(result.findings).toEqual([]);
      expect(result.rules.map((r) => r.id)).toContain('rta/sla-metric-missing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the example app', () => {
  it('reports the dashboard SLA without an alert at its entry in rta.config.yaml', async () => {
    const result = await runAudit({ cwd: projectRoot, paths: ['examples/live-dashboard'], typeCheck: false });
    const sla = result.findings.filter((f) => f.category === 'sla-metrics').map((f) => `${f.location.file}:${String(f.location.region.startLine)} ${f.ruleId}`);
    expect(sla).toEqual(['rta.config.yaml:25 rta/sla-alert-missing', 'src/export/warehouse-export.ts:61 rta/metric-unit-mismatch']);
  });
});

describe('Prometheus rule files', () => {
  it('selects series names, not functions, keywords, labels or strings', () => {
    const names = selectedNames(
      'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{job="api", route=~"/x.*"}[5m]))) > 0.3 and on(instance) up == 1 or absent(order_ingest_freshness_seconds)',
    );
    expect([...names].sort()).toEqual(['http_request_duration_seconds_bucket', 'order_ingest_freshness_seconds', 'up']);
    expect([...selectedNames('{__name__="enrich_duration_seconds_bucket", le="0.1"}')]).toEqual(['enrich_duration_seconds_bucket']);
  });

  it('matches a metric through its series suffixes', () => {
    expect(selectsMetric('orders_processed_total', 'orders_processed')).toBe(true);
    expect(selectsMetric('x_seconds_bucket', 'x_seconds')).toBe(true);
    expect(selectsMetric('x_seconds_total', 'x_seconds_bucket')).toBe(false);
    expect(selectsMetric('x_seconds_extra', 'x_seconds')).toBe(false);
  });

  it('follows recording rules transitively', () => {
    const { rules, problems } = parseRuleFile(
      [
        'groups:',
        '  - name: g',
        '    rules:',
        '      - record: a:x:rate5m',
        '        expr: rate(x_total[5m])',
        '      - record: b:x:ratio',
        '        expr: a:x:rate5m / 2',
        '      - alert: XLow',
        '        expr: b:x:ratio < 1',
      ].join('\n'),
      'r.yml',
    );
    expect(problems).toEqual([]);
    expect(alertsFor(['x_total'], rules).map((r) => r.name)).toEqual(['XLow']);
    expect(alertsFor(['y_total'], rules)).toEqual([]);
  });

  it('reads an expression given through a YAML alias', () => {
    const { rules, problems } = parseRuleFile(
      [
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: SlowWarning',
        '        expr: &slow histogram_quantile(0.95, rate(x_seconds_bucket[5m])) > 0.3',
        '      - alert: SlowPage',
        '        expr: *slow',
        '        for: 30m',
      ].join('\n'),
      'r.yml',
    );
    expect(problems).toEqual([]);
    expect(rules.map((r) => `${r.name} ${r.expr}`)).toEqual([
      'SlowWarning histogram_quantile(0.95, rate(x_seconds_bucket[5m])) > 0.3',
      'SlowPage histogram_quantile(0.95, rate(x_seconds_bucket[5m])) > 0.3',
    ]);
    // An alias that names no scalar is still a rule without an expression.
    expect(parseRuleFile('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: &m { a: 1 }\n      - alert: B\n        expr: *m\n', 'r.yml').problems.map((p) => p.line)).toEqual([5, 7]);
  });

  it('reads the groups of a PrometheusRule resource (spec.groups)', () => {
    const { rules, problems } = parseRuleFile(
      [
        'apiVersion: monitoring.coreos.com/v1',
        'kind: PrometheusRule',
        'metadata:',
        '  name: ingest',
        'spec:',
        '  groups:',
        '    - name: ingest',
        '      rules:',
        '        - alert: IngestSlow',
        '          expr: ingest_duration_seconds_sum > 1',
      ].join('\n'),
      'crd.yml',
    );
    expect(problems).toEqual([]);
    expect(rules).toEqual([{ kind: 'alert', name: 'IngestSlow', expr: 'ingest_duration_seconds_sum > 1', file: 'crd.yml', line: 9 }]);
    expect(parseRuleFile('kind: PrometheusRule\nspec:\n  replicas: 1\n', 'crd.yml').problems[0]?.message).toContain('`spec.groups:`');
  });

  it('reads the rule resources of a multi-document manifest and skips the other resources', () => {
    const manifest = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: settings }',
      'data: { level: info }',
      '---',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'spec:',
      '  groups:',
      '    - name: ingest',
      '      rules:',
      '        - alert: IngestSlow',
      '          expr: ingest_duration_seconds_sum > 1',
      '---',
    ].join('\n');
    const { rules, problems } = parseRuleFile(manifest, 'k8s.yml');
    expect(problems).toEqual([]);
    expect(rules).toEqual([{ kind: 'alert', name: 'IngestSlow', expr: 'ingest_duration_seconds_sum > 1', file: 'k8s.yml', line: 12 }]);
    // No document with groups at all is still a problem, and a YAML error in any document is one.
    expect(parseRuleFile('kind: ConfigMap\n---\nkind: Service\n', 'k8s.yml').problems[0]?.message).toContain('none of the YAML documents');
    const broken = parseRuleFile('groups: []\n---\nkey: [unclosed\n', 'k8s.yml').problems[0];
    expect(broken?.message).toContain('invalid YAML');
    expect(broken?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports shape problems with lines and keeps the good rules', () => {
    const { rules, problems } = parseRuleFile('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n      - alert: B\n', 'r.yml');
    expect(rules.map((r) => r.name)).toEqual(['A']);
    expect(problems).toEqual([{ file: 'r.yml', line: 6, column: 9, message: 'a rule needs an `expr:` (a PromQL expression)' }]);
    expect(parseRuleFile('- not a map\n', 'r.yml').problems[0]?.message).toContain('mapping with a `groups:` list');
    expect(parseRuleFile('', 'r.yml')).toEqual({ rules: [], problems: [] });
  });
});

describe('OpenTelemetry names as Prometheus exports them', () => {
  const histogram = knowledge.metric('otel.Histogram');
  const counter = knowledge.metric('otel.Counter');
  it('translates dots, appends the unit and _total', () => {
    expect(histogram && exposedNames({ name: 'order.ingest.duration', unit: 's', metric: histogram, instrument: 'histogram' })).toEqual([
      'order_ingest_duration_seconds',
      'order_ingest_duration_seconds_bucket',
      'order_ingest_duration_seconds_sum',
      'order_ingest_duration_seconds_count',
    ]);
    expect(counter && exposedNames({ name: 'http.server.requests', metric: counter, instrument: 'counter' })).toEqual(['http_server_requests_total']);
    expect(counter && exposedNames({ name: 'payload.size', unit: 'By', metric: counter, instrument: 'counter' })).toEqual(['payload_size_bytes_total']);
    expect(histogram && exposedNames({ name: 'db.latency_seconds', unit: 's', metric: histogram, instrument: 'histogram' })[0]).toBe('db_latency_seconds');
  });
});
