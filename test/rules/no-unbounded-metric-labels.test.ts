import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-unbounded-metric-labels.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';

const PROM = `import express from 'express';
import { Counter, Histogram } from 'prom-client';
const app = express();
const http = new Histogram({ name: 'http_request_duration_seconds', help: 'h', labelNames: ['route', 'method', 'status', 'path', 'user'] });
const failures = new Counter({ name: 'ingest_failures_total', help: 'h', labelNames: ['reason', 'customer', 'key', 'error'] });
`;

const valid = [
  // Route template, method and status: bounded.
  `${PROM}app.get('/orders/:id', (req, res) => {
     const end = http.startTimer({ method: req.method });
     res.on('finish', () => end({ route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }));
     res.json({});
   });`,
  // Error name and code are a small set.
  `${PROM}export async function run(work: () => Promise<void>) {
     try { await work(); } catch (err) {
       failures.inc({ reason: (err as Error).name });
       failures.inc({ error: (err as NodeJS.ErrnoException).code ?? 'unknown' });
     }
   }`,
  // Topic and partition are bounded by the topology.
  `${PROM}import { Kafka } from 'kafkajs';
   const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
   const seen = new Counter({ name: 'messages_total', help: 'h', labelNames: ['topic', 'partition'] });
   await consumer.run({ eachMessage: async ({ topic, partition }) => { seen.inc({ topic, partition: String(partition) }); } });`,
  // Literal label values.
  `${PROM}export function rejected() { failures.inc({ reason: 'schema' }, 1); }`,
  // Configuration of the process, not data.
  `${PROM}const config = { serviceId: process.env['SERVICE_ID'] ?? 'api' };
   export function tick() { failures.inc({ customer: config.serviceId }); }`,
  // An object of the file with an inc method is not a metric.
  `const stats = { inc(_labels: object) {} };
   export function seen(event: { userId: string }) { stats.inc({ user: event.userId }); }`,
  // A worker or partition id is bounded by the deployment.
  `${PROM}export function done(partitionId: number, workerId: string) { failures.inc({ reason: String(partitionId), customer: workerId }); }`,
  // Bad input shapes: spread, computed keys, no arguments.
  `${PROM}declare const labels: Record<string, string>;
   declare const key: string;
   export function f(userId: string) { failures.inc({ ...labels }); failures.inc({ [key]: userId }); failures.inc(); http.labels(); }`,
  // StatsD tags that are literals.
  `import StatsD from 'hot-shots';
   const statsd = new StatsD();
   export function done(ms: number) { statsd.timing('api.latency', ms, ['service:api', 'tier:web']); }`,
  // A metric from another module: untyped, this file cannot tell it is one.
  `import { requests } from './metrics.js';
   export function seen(userId: string) { requests.inc({ user: userId }); }`,
  // koa: the matched route template, the method and the status are bounded.
  `import Koa from 'koa';
   import Router from '@koa/router';
   import { Counter } from 'prom-client';
   const served = new Counter({ name: 'http_requests_total', help: 'h', labelNames: ['route', 'method', 'status'] });
   const app = new Koa();
   const router = new Router();
   router.get('/orders/:id', async (ctx) => { ctx.body = {}; served.inc({ route: String(ctx._matchedRoute), method: ctx.method }); });
   app.use(async (ctx, next) => { await next(); served.inc({ method: ctx.request.method, status: String(ctx.status) }); });`,
];

const invalid = [
  {
    name: 'raw URL and user id as labels (suggestion for the URL)',
    code: `${PROM}app.get('/orders/:id', (req, res) => {
  http.observe({ path: req.originalUrl, user: req.params.id }, 0.1);
  res.json({});
});`,
    errors: [
      {
        messageId: 'unboundedLabel' as const,
        line: 7,
        data: { label: 'path', source: 'the raw request URL (`originalUrl`, with ids and query strings)' },
        suggestions: [
          {
            messageId: 'useRouteTemplate' as const,
            output: `${PROM}app.get('/orders/:id', (req, res) => {
  http.observe({ path: req.route?.path ?? 'unmatched', user: req.params.id }, 0.1);
  res.json({});
});`,
          },
        ],
      },
      { messageId: 'unboundedLabel' as const, line: 7, data: { label: 'user', source: '`id`, an identifier from the data' } },
    ],
  },
  {
    name: 'the Kafka message key',
    code: `${PROM}import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    failures.inc({ key: message.key?.toString() ?? 'none' });
  },
});`,
    errors: [{ messageId: 'unboundedLabel' as const, line: 10, data: { label: 'key', source: 'the Kafka message key' } }],
  },
  {
    name: 'error message text in a catch clause',
    code: `${PROM}export async function run(work: () => Promise<void>) {
  try { await work(); } catch (err) {
    failures.inc({ reason: (err as Error).message });
  }
}`,
    errors: [{ messageId: 'unboundedLabel' as const, line: 8 }],
  },
  {
    name: 'String(err) in a .catch() callback',
    code: `${PROM}export function run(work: () => Promise<void>) {
  return work().catch((err) => failures.inc({ error: String(err) }));
}`,
    errors: [{ messageId: 'unboundedLabel' as const }],
  },
  {
    name: 'a customer id from the decoded payload',
    code: `${PROM}export function handle(raw: string) {
  const event = JSON.parse(raw) as { customerId: string };
  failures.inc({ customer: event.customerId });
}`,
    errors: [{ messageId: 'unboundedLabel' as const, data: { label: 'customer', source: '`customerId`, an identifier from the data' } }],
  },
  {
    name: 'an id inside a template literal (OpenTelemetry attributes)',
    code: `import { metrics } from '@opentelemetry/api';
const requests = metrics.getMeter('api').createCounter('api.requests');
export function served(orderId: string) {
  requests.add(1, { route: \`/orders/\${orderId}\` });
}`,
    errors: [{ messageId: 'unboundedLabel' as const, data: { label: 'route', source: '`orderId`, an identifier from the data' } }],
  },
  {
    name: 'StatsD tag built from a user id',
    code: `import StatsD from 'hot-shots';
const statsd = new StatsD();
export function done(userId: string, ms: number) {
  statsd.timing('api.latency', ms, [\`user:\${userId}\`]);
}`,
    errors: [{ messageId: 'unboundedLabel' as const, data: { label: 'user', source: '`userId`, an identifier from the data' } }],
  },
  {
    name: 'positional labels() with the raw URL, destructured id',
    code: `${PROM}app.get('/carts/:cartId', (req, res) => {
  const { cartId } = req.params;
  http.labels(req.url).observe(0.2);
  failures.labels(cartId).inc();
  res.end();
});`,
    errors: [
      {
        messageId: 'unboundedLabel' as const,
        line: 8,
        suggestions: [
          {
            messageId: 'useRouteTemplate' as const,
            output: `${PROM}app.get('/carts/:cartId', (req, res) => {
  const { cartId } = req.params;
  http.labels(req.route?.path ?? 'unmatched').observe(0.2);
  failures.labels(cartId).inc();
  res.end();
});`,
          },
        ],
      },
      { messageId: 'unboundedLabel' as const, line: 9 },
    ],
  },
  {
    name: 'koa raw URLs: @koa/router handler and app middleware',
    code: `import Koa from 'koa';
import Router from '@koa/router';
import { Counter } from 'prom-client';
const served = new Counter({ name: 'http_requests_total', help: 'h', labelNames: ['path'] });
const app = new Koa();
const router = new Router();
router.get('/orders/:id', async (ctx) => { served.inc({ path: ctx.path }); served.inc({ path: ctx.url }); ctx.body = {}; });
app.use(async (ctx, next) => { await next(); served.inc({ path: ctx.originalUrl }); served.labels(ctx.request.url).inc(); });`,
    errors: [
      { messageId: 'unboundedLabel' as const, line: 7, column: 63, data: { label: 'path', source: 'the raw request URL (`path`, with ids and query strings)' } },
      { messageId: 'unboundedLabel' as const, line: 7, column: 95, data: { label: 'path', source: 'the raw request URL (`url`, with ids and query strings)' } },
      { messageId: 'unboundedLabel' as const, line: 8, column: 65, data: { label: 'path', source: 'the raw request URL (`originalUrl`, with ids and query strings)' } },
      { messageId: 'unboundedLabel' as const, line: 8, column: 99, data: { label: '#1', source: 'the raw request URL (`url`, with ids and query strings)' } },
    ],
  },
  {
    name: 'koa middleware given to a router: the raw request of ctx.req',
    code: `import Router from '@koa/router';
import { Counter } from 'prom-client';
const served = new Counter({ name: 'http_requests_total', help: 'h', labelNames: ['path'] });
export const router = new Router();
router.use(async (ctx, next) => { served.inc({ path: \`\${ctx.req.url}\` }); await next(); });`,
    errors: [{ messageId: 'unboundedLabel' as const, line: 5 }],
  },
  {
    name: 'startTimer labels with the request path; header value',
    code: `${PROM}app.use((req, _res, next) => {
  const end = http.startTimer({ path: req.path });
  failures.inc({ reason: req.headers['user-agent'] ?? 'none' });
  end();
  next();
});`,
    errors: [
      {
        messageId: 'unboundedLabel' as const,
        line: 7,
        suggestions: [
          {
            messageId: 'useRouteTemplate' as const,
            output: `${PROM}app.use((req, _res, next) => {
  const end = http.startTimer({ path: req.route?.path ?? 'unmatched' });
  failures.inc({ reason: req.headers['user-agent'] ?? 'none' });
  end();
  next();
});`,
          },
        ],
      },
      { messageId: 'unboundedLabel' as const, line: 8 },
    ],
  },
];

untypedTester().run('no-unbounded-metric-labels', rule, {
  valid: [
    ...valid,
    // Plain JavaScript with require(): bounded labels.
    `const client = require('prom-client');
     const c = new client.Counter({ name: 'jobs_total', help: 'h', labelNames: ['queue'] });
     function done(job) { c.inc({ queue: job.queue }); }
     module.exports = { done };`,
    {
      code: `${PROM}declare function routeTemplate(url: string): string;
             app.get('/x', (req, res) => { http.observe({ path: routeTemplate(req.originalUrl) }, 1); res.end(); });`,
      options: [{ labelNormalizers: ['routeTemplate'] }],
    },
    {
      code: `${PROM}declare function bucketOf(id: string): string;
             export function f(userId: string) { failures.inc({ customer: bucketOf(userId) }); }`,
      settings: { rta: { metrics: { labelNormalizers: ['bucketOf'] } } },
    },
  ],
  invalid: [
    ...invalid,
    {
      name: 'plain JavaScript with require(): a job id',
      code: `const client = require('prom-client');
const c = new client.Counter({ name: 'jobs_total', help: 'h', labelNames: ['job'] });
function done(job) { c.inc({ job: job.jobId }); }
module.exports = { done };`,
      errors: [{ messageId: 'unboundedLabel' }],
    },
    {
      name: 'a label name configured as unbounded',
      code: `${PROM}export function served(ctx: { tenant: string }) { failures.inc({ reason: ctx.tenant }); }`,
      options: [{ unboundedLabelNames: ['reason'] }],
      errors: [{ messageId: 'unboundedLabel' }],
    },
  ],
});

typedTester().run('no-unbounded-metric-labels (typed)', rule, {
  valid: [
    ...valid,
    // A literal union is a fixed set, whatever the variable is called.
    `${PROM}export function done(outcomeId: 'stored' | 'invalid' | 'failed') { failures.inc({ reason: outcomeId }); }`,
  ],
  invalid,
});

describe('no-unbounded-metric-labels suggestions', () => {
  it('replace only the raw URL with the route template', () => {
    const outputs = invalid.flatMap((c) => c.errors.flatMap((e) => ('suggestions' in e ? (e.suggestions ?? []) : []).map((s) => s.output)));
    expect(outputs).toHaveLength(3);
    // express is not installed here, so the outputs cannot be type-checked; `req.route` is `any` in its typings.
    for (const output of outputs) expect(output).toContain(".route?.path ?? 'unmatched'");
  });
});
