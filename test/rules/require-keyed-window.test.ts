import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../src/rules/require-keyed-window.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';

// A consumer of orders.v1 whose window key is customer_id (configured below as the topic's key).
const KEYED_BY_CUSTOMER = `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.subscribe({ topic: 'orders.v1' });
const m = new Map<string, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(message.value!.toString());
    m.set(\`\${evt.customer_id}:\${Math.floor(evt.ts / 60_000)}\`, 1);
  },
});`;

/** Per-minute partials flushed through `upsertMinuteCounts`, which is a merging sink only when configured as one. */
const MERGED_THROUGH_UPSERT = `import { Kafka } from 'kafkajs';
import { upsertMinuteCounts } from './sinks.js';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = new Map<number, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  },
});
setInterval(() => { void upsertMinuteCounts([...perMinute.entries()]); perMinute.clear(); }, 60_000);`;

const valid: ValidTestCase<Options>[] = [
  {
    name: 'bucket key includes the message key (same key, same partition, same instance)',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'clicks-agg' });
const perKeyMinute = new Map<string, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    const k = \`\${message.key?.toString() ?? 'null'}:\${minute}\`;
    perKeyMinute.set(k, (perKeyMinute.get(k) ?? 0) + 1);
  },
});`,
  },
  {
    name: 'bucket key includes the partition',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perPartitionMinute = new Map<string, number>();
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const k = \`\${partition}:\${Math.floor(Number(message.timestamp) / 60_000)}\`;
    perPartitionMinute.set(k, (perPartitionMinute.get(k) ?? 0) + 1);
  },
});`,
  },
  {
    name: 'node-rdkafka consumer with a manual assign owns its partitions',
    code: `import Kafka from 'node-rdkafka';
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'temps', 'metadata.broker.list': 'k:9092' }, {});
const perMinute = new Map<number, number>();
consumer.on('ready', () => { consumer.assign([{ topic: 'temps', partition: 0 }]); consumer.consume(); });
consumer.on('data', (message) => {
  const minute = Math.floor(message.timestamp / 60_000);
  perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
});`,
  },
  {
    name: 'node-rdkafka consumer that never subscribes is not shown to be in a group',
    code: `import Kafka from 'node-rdkafka';
const consumer = new Kafka.KafkaConsumer({ 'metadata.broker.list': 'k:9092' }, {});
const perMinute = new Map<number, number>();
consumer.on('data', (message) => {
  const minute = Math.floor(message.timestamp / 60_000);
  perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
});`,
  },
  {
    name: 'kafkajs consumer options without a groupId',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ maxBytes: 1024 } as never);
const perMinute = new Map<number, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  },
});`,
  },
  {
    name: 'partials flushed through an additive upsert (ON CONFLICT … + EXCLUDED.n)',
    code: `import { Kafka } from 'kafkajs';
import pg from 'pg';
const pool = new pg.Pool();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = new Map<number, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  },
});
async function flushMinute(minute: number, partialCount: number) {
  await pool.query(
    \`INSERT INTO clicks_per_minute (minute, n) VALUES ($1, $2)
     ON CONFLICT (minute) DO UPDATE SET n = clicks_per_minute.n + EXCLUDED.n\`,
    [minute, partialCount],
  );
}
setInterval(() => {
  for (const [minute, n] of perMinute) void flushMinute(minute, n);
  perMinute.clear();
}, 60_000);`,
  },
  {
    name: 'partials flushed through a configured merging sink',
    code: MERGED_THROUGH_UPSERT,
    options: [{ mergingSinks: ['upsertMinuteCounts'] }],
  },
  {
    name: 'partials added up in Redis with HINCRBY',
    code: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
const redis = new Redis();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const counts: Record<string, number> = {};
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = new Date(Number(message.timestamp)).toISOString().slice(0, 16);
    counts[minute] = (counts[minute] ?? 0) + 1;
  },
});
setInterval(async () => {
  for (const [minute, n] of Object.entries(counts)) await redis.hincrby('clicks', minute, n);
}, 10_000);`,
  },
  {
    name: 'partials merged with a MongoDB $inc upsert',
    code: `import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
const col = new MongoClient('mongodb://db').db('a').collection('per_minute');
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = new Map<number, number>();
await consumer.run({ eachMessage: async ({ message }) => { const m = Math.floor(Number(message.timestamp) / 60000); perMinute.set(m, (perMinute.get(m) ?? 0) + 1); } });
setInterval(() => {
  perMinute.forEach((n, minute) => { void col.updateOne({ minute }, { $inc: { n } }, { upsert: true }); });
}, 60000);`,
  },
  {
    name: 'RxJS: groupBy the key before bufferTime (RULES W7 correct form)',
    code: `import { Kafka } from 'kafkajs';
import { Subject, bufferTime, groupBy, mergeMap, map, timer } from 'rxjs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'payments' });
const events$ = new Subject<{ key: string; amount: number }>();
await consumer.run({ eachMessage: async ({ message }) => { events$.next(JSON.parse(message.value!.toString())); } });
events$.pipe(
  groupBy((e) => e.key, { duration: () => timer(300_000) }),
  mergeMap((g) => g.pipe(bufferTime(1_000), map((b) => ({ key: g.key, total: b.reduce((s, e) => s + e.amount, 0) })))),
).subscribe(({ key, total }) => console.log(key, total));`,
  },
  {
    name: 'RxJS: bufferTime that batches inserts is not an aggregate',
    code: `import { Kafka } from 'kafkajs';
import { Subject, bufferTime, filter } from 'rxjs';
declare const db: { insertMany(rows: unknown[]): Promise<void> };
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'ingest' });
const rows$ = new Subject<unknown>();
await consumer.run({ eachMessage: async ({ message }) => { rows$.next(message.value); } });
rows$.pipe(bufferTime(500), filter((b) => b.length > 0)).subscribe((batch) => { void db.insertMany(batch); });`,
  },
  {
    name: 'RxJS: a subject no consumer feeds',
    code: `import { Subject, bufferTime, map } from 'rxjs';
const ticks$ = new Subject<number>();
ticks$.pipe(bufferTime(1_000), map((b) => b.reduce((s, n) => s + n, 0))).subscribe(console.log);`,
  },
  {
    name: 'RxJS: windows re-keyed downstream by the entity',
    code: `import { Kafka } from 'kafkajs';
import { Subject, bufferTime, map } from 'rxjs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const events$ = new Subject<{ customerId: string; amount: number }>();
await consumer.run({ eachMessage: async ({ message }) => { events$.next(JSON.parse(message.value!.toString())); } });
events$.pipe(bufferTime(1_000), map((b) => b.reduce<Record<string, number>>((acc, e) => { acc[e.customerId] = (acc[e.customerId] ?? 0) + e.amount; return acc; }, {}))).subscribe(console.log);`,
  },
  {
    name: 'accumulator keyed only by an entity (no time bucket)',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const lastSeen = new Map<string, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(message.value!.toString());
    lastSeen.set(evt.customerId, Math.floor(evt.ts / 1000));
  },
});`,
  },
  {
    name: 'minute map whose entries are maps keyed by the message key',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const byMinute = new Map<number, Map<string, number>>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    const key = message.key?.toString() ?? '';
    let inner = byMinute.get(minute);
    if (!inner) {
      inner = new Map();
      byMinute.set(minute, inner);
    }
    inner.set(key, (inner.get(key) ?? 0) + 1);
  },
});`,
  },
  {
    name: 'a map local to one batch (kafkajs batches are per partition)',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
declare function emit(m: Map<number, number>): Promise<void>;
await consumer.run({
  eachBatch: async ({ batch }) => {
    const local = new Map<number, number>();
    for (const m of batch.messages) {
      const minute = Math.floor(Number(m.timestamp) / 60_000);
      local.set(minute, (local.get(minute) ?? 0) + 1);
    }
    await emit(local);
  },
});`,
  },
  {
    name: 'a value band is not a time bucket',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const histogram = new Map<number, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(message.value!.toString());
    const band = Math.floor(evt.price / 10);
    histogram.set(band, (histogram.get(band) ?? 0) + 1);
  },
});`,
  },
  {
    name: 'a latency histogram: now minus the message time is a duration, not a point in time',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const latencyBands = new Map<number, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const band = Math.floor((Date.now() - Number(message.timestamp)) / 100);
    latencyBands.set(band, (latencyBands.get(band) ?? 0) + 1);
  },
});`,
  },
  {
    name: 'a histogram of a decoded duration field (responseTime)',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const hist: Record<number, number> = {};
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(message.value!.toString());
    const band = Math.round(evt.responseTime / 50);
    hist[band] = (hist[band] ?? 0) + 1;
  },
});`,
  },
  {
    name: 'time buckets filled by a timer, not by a consumer',
    code: `const perMinute = new Map<number, number>();
setInterval(() => {
  const minute = Math.floor(Date.now() / 60_000);
  perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
}, 1000);`,
  },
  {
    name: 'an entity id of the decoded value in the key (no partition keys configured)',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perDeviceMinute = new Map<string, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const { deviceId, ts } = JSON.parse(message.value!.toString());
    const k = \`\${deviceId}|\${Math.floor(ts / 60_000)}\`;
    perDeviceMinute.set(k, (perDeviceMinute.get(k) ?? 0) + 1);
  },
});`,
  },
  {
    name: 'the configured partition key of the subscribed topic in the key',
    code: KEYED_BY_CUSTOMER,
    options: [{ partitionKeys: { 'orders.v1': ['customerId'] } }],
  },
  {
    name: 'Redis SET with a minute key is a store write, not an in-memory window',
    code: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
const redis = new Redis();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    await redis.set(\`clicks:\${minute}\`, String(message.value));
  },
});`,
  },
  {
    name: 'class: a method computes the window start, the slot includes the destructured message key',
    code: `import { Kafka, type KafkaMessage } from 'kafkajs';
export class Processor {
  private readonly windowMs = 10_000;
  private readonly counts = new Map<string, number>();
  private readonly consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'proc' });
  async start() {
    await this.consumer.run({ eachMessage: async ({ message }) => this.onMessage(message) });
  }
  private windowStart(ts: number) {
    return Math.floor(ts / this.windowMs) * this.windowMs;
  }
  private onMessage({ key, timestamp }: KafkaMessage) {
    const id = key?.toString() ?? 'none';
    const slot = \`\${id}@\${this.windowStart(Number(timestamp))}\`;
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
  }
}`,
  },
  {
    name: 'bad input: empty handlers, spread and optional calls, computed keys',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = new Map<number, number>();
const args: [number, number] = [1, 2];
await consumer.run({
  eachMessage: async () => {},
  eachBatch: async ({ batch }) => {
    perMinute.set(...args);
    perMinute?.set(undefined as never, 1);
    perMinute[batch.topic as never];
  },
});
await consumer.run({ eachMessage: undefined as never });
await consumer.run();`,
  },
];

/** The data every message of a partial window carries for a group spelled out in the code. */
const inGroup = (name: string) => `group '${name}'`;

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    name: 'RULES W6: minute map keyed by Math.floor(message.timestamp / 60 000)',
    code: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'agg', brokers: ['k:9092'] });
const consumer = kafka.consumer({ groupId: 'clicks-agg' });
const perMinute = new Map<number, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  },
});
declare function publishTotals(m: Map<number, number>): void;
setInterval(() => publishTotals(perMinute), 60_000);`,
    errors: [{ messageId: 'partialWindow' as const, line: 8, data: { collection: 'perMinute', key: 'minute', group: inGroup('clicks-agg') } }],
  },
  {
    name: 'object keyed by a toISOString().slice(0, 16) minute of a decoded field',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'pv' });
const counts: Record<string, number> = {};
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(message.value!.toString()) as { ts: number; page: string };
    const minute = new Date(evt.ts).toISOString().slice(0, 16);
    counts[minute] = (counts[minute] ?? 0) + 1;
  },
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 8 }],
  },
  {
    name: 'eachBatch over batch.messages with now - (now % size)',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const sums = new Map<number, number>();
await consumer.run({
  eachBatch: async ({ batch }) => {
    for (const m of batch.messages) {
      const now = Date.now();
      const bucket = now - (now % 10_000);
      sums.set(bucket, (sums.get(bucket) ?? 0) + Number(m.value));
    }
  },
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 9 }],
  },
  {
    name: 'node-rdkafka subscribe + dayjs startOf(hour), list pushed per hour',
    code: `import Kafka from 'node-rdkafka';
import dayjs from 'dayjs';
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'temps', 'metadata.broker.list': 'k:9092' }, {});
const perHour = new Map<number, number[]>();
consumer.on('ready', () => { consumer.subscribe(['temps']); consumer.consume(); });
consumer.on('data', (message) => {
  const hour = dayjs(message.timestamp).startOf('hour').valueOf();
  const list = perHour.get(hour) ?? [];
  list.push(Number(message.value));
  perHour.set(hour, list);
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 9, data: { collection: 'perHour', key: 'hour', group: inGroup('temps') } }],
  },
  {
    name: 'confluent KafkaJS API, date-fns startOfHour, keyed by page (not the message key)',
    code: `import { KafkaJS } from '@confluentinc/kafka-javascript';
import { startOfHour } from 'date-fns';
const kafka = new KafkaJS.Kafka({ kafkaJS: { brokers: ['k:9092'] } });
const consumer = kafka.consumer({ kafkaJS: { groupId: 'views', fromBeginning: true } });
const views = new Map<string, number>();
await consumer.subscribe({ topic: 'page-views' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(String(message.value));
    const k = \`\${evt.page}:\${startOfHour(evt.viewedAt).getTime()}\`;
    views.set(k, (views.get(k) ?? 0) + 1);
  },
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 11, data: { collection: 'views', key: 'k', group: inGroup('views') } }],
  },
  {
    name: 'class: handler calls a method that fills this.buckets',
    code: `import { Kafka, type KafkaMessage } from 'kafkajs';
const WINDOW_MS = 60_000;
export class Aggregator {
  private readonly buckets = new Map<number, { count: number; sum: number }>();
  private readonly consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'orders-agg' });
  async start() {
    await this.consumer.subscribe({ topics: ['orders'] });
    await this.consumer.run({ eachMessage: async ({ message }) => this.record(message) });
  }
  private record(message: KafkaMessage) {
    const bucket = Math.floor(Number(message.timestamp) / WINDOW_MS);
    let agg = this.buckets.get(bucket);
    if (!agg) {
      agg = { count: 0, sum: 0 };
      this.buckets.set(bucket, agg);
    }
    agg.count++;
    agg.sum += Number(message.value);
  }
}`,
    errors: [{ messageId: 'partialWindow' as const, line: 15, data: { collection: 'this.buckets', key: 'bucket', group: inGroup('orders-agg') } }],
  },
  {
    name: 'bucket computed by a helper function of the file',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const minuteOf = (ts: number) => Math.floor(ts / 60_000);
const totals: { [minute: number]: number } = {};
await consumer.run({
  eachMessage: async ({ message }) => {
    const m = minuteOf(Number(message.timestamp));
    totals[m] = (totals[m] ?? 0) + 1;
  },
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 8 }],
  },
  {
    name: 'date rounded in place with setSeconds(0, 0)',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = new Map<number, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const d = new Date(Number(message.timestamp));
    d.setSeconds(0, 0);
    const key = d.getTime();
    perMinute.set(key, (perMinute.get(key) ?? 0) + 1);
  },
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 9 }],
  },
  {
    name: "computed member name: perMinute['set'](minute, …)",
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = new Map<number, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    perMinute['set'](minute, 1);
  },
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 7 }],
  },
  {
    name: 'eachBatch: batch.messages.forEach into a per-second histogram',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const hist: Record<number, number> = {};
await consumer.run({
  eachBatch: async ({ batch }) => {
    batch.messages.forEach((m) => {
      const sec = Math.trunc(Number(m.timestamp) / 1000);
      hist[sec] = (hist[sec] || 0) + 1;
    });
  },
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 8 }],
  },
  {
    name: 'distinct users per minute in a Set per bucket',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const usersPerMinute = new Map<number, Set<string>>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(message.value!.toString());
    const minute = Math.floor(evt.ts / 60_000);
    if (!usersPerMinute.has(minute)) usersPerMinute.set(minute, new Set());
    usersPerMinute.get(minute)!.add(evt.userId);
  },
});`,
    errors: [{ messageId: 'partialWindow' as const, line: 9 }],
  },
  {
    name: 'flushed with an upsert that overwrites (SET n = EXCLUDED.n) is still partial',
    code: `import { Kafka } from 'kafkajs';
import pg from 'pg';
const pool = new pg.Pool();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = new Map<number, number>();
await consumer.run({ eachMessage: async ({ message }) => { const m = Math.floor(Number(message.timestamp) / 60000); perMinute.set(m, (perMinute.get(m) ?? 0) + 1); } });
setInterval(async () => {
  for (const [minute, n] of perMinute) await pool.query('INSERT INTO per_minute (minute, n) VALUES ($1, $2) ON CONFLICT (minute) DO UPDATE SET n = EXCLUDED.n', [minute, n]);
}, 60000);`,
    errors: [{ messageId: 'partialWindow' as const, line: 6 }],
  },
  {
    name: 'configured partition key replaces the entity-id guess',
    code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const m = new Map<string, number>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(message.value!.toString());
    m.set(\`\${evt.userId}:\${Math.floor(evt.ts / 60_000)}\`, 1);
  },
});`,
    options: [{ partitionKeys: ['customerId'] }],
    errors: [{ messageId: 'partialWindow' as const, line: 7 }],
  },
  {
    name: 'class: a method computes the window start, the slot is the window only',
    code: `import { Kafka, type KafkaMessage } from 'kafkajs';
export class Processor {
  private readonly windowMs = 10_000;
  private readonly counts = new Map<number, number>();
  private readonly consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'proc' });
  async start() {
    await this.consumer.run({ eachMessage: async ({ message }) => this.onMessage(message) });
  }
  private windowStart(ts: number) {
    return Math.floor(ts / this.windowMs) * this.windowMs;
  }
  private onMessage({ timestamp }: KafkaMessage) {
    const slot = this.windowStart(Number(timestamp));
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
  }
}`,
    errors: [{ messageId: 'partialWindow', line: 14, data: { collection: 'this.counts', key: 'slot', group: inGroup('proc') } }],
  },
  {
    name: 'RULES W7: bufferTime over a subject fed by eachMessage, summed by time only',
    code: `import { Kafka } from 'kafkajs';
import { Subject, bufferTime, map } from 'rxjs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'payments' });
const events$ = new Subject<{ key: string; amount: number }>();
await consumer.run({
  eachMessage: async ({ message }) => {
    events$.next(JSON.parse(message.value!.toString()));
  },
});
events$.pipe(bufferTime(1_000), map((b) => b.reduce((s, e) => s + e.amount, 0))).subscribe((total) => console.log(total));`,
    errors: [{ messageId: 'partialRxWindow' as const, line: 10, data: { operator: 'bufferTime', group: inGroup('payments') } }],
  },
  {
    name: 'RxJS windowTime counted per window',
    code: `import { Kafka } from 'kafkajs';
import { Subject, windowTime, mergeMap, count } from 'rxjs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'clicks' });
const clicks$ = new Subject<unknown>();
await consumer.run({ eachMessage: async ({ message }) => { clicks$.next(message); } });
clicks$.pipe(windowTime(5_000), mergeMap((w) => w.pipe(count()))).subscribe((n) => console.log(n));`,
    errors: [{ messageId: 'partialRxWindow' as const, line: 6, data: { operator: 'windowTime', group: inGroup('clicks') } }],
  },
  {
    name: 'RxJS: fromEventPattern around a subscribed node-rdkafka consumer',
    code: `import Kafka from 'node-rdkafka';
import { fromEventPattern, bufferTime, map } from 'rxjs';
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g' }, {});
consumer.subscribe(['t']);
const msgs$ = fromEventPattern<{ value: Buffer }>((h) => consumer.on('data', h));
msgs$.pipe(bufferTime(1000), map((b) => b.length)).subscribe(console.log);`,
    errors: [{ messageId: 'partialRxWindow' as const, line: 6, data: { operator: 'bufferTime', group: inGroup('g') } }],
  },
  {
    name: 'RxJS: groupBy on a field that is not the key still leaves partial windows',
    code: `import { Kafka } from 'kafkajs';
import { Subject, bufferTime, groupBy, mergeMap, map } from 'rxjs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const events$ = new Subject<{ page: string; amount: number }>();
await consumer.run({ eachMessage: async ({ message }) => { events$.next(JSON.parse(message.value!.toString())); } });
events$.pipe(groupBy((e) => e.page), mergeMap((g) => g.pipe(bufferTime(1_000), map((b) => b.length)))).subscribe(console.log);`,
    errors: [{ messageId: 'partialRxWindow' as const, line: 6 }],
  },
];

// rta.config.yaml's window.partitionKeys, as the audit passes it (settings.rta).
const fromConfig = { rta: { window: { partitionKeys: { 'orders.v1': ['customerId'] } } } };


untypedTester().run('require-keyed-window (rta.config.yaml window.partitionKeys and window.mergingSinks)', rule, {
  valid: [
    { name: 'the topic key named in window.partitionKeys', code: KEYED_BY_CUSTOMER, settings: fromConfig },
    {
      name: 'partials flushed through a sink named in window.mergingSinks',
      code: MERGED_THROUGH_UPSERT,
      settings: { rta: { window: { mergingSinks: ['upsertMinuteCounts'] } } },
    },
  ],
  invalid: [
    {
      name: 'window.mergingSinks names another function, so this flush does not merge',
      code: MERGED_THROUGH_UPSERT,
      settings: { rta: { window: { mergingSinks: ['upsertHourlyCounts'] } } },
      errors: [{ messageId: 'partialWindow' as const, line: 8 }],
    },
    {
      name: 'window.partitionKeys names the topic key, so an entity id that is not it is partial',
      code: KEYED_BY_CUSTOMER.replace('evt.customer_id', 'evt.user_id'),
      settings: fromConfig,
      errors: [{ messageId: 'partialWindow' as const, line: 8 }],
    },
    {
      name: 'the rule option wins over window.partitionKeys',
      code: KEYED_BY_CUSTOMER,
      options: [{ partitionKeys: { 'orders.v1': ['accountId'] } }],
      settings: fromConfig,
      errors: [{ messageId: 'partialWindow' as const, line: 8 }],
    },
  ],
});

untypedTester().run('require-keyed-window', rule, {
  valid: [
    ...valid,
    {
      name: 'plain JavaScript: an object keyed by the message key and the minute',
      code: `const { Kafka } = require('kafkajs');
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perKeyMinute = {};
consumer.run({
  eachMessage: async function ({ message }) {
    const k = String(message.key) + ':' + Math.floor(message.timestamp / 60000);
    perKeyMinute[k] = (perKeyMinute[k] || 0) + 1;
  },
});`,
    },
  ],
  invalid: [
    ...invalid,
    {
      name: 'plain JavaScript with require and an object literal',
      code: `const { Kafka } = require('kafkajs');
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = {};
consumer.run({
  eachMessage: async function ({ message }) {
    const minute = Math.floor(message.timestamp / 60000);
    perMinute[minute] = (perMinute[minute] || 0) + 1;
  },
});`,
      errors: [{ messageId: 'partialWindow' as const, line: 7 }],
    },
  ],
});

typedTester().run('require-keyed-window (typed)', rule, {
  valid: [
    ...valid,
    {
      name: 'typed: a Map-looking value whose type is a sink, not a collection',
      code: `import { Kafka } from 'kafkajs';
interface MinuteSink { set(minute: number, n: number): void }
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const sink = new Map() as unknown as MinuteSink;
await consumer.run({
  eachMessage: async ({ message }) => {
    sink.set(Math.floor(Number(message.timestamp) / 60_000), 1);
  },
});`,
    },
  ],
  invalid: [
    ...invalid,
    {
      name: 'typed: a Map that import tracking cannot see (returned by a declared factory)',
      code: `import { Kafka } from 'kafkajs';
declare function createWindowStore(): Map<number, number>;
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const perMinute = createWindowStore();
await consumer.run({
  eachMessage: async ({ message }) => {
    const minute = Math.floor(Number(message.timestamp) / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  },
});`,
      errors: [{ messageId: 'partialWindow' as const, line: 8 }],
    },
  ],
});
