import rule from '../../src/rules/no-unbounded-consumer-buffer.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';
import type { TestLanguageOptions } from '@typescript-eslint/rule-tester';

// ESLint's languageOptions.sourceType (its default for .cjs files: `require` and `module` become
// declared globals): the rule tester passes it on to ESLint, but its type does not list it.
const COMMONJS = { sourceType: 'commonjs' } as TestLanguageOptions;

const valid: string[] = [
  // Pause at the high-water mark; the timer flush resumes.
  `import { Kafka } from 'kafkajs';
   declare function flushToWarehouse(rows: unknown[]): Promise<void>;
   const MAX_PENDING = 5_000;
   const pending: Array<{ key: string; value: string }> = [];
   const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'rollup' });
   await consumer.run({
     eachMessage: async ({ topic, partition, message }) => {
       pending.push({ key: String(message.key), value: String(message.value) });
       if (pending.length >= MAX_PENDING) consumer.pause([{ topic, partitions: [partition] }]);
     },
   });
   setInterval(async () => {
     await flushToWarehouse(pending.splice(0));
     consumer.resume(consumer.paused());
   }, 1_000);`,
  // The flush is awaited in the handler once the buffer is full.
  `import { Kafka } from 'kafkajs';
   declare function flushToWarehouse(rows: unknown[]): Promise<void>;
   const MAX_PENDING = 500;
   const pending: string[] = [];
   const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachMessage: async ({ message }) => {
       pending.push(String(message.value));
       if (pending.length >= MAX_PENDING) await flushToWarehouse(pending.splice(0));
     },
   });`,
  // The handler awaits its work: the returned promise is the backpressure.
  `import { Kafka } from 'kafkajs';
   async function enrichAndStore(m: unknown) { await Promise.resolve(m); }
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({ eachMessage: async ({ message }) => { await enrichAndStore(message); } });`,
  // Returned instead of awaited.
  `import { Kafka } from 'kafkajs';
   async function enrichAndStore(m: unknown) { await Promise.resolve(m); }
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({ eachMessage: ({ message }) => enrichAndStore(message) });`,
  // An awaited limiter.
  `import { Kafka } from 'kafkajs';
   import pLimit from 'p-limit';
   async function enrichAndStore(m: unknown) { await Promise.resolve(m); }
   const limit = pLimit(8);
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     partitionsConsumedConcurrently: 4,
     eachMessage: async ({ message }) => {
       await limit(() => enrichAndStore(message));
     },
   });`,
  // Accumulator map updated in place: grows with the number of regions, not of messages.
  `import { Kafka } from 'kafkajs';
   const totals = new Map<string, number>();
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachMessage: async ({ message }) => {
       const region = String(JSON.parse(String(message.value)).region);
       totals.set(region, (totals.get(region) ?? 0) + 1);
     },
   });`,
  // Latest value per message key, and the set of keys seen.
  `import { Kafka } from 'kafkajs';
   const latest = new Map<string, string>();
   const keys = new Set<string>();
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachMessage: async ({ message }) => {
       latest.set(String(message.key), String(message.value));
       keys.add(message.key?.toString() ?? '');
     },
   });`,
  // Promise.all over the batch, awaited inside eachBatch.
  `import { Kafka } from 'kafkajs';
   async function store(m: unknown) { await Promise.resolve(m); }
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachBatch: async ({ batch, resolveOffset }) => {
       await Promise.all(batch.messages.map((m) => store(m)));
       resolveOffset(batch.lastOffset());
     },
   });`,
  // A durable queue: jobs live in Redis, not in this process.
  `import { Kafka } from 'kafkajs';
   import { Queue } from 'bullmq';
   const jobs = new Queue('enrich');
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachMessage: async ({ message }) => {
       jobs.add('enrich', { value: String(message.value) });
     },
   });`,
  // Ring buffer: the oldest entry is dropped once the window is full.
  `import { WebSocketServer } from 'ws';
   const recent: string[] = [];
   const wss = new WebSocketServer({ port: 8080 });
   wss.on('connection', (ws) => {
     ws.on('message', (data) => {
       recent.push(String(data));
       if (recent.length > 100) recent.shift();
     });
   });`,
  // A request body collected until 'end': finite by construction.
  `import http from 'node:http';
   http.createServer((req, res) => {
     const chunks: Buffer[] = [];
     req.on('data', (chunk: Buffer) => chunks.push(chunk));
     req.on('end', () => res.end(Buffer.concat(chunks)));
   });`,
  // A child's output captured until it exits (the end belongs to the child, not to its stdout).
  `import { spawn } from 'node:child_process';
   const out: string[] = [];
   export function run(cmd: string) {
     const child = spawn(cmd);
     child.stdout.on('data', (d: Buffer) => { out.push(d.toString()); });
     return new Promise((resolve) => child.once('exit', () => resolve(out.join(''))));
   }`,
  // A collection local to the handler, flushed before the handler resolves.
  `import { Kafka } from 'kafkajs';
   declare function insertRows(rows: string[]): Promise<void>;
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachBatch: async ({ batch }) => {
       const rows: string[] = [];
       for (const m of batch.messages) rows.push(String(m.value));
       await insertRows(rows);
     },
   });`,
  // A connection registry: one entry per client, not per message.
  `import { WebSocketServer, WebSocket } from 'ws';
   const clients: WebSocket[] = [];
   new WebSocketServer({ port: 8080 }).on('connection', (ws) => { clients.push(ws); });`,
  // p-queue: wait for room before adding, or await the task.
  `import { Kafka } from 'kafkajs';
   import PQueue from 'p-queue';
   async function work(m: unknown) { await Promise.resolve(m); }
   const queue = new PQueue({ concurrency: 4 });
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachMessage: async ({ message }) => {
       await queue.onSizeLessThan(100);
       void queue.add(() => work(message));
     },
   });
   await consumer.run({ eachMessage: async ({ message }) => { await queue.add(() => work(message)); } });`,
  // fastq promise API, awaited.
  `import { Kafka } from 'kafkajs';
   import fastq from 'fastq';
   const q = fastq.promise(async (m: unknown) => m, 4);
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({ eachMessage: async ({ message }) => { await q.push(message); } });`,
  // Drop when full, or add only when there is room.
  `import { Kafka } from 'kafkajs';
   const MAX = 1000;
   const a: string[] = [];
   const b = new Set<string>();
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachMessage: async ({ message }) => {
       if (a.length >= MAX) return;
       a.push(String(message.value));
       if (b.size < MAX) b.add(String(message.offset));
     },
   });`,
  // A 'data' listener on something no import or type says is a stream: a name alone never reports.
  `export function collect(emitter: { on(e: string, f: (d: string) => void): void }) {
     const all: string[] = [];
     emitter.on('data', (d) => { all.push(d); });
     return all;
   }`,
  // The handler flushes on every message through a helper that empties the buffer.
  `import { Kafka } from 'kafkajs';
   declare function insertRows(rows: string[]): Promise<void>;
   const pending: string[] = [];
   async function flush() { await insertRows(pending.splice(0)); }
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({ eachMessage: async ({ message }) => { pending.push(String(message.value)); await flush(); } });`,
  // The bound lives in a helper of the class the handler calls.
  `import { Kafka, type Consumer } from 'kafkajs';
   declare function insertRows(rows: string[]): Promise<void>;
   export class Sink {
     private buffer: string[] = [];
     constructor(private readonly consumer: Consumer) {}
     async start() {
       await this.consumer.run({
         eachMessage: async ({ message }) => {
           this.buffer.push(String(message.value));
           await this.maybeFlush();
         },
       });
     }
     private async maybeFlush() {
       if (this.buffer.length >= 1000) await insertRows(this.buffer.splice(0));
     }
   }`,
  // Producing is rta/no-unbounded-produce's concern; a debounce timer is assigned, not detached.
  `import { Kafka } from 'kafkajs';
   declare function flush(): void;
   const kafka = new Kafka({ brokers: ['k:9092'] });
   const producer = kafka.producer();
   const consumer = kafka.consumer({ groupId: 'g' });
   let timer: ReturnType<typeof setTimeout> | undefined;
   await consumer.run({
     eachMessage: async ({ message }) => {
       producer.send({ topic: 'out', messages: [{ value: message.value }] });
       clearTimeout(timer);
       timer = setTimeout(flush, 100);
     },
   });`,
  // Flow control handed to the handler or called on the consumer is not detached work.
  `import { Kafka } from 'kafkajs';
   async function commit() { await Promise.resolve(); }
   const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachBatch: async ({ batch, heartbeat, commitOffsetsIfNecessary }) => {
       void heartbeat();
       commitOffsetsIfNecessary().catch(() => undefined);
       consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: '0' }]);
       await commit();
     },
   });`,
  // A flowing rdkafka consumer paused around its detached work.
  `import Kafka from 'node-rdkafka';
   async function store(m: unknown) { await Promise.resolve(m); }
   const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g' }, {});
   consumer.on('data', (m) => {
     consumer.pause(consumer.assignments());
     store(m).finally(() => consumer.resume(consumer.assignments()));
   });`,
  // socket.io relay: nothing is kept; a WeakMap does not keep its keys alive.
  `import { Server } from 'socket.io';
   const io = new Server(3000);
   const lastSeen = new WeakMap<object, number>();
   io.on('connection', (socket) => {
     socket.on('chat', (msg: string) => { io.to('room').emit('chat', msg); lastSeen.set(socket, Date.now()); });
   });`,
  // A local that shadows the outer buffer.
  `import { Kafka } from 'kafkajs';
   declare function insertRows(rows: string[]): Promise<void>;
   const pending: string[] = [];
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachMessage: async ({ message }) => {
       const pending: string[] = [];
       pending.push(String(message.value));
       await insertRows(pending);
     },
   });
   export { pending };`,
  // Keyed state: the latest reading per sensor, the topics and texts seen; one entry per key.
  `import { Kafka } from 'kafkajs';
   const latest = new Map<string, { celsius: number }>();
   const topics = new Set<string>();
   const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
   await consumer.run({
     eachMessage: async ({ topic, message }) => {
       const reading = JSON.parse(String(message.value)) as { sensorId: string; celsius: number };
       latest.set(reading.sensorId, { celsius: reading.celsius });
       topics.add(topic);
     },
   });`,
  // Bad input: incomplete handlers, spreads, computed option names, no arguments.
  `import { Kafka } from 'kafkajs';
   const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
   const opts = {};
   const name = 'eachMessage';
   let eachMessage: undefined;
   consumer.run({ eachMessage });
   consumer.run({ ...opts });
   consumer.run({ [name]: async () => undefined });
   consumer.run();
   consumer['run']?.({ eachBatch: async () => {} });`,
  // Plain JavaScript: a constant pushed, not the message.
  `const { Kafka } = require('kafkajs');
   const ticks = [];
   const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
   consumer.run({ eachMessage: async () => { ticks.push(1); } });`,
];

const invalid = [
  {
    name: 'kafkajs eachMessage pushes into a module-level array drained by a timer',
    code: `import { Kafka } from 'kafkajs';
declare function flushToWarehouse(rows: unknown[]): Promise<void>;
const pending: Array<{ key: string; value: string }> = [];
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'rollup' });
await consumer.run({
  eachMessage: async ({ message }) => {
    pending.push({ key: String(message.key), value: String(message.value) });
  },
});
setInterval(() => flushToWarehouse(pending.splice(0)), 1_000);`,
    errors: [
      {
        messageId: 'appendOuter' as const,
        line: 7,
        data: {
          collection: 'pending',
          call: 'pending.push(…)',
          handler: '`eachMessage` handler',
          hint: 'Check `pending.length` against a limit and pause the consumer there (`consumer.pause([{ topic, partitions: [partition] }])`, `resume()` after the flush), or await the flush inside the handler.',
        },
      },
    ],
  },
  {
    name: 'detachedWork: void on an async function of the file',
    code: `import { Kafka } from 'kafkajs';
async function enrichAndStore(m: unknown) { await Promise.resolve(m); }
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    void enrichAndStore(message);
  },
});`,
    errors: [{ messageId: 'detachedWork' as const, line: 6 }],
  },
  {
    name: 'detachedWork: a .catch chain, a bare async call, setImmediate, and an async forEach',
    code: `import { Kafka } from 'kafkajs';
async function store(m: unknown) { await Promise.resolve(m); }
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
await consumer.run({
  eachBatch: async ({ batch }) => {
    store(batch).catch(console.error);
    store(batch.topic);
    setImmediate(() => store(batch.partition));
    batch.messages.forEach(async (m) => { await store(m); });
  },
});`,
    errors: [
      { messageId: 'detachedWork' as const, line: 6 },
      { messageId: 'detachedWork' as const, line: 7 },
      { messageId: 'detachedWork' as const, line: 8 },
      { messageId: 'detachedWork' as const, line: 9 },
    ],
  },
  {
    name: 'a p-limit limiter called without awaiting its promise',
    code: `import { Kafka } from 'kafkajs';
import pLimit from 'p-limit';
async function enrichAndStore(m: unknown) { await Promise.resolve(m); }
const limit = pLimit(8);
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    limit(() => enrichAndStore(message));
  },
});`,
    errors: [{ messageId: 'appendOuter' as const, line: 8, data: { collection: 'limit', call: 'limit(…)', handler: '`eachMessage` handler', hint: 'Await the task so the handler waits for it, or check `limit.pendingCount` against a limit and pause the source there.' } }],
  },
  {
    name: 'p-queue add and fastq push, neither awaited nor bounded',
    code: `import { Kafka } from 'kafkajs';
import PQueue from 'p-queue';
import fastq from 'fastq';
async function work(m: unknown) { await Promise.resolve(m); }
const queue = new PQueue({ concurrency: 2 });
const q = fastq((task: unknown, done: (err: Error | null) => void) => done(null), 1);
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    queue.add(() => work(message)).catch(() => undefined);
    q.push(message, () => undefined);
  },
});`,
    errors: [
      { messageId: 'appendOuter' as const, line: 10 },
      { messageId: 'appendOuter' as const, line: 11 },
    ],
  },
  {
    name: 'ws message handler appends to a module-level history',
    code: `import { WebSocketServer } from 'ws';
const history: string[] = [];
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    history.push(data.toString());
  });
});`,
    errors: [{ messageId: 'appendOuter' as const, line: 6, data: { collection: 'history', call: 'history.push(…)', handler: "'message' listener", hint: 'Check `history.length` against a limit and drop, flush or disconnect there.' } }],
  },
  {
    name: 'socket.io custom event handler keeps every chat message',
    code: `import { Server } from 'socket.io';
const io = new Server(3000);
const log: Array<{ text: string }> = [];
io.on('connection', (socket) => {
  socket.on('chat', (msg: { text: string }) => {
    log.push(msg);
  });
});`,
    errors: [{ messageId: 'appendOuter' as const, line: 6 }],
  },
  {
    name: 'a socket data listener with no end: the inbox grows with the peer',
    code: `import net from 'node:net';
const inbox: Buffer[] = [];
net.createServer((socket) => {
  socket.on('data', (chunk: Buffer) => inbox.push(chunk));
});`,
    errors: [{ messageId: 'appendOuter' as const, line: 4, data: { collection: 'inbox', call: 'inbox.push(…)', handler: "'data' listener", hint: 'Check `inbox.length` against a limit and `pause()` the stream there, `resume()` after the flush.' } }],
  },
  {
    name: 'Redis subscribers: ioredis message listener and node-redis subscribe callback',
    code: `import Redis from 'ioredis';
import { createClient } from 'redis';
const events: unknown[] = [];
const sub = new Redis();
sub.on('message', (channel, msg) => {
  events.push(JSON.parse(msg));
});
const client = createClient();
const listener = client.duplicate();
await listener.subscribe('ticks', (msg) => {
  events.unshift(msg);
});`,
    errors: [
      { messageId: 'appendOuter' as const, line: 6 },
      { messageId: 'appendOuter' as const, line: 11, data: { collection: 'events', call: 'events.unshift(…)', handler: 'subscriber listener', hint: 'Check `events.length` against a limit and drop, flush or disconnect there.' } },
    ],
  },
  {
    name: 'node-rdkafka: flowing data listener and consume(n, cb) callback',
    code: `import Kafka from 'node-rdkafka';
async function store(m: unknown) { await Promise.resolve(m); }
const pending: unknown[] = [];
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g' }, {});
consumer.on('data', (m) => {
  pending.push(m);
  void store(m);
});
consumer.consume(100, (err, messages) => {
  for (const m of messages) pending.push(m.value);
});`,
    errors: [
      { messageId: 'appendOuter' as const, line: 6 },
      { messageId: 'detachedWork' as const, line: 7 },
      { messageId: 'appendOuter' as const, line: 10 },
    ],
  },
  {
    name: 'class field buffer, named handler passed as eachMessage, and a Map keyed by offset',
    code: `import { Kafka, type EachMessagePayload } from 'kafkajs';
export class Collector {
  private buffer: string[] = [];
  private inflight = new Map<string, unknown>();
  private consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
  async start() {
    await this.consumer.run({ eachMessage: this.handle });
  }
  handle = async ({ message }: EachMessagePayload) => {
    this.buffer.push(String(message.value));
    this.inflight.set(message.offset, message);
  };
}`,
    errors: [
      { messageId: 'appendOuter' as const, line: 10 },
      { messageId: 'appendOuter' as const, line: 11 },
    ],
  },
  {
    name: 'a class method passed as eachMessage with bind(this)',
    code: `import { Kafka, type EachMessagePayload } from 'kafkajs';
export class Samples {
  private readonly samples: number[] = [];
  private readonly consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
  async start() {
    await this.consumer.run({ eachMessage: this.onMessage.bind(this) });
  }
  private async onMessage({ message }: EachMessagePayload) {
    this.samples.push(Number(message.value));
  }
}`,
    errors: [{ messageId: 'appendOuter' as const, line: 9, data: { collection: 'this.samples', call: 'this.samples.push(…)', handler: 'Kafka message handler', hint: 'Check `this.samples.length` against a limit and pause the consumer there (`consumer.pause([{ topic, partitions: [partition] }])`, `resume()` after the flush), or await the flush inside the handler.' } }],
  },
  {
    name: 'function declaration handler, value through several variables, spread and splice inserts',
    code: `import { Kafka } from 'kafkajs';
const pending: string[] = [];
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
function parse(v: unknown) { return String(v); }
async function eachBatch({ batch }: { batch: { messages: { value: unknown }[] } }) {
  const values = batch.messages.map((m) => m.value);
  const rows = values.map(parse);
  pending.push(...rows);
  pending.splice(pending.length, 0, rows[0] ?? '');
  pending.indexOf('x');
}
await consumer.run({ eachBatch });`,
    errors: [
      { messageId: 'appendOuter' as const, line: 8 },
      { messageId: 'appendOuter' as const, line: 9 },
    ],
  },
  {
    name: 'a size check that only logs is no bound; optional and computed calls',
    code: `import { Kafka } from 'kafkajs';
const pending: string[] = [];
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    if (pending.length > 10_000) console.warn('backlog', pending.length);
    pending?.push(String(message.value));
    pending['push'](String(message.key));
  },
});`,
    errors: [
      { messageId: 'appendOuter' as const, line: 7 },
      { messageId: 'appendOuter' as const, line: 8 },
    ],
  },
  {
    name: 'a set of in-flight promises, and a map holding every message by id',
    code: `import { Kafka } from 'kafkajs';
async function store(m: unknown) { await Promise.resolve(m); }
const inflight = new Set<Promise<void>>();
const byId = new Map<string, unknown>();
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    inflight.add(store(message));
    byId.set(String(message.headers?.id), message);
  },
});`,
    errors: [
      { messageId: 'appendOuter' as const, line: 8, data: { collection: 'inflight', call: 'inflight.add(…)', handler: '`eachMessage` handler', hint: 'Check `inflight.size` against a limit and pause the consumer there (`consumer.pause([{ topic, partitions: [partition] }])`, `resume()` after the flush), or await the flush inside the handler.' } },
      { messageId: 'appendOuter' as const, line: 9 },
    ],
  },
  {
    name: 'confluent KafkaJS API through require, in plain JavaScript style',
    code: `const { Kafka } = require('@confluentinc/kafka-javascript').KafkaJS;
const seen = new Map();
const consumer = new Kafka({ kafkaJS: { brokers: ['k:9092'] } }).consumer({ kafkaJS: { groupId: 'g' } });
consumer.run({
  eachMessage: async ({ message }) => {
    seen.set(message.offset, message.value);
  },
});`,
    errors: [{ messageId: 'appendOuter' as const, line: 6, data: { collection: 'seen', call: 'seen.set(…)', handler: '`eachMessage` handler', hint: 'Check `seen.size` against a limit and pause the consumer there (`consumer.pause([{ topic, partitions: [partition] }])`, `resume()` after the flush), or await the flush inside the handler.' } }],
  },
  {
    name: 'a child process output captured for as long as the child runs, with no exit handling',
    code: `import { spawn } from 'node:child_process';
const logLines: string[] = [];
export function tail(file: string) {
  spawn('tail', ['-f', file]).stdout.on('data', (d: Buffer) => logLines.push(String(d)));
}`,
    errors: [{ messageId: 'appendOuter' as const, line: 4 }],
  },
  {
    name: 'a Readable data listener through readline with no end handling',
    code: `import { createInterface } from 'node:readline';
const lines: string[] = [];
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => { lines.push(line.trim()); });`,
    errors: [{ messageId: 'appendOuter' as const, line: 4 }],
  },
];

/** Typed and untyped: a consumer returned from a function, and computed and optional calls. */
const shapeInvalid = [
  {
    name: 'a consumer returned from a function; computed run and an optional call',
    code: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['k:9092'] });
function consumerFor(groupId: string) {
  return kafka.consumer({ groupId });
}
const rows: string[] = [];
const audit: string[] = [];
const consumer = consumerFor('rollup');
await consumer.run({ eachMessage: async ({ message }) => { rows.push(String(message.value)); } });
const other = consumerFor('audit');
await other['run']({ ['eachMessage']: async ({ message }) => { audit.push(String(message.key)); } });
await consumerFor('late')?.run({ eachMessage: async ({ message }) => { rows.push(String(message.offset)); } });`,
    errors: [
      { messageId: 'appendOuter' as const, line: 9 },
      { messageId: 'appendOuter' as const, line: 11 },
      { messageId: 'appendOuter' as const, line: 12 },
    ],
  },
];

/** Plain JavaScript files, untyped: ESM .js, and .cjs parsed as CommonJS (ESLint's default for .cjs). */
const javascriptInvalid = [
  {
    name: 'JavaScript (.cjs): kafkajs through require, pushed into a module array',
    filename: 'file.cjs',
    languageOptions: COMMONJS,
    code: `const { Kafka } = require('kafkajs');
const pending = [];
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
consumer.run({ eachMessage: async ({ message }) => { pending.push(message.value); } });
setInterval(() => pending.splice(0), 1000);`,
    errors: [{ messageId: 'appendOuter' as const, line: 4 }],
  },
  {
    name: 'JavaScript (.js): a Readable data listener keeps every chunk',
    filename: 'file.js',
    code: `import { createReadStream } from 'node:fs';
const chunks = [];
createReadStream('feed.bin').on('data', (chunk) => { chunks.push(chunk); });`,
    errors: [{ messageId: 'appendOuter' as const, line: 3 }],
  },
];

untypedTester().run('no-unbounded-consumer-buffer (untyped)', rule, {
  valid: [
    ...valid,
    // JavaScript (.cjs): the buffer is flushed and checked against a limit, the consumer paused there.
    {
      filename: 'file.cjs',
      languageOptions: COMMONJS,
      code: `const { Kafka } = require('kafkajs');
const MAX = 500;
const batch = [];
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });
consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    batch.push(message.value);
    if (batch.length >= MAX) consumer.pause([{ topic, partitions: [partition] }]);
  },
});`,
    },
  ],
  invalid: [...invalid, ...shapeInvalid, ...javascriptInvalid],
});

typedTester().run('no-unbounded-consumer-buffer (typed)', rule, {
  valid: [
    ...valid,
    // Types say the call returns no promise.
    `import { Kafka } from 'kafkajs';
     function count(_m: unknown): number { return 1; }
     const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
     await consumer.run({ eachMessage: async ({ message }) => { void count(message); } });`,
    // Types say the holder is no growable container, whatever it was first assigned.
    `import { Kafka } from 'kafkajs';
     class Ring { push(_s: string) {} }
     const ring = new Ring();
     const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
     await consumer.run({ eachMessage: async ({ message }) => { ring.push(String(message.value)); } });`,
  ],
  invalid: [
    ...invalid,
    ...shapeInvalid,
    {
      name: 'typed: a promise from a declared function, and an array inside a state object',
      code: `import { Kafka } from 'kafkajs';
declare function store(m: unknown): Promise<void>;
const state = { pending: [] as string[] };
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    store(message);
    state.pending.push(String(message.value));
  },
});`,
      errors: [
        { messageId: 'detachedWork' as const, line: 7 },
        { messageId: 'appendOuter' as const, line: 8 },
      ],
    },
    {
      name: 'typed: per-key arrays in a Map',
      code: `import { Kafka } from 'kafkajs';
const byKey = new Map<string, string[]>();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    byKey.get(String(message.key))?.push(String(message.value));
  },
});`,
      errors: [{ messageId: 'appendOuter' as const, line: 6 }],
    },
    {
      name: 'typed: a Readable parameter from elsewhere',
      code: `import type { Readable } from 'node:stream';
const frames: Buffer[] = [];
export function watch(feed: Readable) {
  feed.on('data', (chunk: Buffer) => { frames.push(chunk); });
}`,
      errors: [{ messageId: 'appendOuter' as const, line: 4 }],
    },
  ],
});
