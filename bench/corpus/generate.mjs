// node bench/corpus/generate.mjs [--sizes 200,1000,4000] [--seed 9] [--out bench/corpus/out]
//
// Writes deterministic synthetic streaming projects for the performance bench: services with
// kafkajs consumers, Node stream stages, express routes, ws socket handlers, pg queries and .sql
// files, prom-client metrics, event types and plain utility modules. Most files are correct; a
// realistic minority carries one of the defects the rules look for. Templates come in several
// shapes each and are filled from word lists by a seeded generator, so the same seed and size
// always give byte-identical output and no two services read the same.
//
// Each project has a strict tsconfig.json and local declaration shims for the libraries, so
// `tsc --noEmit -p bench/corpus/out/<size>` passes with only @types/node installed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SHIMS } from './shims.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT = path.join(HERE, 'out');
export const GENERATOR_VERSION = 4;

// ---------------------------------------------------------------- seeded randomness

function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    sample: (list, n) => {
      const copy = [...list];
      const out = [];
      while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
    weighted: (entries) => {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [value, w] of entries) {
        x -= w;
        if (x < 0) return value;
      }
      return entries[entries.length - 1][0];
    },
  };
  return r;
}

const pascal = (s) => s.replace(/(^|[-_ ])(\w)/g, (_, __, c) => c.toUpperCase());
const camel = (s) => {
  const p = pascal(s);
  return p[0].toLowerCase() + p.slice(1);
};
const snake = (s) => s.replace(/-/g, '_');

// ---------------------------------------------------------------- vocabulary

const DOMAINS = [
  'orders', 'payments', 'clicks', 'sessions', 'inventory', 'shipments', 'invoices', 'devices', 'readings', 'alerts',
  'trades', 'quotes', 'bids', 'rides', 'deliveries', 'bookings', 'tickets', 'scans', 'views', 'carts',
  'signups', 'logins', 'refunds', 'transfers', 'meters', 'sensors', 'telemetry', 'impressions', 'campaigns', 'returns',
];
const ENTITY_OF = {
  orders: ['order', 'order-line'], payments: ['payment', 'chargeback'], clicks: ['click', 'page-hit'], sessions: ['session', 'heartbeat'],
  inventory: ['stock-level', 'reservation'], shipments: ['shipment', 'parcel-scan'], invoices: ['invoice', 'credit-note'],
  devices: ['device-status', 'firmware-report'], readings: ['reading', 'calibration'], alerts: ['alert', 'incident'],
  trades: ['trade', 'fill'], quotes: ['quote', 'spread'], bids: ['bid', 'auction'], rides: ['ride', 'driver-ping'],
  deliveries: ['delivery', 'courier-update'], bookings: ['booking', 'cancellation'], tickets: ['ticket', 'checkin'],
  scans: ['scan', 'badge-read'], views: ['view', 'watch-time'], carts: ['cart-update', 'checkout'], signups: ['signup', 'verification'],
  logins: ['login', 'lockout'], refunds: ['refund', 'dispute'], transfers: ['transfer', 'ledger-entry'], meters: ['meter-read', 'tariff-change'],
  sensors: ['sensor-sample', 'threshold-breach'], telemetry: ['span', 'log-line'], impressions: ['impression', 'ad-click'],
  campaigns: ['campaign-event', 'budget-update'], returns: ['return-request', 'restock'],
};
const FIELDS = [
  { name: 'customerId', ts: 'string', kind: 'string', sql: 'TEXT' },
  { name: 'accountId', ts: 'string', kind: 'string', sql: 'TEXT' },
  { name: 'amountCents', ts: 'number', kind: 'number', sql: 'BIGINT' },
  { name: 'quantity', ts: 'number', kind: 'number', sql: 'INTEGER' },
  { name: 'currency', ts: "'EUR' | 'USD' | 'GBP'", kind: 'enum', values: ['EUR', 'USD', 'GBP'], sql: 'TEXT' },
  { name: 'status', ts: "'created' | 'accepted' | 'completed' | 'failed'", kind: 'enum', values: ['created', 'accepted', 'completed', 'failed'], sql: 'TEXT' },
  { name: 'region', ts: 'string', kind: 'string', sql: 'TEXT' },
  { name: 'sku', ts: 'string', kind: 'string', sql: 'TEXT' },
  { name: 'deviceId', ts: 'string', kind: 'string', sql: 'TEXT' },
  { name: 'durationMs', ts: 'number', kind: 'number', sql: 'INTEGER' },
  { name: 'retries', ts: 'number', kind: 'number', sql: 'SMALLINT' },
  { name: 'tags', ts: 'string[]', kind: 'strings', sql: 'TEXT[]' },
  { name: 'note', ts: 'string | null', kind: 'nullable', sql: 'TEXT' },
  { name: 'channel', ts: "'web' | 'ios' | 'android' | 'pos'", kind: 'enum', values: ['web', 'ios', 'android', 'pos'], sql: 'TEXT' },
  { name: 'score', ts: 'number', kind: 'number', sql: 'DOUBLE PRECISION' },
];
const LIB_KINDS = ['retry', 'window-stats', 'env-config', 'format', 'lru', 'token-bucket', 'ids', 'money', 'dates', 'validation', 'paging', 'backoff-schedule'];

// ---------------------------------------------------------------- shared files

function sharedFiles() {
  return {
    'src/shared/guards.ts': `/** Narrowing helpers for values decoded from the wire. */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isOneOf<T extends string>(value: unknown, options: readonly T[]): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value);
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
`,
    'src/shared/config.ts': `/** Process-wide settings read once from the environment. */
export interface SharedConfig {
  brokers: string[];
  databaseUrl: string;
  port: number;
  exportDir: string;
}

function required(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(\`missing environment variable \${name}\`);
  return value;
}

export function brokersFromEnv(): string[] {
  return required('KAFKA_BROKERS', 'localhost:9092')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

export function loadSharedConfig(): SharedConfig {
  return {
    brokers: brokersFromEnv(),
    databaseUrl: required('DATABASE_URL', 'postgres://localhost/analytics'),
    port: Number(required('PORT', '8080')),
    exportDir: required('EXPORT_DIR', '/tmp/exports'),
  };
}
`,
    'src/shared/cache.ts': `/** A small read-through cache for dashboard reads: one query per key per TTL, not per viewer. */
interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

const entries = new Map<string, Entry<unknown>>();
const MAX_ENTRIES = 5_000;

export function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && hit.expiresAt > now) return hit.value;
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next();
    if (!oldest.done) entries.delete(oldest.value);
  }
  const value = load();
  entries.set(key, { value, expiresAt: now + ttlMs });
  value.catch(() => entries.delete(key));
  return value;
}

export function invalidate(prefix: string): void {
  for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
}
`,
    'src/shared/http-metrics.ts': `import type { NextFunction, Request, Response } from 'express';
import { Histogram, register } from 'prom-client';

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route template and status class',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

/** Times every request by its route template, never the raw URL (bounded label values). */
export function timeRequests(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer({ method: req.method ?? 'GET' });
  res.on('finish', () => {
    end({ route: req.route?.path ?? 'unmatched', status: \`\${Math.floor(res.statusCode / 100)}xx\` });
  });
  next();
}

export async function metricsHandler(_req: Request, res: Response): Promise<void> {
  res.set('Content-Type', register.contentType);
  res.send(await register.metrics());
}
`,
    'src/shared/db.ts': `import { Pool } from 'pg';
import { loadSharedConfig } from './config.js';

export const pool = new Pool({
  connectionString: loadSharedConfig().databaseUrl,
  max: 20,
  idleTimeoutMillis: 30_000,
  statement_timeout: 10_000,
});

export async function withTransaction<T>(work: (query: (text: string, values?: unknown[]) => Promise<unknown[]>) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(async (text, values) => (await client.query(text, values)).rows);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
`,
    'src/shared/logger.ts': `type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = ORDER[(process.env.LOG_LEVEL as Level | undefined) ?? 'info'] ?? 20;

function emit(level: Level, message: string, fields: Record<string, unknown>): void {
  if (ORDER[level] < threshold) return;
  console.log(JSON.stringify({ level, message, time: new Date().toISOString(), ...fields }));
}

export const log = {
  debug: (message: string, fields: Record<string, unknown> = {}) => emit('debug', message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => emit('info', message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => emit('warn', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => emit('error', message, fields),
};
`,
  };
}

// ---------------------------------------------------------------- per-service templates

function eventFile(ctx, entity) {
  const { r } = ctx;
  const E = pascal(entity.name);
  const useInterface = r.chance(0.6);
  const fieldLines = entity.fields.map((f) => `  ${r.chance(0.2) ? 'readonly ' : ''}${f.name}: ${f.ts};`).join('\n');
  const enums = entity.fields.filter((f) => f.kind === 'enum');
  const enumConsts = enums
    .map((f) => `export const ${snake(f.name).toUpperCase()}_VALUES = [${f.values.map((v) => `'${v}'`).join(', ')}] as const;`)
    .join('\n');
  const checks = entity.fields
    .map((f) => {
      const v = `value['${f.name}']`;
      const local = `${f.name}Value`;
      switch (f.kind) {
        case 'string':
          return `  const ${local} = ${v};\n  if (typeof ${local} !== 'string' || ${local}.length === 0) return undefined;`;
        case 'number':
          return `  const ${local} = ${v};\n  if (typeof ${local} !== 'number' || !Number.isFinite(${local})) return undefined;`;
        case 'enum':
          return `  const ${local} = ${v};\n  if (!isOneOf(${local}, ${snake(f.name).toUpperCase()}_VALUES)) return undefined;`;
        case 'strings':
          return `  const ${local} = ${v} ?? [];\n  if (!isStringArray(${local})) return undefined;`;
        case 'nullable':
          return `  const ${local} = ${v} ?? null;\n  if (${local} !== null && typeof ${local} !== 'string') return undefined;`;
        default:
          throw new Error(f.kind);
      }
    })
    .join('\n');
  const build = entity.fields.map((f) => `${f.name}: ${f.name}Value`).join(', ');
  const keyField = entity.fields.find((f) => f.kind === 'string');
  const extra = r.pick([
    `\n/** Events older than this are replays; they are stored but not broadcast. */
export const LIVE_WINDOW_MS = ${r.pick([30, 60, 120, 300])}_000;

export function isLive(event: ${E}Event, now = Date.now()): boolean {
  return now - Date.parse(event.occurredAt) < LIVE_WINDOW_MS;
}
`,
    `\nexport function ${camel(entity.name)}Key(event: ${E}Event): string {
  return ${keyField ? `event.${keyField.name}` : 'event.id'};
}
`,
    `\nexport function compare${E}(a: ${E}Event, b: ${E}Event): number {
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id.localeCompare(b.id);
}
`,
    '',
  ]);
  return `import { isOneOf, isRecord, isStringArray, parseJson } from '../../../shared/guards.js';

/** The value of each message on \`${entity.topic}\` (JSON, UTF-8). */
${useInterface ? `export interface ${E}Event {` : `export type ${E}Event = {`}
  id: string;
  occurredAt: string;
${fieldLines}
}${useInterface ? '' : ';'}
${enumConsts ? `\n${enumConsts}\n` : ''}
export function decode${E}Event(raw: string): ${E}Event | undefined {
  const value = parseJson(raw);
  if (!isRecord(value)) return undefined;
  const id = value['id'];
  const occurredAt = value['occurredAt'];
  if (typeof id !== 'string' || typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt))) return undefined;
${checks}
  return { id, occurredAt, ${build} };
}
${extra}`;
}

function metricsFile(ctx) {
  const { r, svc, defect } = ctx;
  const s = snake(svc);
  const msBuckets = defect === 'metric-buckets';
  const buckets = msBuckets ? '[5, 10, 25, 50, 100, 250, 500, 1000]' : r.pick(['[0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]', 'exponentialBuckets(0.001, 2, 12)', '[0.01, 0.05, 0.1, 0.5, 1, 5]']);
  const registry = r.chance(0.3);
  const reg = registry ? `, registers: [registry]` : '';
  return `import { Counter, Gauge, Histogram${registry ? ', Registry' : ''}${buckets.startsWith('exp') ? ', exponentialBuckets' : ''} } from 'prom-client';
${registry ? `\nexport const registry = new Registry();\n` : ''}
export const handlerDuration = new Histogram({
  name: '${s}_handler_duration_seconds',
  help: 'Time to process one ${svc} message',
  labelNames: ['topic'] as const,
  buckets: ${buckets}${reg},
});

export const messagesProcessed = new Counter({
  name: '${s}_messages_total',
  help: '${pascal(svc)} messages by outcome',
  labelNames: ['topic', 'outcome'] as const${reg},
});

export const stageRecords = new Counter({
  name: '${s}_stage_records_total',
  help: 'Records through each ${svc} stream stage',
  labelNames: ['stage'] as const${reg},
});

export const consumerLag = new Gauge({
  name: '${s}_consumer_lag_messages',
  help: 'Offset lag of the ${svc} consumer group per partition',
  labelNames: ['topic', 'partition'] as const${reg},
});

export const eventAge = new Gauge({
  name: '${s}_event_age_seconds',
  help: 'Age of the newest ${svc} event processed',${reg ? `\n  registers: [registry],` : ''}
});

export const activeViewers = new Gauge({
  name: '${s}_dashboard_viewers',
  help: 'Open ${svc} dashboard sockets',${reg ? `\n  registers: [registry],` : ''}
});
`;
}

function storeFile(ctx, entity) {
  const { r } = ctx;
  const E = pascal(entity.name);
  const table = snake(entity.name) + 's';
  const cols = ['id', 'occurred_at', ...entity.fields.map((f) => snake(f.name).replace(/([A-Z])/g, '_$1').toLowerCase())];
  const values = ['event.id', 'event.occurredAt', ...entity.fields.map((f) => `event.${f.name}`)];
  const placeholders = cols.map((_, i) => `$${i + 1}`).join(', ');
  const numeric = entity.fields.find((f) => f.kind === 'number');
  const groupCol = entity.fields.find((f) => f.kind === 'enum' || f.kind === 'string');
  const group = groupCol ? snake(groupCol.name).replace(/([A-Z])/g, '_$1').toLowerCase() : 'id';
  const agg = numeric ? `sum(${snake(numeric.name).replace(/([A-Z])/g, '_$1').toLowerCase()})` : 'count(*)';
  const upsert = r.chance(0.5);
  return `import { pool } from '../../../shared/db.js';
import type { ${E}Event } from '../events/${entity.name}.js';

const INSERT_SQL = \`
  INSERT INTO ${table} (${cols.join(', ')})
  VALUES (${placeholders})
  ${upsert ? `ON CONFLICT (id) DO UPDATE SET occurred_at = EXCLUDED.occurred_at` : 'ON CONFLICT (id) DO NOTHING'}
\`;

export async function save${E}(event: ${E}Event): Promise<void> {
  await pool.query(INSERT_SQL, [${values.join(', ')}]);
}

export async function save${E}Batch(events: readonly ${E}Event[]): Promise<number> {
  let stored = 0;
  for (const event of events) {
    const result = await pool.query(INSERT_SQL, [${values.join(', ')}]);
    stored += result.rowCount ?? 0;
  }
  return stored;
}

export interface ${E}Bucket {
  bucket: string;
  ${group}: string;
  total: number;
}

export async function ${camel(entity.name)}PerMinute(minutes: number): Promise<${E}Bucket[]> {
  const result = await pool.query<${E}Bucket>(
    \`SELECT date_trunc('minute', occurred_at) AS bucket, ${group}, ${agg} AS total
       FROM ${table}
      WHERE occurred_at > now() - make_interval(mins => $1)
      GROUP BY 1, 2
      ORDER BY 1\`,
    [minutes],
  );
  return result.rows;
}

export async function top${E}By${pascal(group)}(limit = ${r.pick([10, 20, 50])}): Promise<{ ${group}: string; total: number }[]> {
  const result = await pool.query<{ ${group}: string; total: number }>(
    'SELECT ${group}, ${agg} AS total FROM ${table} WHERE occurred_at > now() - interval \\'1 day\\' GROUP BY ${group} ORDER BY total DESC LIMIT $1',
    [limit],
  );
  return result.rows;
}

export async function recent${E}(${entity.key}: string): Promise<${E}Event[]> {
  const result = await pool.query<${E}Event>('SELECT * FROM ${table} WHERE ${snake(entity.key).replace(/([A-Z])/g, '_$1').toLowerCase()} = $1 ORDER BY occurred_at DESC LIMIT 100', [${entity.key}]);
  return result.rows;
}
`;
}

function consumerFile(ctx, entity) {
  const { r, svc, defect } = ctx;
  const E = pascal(entity.name);
  const group = `${svc}-${entity.name}-${r.pick(['ingest', 'writer', 'projector', 'sink'])}`;
  const clientId = `${svc}-${r.pick(['service', 'worker', 'ingest'])}`;
  const header = (extraImports = []) =>
    [
      `import { Kafka, logLevel${extraImports.includes('EachBatchPayload') ? ', type EachBatchPayload' : ''}${extraImports.includes('EachMessagePayload') ? ', type EachMessagePayload' : ''}${extraImports.includes('Consumer') ? ', type Consumer' : ''} } from 'kafkajs';`,
      ...extraImports.filter((i) => i.startsWith('import ')),
      `import { brokersFromEnv } from '../../../shared/config.js';`,
      `import { log } from '../../../shared/logger.js';`,
      `import { decode${E}Event${extraImports.includes('type') ? `, type ${E}Event` : ''} } from '../events/${entity.name}.js';`,
      `import { save${E}${extraImports.includes('batch') ? `, save${E}Batch` : ''} } from '../db/${entity.name}-store.js';`,
      defect === 'consumer-no-metric'
        ? `import { consumerLag } from '../metrics.js';`
        : `import { consumerLag, eventAge, handlerDuration, messagesProcessed } from '../metrics.js';`,
    ].join('\n');
  const kafkaSetup = `
const kafka = new Kafka({ clientId: '${clientId}', brokers: brokersFromEnv(), logLevel: logLevel.${r.pick(['WARN', 'ERROR', 'INFO'])} });
const consumer = kafka.consumer({ groupId: '${group}', sessionTimeout: ${r.pick([30, 45, 60])}_000${r.chance(0.3) ? `, maxBytesPerPartition: ${r.pick([1, 2, 4])} * 1024 * 1024` : ''} });
`;
  const lag = `
  // kafkajs reports lag as a decimal string; the gauge needs a number.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    consumerLag.set({ topic: payload.topic, partition: String(payload.partition) }, Number(payload.offsetLag));
  });
`;
  const connect = `  await consumer.connect();
  await consumer.subscribe({ topics: ['${entity.topic}'], fromBeginning: ${r.chance(0.2)} });
${lag}`;

  if (defect === 'consumer-unbounded-buffer') {
    return `${header(['type'])}
${kafkaSetup}
// Events are written to Postgres in bulk every few seconds.
const pending: ${E}Event[] = [];

setInterval(() => {
  const batch = pending.splice(0, pending.length);
  if (batch.length === 0) return;
  Promise.all(batch.map((event) => save${E}(event))).catch((error: unknown) => log.error('flush failed', { error: String(error) }));
}, ${r.pick([2, 5, 10])}_000);

export async function start${E}Consumer(): Promise<void> {
${connect}
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const end = handlerDuration.startTimer({ topic });
      const event = decode${E}Event(message.value?.toString() ?? '');
      if (event) pending.push(event);
      messagesProcessed.inc({ topic, outcome: event ? 'queued' : 'invalid' });
      end();
    },
  });
}
`;
  }
  if (defect === 'consumer-ignored-write') {
    return `import { createWriteStream } from 'node:fs';
${header()}
${kafkaSetup}
// Raw copy of every message, kept for replays after a decoder bug.
const auditLog = createWriteStream(process.env.AUDIT_LOG ?? '/var/log/${svc}-${entity.name}.ndjson', { flags: 'a' });

export async function start${E}Consumer(): Promise<void> {
${connect}
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const end = handlerDuration.startTimer({ topic });
      const raw = message.value?.toString('utf8') ?? '';
      auditLog.write(raw + '\\n');
      try {
        const event = decode${E}Event(raw);
        if (!event) {
          messagesProcessed.inc({ topic, outcome: 'invalid' });
          return;
        }
        await save${E}(event);
        messagesProcessed.inc({ topic, outcome: 'stored' });
      } finally {
        end();
      }
    },
  });
}
`;
  }
  if (defect === 'consumer-unawaited') {
    return `${header()}
${kafkaSetup}
export async function start${E}Consumer(): Promise<void> {
${connect}
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const end = handlerDuration.startTimer({ topic });
      const event = decode${E}Event(message.value?.toString() ?? '');
      if (!event) {
        messagesProcessed.inc({ topic, outcome: 'invalid' });
        end();
        return;
      }
      // Stored in the background so the consumer keeps up with the topic.
      save${E}(event).catch((error: unknown) => log.warn('store failed', { id: event.id, error: String(error) }));
      messagesProcessed.inc({ topic, outcome: 'dispatched' });
      end();
    },
  });
}
`;
  }
  if (defect === 'consumer-no-metric') {
    return `${header()}
${kafkaSetup}
export async function start${E}Consumer(): Promise<void> {
${connect}
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = decode${E}Event(message.value?.toString() ?? '');
      if (!event) {
        log.warn('undecodable ${entity.name} message', { offset: message.offset });
        return;
      }
      await save${E}(event);
    },
  });
}
`;
  }

  const shape = r.pick(['each-message', 'each-batch', 'class', 'each-message-fn']);
  if (shape === 'each-batch') {
    return `${header(['EachBatchPayload', 'type', 'batch'])}
${kafkaSetup}
const MAX_BATCH = ${r.pick([100, 250, 500])};

async function handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
  const end = handlerDuration.startTimer({ topic: batch.topic });
  let chunk: ${E}Event[] = [];
  let lastOffset: string | undefined;
  for (const message of batch.messages) {
    if (!isRunning() || isStale()) break;
    const event = decode${E}Event(message.value?.toString('utf8') ?? '');
    if (event) chunk.push(event);
    else messagesProcessed.inc({ topic: batch.topic, outcome: 'invalid' });
    lastOffset = message.offset;
    if (chunk.length >= MAX_BATCH) {
      const stored = await save${E}Batch(chunk);
      messagesProcessed.inc({ topic: batch.topic, outcome: 'stored' }, stored);
      chunk = [];
      resolveOffset(message.offset);
      await heartbeat();
    }
  }
  if (chunk.length > 0) {
    const stored = await save${E}Batch(chunk);
    messagesProcessed.inc({ topic: batch.topic, outcome: 'stored' }, stored);
  }
  if (lastOffset !== undefined) resolveOffset(lastOffset);
  end();
}

export async function start${E}Consumer(): Promise<void> {
${connect}
  await consumer.run({ eachBatchAutoResolve: false, eachBatch: handleBatch });
  log.info('${entity.name} consumer running', { group: '${group}' });
}
`;
  }
  if (shape === 'class') {
    return `${header(['EachMessagePayload', 'Consumer'])}
${kafkaSetup}
export class ${E}Projector {
  #processed = 0;

  constructor(private readonly source: Consumer, private readonly topic: string) {}

  get processed(): number {
    return this.#processed;
  }

  async start(): Promise<void> {
    await this.source.connect();
    await this.source.subscribe({ topics: [this.topic] });
    this.source.on(this.source.events.END_BATCH_PROCESS, ({ payload }) => {
      consumerLag.set({ topic: payload.topic, partition: String(payload.partition) }, Number(payload.offsetLag));
    });
    await this.source.run({ eachMessage: (payload) => this.handle(payload) });
  }

  private async handle({ topic, message }: EachMessagePayload): Promise<void> {
    const end = handlerDuration.startTimer({ topic });
    try {
      const event = decode${E}Event(message.value?.toString() ?? '');
      if (!event) {
        messagesProcessed.inc({ topic, outcome: 'invalid' });
        return;
      }
      await save${E}(event);
      this.#processed += 1;
      eventAge.set((Date.now() - Date.parse(event.occurredAt)) / 1000);
      messagesProcessed.inc({ topic, outcome: 'stored' });
    } catch (error) {
      messagesProcessed.inc({ topic, outcome: 'failed' });
      log.error('${entity.name} projection failed', { offset: message.offset, error: String(error) });
      throw error;
    } finally {
      end();
    }
  }
}

export function start${E}Consumer(): Promise<void> {
  return new ${E}Projector(consumer, '${entity.topic}').start();
}
`;
  }
  const handlerBody = `    const end = handlerDuration.startTimer({ topic });
    const raw = message.value?.toString('utf8');
    if (raw === undefined) {
      messagesProcessed.inc({ topic, outcome: 'tombstone' });
      end();
      return;
    }
    try {
      const event = decode${E}Event(raw);
      if (!event) {
        messagesProcessed.inc({ topic, outcome: 'invalid' });
        return;
      }
      await save${E}(event);
      eventAge.set((Date.now() - Number(message.timestamp)) / 1000);
      messagesProcessed.inc({ topic, outcome: 'stored' });
    } finally {
      end();
    }`;
  if (shape === 'each-message-fn') {
    return `${header(['EachMessagePayload'])}
${kafkaSetup}
async function on${E}Message({ topic, partition, message }: EachMessagePayload): Promise<void> {
  log.debug('${entity.name} message', { topic, partition, offset: message.offset });
${handlerBody.replace(/^ {4}/gm, '  ')}
}

export async function start${E}Consumer(): Promise<void> {
${connect}
  await consumer.run({ partitionsConsumedConcurrently: ${r.pick([1, 2, 3])}, eachMessage: on${E}Message });
}

export async function stop${E}Consumer(): Promise<void> {
  await consumer.disconnect();
}
`;
  }
  return `${header()}
${kafkaSetup}
export async function start${E}Consumer(): Promise<void> {
${connect}
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
${handlerBody.replace(/^ {4}/gm, '      ')}
    },
  });
}
`;
}

function stageFile(ctx, entity, variant) {
  const { r, defect } = ctx;
  const E = pascal(entity.name);
  if (defect === 'stage-pipe-chain') {
    return `import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Transform, type TransformCallback } from 'node:stream';
import { decode${E}Event, type ${E}Event } from '../events/${entity.name}.js';
import { save${E} } from '../db/${entity.name}-store.js';
import { handlerDuration } from '../metrics.js';

class LineSplitter extends Transform {
  #rest = '';
  constructor() {
    super({ readableObjectMode: true });
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines = (this.#rest + chunk.toString('utf8')).split('\\n');
    this.#rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') this.push(line);
    done();
  }
  override _flush(done: TransformCallback): void {
    if (this.#rest.trim() !== '') this.push(this.#rest);
    done();
  }
}

/** Replays an archived segment into the store. */
export async function replay${E}Segment(file: string): Promise<number> {
  const end = handlerDuration.startTimer({ topic: 'replay' });
  const lines = createReadStream(file).pipe(createGunzip()).pipe(new LineSplitter());
  let count = 0;
  for await (const line of lines) {
    const event: ${E}Event | undefined = decode${E}Event(String(line));
    if (event) {
      await save${E}(event);
      count++;
    }
  }
  end();
  return count;
}
`;
  }
  if (defect === 'stage-async-data') {
    return `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { decode${E}Event } from '../events/${entity.name}.js';
import { save${E} } from '../db/${entity.name}-store.js';
import { messagesProcessed } from '../metrics.js';

/** Loads a day of exported ${entity.name} events from an NDJSON file. */
export function import${E}File(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    lines.on('line', async (line) => {
      const event = decode${E}Event(line);
      if (!event) return;
      await save${E}(event);
      messagesProcessed.inc({ topic: 'import', outcome: 'stored' });
    });
    lines.on('close', resolve);
    lines.on('error', reject);
  });
}
`;
  }
  if (defect === 'stage-write-loop') {
    return `import { createWriteStream } from 'node:fs';
import { ${camel(entity.name)}PerMinute } from '../db/${entity.name}-store.js';

/** Writes the last ${r.pick([6, 12, 24])} hours of per-minute buckets as CSV. */
export async function export${E}Csv(file: string): Promise<void> {
  const rows = await ${camel(entity.name)}PerMinute(${r.pick([360, 720, 1440])});
  const out = createWriteStream(file);
  out.write('bucket,key,total\\n');
  for (const row of rows) {
    out.write(\`\${row.bucket},\${Object.values(row)[1]},\${row.total}\\n\`);
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(resolve);
  });
}
`;
  }
  switch (variant) {
    case 0:
      return `import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { decode${E}Event, type ${E}Event } from '../events/${entity.name}.js';
import { stageRecords } from '../metrics.js';

/** Splits NDJSON into decoded events; undecodable lines are counted, not fatal. */
export class ${E}Decoder extends Transform {
  #rest = '';
  rejected = 0;

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines = (this.#rest + chunk.toString('utf8')).split('\\n');
    this.#rest = lines.pop() ?? '';
    for (const line of lines) this.#emit(line);
    stageRecords.inc({ stage: '${entity.name}-decoder' }, lines.length);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.#emit(this.#rest);
    done();
  }

  #emit(line: string): void {
    if (line.trim() === '') return;
    const event = decode${E}Event(line);
    if (event) this.push(event);
    else this.rejected++;
  }
}

/** Keeps events matching \`keep\` and writes them back as gzip NDJSON. */
export async function filter${E}Segment(input: string, output: string, keep: (event: ${E}Event) => boolean): Promise<void> {
  const decoder = new ${E}Decoder();
  await pipeline(
    createReadStream(input),
    createGunzip(),
    decoder,
    async function* (events: AsyncIterable<${E}Event>) {
      for await (const event of events) if (keep(event)) yield JSON.stringify(event) + '\\n';
    },
    createGzip(),
    createWriteStream(output),
  );
}
`;
    case 1:
      return `import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ${E}Event } from '../events/${entity.name}.js';

/** Appends events to a writable, waiting for 'drain' whenever its buffer is full. */
export async function write${E}Events(out: Writable, events: AsyncIterable<${E}Event> | Iterable<${E}Event>): Promise<number> {
  let written = 0;
  for await (const event of events) {
    if (!out.write(JSON.stringify(event) + '\\n')) await once(out, 'drain');
    written++;
  }
  return written;
}

export async function dump${E}Events(file: string, events: Iterable<${E}Event>): Promise<number> {
  const out = createWriteStream(file, { flags: '${r.pick(['w', 'a'])}' });
  try {
    return await write${E}Events(out, events);
  } finally {
    out.end();
  }
}
`;
    case 2:
      return `import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ${E}Event } from '../events/${entity.name}.js';
import { save${E}Batch } from '../db/${entity.name}-store.js';
import { stageRecords } from '../metrics.js';

const BATCH = ${r.pick([50, 100, 200])};

/** Groups events into arrays of up to BATCH for bulk inserts. */
export function batch${E}s(size = BATCH): Transform {
  let buffer: ${E}Event[] = [];
  return new Transform({
    objectMode: true,
    transform(event: ${E}Event, _encoding, callback) {
      stageRecords.inc({ stage: '${entity.name}-batcher' });
      buffer.push(event);
      if (buffer.length >= size) {
        const full = buffer;
        buffer = [];
        callback(null, full);
      } else {
        callback();
      }
    },
    flush(callback) {
      callback(null, buffer.length > 0 ? buffer : undefined);
    },
  });
}

export async function load${E}s(events: Iterable<${E}Event>): Promise<number> {
  let stored = 0;
  await pipeline(Readable.from(events), batch${E}s(), async (batches: AsyncIterable<${E}Event[]>) => {
    for await (const batch of batches) stored += await save${E}Batch(batch);
  });
  return stored;
}
`;
    default:
      return `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { decode${E}Event, type ${E}Event } from '../events/${entity.name}.js';

export interface ${E}FileSummary {
  lines: number;
  decoded: number;
  first?: string;
  last?: string;
}

/** Reads an NDJSON file line by line; the for-await loop paces the file reader. */
export async function summarize${E}File(file: string, onEvent?: (event: ${E}Event) => Promise<void>): Promise<${E}FileSummary> {
  const summary: ${E}FileSummary = { lines: 0, decoded: 0 };
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    summary.lines++;
    const event = decode${E}Event(line);
    if (!event) continue;
    summary.decoded++;
    summary.first ??= event.occurredAt;
    summary.last = event.occurredAt;
    if (onEvent) await onEvent(event);
  }
  return summary;
}
`;
  }
}

function routesFile(ctx, entities) {
  const { r, svc, defect } = ctx;
  const useRouterImport = r.chance(0.5);
  const imports = entities
    .map((en) => `import { ${camel(en.name)}PerMinute, recent${pascal(en.name)}, top${pascal(en.name)}By${pascal(en.group)} } from '../db/${en.name}-store.js';`)
    .join('\n');
  const routes = entities
    .map((en) => {
      const E = pascal(en.name);
      const base = `/${svc}/${en.name}s`;
      const cachedTop = defect === 'route-uncached' && en === entities[0]
        ? `  // Top list for the dashboard tiles.
  router.get('${base}/top', async (_req: Request, res: Response) => {
    res.json(await top${E}By${pascal(en.group)}());
  });`
        : `  router.get('${base}/top', async (_req: Request, res: Response) => {
    res.json(await cached('${svc}:${en.name}:top', ${r.pick([5, 10, 30])}_000, () => top${E}By${pascal(en.group)}()));
  });`;
      const labelled = defect === 'route-unbounded-label' && en === entities[0]
        ? `\n    lookups.inc({ key: req.params.${en.key} ?? 'none' });`
        : '';
      return `${cachedTop}

  router.get('${base}/per-minute', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const minutes = Math.min(Number(req.query.minutes ?? ${r.pick([15, 30, 60])}), 1440);
      res.json(await cached(\`${svc}:${en.name}:pm:\${minutes}\`, ${r.pick([2, 5])}_000, () => ${camel(en.name)}PerMinute(minutes)));
    } catch (error) {
      next(error);
    }
  });

  router.get('${base}/by/:${en.key}', async (req: Request, res: Response) => {
    const ${en.key} = req.params.${en.key};${labelled}
    if (!${en.key}) {
      res.status(400).json({ error: '${en.key} required' });
      return;
    }
    res.json(await recent${E}(${en.key}));
  });`;
    })
    .join('\n\n');
  const needsCounter = defect === 'route-unbounded-label';
  return `import ${useRouterImport ? '{ Router, type NextFunction, type Request, type Response }' : 'express, { type NextFunction, type Request, type Response }'} from 'express';
${needsCounter ? `import { Counter } from 'prom-client';\n` : ''}import { cached } from '../../../shared/cache.js';
import { timeRequests } from '../../../shared/http-metrics.js';
${imports}
${needsCounter ? `\nconst lookups = new Counter({ name: '${snake(svc)}_lookups_total', help: 'Lookups by key', labelNames: ['key'] as const });\n` : ''}
export function ${camel(svc)}Routes() {
  const router = ${useRouterImport ? 'Router()' : 'express.Router()'};
  router.use(timeRequests);

${routes}

  return router;
}
`;
}

function socketFile(ctx, entity) {
  const { r, svc, defect } = ctx;
  const E = pascal(entity.name);
  const guard = defect !== 'socket-unchecked-broadcast';
  const poll = defect === 'socket-per-client-poll';
  return `import type { Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { cached } from '../../../shared/cache.js';
import { ${camel(entity.name)}PerMinute${poll ? `, recent${E}` : ''} } from '../db/${entity.name}-store.js';
import { activeViewers } from '../metrics.js';

const TICK_MS = ${r.pick([1, 2, 5])}_000;${guard ? `\n// A client further behind than this many bytes is not reading; it skips frames until it catches up.\nconst MAX_BUFFERED = ${r.pick([64, 256, 512])} * 1024;` : ''}

export function attach${pascal(svc)}Socket(server: Server): WebSocketServer {
  const wss = new WebSocketServer({ server, path: '/ws/${svc}' });

  const timer = setInterval(async () => {
    if (wss.clients.size === 0) return;
    const frame = JSON.stringify({ type: '${entity.name}-minutes', data: await cached('${svc}:ws', TICK_MS, () => ${camel(entity.name)}PerMinute(${r.pick([5, 15, 60])})) });
    for (const client of wss.clients) {
      if (client.readyState !== WebSocket.OPEN) continue;${guard ? '\n      if (client.bufferedAmount > MAX_BUFFERED) continue;' : ''}
      client.send(frame);
    }
  }, TICK_MS);

  wss.on('connection', (socket, request) => {
    activeViewers.set(wss.clients.size);
    socket.on('close', () => activeViewers.set(wss.clients.size));
    socket.on('message', (data) => {
      const text = data.toString();
      if (text === 'ping') socket.send('pong');
    });${poll ? `
    const key = new URL(request.url ?? '/', 'http://localhost').searchParams.get('${entity.key}');
    if (key === null) return;
    const refresh = setInterval(async () => {
      const rows = await recent${E}(key);
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'recent', rows }));
    }, TICK_MS);
    socket.on('close', () => clearInterval(refresh));` : `
    socket.send(JSON.stringify({ type: 'hello', path: request.url ?? '/' }));`}
  });

  wss.on('close', () => clearInterval(timer));
  return wss;
}
`;
}

function producerFile(ctx, entity) {
  const { r, svc } = ctx;
  const E = pascal(entity.name);
  return `import { CompressionTypes, Kafka } from 'kafkajs';
import { brokersFromEnv } from '../../../shared/config.js';
import type { ${E}Event } from '../events/${entity.name}.js';

const producer = new Kafka({ clientId: '${svc}-publisher', brokers: brokersFromEnv() }).producer({ idempotent: ${r.chance(0.7)} });
let connected: Promise<void> | undefined;

/** Publishes in order, keyed by ${entity.key} so one key stays on one partition. */
export async function publish${E}s(events: readonly ${E}Event[]): Promise<void> {
  connected ??= producer.connect();
  await connected;
  for (let i = 0; i < events.length; i += ${r.pick([100, 500])}) {
    const slice = events.slice(i, i + ${r.pick([100, 500])});
    await producer.send({
      topic: '${entity.topic}',
      compression: CompressionTypes.${r.pick(['GZIP', 'None'])},
      messages: slice.map((event) => ({ key: String(event.${entity.key}), value: JSON.stringify(event) })),
    });
  }
}

export async function closePublisher(): Promise<void> {
  if (connected) await producer.disconnect();
}
`;
}

function libFile(ctx, kind, n) {
  const { r } = ctx;
  const suffix = n > 0 ? String(n) : '';
  switch (kind) {
    case 'retry':
      return `export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryable?: (error: unknown) => boolean;
}

const DEFAULTS: RetryOptions = { attempts: ${r.int(3, 8)}, baseDelayMs: ${r.pick([50, 100, 200])}, maxDelayMs: ${r.pick([2000, 5000, 10000])} };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries with full-jitter exponential backoff. */
export async function retry${suffix}<T>(work: (attempt: number) => Promise<T>, options: Partial<RetryOptions> = {}): Promise<T> {
  const settings = { ...DEFAULTS, ...options };
  let lastError: unknown;
  for (let attempt = 1; attempt <= settings.attempts; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      lastError = error;
      if (settings.retryable && !settings.retryable(error)) break;
      const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
      await sleep(Math.random() * cap);
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
`;
    case 'window-stats':
      return `/** Fixed-size sliding sample for percentiles over the last N observations. */
export class SlidingSample${suffix} {
  readonly #values: Float64Array;
  #next = 0;
  #count = 0;

  constructor(readonly capacity = ${r.pick([256, 512, 1024, 2048])}) {
    this.#values = new Float64Array(capacity);
  }

  add(value: number): void {
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.capacity;
    this.#count = Math.min(this.#count + 1, this.capacity);
  }

  get size(): number {
    return this.#count;
  }

  percentile(p: number): number | undefined {
    if (this.#count === 0) return undefined;
    const sorted = Array.from(this.#values.subarray(0, this.#count)).sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }

  mean(): number | undefined {
    if (this.#count === 0) return undefined;
    let total = 0;
    for (let i = 0; i < this.#count; i++) total += this.#values[i] ?? 0;
    return total / this.#count;
  }
}
`;
    case 'env-config':
      return `export interface Feature${suffix}Flags {
${r.sample(['backfill', 'shadowWrites', 'compactTopics', 'strictDecode', 'dualRead', 'lateEvents', 'sampling'], r.int(2, 5)).map((f) => `  ${f}: boolean;`).join('\n')}
}

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

export function readFlags${suffix}(prefix = 'FEATURE_'): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith(prefix) && value !== undefined) out[key.slice(prefix.length).toLowerCase()] = flag(key, false);
  }
  return out;
}

export function intFromEnv${suffix}(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number.parseInt(raw, 10);
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}
`;
    case 'format':
      return `const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes${suffix}(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return \`\${value.toFixed(unit === 0 ? 0 : 1)} \${UNITS[unit] ?? 'B'}\`;
}

export function formatDuration${suffix}(ms: number): string {
  if (ms < 1000) return \`\${Math.round(ms)} ms\`;
  const s = ms / 1000;
  if (s < 60) return \`\${s.toFixed(1)} s\`;
  const m = Math.floor(s / 60);
  return \`\${m} min \${Math.round(s - m * 60)} s\`;
}

export function pad${suffix}(text: string, width: number, align: 'left' | 'right' = '${r.pick(['left', 'right'])}'): string {
  if (text.length >= width) return text;
  const fill = ' '.repeat(width - text.length);
  return align === 'left' ? text + fill : fill + text;
}
`;
    case 'lru':
      return `/** Least-recently-used map with a fixed capacity. */
export class Lru${suffix}<K, V> {
  readonly #map = new Map<K, V>();

  constructor(readonly capacity: number = ${r.pick([100, 1000, 10000])}) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next();
      if (oldest.done) break;
      this.#map.delete(oldest.value);
    }
    return this;
  }

  get size(): number {
    return this.#map.size;
  }
}
`;
    case 'token-bucket':
      return `/** Token bucket: \`rate\` tokens per second, bursts up to \`burst\`. */
export class TokenBucket${suffix} {
  #tokens: number;
  #updated = Date.now();

  constructor(private readonly rate: number = ${r.pick([10, 50, 100])}, private readonly burst: number = ${r.pick([20, 100, 200])}) {
    this.#tokens = burst;
  }

  tryTake(count = 1): boolean {
    this.#refill();
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }

  waitTimeMs(count = 1): number {
    this.#refill();
    return this.#tokens >= count ? 0 : ((count - this.#tokens) / this.rate) * 1000;
  }

  #refill(): void {
    const now = Date.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updated) / 1000) * this.rate);
    this.#updated = now;
  }
}
`;
    case 'ids':
      return `const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Sortable id: milliseconds then randomness, base32. */
export function sortableId${suffix}(now = Date.now(), random: () => number = Math.random): string {
  let time = now;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET.charAt(time % 32) + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (let i = 0; i < ${r.pick([8, 12, 16])}; i++) tail += ALPHABET.charAt(Math.floor(random() * 32));
  return head + tail;
}

export function timeOfId${suffix}(id: string): number {
  let time = 0;
  for (const char of id.slice(0, 10)) time = time * 32 + ALPHABET.indexOf(char);
  return time;
}
`;
    case 'money':
      return `export type Currency${suffix} = 'EUR' | 'USD' | 'GBP' | 'JPY';
const MINOR_UNITS: Record<Currency${suffix}, number> = { EUR: 2, USD: 2, GBP: 2, JPY: 0 };

export function toMinor${suffix}(amount: number, currency: Currency${suffix}): number {
  return Math.round(amount * 10 ** MINOR_UNITS[currency]);
}

export function fromMinor${suffix}(minor: number, currency: Currency${suffix}): number {
  return minor / 10 ** MINOR_UNITS[currency];
}

export function formatMoney${suffix}(minor: number, currency: Currency${suffix}, locale = '${r.pick(['en-GB', 'de-DE', 'en-US', 'fr-FR'])}'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(fromMinor${suffix}(minor, currency));
}

export function sumMinor${suffix}(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
`;
    case 'dates':
      return `export function startOfMinute${suffix}(date: Date): Date {
  const copy = new Date(date.getTime());
  copy.setUTCSeconds(0, 0);
  return copy;
}

export function bucketStart${suffix}(timestamp: number, widthMs = ${r.pick([60_000, 300_000, 3_600_000])}): number {
  return timestamp - (timestamp % widthMs);
}

export function* minutesBetween${suffix}(from: Date, to: Date): Generator<Date> {
  for (let t = startOfMinute${suffix}(from).getTime(); t <= to.getTime(); t += 60_000) yield new Date(t);
}

export function isoDay${suffix}(date: Date): string {
  return date.toISOString().slice(0, 10);
}
`;
    case 'validation':
      return `export interface Problem${suffix} {
  path: string;
  message: string;
}

export function requireFields${suffix}(value: Record<string, unknown>, fields: readonly string[]): Problem${suffix}[] {
  const problems: Problem${suffix}[] = [];
  for (const field of fields) {
    const v = value[field];
    if (v === undefined || v === null || v === '') problems.push({ path: field, message: 'is required' });
  }
  return problems;
}

export function inRange${suffix}(value: number, min: number, max: number, path: string): Problem${suffix}[] {
  return value < min || value > max ? [{ path, message: \`must be between \${min} and \${max}\` }] : [];
}

export function describe${suffix}(problems: readonly Problem${suffix}[]): string {
  return problems.map((p) => \`\${p.path} \${p.message}\`).join('; ');
}
`;
    case 'paging':
      return `export interface Page${suffix}<T> {
  items: T[];
  next?: string;
}

export function encodeCursor${suffix}(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor${suffix}(cursor: string | undefined): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) ? parsed.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number') : undefined;
  } catch {
    return undefined;
  }
}

export function paginate${suffix}<T>(rows: T[], limit: number, cursorOf: (row: T) => (string | number)[]): Page${suffix}<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return last === undefined ? { items } : { items, next: encodeCursor${suffix}(cursorOf(last)) };
}
`;
    default:
      return `/** Delays for a reconnect loop: doubling, capped, reset after a stable period. */
export class BackoffSchedule${suffix} {
  #attempt = 0;
  #since = 0;

  constructor(private readonly baseMs = ${r.pick([250, 500, 1000])}, private readonly capMs = ${r.pick([15_000, 30_000, 60_000])}, private readonly stableMs = 60_000) {}

  next(now = Date.now()): number {
    if (this.#since !== 0 && now - this.#since > this.stableMs) this.#attempt = 0;
    this.#since = now;
    const delay = Math.min(this.capMs, this.baseMs * 2 ** this.#attempt);
    this.#attempt++;
    return delay;
  }

  reset(): void {
    this.#attempt = 0;
    this.#since = 0;
  }
}
`;
  }
}

function indexFile(ctx, entities, parts) {
  const { svc } = ctx;
  const lines = [`import type { Server } from 'node:http';`, `import type { Application } from 'express';`];
  const starts = [];
  for (const en of entities) {
    if (parts.consumers.has(en.name)) {
      lines.push(`import { start${pascal(en.name)}Consumer } from './consumers/${en.name}-consumer.js';`);
      starts.push(`start${pascal(en.name)}Consumer()`);
    }
  }
  lines.push(`import { ${camel(svc)}Routes } from './routes/routes.js';`);
  if (parts.socket) lines.push(`import { attach${pascal(svc)}Socket } from './realtime/${parts.socket}-socket.js';`);
  return `${lines.join('\n')}

/** Starts the ${svc} service's consumers and mounts its routes${parts.socket ? ' and socket' : ''}. */
export async function start${pascal(svc)}(app: Application, ${parts.socket ? 'server' : '_server'}: Server): Promise<void> {
  app.use(${camel(svc)}Routes());${parts.socket ? `\n  attach${pascal(svc)}Socket(server);` : ''}
  await Promise.all([${starts.join(', ')}]);
}
`;
}

function sqlFiles(ctx, entities) {
  const { r, svc, defect } = ctx;
  const files = {};
  const ddl = entities
    .map((en) => {
      const cols = en.fields.map((f) => `  ${snake(f.name).replace(/([A-Z])/g, '_$1').toLowerCase()} ${f.sql}${f.kind === 'nullable' ? '' : ' NOT NULL'}`);
      return `CREATE TABLE IF NOT EXISTS ${snake(en.name)}s (
  id TEXT PRIMARY KEY,
  occurred_at TIMESTAMPTZ NOT NULL,
${cols.join(',\n')}
);

CREATE INDEX IF NOT EXISTS ${snake(en.name)}s_occurred_at_idx ON ${snake(en.name)}s (occurred_at);
`;
    })
    .join('\n');
  files[`sql/${svc}/001_tables.sql`] = `-- ${svc}: tables written by the consumers\n${ddl}`;
  const en = entities[0];
  const key = en.fields.find((f) => f.kind === 'string');
  const keyCol = key ? snake(key.name).replace(/([A-Z])/g, '_$1').toLowerCase() : 'id';
  const numeric = en.fields.find((f) => f.kind === 'number');
  const measure = numeric ? `SUM(${snake(numeric.name).replace(/([A-Z])/g, '_$1').toLowerCase()})` : 'COUNT(*)';
  const global = defect === 'sql-global-window';
  files[`sql/${svc}/${snake(en.name)}_per_minute.sql`] = `-- Flink job: per-minute ${en.name} totals${global ? '' : ` per ${keyCol}`}
INSERT INTO ${snake(en.name)}_minute
SELECT window_start, window_end,${global ? '' : ` ${keyCol},`} ${measure} AS total, COUNT(DISTINCT id) AS events
FROM TABLE(TUMBLE(TABLE ${snake(en.name)}_source, DESCRIPTOR(occurred_at), INTERVAL '${r.pick([1, 5])}' MINUTE))
GROUP BY window_start, window_end${global ? '' : `, ${keyCol}`};
`;
  return files;
}

// ---------------------------------------------------------------- project assembly

const DEFECTS = [
  ['consumer-unbounded-buffer', 3],
  ['consumer-ignored-write', 3],
  ['consumer-unawaited', 2],
  ['consumer-no-metric', 3],
  ['stage-pipe-chain', 3],
  ['stage-async-data', 2],
  ['stage-write-loop', 2],
  ['route-uncached', 3],
  ['route-unbounded-label', 2],
  ['socket-unchecked-broadcast', 2],
  ['socket-per-client-poll', 2],
  ['metric-buckets', 1],
  ['sql-global-window', 2],
];

function makeEntity(r, svc, name) {
  const fields = r.sample(FIELDS, r.int(3, 7));
  const key = fields.find((f) => f.kind === 'string')?.name ?? 'id';
  const group = fields.find((f) => f.kind === 'enum' || f.kind === 'string');
  return {
    name,
    fields,
    key,
    group: group ? snake(group.name).replace(/([A-Z])/g, '_$1').toLowerCase() : 'id',
    topic: `${svc}.${name}.v${r.int(1, 3)}`,
  };
}

/** One service: a folder of related modules. Returns { relativePath: text }. */
function service(r, svc, defectRate) {
  const files = {};
  const base = `src/services/${svc}`;
  const domain = svc.replace(/-\d+$/, '');
  const names = ENTITY_OF[domain] ?? [domain.replace(/s$/, ''), `${domain.replace(/s$/, '')}-audit`];
  const entities = names.slice(0, r.chance(0.6) ? 2 : 1).map((n) => makeEntity(r, svc, n));
  // Each defect-capable file draws once; `ctx.defect` is set only for the file that carries it.
  const draw = (prefix) => {
    if (!r.chance(defectRate)) return undefined;
    const options = DEFECTS.filter(([d]) => d.startsWith(prefix));
    return options.length === 0 ? undefined : r.weighted(options);
  };
  const ctx = (defect) => ({ r, svc, defect });

  files[`${base}/metrics.ts`] = metricsFile(ctx(draw('metric')));
  const parts = { consumers: new Set(), socket: undefined };
  for (const en of entities) {
    files[`${base}/events/${en.name}.ts`] = eventFile(ctx(undefined), en);
    files[`${base}/db/${en.name}-store.ts`] = storeFile(ctx(undefined), en);
    if (r.chance(0.85)) {
      files[`${base}/consumers/${en.name}-consumer.ts`] = consumerFile(ctx(draw('consumer')), en);
      parts.consumers.add(en.name);
    }
    const stages = r.int(1, 3);
    const variants = r.sample([0, 1, 2, 3], stages);
    for (const v of variants) {
      const suffix = ['decoder', 'writer', 'batcher', 'reader'][v];
      const defect = draw('stage');
      const name = defect ? { 'stage-pipe-chain': 'replay', 'stage-async-data': 'import', 'stage-write-loop': 'csv-export' }[defect] : suffix;
      files[`${base}/stages/${en.name}-${name}.ts`] = stageFile(ctx(defect), en, v);
    }
    if (r.chance(0.4)) files[`${base}/publish/${en.name}-publisher.ts`] = producerFile(ctx(undefined), en);
  }
  files[`${base}/routes/routes.ts`] = routesFile(ctx(draw('route')), entities);
  if (r.chance(0.55)) {
    const en = r.pick(entities);
    parts.socket = en.name;
    files[`${base}/realtime/${en.name}-socket.ts`] = socketFile(ctx(draw('socket')), en);
  }
  const libs = r.sample(LIB_KINDS, r.int(5, 10));
  for (const kind of libs) files[`${base}/lib/${kind}.ts`] = libFile(ctx(undefined), kind, 0);
  files[`${base}/index.ts`] = indexFile(ctx(undefined), entities, parts);
  Object.assign(files, sqlFiles(ctx(draw('sql')), entities));
  return files;
}

/**
 * The files of a project of about `size` files (exactly `size` source and SQL files, plus
 * tsconfig.json and package.json), as { relativePath: text }.
 */
export function generateProject(size, seed = 9) {
  const r = rng(seed * 1_000_003 + size);
  const files = {};
  for (const [name, text] of Object.entries(SHIMS)) files[`shims/${name}`] = text;
  Object.assign(files, sharedFiles());
  const defectRate = 0.14;
  let n = 0;
  const used = new Set();
  const countCode = () => Object.keys(files).length;
  // src/main.ts is added after the services.
  while (countCode() < size - 1) {
    const domain = DOMAINS[n % DOMAINS.length];
    const svc = n < DOMAINS.length ? domain : `${domain}-${Math.floor(n / DOMAINS.length) + 1}`;
    n++;
    if (used.has(svc)) continue;
    used.add(svc);
    const svcFiles = service(r, svc, defectRate);
    const keys = Object.keys(svcFiles);
    const room = size - 1 - countCode();
    if (keys.length <= room) {
      Object.assign(files, svcFiles);
    } else {
      // Fill the last few slots with utility modules so the count is exact.
      for (let i = 0; i < room; i++) {
        files[`src/services/${svc}/lib/${LIB_KINDS[i % LIB_KINDS.length]}-${i}.ts`] = libFile({ r, svc }, LIB_KINDS[i % LIB_KINDS.length], i + 1);
      }
    }
  }
  files['src/main.ts'] = `import express from 'express';
import { loadSharedConfig } from './shared/config.js';
import { metricsHandler } from './shared/http-metrics.js';
import { log } from './shared/logger.js';

const config = loadSharedConfig();
const app = express();
app.use(express.json({ limit: '1mb' }));
app.get('/metrics', metricsHandler);
const server = app.listen(config.port, () => log.info('listening', { port: config.port }));
export { app, server };
`;
  const shimPaths = Object.fromEntries(Object.keys(SHIMS).map((f) => [f.replace(/\.d\.ts$/, ''), [`./shims/${f}`]]));
  files['tsconfig.json'] = `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023'],
        types: ['node'],
        strict: true,
        noImplicitOverride: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        paths: shimPaths,
      },
      include: ['src', 'shims'],
    },
    null,
    2,
  )}\n`;
  files['rta.config.yaml'] = `# rta-lint settings for the generated corpus
cache:
  helpers: [cached]
`;
  files['package.json'] = `${JSON.stringify({ name: `rta-bench-corpus-${size}`, private: true, type: 'module', description: 'Generated by bench/corpus/generate.mjs; do not edit.' }, null, 2)}\n`;
  return files;
}

/** Writes the project for `size` under `outDir/<size>/` unless an identical one is there. */
export function writeProject(size, { seed = 9, outDir = DEFAULT_OUT } = {}) {
  const dir = path.join(outDir, String(size));
  const stamp = path.join(dir, '.generated.json');
  const marker = JSON.stringify({ generator: GENERATOR_VERSION, seed, size });
  try {
    if (fs.readFileSync(stamp, 'utf8') === marker) return dir;
  } catch {
    // not generated yet
  }
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(generateProject(size, seed))) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  fs.writeFileSync(stamp, marker);
  return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '200,1000,4000' }, seed: { type: 'string', default: '9' }, out: { type: 'string' } },
  });
  const outDir = values.out ? path.resolve(values.out) : DEFAULT_OUT;
  for (const size of values.sizes.split(',').map(Number)) {
    const dir = writeProject(size, { seed: Number(values.seed), outDir });
    console.log(`${size} files -> ${path.relative(process.cwd(), dir) || '.'}`);
  }
}
