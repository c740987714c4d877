import { describe, expect, it } from 'vitest';
import { typeErrors } from '../support/typecheck.js';
import rule from '../../src/rules/no-unchecked-broadcast.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';
import type { TestLanguageOptions } from '@typescript-eslint/rule-tester';

// ESLint's languageOptions.sourceType (its default for .cjs files: `require` and `module` become
// declared globals): the rule tester passes it on to ESLint, but its type does not list it.
const COMMONJS = { sourceType: 'commonjs' } as TestLanguageOptions;

const valid: string[] = [
  // Skip a tick for clients that still hold ~1 MiB unsent.
  `import { WebSocketServer, WebSocket } from 'ws';
   declare function snapshot(): unknown;
   const MAX_BUFFERED_BYTES = 1 << 20;
   const wss = new WebSocketServer({ port: 8080 });
   setInterval(() => {
     const frame = JSON.stringify(snapshot());
     for (const client of wss.clients) {
       if (client.readyState !== WebSocket.OPEN) continue;
       if (client.bufferedAmount > MAX_BUFFERED_BYTES) continue;
       client.send(frame);
     }
   }, 250);`,
  // readyState and bufferedAmount in one condition.
  `import { WebSocketServer, WebSocket } from 'ws';
   const wss = new WebSocketServer({ port: 8080 });
   export function broadcast(frame: string) {
     wss.clients.forEach((client) => {
       if (client.readyState === WebSocket.OPEN && client.bufferedAmount < 65536) client.send(frame);
     });
   }`,
  // The guard sits in a filter in front of the loop, or in the variable's initialiser.
  `import { WebSocketServer } from 'ws';
   const wss = new WebSocketServer({ port: 8080 });
   export function broadcast(frame: string) {
     [...wss.clients].filter((c) => c.bufferedAmount < 1e6).forEach((c) => c.send(frame));
     const ready = Array.from(wss.clients).filter((c) => c.bufferedAmount === 0);
     for (const c of ready) c.send(frame);
   }`,
  // A guard helper of the same file.
  `import { WebSocketServer, type WebSocket } from 'ws';
   const LIMIT = 1 << 20;
   function canSend(ws: WebSocket) { return ws.bufferedAmount < LIMIT; }
   const wss = new WebSocketServer({ port: 8080 });
   setInterval(() => { for (const c of wss.clients) if (canSend(c)) c.send('tick'); }, 100);`,
  // A reply to the one client that asked.
  `import { WebSocketServer } from 'ws';
   new WebSocketServer({ port: 8080 }).on('connection', (ws) => {
     ws.on('message', (data) => ws.send(data));
   });`,
  // send on things that are not ws sockets.
  `interface Outbox { send(body: string): void }
   export function fanOut(boxes: Outbox[], body: string) {
     for (const box of boxes) box.send(body);
   }
   process.send?.('ready');`,
  // socket.io: volatile emits from a timer, also through an alias.
  `import { Server } from 'socket.io';
   declare function snapshot(): unknown;
   const io = new Server(3000);
   setInterval(() => io.to('dashboard').volatile.emit('tick', snapshot()), 250);
   const dash = io.of('/dash').volatile;
   setInterval(() => dash.emit('tick', snapshot()), 250);
   setInterval(() => io.volatile.emit('tick', 1), 250);`,
  // socket.io: emits with acknowledgement.
  `import { Server } from 'socket.io';
   const io = new Server(3000);
   setInterval(() => io.timeout(1000).emit('tick', 1, () => undefined), 250);
   setInterval(async () => { await io.emitWithAck('tick', 1); }, 250);`,
  // socket.io: replies, one-off broadcasts in connection and message handlers.
  `import { Server } from 'socket.io';
   const io = new Server(3000);
   io.on('connection', (socket) => {
     io.emit('joined', socket.id);
     socket.on('ping', () => socket.emit('pong'));
     socket.on('chat', (msg: string) => socket.broadcast.emit('chat', msg));
   });`,
  // A per-connection timer emitting to its own socket is not a broadcast.
  `import { Server } from 'socket.io';
   const io = new Server(3000);
   io.on('connection', (socket) => {
     const t = setInterval(() => socket.emit('tick', Date.now()), 1000);
     socket.on('disconnect', () => clearInterval(t));
   });`,
  // A finite RxJS source is not a high-frequency trigger.
  `import { of } from 'rxjs';
   import { Server } from 'socket.io';
   const io = new Server(3000);
   of(1, 2, 3).subscribe((n) => io.emit('n', n));`,
  // Bad input: no arguments, unknown collections, a send inside a nested non-loop.
  `import { WebSocketServer } from 'ws';
   const wss = new WebSocketServer({ port: 8080 });
   declare const items: unknown[];
   wss.clients.forEach();
   items.forEach((x: any) => x.send(1));
   for (const c of wss.clients) { const late = () => 1; late(); }`,
];

/** The code with `.volatile` inserted after `target` on the given (1-based) line: the socket.io suggestion. */
function withVolatile(code: string, line: number, target: string): string {
  const lines = code.split('\n');
  lines[line - 1] = (lines[line - 1] ?? '').replace(`${target}.`, `${target}.volatile.`);
  return lines.join('\n');
}

const volatileSuggestion = (code: string, line: number, target: string) => [
  { messageId: 'useVolatile' as const, output: withVolatile(code, line, target) },
];

const wsTick = `import { WebSocketServer, WebSocket } from 'ws';
declare function snapshot(): unknown;

const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  const frame = JSON.stringify(snapshot());
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN) client.send(frame);
  }
}, 250);`;

const triggersCode = `import { Server } from 'socket.io';
import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
const io = new Server(3000);
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'live' });
await consumer.run({
  eachMessage: async ({ message }) => {
    io.emit('order', String(message.value));
  },
});
new Redis().on('message', (channel, msg) => {
  io.sockets.emit(channel, msg);
});
function tick() {
  io.of('/admin').to('ops').emit('tick', Date.now());
  setTimeout(tick, 100);
}
tick();`;

const helperCode = `import { Server } from 'socket.io';
import { createReadStream } from 'node:fs';
const io = new Server(3000);
function publish(room: string, value: number) {
  io.in(room).emit('value', value);
}
setInterval(() => publish('all', Math.random()), 50);
io.on('connection', (socket) => {
  createReadStream('/var/log/app.log').on('data', (chunk) => {
    socket.broadcast.emit('log', String(chunk));
  });
});`;

const socketsLoopCode = `import { Server } from 'socket.io';
import { interval } from 'rxjs';
const io = new Server(3000);
setInterval(() => {
  for (const [, s] of io.sockets.sockets) s.emit('tick', 1);
  io.sockets.sockets.forEach((s) => s.send('tick'));
}, 100);
interval(1000).subscribe((n) => io.emit('n', n));`;

const configCode = `import { Server } from 'socket.io';
import express from 'express';
const io = new Server(3000);
const app = express();
app.post('/config', (req, res) => {
  io.emit('config', req.body);
  res.end();
});`;

const jsKafkaEmitCode = `import { Server } from 'socket.io';
import { Kafka } from 'kafkajs';
const io = new Server(3000);
const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'live' });
consumer.run({ eachMessage: async ({ message }) => {
  io.emit('price', String(message.value));
} });`;

const typedOnlyInvalid = [
  {
    name: 'typed: sockets handed in from another module as an Iterable',
    code: `import type { WebSocket } from 'ws';
export function broadcast(clients: Iterable<WebSocket>, frame: string) {
  for (const c of clients) c.send(frame);
}`,
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 3,
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            output: `import type { WebSocket } from 'ws';
const MAX_BUFFERED_BYTES = 1 << 20;
export function broadcast(clients: Iterable<WebSocket>, frame: string) {
  for (const c of clients) if (c.bufferedAmount < MAX_BUFFERED_BYTES) c.send(frame);
}`,
          },
        ],
      },
    ],
  },
];

const invalid = [
  {
    name: 'ws: a timer broadcasts with a readyState check only',
    code: wsTick,
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 36,
        data: { client: 'client', collection: 'wss.clients' },
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            data: { client: 'client', limit: 'MAX_BUFFERED_BYTES', declares: ' (and declare `const MAX_BUFFERED_BYTES = 1 << 20;`)' },
            output: `import { WebSocketServer, WebSocket } from 'ws';
const MAX_BUFFERED_BYTES = 1 << 20;
declare function snapshot(): unknown;

const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  const frame = JSON.stringify(snapshot());
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN) if (client.bufferedAmount < MAX_BUFFERED_BYTES) client.send(frame);
  }
}, 250);`,
          },
        ],
      },
    ],
  },
  {
    name: 'ws: forEach arrow in a message handler (chat broadcast)',
    code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    wss.clients.forEach((c) => c.send(data));
  });
});`,
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 5,
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            output: `import { WebSocketServer } from 'ws';
const MAX_BUFFERED_BYTES = 1 << 20;
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    wss.clients.forEach((c) => { if (c.bufferedAmount < MAX_BUFFERED_BYTES) c.send(data); });
  });
});`,
          },
        ],
      },
    ],
  },
  {
    name: 'ws: a Set<WebSocket> of our own, an existing limit reused',
    code: `import { WebSocketServer, WebSocket } from 'ws';
const MAX_BUFFERED_BYTES = 512 * 1024;
const clients = new Set<WebSocket>();
new WebSocketServer({ port: 8080 }).on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
});
export function broadcast(frame: string) {
  for (const c of clients) {
    c.send(frame);
  }
}`,
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 9,
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            data: { client: 'c', limit: 'MAX_BUFFERED_BYTES', declares: '' },
            output: `import { WebSocketServer, WebSocket } from 'ws';
const MAX_BUFFERED_BYTES = 512 * 1024;
const clients = new Set<WebSocket>();
new WebSocketServer({ port: 8080 }).on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
});
export function broadcast(frame: string) {
  for (const c of clients) {
    if (c.bufferedAmount < MAX_BUFFERED_BYTES) c.send(frame);
  }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'ws: a Map of sockets filled from the connection handler, with an else branch kept',
    code: `import { WebSocketServer } from 'ws';
const sockets = new Map();
const stale: unknown[] = [];
new WebSocketServer({ port: 8080 }).on('connection', (ws, req) => {
  sockets.set(req.url, ws);
});
setInterval(() => {
  for (const [, ws] of sockets) {
    if (ws.readyState === 1) ws.send('tick');
    else stale.push(ws);
  }
}, 1000);`,
    options: [{ limitName: 'SEND_LIMIT' }] as [{ limitName: string }],
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 8,
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            output: `import { WebSocketServer } from 'ws';
const SEND_LIMIT = 1 << 20;
const sockets = new Map();
const stale: unknown[] = [];
new WebSocketServer({ port: 8080 }).on('connection', (ws, req) => {
  sockets.set(req.url, ws);
});
setInterval(() => {
  for (const [, ws] of sockets) {
    if (ws.readyState === 1) { if (ws.bufferedAmount < SEND_LIMIT) ws.send('tick'); }
    else stale.push(ws);
  }
}, 1000);`,
          },
        ],
      },
    ],
  },
  {
    name: 'ws: CommonJS, WebSocket.Server, function expression callback',
    code: `'use strict';
const WebSocket = require('ws') as typeof import('ws');
const wss = new WebSocket.Server({ port: 8080 });
setInterval(function tick() {
  wss.clients.forEach(function each(client) {
    client.send(String(Date.now()));
  });
}, 100);`,
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 5,
        column: 3,
        endColumn: 22,
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            output: `'use strict';
const WebSocket = require('ws') as typeof import('ws');
const MAX_BUFFERED_BYTES = 1 << 20;
const wss = new WebSocket.Server({ port: 8080 });
setInterval(function tick() {
  wss.clients.forEach(function each(client) {
    if (client.bufferedAmount < MAX_BUFFERED_BYTES) client.send(String(Date.now()));
  });
}, 100);`,
          },
        ],
      },
    ],
  },
  {
    name: 'ws: computed and optional sends in one loop: one finding, the optional call left as it is',
    code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
export function ping() {
  for (const c of wss.clients) {
    c['send']('ping');
    c?.send('ping');
  }
}`,
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 4,
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            output: `import { WebSocketServer } from 'ws';
const MAX_BUFFERED_BYTES = 1 << 20;
const wss = new WebSocketServer({ noServer: true });
export function ping() {
  for (const c of wss.clients) {
    if (c.bufferedAmount < MAX_BUFFERED_BYTES) c['send']('ping');
    c?.send('ping');
  }
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'socket.io: room broadcast from a timer',
    code: `import { Server } from 'socket.io';
declare function snapshot(): unknown;
const io = new Server(3000);
setInterval(() => io.to('dashboard').emit('tick', snapshot()), 250);`,
    errors: [
      {
        messageId: 'nonVolatileEmit' as const,
        line: 4,
        data: { call: "io.to('dashboard').emit(…)", trigger: ' from a `setInterval` callback' },
        suggestions: [
          {
            messageId: 'useVolatile' as const,
            output: `import { Server } from 'socket.io';
declare function snapshot(): unknown;
const io = new Server(3000);
setInterval(() => io.to('dashboard').volatile.emit('tick', snapshot()), 250);`,
          },
        ],
      },
    ],
  },
  {
    name: 'socket.io: from a Kafka handler, a Redis listener and a recursive setTimeout',
    code: triggersCode,
    errors: [
      { messageId: 'nonVolatileEmit' as const, line: 8, data: { call: 'io.emit(…)', trigger: ' from a Kafka message handler' }, suggestions: volatileSuggestion(triggersCode, 8, 'io') },
      { messageId: 'nonVolatileEmit' as const, line: 12, data: { call: 'io.sockets.emit(…)', trigger: " from a 'message' listener" }, suggestions: volatileSuggestion(triggersCode, 12, 'io.sockets') },
      {
        messageId: 'nonVolatileEmit' as const,
        line: 15,
        data: { call: "io.of('/admin').to('ops').emit(…)", trigger: ' from a recursive `setTimeout`' },
        suggestions: volatileSuggestion(triggersCode, 15, "io.of('/admin').to('ops')"),
      },
    ],
  },
  {
    name: 'socket.io: a helper called from a timer, and socket.broadcast from a stream listener',
    code: helperCode,
    errors: [
      { messageId: 'nonVolatileEmit' as const, line: 5, suggestions: volatileSuggestion(helperCode, 5, 'io.in(room)') },
      { messageId: 'nonVolatileEmit' as const, line: 10, suggestions: volatileSuggestion(helperCode, 10, 'socket.broadcast') },
    ],
  },
  {
    name: 'socket.io: a loop over io.sockets.sockets, and an endless RxJS interval',
    code: socketsLoopCode,
    errors: [
      { messageId: 'nonVolatileEmit' as const, line: 5, suggestions: volatileSuggestion(socketsLoopCode, 5, ', s] of io.sockets.sockets) s') },
      { messageId: 'nonVolatileEmit' as const, line: 6, suggestions: volatileSuggestion(socketsLoopCode, 6, '=> s') },
      {
        messageId: 'nonVolatileEmit' as const,
        line: 8,
        data: { call: 'io.emit(…)', trigger: ' from an endless RxJS subscription' },
        suggestions: volatileSuggestion(socketsLoopCode, 8, '=> io'),
      },
    ],
  },
  {
    name: 'socket.io: with onlyHighFrequency off, any broadcast outside a connection handler',
    code: configCode,
    options: [{ onlyHighFrequency: false }] as [{ onlyHighFrequency: boolean }],
    errors: [{ messageId: 'nonVolatileEmit' as const, line: 6, data: { call: 'io.emit(…)', trigger: '' }, suggestions: volatileSuggestion(configCode, 6, 'io') }],
  },
];

const socketIoComputedCode = `import { Server } from 'socket.io';
const io = new Server(3000);
const nsp = io.of('/live');
setInterval(() => {
  io['emit']('tick', Date.now());
  nsp?.to('ops').emit('tick', Date.now());
}, 100);`;

const clientsThroughVariablesCode = `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
const everyone = wss.clients;
const targets = everyone;
function connected() {
  return wss.clients;
}
export function publish(frames: [string]) {
  for (const c of targets) c.send(...frames);
  for (const c of connected()) c.send(frames.join('\\n'));
}`;

/** Typed and untyped alike: shapes a reviewer found missing (spread arguments, aliases, a returned collection, computed and optional socket.io calls). */
const shapeInvalid = [
  {
    name: 'ws: clients through two variables with a spread argument, and clients returned from a function',
    code: clientsThroughVariablesCode,
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 9,
        data: { client: 'c', collection: 'targets' },
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            output: `import { WebSocketServer } from 'ws';
const MAX_BUFFERED_BYTES = 1 << 20;
const wss = new WebSocketServer({ port: 8080 });
const everyone = wss.clients;
const targets = everyone;
function connected() {
  return wss.clients;
}
export function publish(frames: [string]) {
  for (const c of targets) if (c.bufferedAmount < MAX_BUFFERED_BYTES) c.send(...frames);
  for (const c of connected()) c.send(frames.join('\\n'));
}`,
          },
        ],
      },
      {
        messageId: 'unguardedSend' as const,
        line: 10,
        data: { client: 'c', collection: 'connected()' },
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            output: `import { WebSocketServer } from 'ws';
const MAX_BUFFERED_BYTES = 1 << 20;
const wss = new WebSocketServer({ port: 8080 });
const everyone = wss.clients;
const targets = everyone;
function connected() {
  return wss.clients;
}
export function publish(frames: [string]) {
  for (const c of targets) c.send(...frames);
  for (const c of connected()) if (c.bufferedAmount < MAX_BUFFERED_BYTES) c.send(frames.join('\\n'));
}`,
          },
        ],
      },
    ],
  },
  {
    name: 'socket.io: computed emit and an optional namespace in a timer',
    code: socketIoComputedCode,
    errors: [
      { messageId: 'nonVolatileEmit' as const, line: 5, suggestions: [{ messageId: 'useVolatile' as const, output: socketIoComputedCode.replace("io['emit']", "io.volatile['emit']") }] },
      { messageId: 'nonVolatileEmit' as const, line: 6, suggestions: volatileSuggestion(socketIoComputedCode, 6, "to('ops')") },
    ],
  },
];

/** Plain JavaScript files: parsed as such, no types. */
const javascriptInvalid = [
  {
    name: 'JavaScript (.cjs): ws broadcast from a timer, CommonJS require',
    filename: 'file.cjs',
    languageOptions: COMMONJS,
    code: `const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  for (const client of wss.clients) client.send(JSON.stringify({ at: Date.now() }));
}, 100);`,
    errors: [
      {
        messageId: 'unguardedSend' as const,
        line: 4,
        suggestions: [
          {
            messageId: 'guardBufferedAmount' as const,
            output: `const { WebSocketServer } = require('ws');
const MAX_BUFFERED_BYTES = 1 << 20;
const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  for (const client of wss.clients) if (client.bufferedAmount < MAX_BUFFERED_BYTES) client.send(JSON.stringify({ at: Date.now() }));
}, 100);`,
          },
        ],
      },
    ],
  },
  {
    name: 'JavaScript (.js): socket.io emit per Kafka message',
    filename: 'file.js',
    code: jsKafkaEmitCode,
    errors: [{ messageId: 'nonVolatileEmit' as const, line: 6, suggestions: volatileSuggestion(jsKafkaEmitCode, 6, 'io') }],
  },
];

untypedTester().run('no-unchecked-broadcast (untyped)', rule, {
  valid: [
    ...valid,
    {
      filename: 'file.cjs',
      languageOptions: COMMONJS,
      code: `const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ port: 8080 });
const LIMIT = 1 << 20;
setInterval(() => {
  for (const client of wss.clients) if (client.bufferedAmount < LIMIT) client.send('tick');
}, 100);`,
    },
  ],
  invalid: [...invalid, ...shapeInvalid, ...javascriptInvalid],
});

typedTester().run('no-unchecked-broadcast (typed)', rule, {
  valid: [
    ...valid,
    // Types say the elements are no ws sockets, whatever was added.
    `class Peer { send(_s: string) {} }
     const peers = new Set<Peer>();
     setInterval(() => { for (const p of peers) p.send('x'); }, 100);`,
  ],
  invalid: [
    ...invalid,
    ...shapeInvalid,
    ...typedOnlyInvalid,
  ],
});

describe('no-unchecked-broadcast suggestions leave code that type-checks', () => {
  const outputs = [...invalid, ...shapeInvalid, ...typedOnlyInvalid].flatMap((c) =>
    c.errors.flatMap((e) => ('suggestions' in e ? e.suggestions : []).map((s) => ({ name: c.name, output: s.output }))),
  );
  it('has suggestion outputs to check', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(6);
  });
  for (const { name, output } of outputs) {
    it(name, () => {
      // ws, socket.io and kafkajs are dev dependencies: checked against their own types.
      const stubs = /from '(?:ioredis|express)'/.test(output) ? '/// <reference path="./ambient-broadcast-sources.d.ts" />\n' : '';
      expect(typeErrors(stubs + output, output.includes('require(') ? 'fixed.cts' : 'fixed.ts')).toEqual([]);
    });
  }
});
