import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { clearCaches } from '@typescript-eslint/parser';
import rule from '../../src/rules/require-handler-metrics.js';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { fixturesDir, typedTester, untypedTester } from '../support/rule-tester.js';

const KAFKA = `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ clientId: 'c', brokers: ['kafka:9092'] }).consumer({ groupId: 'order-ingest' });
declare function upsertOrder(v: unknown): Promise<void>;
`;

const NEXT_ROUTE = 'app/api/dashboard/summary/route.ts';

const valid = [
  // startTimer() and a counter in the handler.
  `${KAFKA}import { Counter, Histogram } from 'prom-client';
   const processed = new Counter({ name: 'orders_processed_total', help: 'h', labelNames: ['outcome'] });
   const duration = new Histogram({ name: 'order_ingest_duration_seconds', help: 'h' });
   await consumer.run({
     eachMessage: async ({ message }) => {
       const end = duration.startTimer();
       try {
         await upsertOrder(JSON.parse(String(message.value)));
         processed.inc({ outcome: 'ok' });
       } finally {
         end();
       }
     },
   });`,
  // A helper of this file, two calls down, records.
  `${KAFKA}import { Histogram } from 'prom-client';
   const duration = new Histogram({ name: 'order_ingest_duration_seconds', help: 'h' });
   function timed<T>(work: () => Promise<T>): Promise<T> { const end = duration.startTimer(); return work().finally(() => end()); }
   async function store(v: unknown) { await timed(() => upsertOrder(v)); }
   async function handle({ message }: { message: { value: Buffer | null } }) { await store(message.value); }
   await consumer.run({ eachMessage: handle });`,
  // Batch-level timing in an END_BATCH_PROCESS listener on the same consumer.
  `${KAFKA}import { Histogram } from 'prom-client';
   const batchSeconds = new Histogram({ name: 'order_batch_duration_seconds', help: 'h' });
   consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => batchSeconds.observe(payload.duration / 1000));
   await consumer.run({ eachMessage: async ({ message }) => { await upsertOrder(message.value); } });`,
  // A handler defined in another module: this file cannot see what it records.
  `${KAFKA}import { handleOrder } from './handlers.js';
   await consumer.run({ eachMessage: handleOrder });`,
  // A wrapper from another module of the project around the handler.
  `${KAFKA}import { withTiming } from '../observability/timing.js';
   await consumer.run({ eachMessage: withTiming(async ({ message }) => { await upsertOrder(message.value); }) });`,
  // StatsD and OpenTelemetry records count too; a metric imported from another module.
  `${KAFKA}import StatsD from 'hot-shots';
   import { ordersSeen } from '../metrics.js';
   const statsd = new StatsD();
   await consumer.run({ eachMessage: async ({ message }) => { statsd.increment('orders.seen'); ordersSeen.add(1); await upsertOrder(message.value); } });`,
  // express-prom-bundle registered before the dashboard routes.
  `import express from 'express';
   import promBundle from 'express-prom-bundle';
   declare function summary(): Promise<unknown>;
   const app = express();
   app.use(promBundle({ includeMethod: true, includePath: true }));
   app.get('/api/dashboard/summary', async (_req, res) => { res.json(await summary()); });`,
  // Timing middleware of this file registered before every route (the example app's form).
  `import express, { type Request, type Response, type NextFunction } from 'express';
   import { Histogram } from 'prom-client';
   const http = new Histogram({ name: 'http_request_duration_seconds', help: 'h', labelNames: ['route'] });
   function timing(req: Request, res: Response, next: NextFunction) {
     const end = http.startTimer();
     res.on('finish', () => end({ route: req.route?.path ?? 'unmatched' }));
     next();
   }
   export const app = express();
   app.use(timing);
   app.get('/api/dashboard/revenue', (_req, res) => { res.json([]); });`,
  // A router this file does not mount: the app that mounts it (elsewhere) decides.
  `import { Router } from 'express';
   export const dashboardRouter = Router();
   dashboardRouter.get('/dashboard/top-customers', async (_req, res) => { res.json([]); });`,
  // Not a dashboard route.
  `import express from 'express';
   const app = express();
   app.get('/healthz', (_req, res) => { res.send('ok'); });`,
  // A setup function of another module is given the app before the routes.
  `import express from 'express';
   import { installMetrics } from './metrics-setup.js';
   const app = express();
   installMetrics(app);
   app.get('/api/dashboard/summary', (_req, res) => { res.json({}); });`,
  // fastify-metrics times every route of the instance.
  `import Fastify from 'fastify';
   import metricsPlugin from 'fastify-metrics';
   const app = Fastify();
   app.get('/api/dashboard/summary', async () => ({}));
   await app.register(metricsPlugin, { endpoint: '/metrics' });`,
  // A fastify hook that times every request of the instance.
  `import Fastify from 'fastify';
   import { Histogram } from 'prom-client';
   const http = new Histogram({ name: 'http_request_duration_seconds', help: 'h' });
   const app = Fastify();
   app.get('/api/dashboard/summary', async () => ({}));
   app.addHook('onRequest', async (request) => { (request as unknown as { end: () => number }).end = http.startTimer(); });`,
  // OpenTelemetry HTTP instrumentation in this file.
  `import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
   import express from 'express';
   export const instrumentations = [new HttpInstrumentation()];
   const app = express();
   app.get('/api/dashboard/summary', (_req, res) => { res.json({}); });`,
  // A Transform that counts through a private method of its class.
  `import { Transform, type TransformCallback } from 'node:stream';
   import { Counter } from 'prom-client';
   const seen = new Counter({ name: 'parser_events_total', help: 'h', labelNames: ['result'] });
   export class Parser extends Transform {
     constructor() { super({ readableObjectMode: true }); }
     override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback) {
       for (const line of chunk.toString().split('\\n')) this.#emit(line);
       done();
     }
     #emit(line: string) { seen.inc({ result: 'ok' }); this.push(line); }
   }`,
  // A Transform that is neither exported nor built here is not on a data path.
  `import { Transform } from 'node:stream';
   class Unused extends Transform {
     override _transform(chunk: Buffer, _e: BufferEncoding, done: () => void) { this.push(chunk); done(); }
   }`,
  // Bad input shapes.
  `${KAFKA}declare const opts: { eachMessage: () => Promise<void> };
   await consumer.run({ ...opts });
   await consumer.run();
   consumer.on('consumer.end_batch_process');
   await consumer.run({ eachMessage: undefined });`,
  // Plain JavaScript with require; the handler is a method of an object of another module.
  `const { Kafka } = require('kafkajs');
   const handlers = require('./handlers');
   const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
   consumer.run({ eachMessage: handlers.onOrder });`,
  // Batch throughput (a counter fed the batch size) in an END_BATCH_PROCESS listener.
  `${KAFKA}import { Counter } from 'prom-client';
   const processed = new Counter({ name: 'orders_processed_total', help: 'h' });
   consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => processed.inc(payload.batchSize));
   await consumer.run({ eachMessage: async () => {} });`,
  // fastify route options: timed by the handler, by a route-level hook, or not a read.
  `import Fastify from 'fastify';
   import { Histogram } from 'prom-client';
   const http = new Histogram({ name: 'http_request_duration_seconds', help: 'h' });
   const app = Fastify();
   app.route({ method: 'GET', url: '/api/dashboard/x', handler: async () => { const end = http.startTimer(); end(); return {}; } });
   app.route({ method: ['GET', 'HEAD'], url: '/api/dashboard/y', onRequest: async () => { http.observe(0); }, handler: async () => ({}) });
   app.route({ method: 'POST', url: '/api/dashboard/z', handler: async () => ({}) });`,
  // fastify route options registered on an instance whose metrics plugin times every route.
  `import Fastify from 'fastify';
   import metricsPlugin from 'fastify-metrics';
   const app = Fastify();
   await app.register(metricsPlugin, { endpoint: '/metrics' });
   app.route({ method: 'GET', url: '/api/dashboard/x', handler: async () => ({}) });`,
  // An express route chain and a route path held in a constant, after the metrics middleware.
  `import express from 'express';
   import promBundle from 'express-prom-bundle';
   const DASH = '/api/dashboard/summary';
   const app = express();
   app.use(promBundle({ includeMethod: true }));
   app.get(DASH, (_req, res) => { res.json({}); });
   app.route('/api/dashboard/revenue').get((_req, res) => { res.json({}); });`,
  // A constant path that is not a dashboard route.
  `import express from 'express';
   const HEALTH = '/healthz';
   const app = express();
   app.get(HEALTH, (_req, res) => { res.send('ok'); });`,
  // koa: a router mounted after a timing middleware of the app, or timed by its own middleware.
  `import Koa from 'koa';
   import Router from '@koa/router';
   import { Histogram } from 'prom-client';
   const http = new Histogram({ name: 'http_request_duration_seconds', help: 'h' });
   const app = new Koa();
   const router = new Router();
   router.get('/api/dashboard/k', async (ctx) => { ctx.body = {}; });
   app.use(async (_ctx, next) => { const end = http.startTimer(); await next(); end(); }).use(router.routes()).use(router.allowedMethods());`,
  `import Koa from 'koa';
   import Router from '@koa/router';
   import { Histogram } from 'prom-client';
   const http = new Histogram({ name: 'http_request_duration_seconds', help: 'h' });
   const router = new Router();
   router.use(async (_ctx, next) => { const end = http.startTimer(); await next(); end(); });
   router.get('/api/dashboard/k', async (ctx) => { ctx.body = {}; });
   new Koa().use(router.routes());`,
  // A koa router this file does not mount.
  `import Router from '@koa/router';
   export const router = new Router();
   router.get('/api/dashboard/k', async (ctx) => { ctx.body = {}; });`,
];

const invalid = [
  {
    name: 'kafkajs eachMessage that records nothing',
    code: `${KAFKA}await consumer.run({
  eachMessage: async ({ message }) => {
    await upsertOrder(JSON.parse(String(message.value)));
  },
});`,
    errors: [{ messageId: 'consumerHandler' as const, line: 5, column: 3 }],
  },
  {
    name: 'eachBatch that records nothing',
    code: `${KAFKA}await consumer.run({
  eachBatch: async ({ batch }) => {
    for (const m of batch.messages) await upsertOrder(m.value);
  },
});`,
    errors: [{ messageId: 'consumerHandler' as const, data: { what: 'Kafka batch handler' } }],
  },
  {
    name: 'a named handler and helpers of this file that record nothing',
    code: `${KAFKA}async function store(v: unknown) { await upsertOrder(v); }
async function handle({ message }: { message: { value: Buffer | null } }) { await store(message.value); }
await consumer.run({ eachMessage: handle });`,
    errors: [{ messageId: 'consumerHandler' as const, line: 6 }],
  },
  {
    name: 'a retry wrapper of this file that records nothing',
    code: `${KAFKA}function withRetry<A extends unknown[]>(fn: (...a: A) => Promise<void>) {
  return async (...a: A) => { try { await fn(...a); } catch { await fn(...a); } };
}
await consumer.run({ eachMessage: withRetry(async ({ message }) => { await upsertOrder(message.value); }) });`,
    errors: [{ messageId: 'consumerHandler' as const }],
  },
  {
    name: 'an END_BATCH_PROCESS listener that only sets a lag gauge',
    code: `${KAFKA}import { Gauge } from 'prom-client';
const lag = new Gauge({ name: 'order_ingest_offset_lag', help: 'h' });
consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lag.set(Number(payload.offsetLag)));
await consumer.run({ eachMessage: async () => {} });`,
    errors: [{ messageId: 'consumerHandler' as const, line: 7 }],
  },
  {
    name: 'an END_BATCH_PROCESS listener whose helper only sets a gauge',
    code: `${KAFKA}import { Gauge } from 'prom-client';
const lag = new Gauge({ name: 'order_ingest_offset_lag', help: 'h' });
function recordLag(payload: { offsetLag: string }) { lag.set(Number(payload.offsetLag)); }
consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => recordLag(payload));
await consumer.run({ eachMessage: async ({ message }) => { await upsertOrder(message.value); } });`,
    errors: [{ messageId: 'consumerHandler' as const, line: 8 }],
  },
  {
    name: 'an END_BATCH_PROCESS listener that only logs',
    code: `${KAFKA}consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => console.log(payload.offsetLag));
await consumer.run({ eachMessage: async ({ message }) => { await upsertOrder(message.value); } });`,
    errors: [{ messageId: 'consumerHandler' as const }],
  },
  {
    name: 'confluent promisified API',
    code: `const { Kafka } = require('@confluentinc/kafka-javascript').KafkaJS;
const consumer = new Kafka({ kafkaJS: { brokers: ['k:9092'] } }).consumer({ kafkaJS: { groupId: 'g' } });
consumer.run({ eachMessage: async ({ message }) => { console.log(message.offset); } });`,
    errors: [{ messageId: 'consumerHandler' as const }],
  },
  {
    name: 'node-rdkafka flowing data listener',
    code: `import Kafka from 'node-rdkafka';
declare function store(m: unknown): void;
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g', 'metadata.broker.list': 'k:9092' }, {});
consumer.on('ready', () => { consumer.subscribe(['orders']); consumer.consume(); });
consumer.on('data', (message) => store(message));`,
    errors: [{ messageId: 'consumerHandler' as const, line: 5 }],
  },
  {
    name: 'node-rdkafka consume(n, cb)',
    code: `import Kafka from 'node-rdkafka';
declare function store(m: unknown): void;
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g' }, {});
export function poll() {
  consumer.consume(100, (err, messages) => { if (!err) messages.forEach(store); });
}`,
    errors: [{ messageId: 'consumerHandler' as const, data: { what: 'Kafka batch handler' } }],
  },
  {
    name: 'dashboard route registered before express-prom-bundle',
    code: `import express from 'express';
import promBundle from 'express-prom-bundle';
declare function summary(): Promise<unknown>;
const app = express();
async function summaryHandler(_req: express.Request, res: express.Response) { res.json(await summary()); }
app.get('/api/dashboard/summary', summaryHandler);
app.use(promBundle({ includeMethod: true, includePath: true }));`,
    errors: [{ messageId: 'route' as const, line: 6, column: 9, data: { path: '/api/dashboard/summary', app: 'app' } }],
  },
  {
    name: 'dashboard route on an app with no timing at all',
    code: `import express from 'express';
import cors from 'cors';
const app = express();
app.use(cors());
app.use(express.json());
app.get('/api/stats/daily', async (_req, res) => { res.json([]); });
app.listen(3000);`,
    errors: [{ messageId: 'route' as const, line: 6 }],
  },
  {
    name: 'a router mounted before the app registers its timing middleware',
    code: `import express, { Router } from 'express';
import promBundle from 'express-prom-bundle';
const dashboard = Router();
dashboard.get('/dashboard/revenue', (_req, res) => { res.json([]); });
const app = express();
app.use('/api', dashboard);
app.use(promBundle({}));`,
    errors: [{ messageId: 'route' as const, line: 4, data: { path: '/dashboard/revenue', app: 'dashboard' } }],
  },
  {
    name: 'fastify route options with a GET method',
    code: `import Fastify from 'fastify';
const app = Fastify();
app.route({ method: 'GET', url: '/api/dashboard/x', handler: async () => ({}) });
app.route({ method: ['GET', 'HEAD'], path: '/api/dashboard/y', schema: { querystring: {} }, handler: async () => ({}) });`,
    errors: [
      { messageId: 'route' as const, line: 3, column: 33, data: { path: '/api/dashboard/x', app: 'app' } },
      { messageId: 'route' as const, line: 4, data: { path: '/api/dashboard/y', app: 'app' } },
    ],
  },
  {
    name: 'fastify shorthand route with a schema options object',
    code: `import Fastify from 'fastify';
const app = Fastify();
app.get('/api/dashboard/summary', { schema: { response: {} } }, async () => ({}));`,
    errors: [{ messageId: 'route' as const, line: 3 }],
  },
  {
    name: 'express route chain',
    code: `import express from 'express';
const app = express();
app.route('/api/dashboard/revenue').get((_req, res) => { res.json({}); }).post((_req, res) => { res.json({}); });`,
    errors: [{ messageId: 'route' as const, line: 3, column: 11, data: { path: '/api/dashboard/revenue', app: 'app' } }],
  },
  {
    name: 'route paths held in constants of this file',
    code: `import express from 'express';
const DASH = '/api/dashboard/summary';
const BASE = '/api/stats';
const app = express();
app.get(DASH, (_req, res) => { res.json({}); });
app.get(\`\${BASE}/daily\`, (_req, res) => { res.json({}); });`,
    errors: [
      { messageId: 'route' as const, line: 5, column: 9, data: { path: '/api/dashboard/summary', app: 'app' } },
      { messageId: 'route' as const, line: 6, data: { path: '/api/stats/daily', app: 'app' } },
    ],
  },
  {
    name: 'koa router mounted with routes() on an app with no timing',
    code: `import Koa from 'koa';
import Router from '@koa/router';
const app = new Koa();
const router = new Router();
router.get('/api/dashboard/k', async (ctx) => { ctx.body = {}; });
app.use(router.routes());`,
    errors: [{ messageId: 'route' as const, line: 5, data: { path: '/api/dashboard/k', app: 'router' } }],
  },
  {
    name: 'koa router mounted before the app registers its timing middleware',
    code: `import Koa from 'koa';
import Router from '@koa/router';
import { Histogram } from 'prom-client';
const http = new Histogram({ name: 'http_request_duration_seconds', help: 'h' });
const app = new Koa();
const router = new Router();
router.get('/api/dashboard/k', async (ctx) => { ctx.body = {}; });
app.use(router.routes()).use(async (_ctx, next) => { const end = http.startTimer(); await next(); end(); });`,
    errors: [{ messageId: 'route' as const, line: 7 }],
  },
  {
    name: 'hono app',
    code: `import { Hono } from 'hono';
const app = new Hono();
app.get('/dashboard/live', (c) => c.json({}));
export default app;`,
    errors: [{ messageId: 'route' as const }],
  },
  {
    name: 'exported Transform stage that records nothing',
    code: `import { Transform, type TransformCallback } from 'node:stream';
export class Enrich extends Transform {
  constructor() { super({ objectMode: true }); }
  override _transform(row: { id: string }, _e: BufferEncoding, done: TransformCallback) {
    this.push({ ...row, seenAt: Date.now() });
    done();
  }
}`,
    errors: [{ messageId: 'streamStage' as const, line: 4, data: { name: 'Enrich._transform' } }],
  },
  {
    name: 'inline Writable sink that records nothing',
    code: `import { Writable } from 'node:stream';
declare function insert(rows: unknown): Promise<void>;
export const sink = new Writable({
  objectMode: true,
  write(row, _enc, done) { insert(row).then(() => done(), done); },
});`,
    errors: [{ messageId: 'streamStage' as const, line: 5 }],
  },
  {
    name: 'computed member name and optional call on the consumer',
    code: `${KAFKA}await consumer?.['run']({ eachMessage: async ({ message }) => { await upsertOrder(message.value); } });`,
    errors: [{ messageId: 'consumerHandler' as const }],
  },
];

/**
 * Next.js route handlers are recognised by their file name. The typed runs parse each of these
 * files in the default project of the fixtures directory (the fixture program has one file).
 */
const NEXT_FILES = [NEXT_ROUTE, 'app/api/health/route.ts', 'src/app/(admin)/api/stats/[[]day]/route.ts'];

const nextValid = [
  // A Next.js dashboard route handler that times itself.
  {
    filename: NEXT_ROUTE,
    code: `import { Histogram } from 'prom-client';
     const seconds = new Histogram({ name: 'dashboard_summary_duration_seconds', help: 'h' });
     declare function loadSummary(): Promise<unknown>;
     export async function GET() {
       const end = seconds.startTimer();
       try { return Response.json(await loadSummary()); } finally { end(); }
     }`,
  },
  // A Next.js route handler wrapped by a function of another module of the project.
  {
    filename: NEXT_ROUTE,
    code: `import { withMetrics } from '../../../../lib/metrics';
     declare function loadSummary(): Promise<unknown>;
     export const GET = withMetrics(async () => Response.json(await loadSummary()));`,
  },
  // Next.js: a write handler, and a route outside the dashboard paths.
  {
    filename: NEXT_ROUTE,
    code: `export async function POST(request: Request) { return Response.json(await request.json()); }`,
  },
  {
    filename: 'app/api/health/route.ts',
    code: `export async function GET() { return Response.json({ ok: true }); }`,
  },
];

const nextInvalid = [
  {
    name: 'Next.js route handler of a dashboard path that records nothing',
    filename: NEXT_ROUTE,
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function GET() {
  const { rows } = await pool.query('SELECT count(*) FROM orders');
  return Response.json(rows);
}`,
    errors: [{ messageId: 'nextRoute' as const, line: 3, column: 23, data: { path: '/api/dashboard/summary', method: 'GET' } }],
  },
  {
    name: 'Next.js route handler held in a const, in a route group',
    filename: 'src/app/(admin)/api/stats/[day]/route.ts',
    code: `declare function daily(day: string): Promise<unknown>;
export const GET = async (_request: Request, { params }: { params: Promise<{ day: string }> }) => Response.json(await daily((await params).day));`,
    errors: [{ messageId: 'nextRoute' as const, line: 2, data: { path: '/api/stats/[day]', method: 'GET' } }],
  },
];

/** `wrappers` / `metrics.wrappers`: what a configured wrapper is given counts as timed. */
const wrapperValid = [
  {
    code: `${KAFKA}import { instrumented } from 'some-lib';
           await consumer.run({ eachMessage: instrumented('orders', async ({ message }) => { await upsertOrder(message.value); }) });`,
    options: [{ wrappers: ['instrumented'] }] as [{ wrappers: string[] }],
  },
  {
    code: `${KAFKA}declare function track<T>(name: string, fn: T): T;
           await consumer.run({ eachMessage: track('orders', async ({ message }) => { await upsertOrder(message.value); }) });`,
    settings: { rta: { metrics: { wrappers: ['track'] } } },
  },
  {
    code: `import express from 'express';
           declare function timed<T>(fn: T): T;
           const app = express();
           app.get('/api/dashboard/summary', timed((_req: express.Request, res: express.Response) => { res.json({}); }));`,
    options: [{ wrappers: ['timed'] }] as [{ wrappers: string[] }],
  },
];

const wrapperInvalid = [
  {
    name: 'a wrapper that is not configured',
    code: `${KAFKA}declare function track<T>(name: string, fn: T): T;
await consumer.run({ eachMessage: track('orders', async ({ message }) => { await upsertOrder(message.value); }) });`,
    settings: { rta: { metrics: { wrappers: ['instrumented'] } } },
    errors: [{ messageId: 'consumerHandler' as const }],
  },
];

untypedTester().run('require-handler-metrics', rule, {
  valid: [
    ...valid,
    ...wrapperValid,
    ...nextValid,
    {
      code: `import { Transform } from 'node:stream';
             export class Pass extends Transform { override _transform(c: Buffer, _e: BufferEncoding, d: () => void) { this.push(c); d(); } }`,
      options: [{ streamStages: false }],
    },
    {
      code: `import express from 'express';
             const app = express();
             app.get('/internal/report', (_req, res) => { res.json({}); });`,
      options: [{ dashboardRoutes: ['/reports/**'] }],
    },
  ],
  invalid: [
    ...invalid,
    ...wrapperInvalid,
    ...nextInvalid,
    {
      name: 'configured dashboard routes',
      code: `import express from 'express';
const app = express();
app.get('/internal/report', (_req, res) => { res.json({}); });`,
      options: [{ dashboardRoutes: ['/internal/**'] }],
      errors: [{ messageId: 'route' }],
    },
  ],
});

typedTester().run('require-handler-metrics (typed)', rule, {
  valid: [...valid, ...wrapperValid],
  invalid: [...invalid, ...wrapperInvalid],
});

// The parser keeps one project service per process: start this run with a fresh one that knows
// the route files, and leave a fresh one behind for the runs after it.
describe('Next.js route files', () => {
  beforeAll(() => {
    clearCaches();
  });
  afterAll(() => {
    clearCaches();
  });
  new RuleTester({
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: NEXT_FILES }, tsconfigRootDir: fixturesDir } },
  }).run('require-handler-metrics (typed, Next.js route files)', rule, { valid: nextValid, invalid: nextInvalid });
});

// A project whose package.json depends on an HTTP auto-instrumentation: routes are timed by it.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-handler-metrics-'));
fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ dependencies: { '@opentelemetry/auto-instrumentations-node': '^0.50.0' } }));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

untypedTester().run('require-handler-metrics (project instrumentation)', rule, {
  valid: [
    {
      filename: path.join(tmp, 'src', 'app.ts'),
      code: `import express from 'express';
             const app = express();
             app.get('/api/dashboard/summary', (_req, res) => { res.json({}); });`,
    },
  ],
  invalid: [],
});
