import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/metric-unit-mismatch.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';
import { typeErrors } from '../support/typecheck.js';
import { needsUninstalledLibrary, withMetricStubs } from '../support/metric-stubs.js';

const valid = [
  // startTimer() observes seconds: right for a _seconds histogram.
  `import { Histogram } from 'prom-client';
   const h = new Histogram({ name: 'order_ingest_duration_seconds', help: 'h' });
   export async function handle(work: () => Promise<void>) {
     const end = h.startTimer();
     try { await work(); } finally { end(); }
   }`,
  // Milliseconds divided by 1000.
  `import { Histogram } from 'prom-client';
   const h = new Histogram({ name: 'job_duration_seconds', help: 'h' });
   export function done(t0: number) { h.observe((Date.now() - t0) / 1000); }`,
  // performance.now() differences divided by 1000, through a local constant.
  `import { performance } from 'node:perf_hooks';
   import { Summary } from 'prom-client';
   const s = new Summary({ name: 'parse_seconds', help: 'h' });
   export function parse(text: string) {
     const start = performance.now();
     JSON.parse(text);
     const elapsedMs = performance.now() - start;
     s.observe(elapsedMs / 1000);
   }`,
  // hrtime.bigint() nanoseconds to seconds.
  `import { Histogram } from 'prom-client';
   const h = new Histogram({ name: 'flush_duration_seconds', help: 'h' });
   export function flush(t: bigint) { h.observe(Number(process.hrtime.bigint() - t) / 1e9); }`,
  // StatsD timers are milliseconds.
  `import StatsD from 'hot-shots';
   const statsd = new StatsD({ prefix: 'ingest.' });
   export function done(t0: number, startedAt: Date) {
     statsd.timing('order.duration', Date.now() - t0);
     statsd.timing('order.since', startedAt);
   }`,
  // OpenTelemetry with unit 'ms' and milliseconds.
  `import { metrics } from '@opentelemetry/api';
   const h = metrics.getMeter('ingest').createHistogram('order.ingest.duration', { unit: 'ms' });
   export function done(t0: number) { h.record(Date.now() - t0, { topic: 'orders' }); }`,
  // Long jobs: large seconds buckets that still include sub-minute values.
  `import { Histogram } from 'prom-client';
   export const backfill = new Histogram({ name: 'backfill_duration_seconds', help: 'h', buckets: [10, 30, 60, 300, 900] });`,
  // No unit in the name: nothing to compare with.
  `import { Histogram } from 'prom-client';
   const h = new Histogram({ name: 'order_latency', help: 'h' });
   export function done(t0: number) { h.observe(Date.now() - t0); }`,
  // A milliseconds histogram fed milliseconds, with millisecond buckets.
  `import { Histogram } from 'prom-client';
   const h = new Histogram({ name: 'render_ms', help: 'h', buckets: [5, 10, 25, 50, 100, 250] });
   export function done(t0: number) { h.observe(Date.now() - t0); }`,
  // An object of the file with an observe method is not a metric.
  `const h = { observe(_v: number) {} };
   export function done(t0: number) { h.observe(Date.now() - t0); }`,
  // Buckets computed elsewhere cannot be judged.
  `import { Histogram } from 'prom-client';
   declare const config: { buckets: number[] };
   export const h = new Histogram({ name: 'query_duration_seconds', help: 'h', buckets: config.buckets });`,
  // A local Date: not the clock.
  `import { Histogram } from 'prom-client';
   const Date = { now: () => 5 };
   const h = new Histogram({ name: 'x_seconds', help: 'h' });
   export function done(t0: number) { h.observe(Date.now() - t0); }`,
  // Bad input shapes: spread arguments, computed names, no arguments.
  `import { Histogram } from 'prom-client';
   const h = new Histogram({ name: 'x_seconds', help: 'h' });
   declare const args: [number];
   export function f(key: 'observe') { h.observe(...args); h[key](1); h.observe(); }`,
  // Counter of seconds incremented by seconds; gauge timestamp.
  `import { Counter, Gauge } from 'prom-client';
   const busy = new Counter({ name: 'worker_busy_seconds_total', help: 'h' });
   const last = new Gauge({ name: 'last_run_timestamp_seconds', help: 'h' });
   export function done(t0: number) { busy.inc((Date.now() - t0) / 1000); last.setToCurrentTime(); }`,
  // Plain JavaScript, require().
  `const client = require('prom-client');
   const h = new client.Histogram({ name: 'js_duration_seconds', help: 'h' });
   function done(t0) { h.observe((Date.now() - t0) / 1e3); }
   module.exports = { done };`,
  // linearBuckets in seconds.
  `import { Histogram, linearBuckets } from 'prom-client';
   export const h = new Histogram({ name: 'step_seconds', help: 'h', buckets: linearBuckets(0.1, 0.1, 10) });`,
];

const invalid = [
  {
    name: 'Date.now() difference into a _seconds histogram (autofix)',
    code: `import { Histogram } from 'prom-client';
const exportDuration = new Histogram({ name: 'warehouse_export_duration_seconds', help: 'h' });
export function done(startedAt: number) {
  exportDuration.observe(Date.now() - startedAt);
}`,
    output: `import { Histogram } from 'prom-client';
const exportDuration = new Histogram({ name: 'warehouse_export_duration_seconds', help: 'h' });
export function done(startedAt: number) {
  exportDuration.observe((Date.now() - startedAt) / 1000);
}`,
    errors: [{ messageId: 'millisIntoSeconds' as const, line: 4, column: 26 }],
  },
  {
    name: 'a name from a property of a constant object literal',
    code: `import { Histogram } from 'prom-client';
const NAMES = { exportDuration: 'warehouse_export_duration_seconds' } as const;
const exportDuration = new Histogram({ name: NAMES.exportDuration, help: 'h' });
export function done(startedAt: number) {
  exportDuration.observe(Date.now() - startedAt);
}`,
    output: `import { Histogram } from 'prom-client';
const NAMES = { exportDuration: 'warehouse_export_duration_seconds' } as const;
const exportDuration = new Histogram({ name: NAMES.exportDuration, help: 'h' });
export function done(startedAt: number) {
  exportDuration.observe((Date.now() - startedAt) / 1000);
}`,
    errors: [{ messageId: 'millisIntoSeconds' as const, line: 5 }],
  },
  {
    name: 'performance.now() difference with labels (autofix)',
    code: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'http_request_duration_seconds', help: 'h', labelNames: ['route'] });
export function done(start: number) {
  h.observe({ route: '/x' }, performance.now() - start);
}`,
    output: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'http_request_duration_seconds', help: 'h', labelNames: ['route'] });
export function done(start: number) {
  h.observe({ route: '/x' }, (performance.now() - start) / 1000);
}`,
    errors: [{ messageId: 'millisIntoSeconds' as const }],
  },
  {
    name: 'a local constant holding milliseconds (suggestion only)',
    code: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'batch_duration_seconds', help: 'h' });
export function done(t0: number) {
  const elapsed = Date.now() - t0;
  h.observe(elapsed);
}`,
    output: null,
    errors: [
      {
        messageId: 'millisIntoSeconds' as const,
        suggestions: [
          {
            messageId: 'divideBy1000' as const,
            output: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'batch_duration_seconds', help: 'h' });
export function done(t0: number) {
  const elapsed = Date.now() - t0;
  h.observe(elapsed / 1000);
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'hrtime.bigint() converted to milliseconds',
    code: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'flush_duration_seconds', help: 'h' });
export function flush(t: bigint) {
  h.observe(Number(process.hrtime.bigint() - t) / 1e6);
}`,
    output: null,
    errors: [
      {
        messageId: 'millisIntoSeconds' as const,
        suggestions: [
          {
            messageId: 'divideBy1000' as const,
            output: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'flush_duration_seconds', help: 'h' });
export function flush(t: bigint) {
  h.observe((Number(process.hrtime.bigint() - t) / 1e6) / 1000);
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'hrtime() pair as milliseconds, through labels()',
    code: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'step_seconds', help: 'h', labelNames: ['step'] });
export function done(start: [number, number]) {
  const hr = process.hrtime(start);
  h.labels('parse').observe(hr[0] * 1e3 + hr[1] / 1e6);
}`,
    output: null,
    errors: [{ messageId: 'millisIntoSeconds' as const, suggestions: [{ messageId: 'divideBy1000' as const, output: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'step_seconds', help: 'h', labelNames: ['step'] });
export function done(start: [number, number]) {
  const hr = process.hrtime(start);
  h.labels('parse').observe((hr[0] * 1e3 + hr[1] / 1e6) / 1000);
}` }] }],
  },
  {
    name: 'seconds into a _ms histogram',
    code: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'render_ms', help: 'h', buckets: [5, 10, 50, 100, 500] });
export function done(t0: number) {
  h.observe((Date.now() - t0) / 1000);
}`,
    output: null,
    errors: [
      {
        messageId: 'secondsIntoMillis' as const,
        suggestions: [
          {
            messageId: 'multiplyBy1000' as const,
            output: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'render_ms', help: 'h', buckets: [5, 10, 50, 100, 500] });
export function done(t0: number) {
  h.observe(Date.now() - t0);
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'startTimer() on a _milliseconds histogram',
    code: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'query_milliseconds', help: 'h', buckets: [1, 5, 10, 50, 100, 500] });
export async function run(q: () => Promise<void>) {
  const end = h.startTimer();
  await q();
  end();
}`,
    output: null,
    errors: [{ messageId: 'timerIntoMillis' as const, line: 4 }],
  },
  {
    name: 'millisecond buckets on a _seconds histogram',
    code: `import { Histogram } from 'prom-client';
export const h = new Histogram({ name: 'api_latency_seconds', help: 'h', buckets: [50, 100, 250, 500, 1000] });`,
    output: null,
    errors: [{ messageId: 'millisBuckets' as const, line: 2 }],
  },
  {
    name: 'linearBuckets evaluated: millisecond-shaped',
    code: `import { Histogram, linearBuckets } from 'prom-client';
export const h = new Histogram({ name: 'api_latency_seconds', help: 'h', buckets: linearBuckets(50, 50, 10) });`,
    output: null,
    errors: [{ messageId: 'millisBuckets' as const }],
  },
  {
    name: 'a _ms histogram with prom-client default buckets',
    code: `import { Histogram } from 'prom-client';
export const h = new Histogram({ name: 'db_query_ms', help: 'h' });`,
    output: null,
    errors: [{ messageId: 'defaultBucketsMillis' as const }],
  },
  {
    name: 'a _ms histogram with seconds buckets',
    code: `import * as prom from 'prom-client';
export const h = new prom.Histogram({ name: 'db_query_ms', help: 'h', buckets: [0.005, 0.01, 0.1, 1, 5] });`,
    output: null,
    errors: [{ messageId: 'secondsBuckets' as const }],
  },
  {
    name: 'OpenTelemetry histogram with unit s fed milliseconds (autofix)',
    code: `import { metrics } from '@opentelemetry/api';
const meter = metrics.getMeter('ingest');
const h = meter.createHistogram('order.ingest.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.01, 0.1, 1] } });
export function done(t0: number) {
  h.record(Date.now() - t0, { topic: 'orders' });
}`,
    output: `import { metrics } from '@opentelemetry/api';
const meter = metrics.getMeter('ingest');
const h = meter.createHistogram('order.ingest.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.01, 0.1, 1] } });
export function done(t0: number) {
  h.record((Date.now() - t0) / 1000, { topic: 'orders' });
}`,
    errors: [{ messageId: 'millisIntoSeconds' as const }],
  },
  {
    name: 'OpenTelemetry seconds histogram with millisecond advice boundaries',
    code: `import { metrics } from '@opentelemetry/api';
export const h = metrics.getMeter('api').createHistogram('api.latency', { unit: 's', advice: { explicitBucketBoundaries: [5, 10, 25, 50, 100] } });`,
    output: null,
    errors: [{ messageId: 'millisBuckets' as const }],
  },
  {
    name: 'StatsD timing fed seconds',
    code: `import StatsD from 'hot-shots';
const statsd = new StatsD();
export function done(t0: number) {
  statsd.timing('order.duration', (Date.now() - t0) / 1000, ['topic:orders']);
}`,
    output: null,
    errors: [
      {
        messageId: 'statsdSeconds' as const,
        suggestions: [
          {
            messageId: 'multiplyBy1000' as const,
            output: `import StatsD from 'hot-shots';
const statsd = new StatsD();
export function done(t0: number) {
  statsd.timing('order.duration', Date.now() - t0, ['topic:orders']);
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'freshness gauge in seconds set with milliseconds (autofix)',
    code: `import { Gauge } from 'prom-client';
const freshness = new Gauge({ name: 'order_ingest_freshness_seconds', help: 'h' });
export function seen(timestamp: string) {
  freshness.set(Date.now() - Number(timestamp));
}`,
    output: `import { Gauge } from 'prom-client';
const freshness = new Gauge({ name: 'order_ingest_freshness_seconds', help: 'h' });
export function seen(timestamp: string) {
  freshness.set((Date.now() - Number(timestamp)) / 1000);
}`,
    errors: [{ messageId: 'millisIntoSeconds' as const }],
  },
  {
    name: 'a metric held in a class field, optional call',
    code: `import { Summary } from 'prom-client';
export class Stage {
  private readonly duration = new Summary({ name: 'stage_duration_seconds', help: 'h' });
  done(t0: number) {
    this.duration?.observe(Date.now() - t0);
  }
}`,
    output: `import { Summary } from 'prom-client';
export class Stage {
  private readonly duration = new Summary({ name: 'stage_duration_seconds', help: 'h' });
  done(t0: number) {
    this.duration?.observe((Date.now() - t0) / 1000);
  }
}`,
    errors: [{ messageId: 'millisIntoSeconds' as const }],
  },
  {
    name: 'computed method name and a name built from constants, plain require',
    code: `const { Histogram } = require('prom-client');
const PREFIX = 'ingest';
const h = new Histogram({ name: \`\${PREFIX}_batch_seconds\`, help: 'h' });
function done(t0) {
  h['observe'](new Date().getTime() - t0);
}
module.exports = { done };`,
    output: `const { Histogram } = require('prom-client');
const PREFIX = 'ingest';
const h = new Histogram({ name: \`\${PREFIX}_batch_seconds\`, help: 'h' });
function done(t0) {
  h['observe']((new Date().getTime() - t0) / 1000);
}
module.exports = { done };`,
    errors: [{ messageId: 'millisIntoSeconds' as const }],
  },
];

untypedTester().run('metric-unit-mismatch', rule, {
  valid: [
    ...valid,
    // Custom suffixes: `_secs` means seconds only when configured.
    {
      code: `import { Histogram } from 'prom-client';
             const h = new Histogram({ name: 'x_secs', help: 'h' });
             export function done(t0: number) { h.observe(Date.now() - t0); }`,
    },
  ],
  invalid: [
    ...invalid,
    {
      name: 'custom seconds suffix',
      code: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'x_secs', help: 'h' });
export function done(t0: number) { h.observe(Date.now() - t0); }`,
      options: [{ secondsSuffixes: ['_secs'] }],
      output: `import { Histogram } from 'prom-client';
const h = new Histogram({ name: 'x_secs', help: 'h' });
export function done(t0: number) { h.observe((Date.now() - t0) / 1000); }`,
      errors: [{ messageId: 'millisIntoSeconds' }],
    },
  ],
});

typedTester().run('metric-unit-mismatch (typed)', rule, { valid, invalid });

describe('metric-unit-mismatch fixes and suggestions leave code that type-checks', () => {
  const outputs = invalid.flatMap((c) => [
    ...(c.output ? [{ name: `${c.name} (autofix)`, output: c.output }] : []),
    ...c.errors.flatMap((e) => ('suggestions' in e ? e.suggestions : []).map((s) => ({ name: c.name, output: s.output }))),
  ]);
  it('has outputs to check', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(10);
  });
  for (const { name, output } of outputs) {
    // Plain JavaScript with require() is not type-checked as TypeScript.
    it.skipIf(output.includes('require(') || needsUninstalledLibrary(output))(name, () => {
      expect(typeErrors(withMetricStubs(output))).toEqual([]);
    });
  }
});
