import { describe, expect, it } from 'vitest';
import { typeErrors } from '../support/typecheck.js';
import rule from '../../src/rules/no-async-data-handler.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';
import type { TestLanguageOptions } from '@typescript-eslint/rule-tester';

// ESLint's languageOptions.sourceType (its default for .cjs files: `require` and `module` become
// declared globals): the rule tester passes it on to ESLint, but its type does not list it.
const COMMONJS = { sourceType: 'commonjs' } as TestLanguageOptions;

/** Declarations the snippets share, so that suggestion outputs can be type-checked. */
const db = `declare const db: { insert(row: unknown): Promise<void> };`;

const valid = [
  // Pull one line at a time.
  `import { createReadStream } from 'node:fs';
   import { createInterface } from 'node:readline';
   ${db}
   export async function load(path: string) {
     const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
     for await (const line of lines) {
       await db.insert(JSON.parse(line));
     }
   }`,
  // Kept as a listener: pause before the await, resume in finally.
  `import { createReadStream } from 'node:fs';
   declare const sink: { put(c: Buffer): Promise<void> };
   const stream = createReadStream('/data/in.bin');
   stream.on('data', async (chunk: Buffer) => {
     stream.pause();
     try { await sink.put(chunk); } finally { stream.resume(); }
   });`,
  // Pause before, resume after, without finally; addListener spelling.
  `import net from 'node:net';
   ${db}
   net.createServer((socket) => {
     socket.addListener('data', async (buf) => {
       socket.pause();
       await db.insert(buf);
       socket.resume();
     });
   });`,
  // An early return, then pause before the first await (a Redis SCAN over key batches).
  `import Redis from 'ioredis';
   declare function requeue(keys: string[]): Promise<void>;
   declare const aborted: { value: boolean };
   export function sweep(redis: Redis) {
     const stream = redis.scanStream({ match: 'queue:*', count: 100 });
     stream.on('data', async (keys: string[]) => {
       if (keys.length === 0) return;
       stream.pause();
       if (aborted.value) { stream.destroy(); return; }
       await requeue(keys);
       stream.resume();
     });
   }`,
  // Async but no await: not this rule's pattern.
  `import { createReadStream } from 'node:fs';
   const chunks: Buffer[] = [];
   createReadStream('x').on('data', async (c: Buffer) => { chunks.push(c); });`,
  // A synchronous listener.
  `import { createReadStream } from 'node:fs';
   let total = 0;
   createReadStream('x').on('data', (c: Buffer) => { total += c.length; });`,
  // once('data') runs once.
  `import { createReadStream } from 'node:fs';
   ${db}
   createReadStream('x').once('data', async (c) => { await db.insert(c); });`,
  // 'end' and 'close' fire once per stream.
  `import { createReadStream } from 'node:fs';
   declare function flush(): Promise<void>;
   const s = createReadStream('x');
   s.on('end', async () => { await flush(); });`,
  // ws messages are not a Node Readable's 'data' (another rule's business).
  `import { WebSocketServer } from 'ws';
   ${db}
   new WebSocketServer({ port: 8080 }).on('connection', (ws) => {
     ws.on('message', async (data) => { await db.insert(data); });
   });`,
  // An emitter nothing says is a stream.
  `${db}
   export function wire(bus: { on(e: string, f: (x: unknown) => unknown): void }) {
     bus.on('data', async (x) => { await db.insert(x); });
   }`,
  // A plain EventEmitter has no flowing 'data'.
  `import { EventEmitter } from 'node:events';
   ${db}
   const bus = new EventEmitter();
   bus.on('data', async (x) => { await db.insert(x); });`,
  // node-rdkafka without consume(): not known to be flowing; consume(n, cb) is pull-based.
  `import Kafka from 'node-rdkafka';
   ${db}
   const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g' }, {});
   consumer.on('data', async (m: unknown) => { await db.insert(m); });
   consumer.consume(100, () => undefined);`,
  // The only await is in a nested function: the listener itself never suspends.
  `import { createReadStream } from 'node:fs';
   ${db}
   createReadStream('x').on('data', async (c) => {
     setImmediate(async () => { await db.insert(c); });
   });`,
  // A function listener pauses through \`this\`.
  `import { createReadStream } from 'node:fs';
   ${db}
   createReadStream('x').on('data', async function (this: NodeJS.ReadableStream, c) {
     this.pause();
     await db.insert(c);
     this.resume();
   });`,
  // events.on() iterated with for await is pull-based.
  `import { on } from 'node:events';
   import { createReadStream } from 'node:fs';
   ${db}
   export async function f() {
     const s = createReadStream('x');
     for await (const [chunk] of on(s, 'data')) await db.insert(chunk);
   }`,
  // A local function shadowing the factory name.
  `${db}
   export function f() {
     const createReadStream = (_: string) => ({ on: (_e: string, _f: (c: unknown) => Promise<void>) => undefined });
     createReadStream('x').on('data', async (c) => { await db.insert(c); });
   }`,
  // Bad input shapes that must not throw.
  `import { createReadStream } from 'node:fs';
   const s = createReadStream('x');
   const ev = 'da' + 'ta';
   s.on(ev, async () => { await 1; });
   s.on('data');
   s['on']('data', ...[]);
   s.on('data', undefined as never);`,
];

const lineBad = `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
${db}
export function load(path: string) {
  const lines = createInterface({ input: createReadStream(path) });
  lines.on('line', async (line) => {
    await db.insert(JSON.parse(line));
  });
}`;

const invalid = [
  {
    name: 'readline line listener in a plain function: no suggestion',
    code: lineBad,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 6, column: 9, data: { event: 'line', source: 'lines', why: "readline emits the next line without waiting for the listener's promise" }, suggestions: [] }],
  },
  {
    name: 'readline in an async function: for await suggestion',
    code: `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
${db}
export async function load(path: string) {
  const lines = createInterface({ input: createReadStream(path) });
  lines.on('line', async (line) => {
    if (line === '') return;
    await db.insert(JSON.parse(line));
  });
}`,
    errors: [
      {
        messageId: 'asyncFlowingListener' as const,
        suggestions: [
          {
            messageId: 'useForAwait' as const,
            output: `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
${db}
export async function load(path: string) {
  const lines = createInterface({ input: createReadStream(path) });
  for await (const line of lines) {
    if (line === '') continue;
    await db.insert(JSON.parse(line));
  }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'data listener on a file stream; expression body and a typed parameter',
    code: `import { createReadStream } from 'node:fs';
declare const sink: { put(c: Buffer): Promise<void> };
export async function upload(path: string) {
  const src = createReadStream(path);
  src.on('data', async (chunk: Buffer) => await sink.put(chunk));
}`,
    errors: [
      {
        messageId: 'asyncFlowingListener' as const,
        suggestions: [
          {
            messageId: 'useForAwait' as const,
            output: `import { createReadStream } from 'node:fs';
declare const sink: { put(c: Buffer): Promise<void> };
export async function upload(path: string) {
  const src = createReadStream(path);
  for await (const chunk of src) {
    await sink.put(chunk);
  }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'http request body chunks, inside a non-async request handler',
    code: `import http from 'node:http';
${db}
http.createServer((req, res) => {
  req.on('data', async (chunk) => {
    await db.insert(chunk);
  });
  req.on('end', () => res.end('ok'));
});`,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 4, suggestions: [] }],
  },
  {
    name: 'process.stdin at module level; prependListener',
    code: `${db}
process.stdin.prependListener('data', async (c) => { await db.insert(c); });`,
    errors: [{ messageId: 'asyncFlowingListener' as const, suggestions: [] }],
  },
  {
    name: 'node-rdkafka consumer in flowing mode',
    code: `import Kafka from 'node-rdkafka';
${db}
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'archive', 'metadata.broker.list': 'kafka:9092' }, {});
consumer.connect();
consumer.on('ready', () => {
  consumer.subscribe(['orders']);
  consumer.consume();
});
consumer.on('data', async (message) => {
  await db.insert(message);
});`,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 9, suggestions: [] }],
  },
  {
    name: 'confluent callback API consumer in flowing mode',
    code: `const { KafkaConsumer } = require('@confluentinc/kafka-javascript');
const consumer = new KafkaConsumer({ 'group.id': 'g' }, {});
consumer.on('ready', () => consumer.consume());
consumer.on('data', async function (m) {
  await handle(m);
});`,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 4, suggestions: [] }],
  },
  {
    name: 'listener declared by name in the same file: reported, no rewrite',
    code: `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
${db}
async function onLine(line: string) {
  await db.insert(line);
}
export async function load() {
  createInterface({ input: createReadStream('x') }).on('line', onLine);
}`,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 8, suggestions: [] }],
  },
  {
    name: 'pause only after the await is too late',
    code: `import { createReadStream } from 'node:fs';
${db}
const s = createReadStream('x');
s.on('data', async (c) => {
  await db.insert(c);
  s.pause();
  s.resume();
});`,
    errors: [{ messageId: 'asyncFlowingListener' as const, suggestions: [] }],
  },
  {
    name: 'a parser stage piped from a file: pipe() result in flowing mode',
    code: `import { createReadStream } from 'node:fs';
import csv from 'csv-parser';
${db}
createReadStream('orders.csv').pipe(csv()).on('data', async (row) => {
  await db.insert(row);
});`,
    errors: [{ messageId: 'asyncFlowingListener' as const, suggestions: [] }],
  },
  {
    name: 'two data listeners: no rewrite',
    code: `import { createReadStream } from 'node:fs';
${db}
export async function f() {
  const s = createReadStream('x');
  let bytes = 0;
  s.on('data', (c: Buffer) => { bytes += c.length; });
  s.on('data', async (c) => { await db.insert(c); });
  return bytes;
}`,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 7, suggestions: [] }],
  },
  {
    name: 'source used after the listener (its end listener would miss the end): no rewrite',
    code: `import { createReadStream } from 'node:fs';
${db}
export async function f() {
  const s = createReadStream('x');
  s.on('data', async (c) => { await db.insert(c); });
  s.on('end', () => console.log('done'));
}`,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 5, suggestions: [] }],
  },
  {
    name: 'optional call, computed member, stream passed through variables and a helper',
    code: `import { createReadStream } from 'node:fs';
${db}
function open() { return createReadStream('x'); }
const a = open();
const b = a;
const c = b;
c?.on('data', async (x) => { await db.insert(x); });
c['on']('data', async (x) => { await db.insert(x); });`,
    errors: [
      { messageId: 'asyncFlowingListener' as const, line: 7, suggestions: [] },
      { messageId: 'asyncFlowingListener' as const, line: 8, suggestions: [] },
    ],
  },
  {
    name: 'a for await inside the listener suspends it too',
    code: `import { createReadStream } from 'node:fs';
${db}
declare function rowsOf(c: Buffer): AsyncIterable<unknown>;
export async function f() {
  const s = createReadStream('x');
  s.on('data', async (c: Buffer) => {
    for await (const row of rowsOf(c)) void row;
  });
}`,
    errors: [
      {
        messageId: 'asyncFlowingListener' as const,
        suggestions: [
          {
            messageId: 'useForAwait' as const,
            output: `import { createReadStream } from 'node:fs';
${db}
declare function rowsOf(c: Buffer): AsyncIterable<unknown>;
export async function f() {
  const s = createReadStream('x');
  for await (const c of s) {
    for await (const row of rowsOf(c)) void row;
  }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'ioredis scanStream is a Readable of key batches',
    code: `import Redis from 'ioredis';
declare function requeue(keys: string[]): Promise<void>;
const redis = new Redis();
redis.scanStream({ match: 'queue:*' }).on('data', async (keys: string[]) => {
  await requeue(keys);
});`,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 4, suggestions: [] }],
  },
  {
    name: 'return inside a loop of the listener: no rewrite (continue would mean something else)',
    code: `import { createReadStream } from 'node:fs';
${db}
export async function f() {
  const s = createReadStream('x');
  s.on('data', async (c: Buffer) => {
    for (const b of c) { if (b === 0) return; }
    await db.insert(c);
  });
}`,
    errors: [{ messageId: 'asyncFlowingListener' as const, suggestions: [] }],
  },
];

/** Plain JavaScript files, untyped: ESM .js, and .cjs parsed as CommonJS (ESLint's default for .cjs). */
const javascriptInvalid = [
  {
    name: 'JavaScript (.js): async function expression as a data listener',
    filename: 'file.js',
    code: `import { createReadStream } from 'node:fs';
import { insert } from './db.js';
const src = createReadStream('events.ndjson');
src.on('data', async function (chunk) {
  await insert(chunk);
});`,
    errors: [{ messageId: 'asyncFlowingListener' as const, line: 4, suggestions: [] }],
  },
  {
    name: 'JavaScript (.cjs): readline line listener through require, computed and optional calls',
    filename: 'file.cjs',
    languageOptions: COMMONJS,
    code: `const fs = require('fs');
const readline = require('readline');
const { insert } = require('./db');
const lines = readline.createInterface({ input: fs.createReadStream('in.ndjson') });
lines['on']('line', async (line) => { await insert(JSON.parse(line)); });
lines?.on('line', async (line) => { await insert(line); });`,
    errors: [
      { messageId: 'asyncFlowingListener' as const, line: 5, suggestions: [] },
      { messageId: 'asyncFlowingListener' as const, line: 6, suggestions: [] },
    ],
  },
];

untypedTester().run('no-async-data-handler (untyped)', rule, {
  invalid: [...invalid, ...javascriptInvalid],
  valid: [
    ...valid,
    // JavaScript (.cjs): the listener pauses its socket before the await and resumes it after.
    {
      filename: 'file.cjs',
      languageOptions: COMMONJS,
      code: `const net = require('net');
const { insert } = require('./db');
net.createServer((socket) => {
  socket.on('data', async (chunk) => {
    socket.pause();
    try { await insert(chunk); } finally { socket.resume(); }
  });
});`,
    },
    // Untyped, a Readable from an untracked factory is unknown.
    `import type { Readable } from 'node:stream';
     declare function openSource(): Readable;
     ${db}
     openSource().on('data', async (c) => { await db.insert(c); });`,
  ],
});

typedTester().run('no-async-data-handler (typed)', rule, {
  valid: [
    ...valid,
    // Types say the emitter is not a stream, whatever its 'data' event.
    `${db}
     class Feed { on(_e: 'data', _f: (x: unknown) => Promise<void>) { return this; } pipe() { return this; } }
     new Feed().on('data', async (x) => { await db.insert(x); });`,
  ],
  invalid: [
    // CommonJS without types: the typed program has no `require` typings for a .ts file.
    ...invalid.filter((c) => !c.code.includes('require(')),
    {
      name: 'typed: a Readable from an untracked factory',
      code: `import type { Readable } from 'node:stream';
declare function openSource(): Readable;
${db}
openSource().on('data', async (c) => { await db.insert(c); });`,
      errors: [{ messageId: 'asyncFlowingListener' as const, suggestions: [] }],
    },
    {
      name: 'typed: a readline interface handed in as a parameter of an inferred type',
      code: `import { createInterface } from 'node:readline';
${db}
const make = () => createInterface({ input: process.stdin });
export function f(rl: ReturnType<typeof make>) {
  rl.on('line', async (l) => { await db.insert(l); });
}`,
      errors: [{ messageId: 'asyncFlowingListener' as const, suggestions: [] }],
    },
  ],
});

describe('no-async-data-handler suggestions leave code that type-checks', () => {
  const outputs = invalid.flatMap((c) =>
    c.errors.flatMap((e) => ('suggestions' in e ? e.suggestions : []).map((s) => ({ name: c.name, output: s.output }))),
  );
  it('has suggestion outputs to check', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(3);
  });
  for (const { name, output } of outputs) {
    it(name, () => {
      expect(typeErrors(output)).toEqual([]);
    });
  }
  it('the incorrect readline example type-checks as written', () => {
    expect(typeErrors(lineBad)).toEqual([]);
  });
});
