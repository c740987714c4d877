import { describe, expect, it } from 'vitest';
import { typeErrors } from '../support/typecheck.js';
import rule from '../../src/rules/no-ignored-write.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';

const valid = [
  // Drain awaited with events.once.
  `import { createConnection } from 'node:net';
   import { once } from 'node:events';
   export async function exportRows(rows: AsyncIterable<string>) {
     const sock = createConnection({ host: 'warehouse', port: 9009 });
     for await (const row of rows) {
       if (!sock.write(row + '\\n')) await once(sock, 'drain');
     }
     sock.end();
   }`,
  // Callback form: pause the source until the destination drains.
  `import type { Readable, Writable } from 'node:stream';
   export function relay(src: Readable, dst: Writable) {
     src.on('data', (chunk: Buffer) => {
       if (!dst.write(chunk)) {
         src.pause();
         dst.once('drain', () => src.resume());
       }
     });
     src.on('end', () => dst.end());
   }`,
  // writableNeedDrain guard: ticks are dropped for a slow client.
  `import http from 'node:http';
   import { EventEmitter } from 'node:events';
   const ticks = new EventEmitter();
   http.createServer((req, res) => {
     res.writeHead(200, { 'Content-Type': 'text/event-stream' });
     const onTick = (msg: string) => {
       if (res.writableNeedDrain) return;
       res.write(\`data: \${msg}\\n\\n\`);
     };
     ticks.on('message', onTick);
   });`,
  // Result used later.
  `import { createWriteStream } from 'node:fs';
   export async function dump(lines: string[]) {
     const out = createWriteStream('/tmp/out.txt');
     for (const line of lines) {
       const ok = out.write(line);
       if (!ok) await new Promise((resolve) => out.once('drain', resolve));
     }
   }`,
  // A single write outside loops and handlers.
  `import { createWriteStream } from 'node:fs';
   export function header(path: string) {
     const out = createWriteStream(path);
     out.write('id,name\\n');
     return out;
   }`,
  // end() in a loop is not write().
  `import { createWriteStream } from 'node:fs';
   export function closeAll(paths: string[]) {
     for (const p of paths) createWriteStream(p).end('bye');
   }`,
  // A logger with its own write method is not a stream.
  `const logger = { write(msg: string) { console.log(msg); } };
   export function logAll(items: string[]) {
     for (const item of items) logger.write(item);
   }`,
  // stdout writes are logging (checkStdio is off by default).
  `export function printAll(items: string[]) {
     for (const item of items) process.stdout.write(item + '\\n');
   }`,
  // fs.writeSync is not a stream write.
  `import fs from 'node:fs';
   export function dumpSync(fd: number, items: string[]) {
     for (const item of items) fs.writeSync(fd, item);
   }`,
  // ws send is another rule's business.
  `import { WebSocketServer } from 'ws';
   const wss = new WebSocketServer({ port: 8080 });
   export function broadcast(msg: string) {
     for (const client of wss.clients) client.send(msg);
   }`,
  // this.push() in a Transform is not a write.
  `import { Transform } from 'node:stream';
   export class Upper extends Transform {
     override _transform(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
       for (const line of chunk.toString().split('\\n')) this.push(line.toUpperCase());
       cb();
     }
   }`,
  // A helper of this file that waits for drain.
  `import { createConnection, type Socket } from 'node:net';
   function waitForDrain(s: Socket) { return new Promise((r) => s.once('drain', r)); }
   export async function send(rows: string[]) {
     const sock = createConnection(9000);
     for (const row of rows) {
       sock.write(row);
       if (sock.writableLength > sock.writableHighWaterMark) await waitForDrain(sock);
     }
   }`,
  // A drain listener for the stream that resumes the source the data listener feeds from.
  `import { createWriteStream, createReadStream } from 'node:fs';
   const out = createWriteStream('o');
   const src = createReadStream('i');
   src.on('data', (chunk) => { out.write(chunk); if (out.writableLength > 1 << 20) src.pause(); });
   out.on('drain', () => src.resume());`,
  // Drain awaited through a callback handed to a call on the write's path.
  `import { createWriteStream } from 'node:fs';
   export async function dump(rows: string[]) {
     const out = createWriteStream('/tmp/out.txt');
     for (const r of rows) {
       out.write(r);
       await new Promise((resolve) => out.once('drain', resolve));
     }
   }`,
  // The write's result decides what happens next: it is used.
  `import { createWriteStream } from 'node:fs';
   const out = createWriteStream('x');
   export function f(rows: string[], pending: string[]) {
     for (const r of rows) out.write(r) || pending.push(r);
     for (const r of rows) if (!(r && out.write(r))) break;
     const allWritten = rows.map((r) => out.write(r)).every(Boolean);
     const last = (pending.shift(), out.write('end'));
     return allWritten && last;
   }`,
  // A write inside a once('drain') callback does not repeat.
  `import { createWriteStream } from 'node:fs';
   export function later(lines: string[]) {
     const out = createWriteStream('/tmp/x');
     out.once('drain', () => { out.write(lines.join('\\n')); });
   }`,
  // writableLength compared with the high-water mark before writing.
  `import { PassThrough } from 'node:stream';
   const tee = new PassThrough();
   export function feed(chunks: Buffer[]) {
     for (const c of chunks) {
       if (tee.writableLength >= tee.writableHighWaterMark) break;
       tee.write(c);
     }
   }`,
  // Unknown receiver with a write method (no import says it is a stream).
  `export function emitAll(sink: { write(s: string): void }, items: string[]) {
     for (const item of items) sink.write(item);
   }`,
  // Shadowed import: a local variable named like the factory.
  `export function local(items: string[]) {
     const createWriteStream = (_: string) => ({ write: (_s: string) => true });
     const out = createWriteStream('x');
     for (const i of items) out.write(i);
   }`,
  // Each request brings its own response: one write and end() on it repeats nothing.
  `import { createServer } from 'node:http';
   import { readFileSync } from 'node:fs';
   createServer((req, res) => {
     const page = readFileSync('./index.html');
     res.writeHead(200, { 'content-type': 'text/html' });
     res.write(page);
     res.end();
   }).listen(3000);`,
  // Each connection's own socket gets one greeting.
  `import net from 'node:net';
   net.createServer((sock) => {
     sock.write('hello\\n');
     sock.on('data', (chunk) => console.log(chunk.length));
   }).listen(7000);`,
  // A stream opened inside the handler, written once.
  `import { createWriteStream } from 'node:fs';
   import { EventEmitter } from 'node:events';
   const jobs = new EventEmitter();
   jobs.on('message', (id: string) => {
     const out = createWriteStream(\`/tmp/\${id}.txt\`);
     out.write(id);
     out.end();
   });`,
  // One write to each socket, in a function that runs once.
  `import type { Socket } from 'node:net';
   export function announce(sockets: Set<Socket>, message: string): void {
     for (const sock of sockets) sock.write(message);
   }`,
];

const invalid = [
  {
    name: 'a loop over sockets inside a timer: each socket is written every tick',
    code: `import type { Socket } from 'node:net';
export function startTicker(sockets: Set<Socket>): void {
  setInterval(() => {
    for (const sock of sockets) sock.write('tick\\n');
  }, 100);
}`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 4, suggestions: [] }],
  },
  {
    name: 'forEach over sockets inside a timer',
    code: `import type { Socket } from 'node:net';
export function startTicker(sockets: Socket[]): void {
  setInterval(() => sockets.forEach((sock) => sock.write('tick\\n')), 100);
}`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 3, suggestions: [] }],
  },
  {
    name: 'for await into a socket',
    code: `import { createConnection } from 'node:net';
export async function exportRows(rows: AsyncIterable<string>) {
  const sock = createConnection({ host: 'warehouse', port: 9009 });
  for await (const row of rows) {
    sock.write(row + '\\n');
  }
  sock.end();
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        line: 5,
        suggestions: [
          {
            messageId: 'awaitDrain' as const,
            output: `import { createConnection } from 'node:net';
import { once } from 'node:events';
export async function exportRows(rows: AsyncIterable<string>) {
  const sock = createConnection({ host: 'warehouse', port: 9009 });
  for await (const row of rows) {
    if (!sock.write(row + '\\n')) await once(sock, 'drain');
  }
  sock.end();
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'data listener relays into a Writable parameter',
    code: `import type { Readable, Writable } from 'node:stream';
export function relay(src: Readable, dst: Writable) {
  src.on('data', (chunk: Buffer) => {
    dst.write(chunk);
  });
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        suggestions: [
          {
            messageId: 'pauseUntilDrain' as const,
            output: `import type { Readable, Writable } from 'node:stream';
export function relay(src: Readable, dst: Writable) {
  src.on('data', (chunk: Buffer) => {
    if (!dst.write(chunk)) {
      src.pause();
      dst.once('drain', () => src.resume());
    }
  });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'expression-bodied data listener gets the pause/resume suggestion as a block',
    code: `import type { Readable, Writable } from 'node:stream';
export function relay(upstream: Readable, dst: Writable): void {
  upstream.on('data', (chunk: Buffer) => dst.write(chunk));
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        suggestions: [
          {
            messageId: 'pauseUntilDrain' as const,
            output: `import type { Readable, Writable } from 'node:stream';
export function relay(upstream: Readable, dst: Writable): void {
  upstream.on('data', (chunk: Buffer) => {
    if (!dst.write(chunk)) {
      upstream.pause();
      dst.once('drain', () => upstream.resume());
    }
  });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'SSE response written from a pub/sub message listener',
    code: `import http from 'node:http';
import { EventEmitter } from 'node:events';
const ticks = new EventEmitter();
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  ticks.on('message', (msg: string) => {
    res.write(\`data: \${msg}\\n\\n\`);
  });
});`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 7, suggestions: [] }],
  },
  {
    name: 'kafkajs eachMessage writes to a file stream',
    code: `import { Kafka } from 'kafkajs';
import { createWriteStream } from 'node:fs';
const out = createWriteStream('/var/log/orders.ndjson');
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'archive' });
await consumer.run({
  eachMessage: async ({ message }) => {
    out.write(String(message.value) + '\\n');
  },
});`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        line: 7,
        suggestions: [
          {
            messageId: 'awaitDrain' as const,
            output: `import { Kafka } from 'kafkajs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
const out = createWriteStream('/var/log/orders.ndjson');
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'archive' });
await consumer.run({
  eachMessage: async ({ message }) => {
    if (!out.write(String(message.value) + '\\n')) await once(out, 'drain');
  },
});`,
          },
        ],
      },
    ],
  },
  {
    name: 'forEach into a gzip transform',
    code: `import { createGzip } from 'node:zlib';
export function compress(rows: string[]) {
  const out = createGzip();
  rows.forEach((r) => out.write(r));
  return out;
}`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 4 }],
  },
  {
    name: 'class field stream written in a loop',
    code: `import { createWriteStream, type WriteStream } from 'node:fs';
export class Exporter {
  private sink: WriteStream;
  constructor(path: string) {
    this.sink = createWriteStream(path);
  }
  async run(rows: string[]) {
    for (const row of rows) {
      this.sink.write(row);
    }
  }
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        line: 9,
        suggestions: [
          {
            messageId: 'awaitDrain' as const,
            output: `import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
export class Exporter {
  private sink: WriteStream;
  constructor(path: string) {
    this.sink = createWriteStream(path);
  }
  async run(rows: string[]) {
    for (const row of rows) {
      if (!this.sink.write(row)) await once(this.sink, 'drain');
    }
  }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'while loop on a net.Socket from new',
    code: `import net from 'node:net';
const sock = new net.Socket();
export function pump(next: () => string | undefined) {
  let item: string | undefined;
  while ((item = next()) !== undefined) {
    sock.write(item);
  }
}`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 6, suggestions: [] }],
  },
  {
    name: 'CommonJS require with destructuring',
    code: `const { createWriteStream } = require('fs');
const out = createWriteStream('out.csv');
for (let i = 0; i < 1e6; i++) {
  out.write(i + '\\n');
}`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 4 }],
  },
  {
    name: 'optional call and computed member',
    code: `import { createWriteStream } from 'node:fs';
const out = createWriteStream('x');
export function f(rows: string[]) {
  for (const r of rows) {
    out?.write(r);
    out['write'](r);
  }
}`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 5 }, { messageId: 'ignoredWrite' as const, line: 6 }],
  },
  {
    name: 'setInterval callback writing to a child process stdin',
    code: `import { spawn } from 'node:child_process';
const child = spawn('consumer');
setInterval(() => {
  child.stdin.write(JSON.stringify({ ts: Date.now() }));
}, 10);`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 4 }],
  },
  {
    name: 'stream returned from a helper of the same file',
    code: `import fs from 'node:fs';
function openSink(path: string) {
  return fs.createWriteStream(path, { flags: 'a' });
}
export async function save(events: AsyncIterable<string>) {
  const sink = openSink('/data/events.log');
  for await (const e of events) void sink.write(e);
}`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 7, suggestions: [] }],
  },
  {
    name: 'existing once import is reused; drain on another stream does not count',
    code: `import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
export async function two(rows: string[]) {
  const a = createWriteStream('a');
  const b = createWriteStream('b');
  for (const r of rows) {
    a.write(r);
    if (!b.write(r)) await once(b, 'drain');
  }
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        line: 7,
        suggestions: [
          {
            messageId: 'awaitDrain' as const,
            output: `import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
export async function two(rows: string[]) {
  const a = createWriteStream('a');
  const b = createWriteStream('b');
  for (const r of rows) {
    if (!a.write(r)) await once(a, 'drain');
    if (!b.write(r)) await once(b, 'drain');
  }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'readline line listener writing to an http request body',
    code: `import { createInterface } from 'node:readline';
import { request } from 'node:http';
import { createReadStream } from 'node:fs';
const upload = request({ method: 'POST', host: 'ingest', path: '/bulk' });
createInterface({ input: createReadStream('big.ndjson') }).on('line', (line) => {
  upload.write(line + '\\n');
});`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 6 }],
  },
  {
    name: 'name clash: a local once is taken',
    code: `import { PassThrough } from 'node:stream';
const once = (f: () => void) => f();
export async function go(out: PassThrough, items: string[]) {
  for (const i of items) {
    out.write(i);
  }
  once(() => undefined);
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        suggestions: [
          {
            messageId: 'awaitDrain' as const,
            output: `import { PassThrough } from 'node:stream';
import { once as onceEvent } from 'node:events';
const once = (f: () => void) => f();
export async function go(out: PassThrough, items: string[]) {
  for (const i of items) {
    if (!out.write(i)) await onceEvent(out, 'drain');
  }
  once(() => undefined);
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'a write standing alone before an else gets braces, so the else keeps its if',
    code: `import { createWriteStream } from 'node:fs';
const out = createWriteStream('x');
export async function f(rows: string[]) {
  for (const r of rows) if (r) out.write(r);
  else out.write('-');
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        line: 4,
        suggestions: [
          {
            messageId: 'awaitDrain' as const,
            output: `import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
const out = createWriteStream('x');
export async function f(rows: string[]) {
  for (const r of rows) if (r) { if (!out.write(r)) await once(out, 'drain'); }
  else out.write('-');
}`,
          },
        ],
      },
      {
        messageId: 'ignoredWrite' as const,
        line: 5,
        suggestions: [
          {
            messageId: 'awaitDrain' as const,
            output: `import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
const out = createWriteStream('x');
export async function f(rows: string[]) {
  for (const r of rows) if (r) out.write(r);
  else { if (!out.write('-')) await once(out, 'drain'); }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'a data listener whose write is a loop-free if branch gets the pause suggestion in braces',
    code: `import type { Readable, Writable } from 'node:stream';
export function relay(src: Readable, dst: Writable) {
  src.on('data', (chunk: Buffer) => {
    if (chunk.length > 0) dst.write(chunk);
    else src.destroy();
  });
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        suggestions: [
          {
            messageId: 'pauseUntilDrain' as const,
            output: `import type { Readable, Writable } from 'node:stream';
export function relay(src: Readable, dst: Writable) {
  src.on('data', (chunk: Buffer) => {
    if (chunk.length > 0) { if (!dst.write(chunk)) {
      src.pause();
      dst.once('drain', () => src.resume());
    } }
    else src.destroy();
  });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'drain handling in another function of the file does not pace a module-level listener',
    code: `import { createWriteStream, createReadStream } from 'node:fs';
import { once } from 'node:events';
const out = createWriteStream('o');
const src = createReadStream('i');
src.on('data', (chunk) => { out.write(chunk); });

export async function unrelated(rows: string[]) {
  for (const r of rows) if (!out.write(r)) await once(out, 'drain');
}`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        line: 5,
        suggestions: [
          {
            messageId: 'pauseUntilDrain' as const,
            output: `import { createWriteStream, createReadStream } from 'node:fs';
import { once } from 'node:events';
const out = createWriteStream('o');
const src = createReadStream('i');
src.on('data', (chunk) => { if (!out.write(chunk)) {
  src.pause();
  out.once('drain', () => src.resume());
} });

export async function unrelated(rows: string[]) {
  for (const r of rows) if (!out.write(r)) await once(out, 'drain');
}`,
          },
        ],
      },
    ],
  },
  {
    name: "a sibling data listener's drain handling does not pace another listener's writes",
    code: `import { createWriteStream, createReadStream } from 'node:fs';
const out = createWriteStream('o');
const a = createReadStream('a');
const b = createReadStream('b');
a.on('data', (chunk) => { out.write(chunk); });
b.on('data', (chunk) => {
  if (!out.write(chunk)) {
    b.pause();
    out.once('drain', () => b.resume());
  }
});`,
    errors: [
      {
        messageId: 'ignoredWrite' as const,
        line: 5,
        suggestions: [
          {
            messageId: 'pauseUntilDrain' as const,
            output: `import { createWriteStream, createReadStream } from 'node:fs';
const out = createWriteStream('o');
const a = createReadStream('a');
const b = createReadStream('b');
a.on('data', (chunk) => { if (!out.write(chunk)) {
  a.pause();
  out.once('drain', () => a.resume());
} });
b.on('data', (chunk) => {
  if (!out.write(chunk)) {
    b.pause();
    out.once('drain', () => b.resume());
  }
});`,
          },
        ],
      },
    ],
  },
  {
    name: 'results dropped by &&, ?:, a sequence and a map whose array is dropped',
    code: `import { createWriteStream } from 'node:fs';
const out = createWriteStream('x');
export async function f(rows: string[], cond: boolean) {
  for (const r of rows) cond && out.write(r);
  for (const r of rows) r ? out.write(r) : 0;
  for (const r of rows) (out.write(r), out.write('\\n'));
  rows.map((r) => out.write(r));
}`,
    errors: [
      { messageId: 'ignoredWrite' as const, line: 4, suggestions: [] },
      { messageId: 'ignoredWrite' as const, line: 5, suggestions: [] },
      { messageId: 'ignoredWrite' as const, line: 6, column: 26, suggestions: [] },
      { messageId: 'ignoredWrite' as const, line: 6, column: 40, suggestions: [] },
      { messageId: 'ignoredWrite' as const, line: 7, suggestions: [] },
    ],
  },
  {
    name: "a stream from TypeScript's import fs = require('fs')",
    code: `import fs = require('fs');
const out = fs.createWriteStream('x');
export function f(rows: string[]) {
  for (const r of rows) out.write(r);
}`,
    errors: [{ messageId: 'ignoredWrite' as const, line: 4, suggestions: [] }],
  },
];

untypedTester().run('no-ignored-write (untyped)', rule, {
  valid: [
    ...valid,
    { code: `for (const x of [1, 2]) process.stdout.write(String(x));`, options: [{ checkStdio: false }] },
  ],
  invalid: [
    ...invalid,
    {
      name: 'CommonJS file: the suggestion adds a require, not an import',
      code: `const fs = require('node:fs');
async function dump(rows) {
  const out = fs.createWriteStream('rows.csv');
  for (const r of rows) {
    out.write(r);
  }
}
module.exports = { dump };`,
      errors: [
        {
          messageId: 'ignoredWrite',
          suggestions: [
            {
              messageId: 'awaitDrain',
              output: `const { once } = require('node:events');
const fs = require('node:fs');
async function dump(rows) {
  const out = fs.createWriteStream('rows.csv');
  for (const r of rows) {
    if (!out.write(r)) await once(out, 'drain');
  }
}
module.exports = { dump };`,
            },
          ],
        },
      ],
    },
    {
      name: 'stdio reported when checkStdio is on',
      code: `for (const x of [1, 2]) process.stdout.write(String(x));`,
      options: [{ checkStdio: true }],
      errors: [{ messageId: 'ignoredWrite' }],
    },
  ],
});

typedTester().run('no-ignored-write (typed)', rule, {
  valid: [
    ...valid,
    // A stream passed around under the name stderr is a log sink, like process.stderr.
    `export function report(io: { stderr: NodeJS.WritableStream }, lines: string[]) {
       for (const line of lines) io.stderr.write(line + '\\n');
     }`,
    // Types say it is not a writable: a same-named method returning void.
    `class Buffered { write(_s: string): void {} end() {} once() {} }
     const b = new Buffered();
     export function f(items: string[]) { for (const i of items) b.write(i); }`,
  ],
  invalid: [
    ...invalid,
    {
      name: 'typed: a writable that import tracking cannot see (returned by an untracked factory)',
      code: `import type { Writable } from 'node:stream';
declare function openSink(): Writable;
export function f(items: string[]) {
  const sink = openSink();
  for (const i of items) sink.write(i);
}`,
      errors: [{ messageId: 'ignoredWrite' }],
    },
    {
      name: 'typed: an injected stderr is reported when checkStdio is on',
      code: `export function report(io: { stderr: NodeJS.WritableStream }, lines: string[]) {
  for (const line of lines) io.stderr.write(line);
}`,
      options: [{ checkStdio: true }],
      errors: [{ messageId: 'ignoredWrite' }],
    },
    {
      name: 'typed: NodeJS.WritableStream parameter',
      code: `export function f(out: NodeJS.WritableStream, items: string[]) {
  items.forEach((i) => { out.write(i); });
}`,
      errors: [{ messageId: 'ignoredWrite' }],
    },
  ],
});

describe('no-ignored-write suggestions leave code that type-checks', () => {
  const outputs = invalid.flatMap((c) => c.errors.flatMap((e) => ('suggestions' in e ? e.suggestions : []).map((s) => ({ name: c.name, output: s.output }))));
  it('has suggestion outputs to check', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(4);
  });
  for (const { name, output } of outputs) {
    it(name, () => {
      expect(typeErrors(output)).toEqual([]);
    });
  }
});
