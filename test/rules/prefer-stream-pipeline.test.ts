import { describe, expect, it } from 'vitest';
import { typeErrors } from '../support/typecheck.js';
import rule from '../../src/rules/prefer-stream-pipeline.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';

const valid = [
  // The promise form: one await, every stream destroyed on failure.
  `import { createReadStream, createWriteStream } from 'node:fs';
   import { createGzip } from 'node:zlib';
   import { pipeline } from 'node:stream/promises';
   export async function archive(src: string, dst: string) {
     await pipeline(createReadStream(src), createGzip(), createWriteStream(dst));
   }`,
  // The callback form.
  `import { createReadStream, createWriteStream } from 'node:fs';
   import { pipeline } from 'node:stream';
   export function copy(a: string, b: string, done: (err: Error | null) => void) {
     pipeline(createReadStream(a), createWriteStream(b), done);
   }`,
  // RxJS pipe takes operators, not streams.
  `import { interval, map, take } from 'rxjs';
   interval(1000).pipe(map((n) => n * 2), take(5)).subscribe((n) => console.log(n));`,
  `import { Subject } from 'rxjs';
   import { filter } from 'rxjs/operators';
   const ticks = new Subject<number>();
   export const even = ticks.pipe(filter((n) => n % 2 === 0));`,
  // Manual cleanup per the Node docs caveat: the source destroys the response on error, the
  // request's close destroys the source.
  `import { createReadStream } from 'node:fs';
   import http from 'node:http';
   http.createServer((req, res) => {
     const src = createReadStream('/srv/report.csv');
     src.on('error', () => res.destroy());
     req.on('close', () => src.destroy());
     src.pipe(res);
   });`,
  // Every stream's error listener destroys the others, through a helper of the file.
  `import { createReadStream, createWriteStream } from 'node:fs';
   import { createGzip } from 'node:zlib';
   export function archive(from: string, to: string) {
     const src = createReadStream(from);
     const gz = createGzip();
     const out = createWriteStream(to);
     const cleanup = () => { [src, gz, out].forEach((s) => s.destroy()); };
     src.on('error', cleanup);
     gz.on('error', cleanup);
     out.on('error', cleanup);
     src.pipe(gz).pipe(out);
   }`,
  // Chain handed to pipeline(): errors are managed there.
  `import { createReadStream, createWriteStream } from 'node:fs';
   import { createGzip } from 'node:zlib';
   import { pipeline } from 'node:stream';
   const gz = createGzip();
   pipeline(createReadStream('a').pipe(gz), createWriteStream('b'), () => {});`,
  // A pipe method on something that is not a stream.
  `const transformer = { pipe: (x: number) => x + 1 };
   export const y = transformer.pipe(1);`,
  // Unknown receivers: nothing says they are Node streams.
  `export function relay(source: { pipe(d: unknown): unknown }, dest: unknown) {
     source.pipe(dest);
   }`,
  // stdout is never closed by pipe() and lives as long as the process.
  `import { createReadStream } from 'node:fs';
   createReadStream('notes.txt').pipe(process.stdout);`,
  // on-finished style cleanup on the response, error listener on the source.
  `import { createReadStream } from 'node:fs';
   import http from 'node:http';
   import onFinished from 'on-finished';
   http.createServer((req, res) => {
     const file = createReadStream('big.bin');
     file.on('error', () => { res.statusCode = 500; res.end(); });
     onFinished(res, () => file.destroy());
     file.pipe(res);
   });`,
  // A local function shadows the import name: not fs's factory.
  `export function local(out: { write(s: string): void }) {
     const createReadStream = (_: string) => ({ pipe: (o: unknown) => o });
     createReadStream('x').pipe(out);
   }`,
  // Error listeners wired in both directions with bind.
  `import net from 'node:net';
   export function proxy(client: net.Socket) {
     const upstream = net.connect(5432, 'db');
     client.on('close', upstream.destroy.bind(upstream));
     upstream.on('close', client.destroy.bind(client));
     client.pipe(upstream);
   }`,
  // Handed to pump() or compose(): managed there.
  `import pump from 'pump';
   import { compose } from 'node:stream';
   import { createReadStream, createWriteStream } from 'node:fs';
   import { createGzip } from 'node:zlib';
   pump(createReadStream('a').pipe(createGzip()), createWriteStream('b'));
   export const gz = compose(createReadStream('c').pipe(createGzip()));`,
  // Async-generator stages: pipeline() drives them with the destination's demand.
  `import { createReadStream, createWriteStream } from 'node:fs';
   import { pipeline } from 'node:stream/promises';
   export async function upper(from: string, to: string) {
     await pipeline(
       createReadStream(from),
       async function* (source: AsyncIterable<Buffer>) {
         for await (const chunk of source) yield chunk.toString().toUpperCase();
       },
       createWriteStream(to),
     );
   }`,
  // Readable.from() handed to pipeline(), in both forms.
  `import { Readable } from 'node:stream';
   import { pipeline } from 'node:stream/promises';
   import { pipeline as pipelineCallback } from 'node:stream';
   import { createWriteStream } from 'node:fs';
   export async function dump(rows: Iterable<string>) {
     await pipeline(Readable.from(rows), createWriteStream('rows.txt'));
   }
   export function dumpLater(rows: Iterable<string>) {
     pipelineCallback(Readable.from(rows), createWriteStream('later.txt'), (err) => { if (err) console.error(err); });
   }`,
  // Bad input shapes that must not throw.
  `import { createReadStream } from 'node:fs';
   const s = createReadStream('x');
   s.pipe();
   (s as any).pipe;`,
];

const archiveBad = `import { createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';

export async function archive(src: string, dst: string) {
  createReadStream(src).pipe(createGzip()).pipe(createWriteStream(dst));
}`;

const invalid = [
  {
    name: 'autofix: last statement of an async function, value unused, streams used nowhere else',
    code: archiveBad,
    output: `import { createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';

export async function archive(src: string, dst: string) {
  await pipeline(createReadStream(src), createGzip(), createWriteStream(dst));
}`,
    errors: [{ messageId: 'unmanagedPipe' as const, line: 5 }],
  },
  {
    name: 'not the last statement: a callback-form suggestion instead of the autofix',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
export async function copy(a: string, b: string) {
  createReadStream(a).pipe(createWriteStream(b));
  console.log('copy started');
}`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream';
export async function copy(a: string, b: string) {
  pipeline(createReadStream(a), createWriteStream(b), (err) => { if (err) console.error('pipeline failed', err); });
  console.log('copy started');
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'returned from an http handler: the callback form keeps the returned destination',
    code: `import { createReadStream } from 'node:fs';
import http from 'node:http';
http.createServer((req, res) => {
  return createReadStream('/srv/' + String(req.url)).pipe(res);
});`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream } from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream';
http.createServer((req, res) => {
  return pipeline(createReadStream('/srv/' + String(req.url)), res, (err) => { if (err) console.error('pipeline failed', err); });
});`,
          },
        ],
      },
    ],
  },
  {
    name: 'promise wrapper that only listens on the destination',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
export function unpack(from: string, to: string) {
  return new Promise<void>((resolve, reject) => {
    createReadStream(from).pipe(createGunzip()).pipe(createWriteStream(to)).on('finish', () => resolve()).on('error', reject);
  });
}`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream, createWriteStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream';
export function unpack(from: string, to: string) {
  return new Promise<void>((resolve, reject) => {
    pipeline(createReadStream(from), createGunzip(), createWriteStream(to), (err) => { if (err) console.error('pipeline failed', err); }).on('finish', () => resolve()).on('error', reject);
  });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'cleanup in one direction only: the source is never destroyed when the file fails',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
export function copy(a: string, b: string) {
  const src = createReadStream(a);
  const out = createWriteStream(b);
  src.on('error', () => out.destroy());
  src.pipe(out);
}`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        data: { stream: 'src' },
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream';
export function copy(a: string, b: string) {
  const src = createReadStream(a);
  const out = createWriteStream(b);
  src.on('error', () => out.destroy());
  pipeline(src, out, (err) => { if (err) console.error('pipeline failed', err); });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'autofix aliases pipeline when the name is taken',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
const pipeline = ['extract', 'load'];
export async function run() {
  createReadStream(pipeline.join('.')).pipe(createWriteStream('out'));
}`,
    output: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline as pipelineAsync } from 'node:stream/promises';
const pipeline = ['extract', 'load'];
export async function run() {
  await pipelineAsync(createReadStream(pipeline.join('.')), createWriteStream('out'));
}`,
    errors: [{ messageId: 'unmanagedPipe' as const }],
  },
  {
    name: 'autofix reuses an existing stream/promises import',
    code: `import { pipeline as run } from 'node:stream/promises';
import { createReadStream, createWriteStream } from 'node:fs';
export async function first() {
  await run(createReadStream('a'), createWriteStream('b'));
}
export async function second(from: string) {
  const src = createReadStream(from);
  src.pipe(createWriteStream(from + '.bak'));
}`,
    output: `import { pipeline as run } from 'node:stream/promises';
import { createReadStream, createWriteStream } from 'node:fs';
export async function first() {
  await run(createReadStream('a'), createWriteStream('b'));
}
export async function second(from: string) {
  const src = createReadStream(from);
  await run(src, createWriteStream(from + '.bak'));
}`,
    errors: [{ messageId: 'unmanagedPipe' as const, line: 8 }],
  },
  {
    name: 'suggestion reuses the callback pipeline already imported',
    code: `import { pipeline } from 'stream';
import { createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
export function both() {
  pipeline(createReadStream('a'), createWriteStream('b'), () => {});
  createReadStream('c').pipe(createGzip()).pipe(createWriteStream('c.gz'));
}`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        line: 6,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { pipeline } from 'stream';
import { createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
export function both() {
  pipeline(createReadStream('a'), createWriteStream('b'), () => {});
  pipeline(createReadStream('c'), createGzip(), createWriteStream('c.gz'), (err) => { if (err) console.error('pipeline failed', err); });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'a stream referenced elsewhere blocks the autofix even as the last statement',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
export async function save(path: string) {
  const out = createWriteStream(path);
  out.on('finish', () => console.log('saved'));
  createReadStream('tmp').pipe(out);
}`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream';
export async function save(path: string) {
  const out = createWriteStream(path);
  out.on('finish', () => console.log('saved'));
  pipeline(createReadStream('tmp'), out, (err) => { if (err) console.error('pipeline failed', err); });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'async request handler: its promise is dropped by http, so no await autofix, only the callback form',
    code: `import { createReadStream } from 'node:fs';
import http from 'node:http';
http.createServer(async (req, res) => {
  createReadStream('/srv/big.bin').pipe(res);
});`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream } from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream';
http.createServer(async (req, res) => {
  pipeline(createReadStream('/srv/big.bin'), res, (err) => { if (err) console.error('pipeline failed', err); });
});`,
          },
        ],
      },
    ],
  },
  {
    name: 'Express 4 style route callback: no await autofix',
    code: `import { createReadStream } from 'node:fs';
declare const app: { get(path: string, handler: (req: unknown, res: NodeJS.WritableStream) => void): void };
app.get('/dl', async (req, res) => {
  createReadStream('/srv/big.bin').pipe(res);
});`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
declare const app: { get(path: string, handler: (req: unknown, res: NodeJS.WritableStream) => void): void };
app.get('/dl', async (req, res) => {
  pipeline(createReadStream('/srv/big.bin'), res, (err) => { if (err) console.error('pipeline failed', err); });
});`,
          },
        ],
      },
    ],
  },
  {
    name: 'async event listener and a named async function handed to an emitter: no await autofix',
    code: `import { EventEmitter } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
export const jobs = new EventEmitter();
jobs.on('archive', async (path: string) => {
  createReadStream(path).pipe(createWriteStream(path + '.bak'));
});
async function copy(path: string) {
  createReadStream(path).pipe(createWriteStream(path + '.copy'));
}
jobs.on('copy', copy);`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        line: 5,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { EventEmitter } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream';
export const jobs = new EventEmitter();
jobs.on('archive', async (path: string) => {
  pipeline(createReadStream(path), createWriteStream(path + '.bak'), (err) => { if (err) console.error('pipeline failed', err); });
});
async function copy(path: string) {
  createReadStream(path).pipe(createWriteStream(path + '.copy'));
}
jobs.on('copy', copy);`,
          },
        ],
      },
      {
        messageId: 'unmanagedPipe' as const,
        line: 8,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { EventEmitter } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream';
export const jobs = new EventEmitter();
jobs.on('archive', async (path: string) => {
  createReadStream(path).pipe(createWriteStream(path + '.bak'));
});
async function copy(path: string) {
  pipeline(createReadStream(path), createWriteStream(path + '.copy'), (err) => { if (err) console.error('pipeline failed', err); });
}
jobs.on('copy', copy);`,
          },
        ],
      },
    ],
  },
  {
    name: 'an async method whose promise a caller in the file drops: no await autofix',
    code: `import { createReadStream } from 'node:fs';
import http from 'node:http';
export class Downloads {
  async serve(res: http.ServerResponse) {
    createReadStream('/srv/big.bin').pipe(res);
  }
  listen() {
    http.createServer((req, res) => { this.serve(res); });
  }
}`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream } from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream';
export class Downloads {
  async serve(res: http.ServerResponse) {
    pipeline(createReadStream('/srv/big.bin'), res, (err) => { if (err) console.error('pipeline failed', err); });
  }
  listen() {
    http.createServer((req, res) => { this.serve(res); });
  }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'autofix where every visible caller awaits or returns the promise',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
const backup = async (path: string) => {
  createReadStream(path).pipe(createWriteStream(path + '.bak'));
};
export async function nightly(paths: string[]) {
  for (const p of paths) await backup(p);
  return backup('index');
}`,
    output: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
const backup = async (path: string) => {
  await pipeline(createReadStream(path), createWriteStream(path + '.bak'));
};
export async function nightly(paths: string[]) {
  for (const p of paths) await backup(p);
  return backup('index');
}`,
    errors: [{ messageId: 'unmanagedPipe' as const }],
  },
  {
    name: 'pipe with options has no pipeline() equivalent: reported without a fix',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
export async function append(parts: string[], to: string) {
  const out = createWriteStream(to);
  for (const p of parts) createReadStream(p).pipe(out, { end: false });
}`,
    errors: [{ messageId: 'unmanagedPipe' as const, suggestions: [] }],
  },
  {
    name: 'optional call, computed member and spread arguments',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
const src = createReadStream('a');
const outs = [createWriteStream('b')] as const;
export function f() {
  src?.pipe(createWriteStream('c'));
  src['pipe'](...outs);
}`,
    errors: [
      { messageId: 'unmanagedPipe' as const, line: 5, suggestions: [] },
      { messageId: 'unmanagedPipe' as const, line: 6, suggestions: [] },
    ],
  },
  {
    name: 'source returned from a helper, Readable.from, process.stdin',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
function open(path: string) {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}
export function three(rows: string[]) {
  const a = open('x');
  a.pipe(createWriteStream('y'));
  Readable.from(rows).pipe(createWriteStream('rows'));
  process.stdin.pipe(createGzip()).pipe(createWriteStream('in.gz'));
}`,
    errors: [
      { messageId: 'unmanagedPipe' as const, line: 9, suggestions: [{ messageId: 'callbackPipeline' as const, output: `import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream';
function open(path: string) {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}
export function three(rows: string[]) {
  const a = open('x');
  pipeline(a, createWriteStream('y'), (err) => { if (err) console.error('pipeline failed', err); });
  Readable.from(rows).pipe(createWriteStream('rows'));
  process.stdin.pipe(createGzip()).pipe(createWriteStream('in.gz'));
}` }] },
      { messageId: 'unmanagedPipe' as const, line: 10, suggestions: [{ messageId: 'callbackPipeline' as const, output: `import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream';
function open(path: string) {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}
export function three(rows: string[]) {
  const a = open('x');
  a.pipe(createWriteStream('y'));
  pipeline(Readable.from(rows), createWriteStream('rows'), (err) => { if (err) console.error('pipeline failed', err); });
  process.stdin.pipe(createGzip()).pipe(createWriteStream('in.gz'));
}` }] },
      { messageId: 'unmanagedPipe' as const, line: 11, suggestions: [{ messageId: 'callbackPipeline' as const, output: `import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream';
function open(path: string) {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}
export function three(rows: string[]) {
  const a = open('x');
  a.pipe(createWriteStream('y'));
  Readable.from(rows).pipe(createWriteStream('rows'));
  pipeline(process.stdin, createGzip(), createWriteStream('in.gz'), (err) => { if (err) console.error('pipeline failed', err); });
}` }] },
    ],
  },
  {
    name: 'listener on the source inside the chain: kept in the suggestion, destination still unmanaged',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
export function copy(onError: (e: Error) => void) {
  createReadStream('a').on('error', onError).pipe(createWriteStream('b'));
}`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream';
export function copy(onError: (e: Error) => void) {
  pipeline(createReadStream('a').on('error', onError), createWriteStream('b'), (err) => { if (err) console.error('pipeline failed', err); });
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'class field streams, CommonJS require',
    code: `const fs = require('fs');
const zlib = require('zlib');
class Archiver {
  constructor(path) {
    this.out = fs.createWriteStream(path);
  }
  add(file) {
    fs.createReadStream(file).pipe(zlib.createGzip()).pipe(this.out);
  }
}
module.exports = Archiver;`,
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        line: 8,
        data: { stream: 'fs.createReadStream(file)' },
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `const fs = require('fs');
const zlib = require('zlib');
const { pipeline } = require('node:stream');
class Archiver {
  constructor(path) {
    this.out = fs.createWriteStream(path);
  }
  add(file) {
    pipeline(fs.createReadStream(file), zlib.createGzip(), this.out, (err) => { if (err) console.error('pipeline failed', err); });
  }
}
module.exports = Archiver;`,
          },
        ],
      },
    ],
  },
];

invalid.push(
  {
    name: 'stream passed through several variables; a listener between stages blocks the rewrite',
    code: `import { createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
export function f(onGzipError: (e: Error) => void) {
  const a = createReadStream('in');
  const b = a;
  const source = b;
  source.pipe(createGzip()).on('error', onGzipError).pipe(createWriteStream('out.gz'));
}`,
    errors: [{ messageId: 'unmanagedPipe' as const, line: 7, data: { stream: 'source' }, suggestions: [] }],
  },
);

const untypedOnlyInvalid = [
  {
    name: 'gulpfiles are checked when ignoreGulpfiles is off',
    code: `const { createReadStream, createWriteStream } = require('fs');
createReadStream('a').pipe(createWriteStream('b'));`,
    filename: 'gulpfile.js',
    options: [{ ignoreGulpfiles: false }] as [{ ignoreGulpfiles: boolean }],
    errors: [
      {
        messageId: 'unmanagedPipe' as const,
        suggestions: [
          {
            messageId: 'callbackPipeline' as const,
            output: `const { createReadStream, createWriteStream } = require('fs');
const { pipeline } = require('node:stream');
pipeline(createReadStream('a'), createWriteStream('b'), (err) => { if (err) console.error('pipeline failed', err); });`,
          },
        ],
      },
    ],
  },
];

untypedTester().run('prefer-stream-pipeline (untyped)', rule, {
  valid: [
    ...valid,
    {
      code: `const { createReadStream, createWriteStream } = require('fs');
createReadStream('a').pipe(createWriteStream('b'));`,
      filename: 'gulpfile.js',
    },
    // Untyped, a Readable from an untracked factory is unknown: quiet.
    `import type { Readable, Writable } from 'node:stream';
     declare function openSource(): Readable;
     export function f(out: Writable) { openSource().pipe(out); }`,
  ],
  invalid: [...invalid, ...untypedOnlyInvalid],
});

typedTester().run('prefer-stream-pipeline (typed)', rule, {
  valid: [
    ...valid,
    // Types veto a tracked name used for something else.
    `class Flow { pipe(_n: number) { return this; } }
     export function f(flow: Flow) { flow.pipe(1).pipe(2); }`,
  ],
  invalid: [
    // CommonJS without types: the typed program has no `require` typings for a .ts file.
    ...invalid.filter((c) => !c.code.includes("require('fs')")),
    {
      name: 'typed: a Readable returned by an untracked factory',
      code: `import type { Readable, Writable } from 'node:stream';
declare function openSource(): Readable;
export function f(out: Writable) { openSource().pipe(out); }`,
      errors: [{ messageId: 'unmanagedPipe' as const, suggestions: [{ messageId: 'callbackPipeline' as const, output: `import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream';
declare function openSource(): Readable;
export function f(out: Writable) { pipeline(openSource(), out, (err) => { if (err) console.error('pipeline failed', err); }); }` }] }],
    },
  ],
});

describe('prefer-stream-pipeline fixes leave code that type-checks', () => {
  const outputs = [
    ...invalid.flatMap((c) => ('output' in c && typeof c.output === 'string' ? [{ name: `${c.name} (autofix)`, output: c.output }] : [])),
    ...invalid.flatMap((c) =>
      c.errors.flatMap((e) => ('suggestions' in e && Array.isArray(e.suggestions) ? (e.suggestions as { output: string }[]) : []).map((s) => ({ name: c.name, output: s.output }))),
    ),
  ];
  it('has fix outputs to check', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(9);
  });
  for (const { name, output } of outputs) {
    // Plain CommonJS JavaScript cases: there are no types to check.
    it.skipIf(output.includes("require('"))(name, () => {
      expect(typeErrors(output)).toEqual([]);
    });
  }
  it('the untouched incorrect code type-checks too (so the fixed one is a fair comparison)', () => {
    expect(typeErrors(archiveBad)).toEqual([]);
  });
});
