import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/no-per-client-polling.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';

type Options = [{ precomputedTables?: string[] }];

const valid: (string | ValidTestCase<Options>)[] = [
  // One shared poller fans out to a room; the connection handler only joins.
  `import { Server } from 'socket.io';
   import { Pool } from 'pg';
   const io = new Server(3000);
   const pool = new Pool();
   setInterval(async () => {
     if (!io.of('/').adapter.rooms.has('orders')) return;
     const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
     io.to('orders').volatile.emit('orders', rows);
   }, 1000);
   io.on('connection', (socket) => socket.join('orders'));`,
  // A shared ws poller created once in a setup function (not per connection) that broadcasts.
  `import { WebSocketServer, WebSocket } from 'ws';
   import { Pool } from 'pg';
   const pool = new Pool();
   export function attach(port: number) {
     const wss = new WebSocketServer({ port });
     const timer = setInterval(async () => {
       const frame = JSON.stringify((await pool.query('SELECT count(*) FROM orders')).rows);
       for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
     }, 5000);
     wss.on('close', () => clearInterval(timer));
     return wss;
   }`,
  // Per-connection timers that only read an in-memory snapshot.
  `import { WebSocketServer, WebSocket } from 'ws';
   import { Pool } from 'pg';
   const wss = new WebSocketServer({ port: 8080 });
   const pool = new Pool();
   let latest: unknown[] = [];
   setInterval(async () => { latest = (await pool.query('SELECT status, count(*) FROM orders GROUP BY status')).rows; }, 1000);
   wss.on('connection', (ws) => {
     const timer = setInterval(() => { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(latest)); }, 1000);
     ws.on('close', () => clearInterval(timer));
   });`,
  // Per-connection timer that reads through Redis first (cache-aside).
  `import { Server } from 'socket.io';
   import { Redis } from 'ioredis';
   import { Pool } from 'pg';
   const io = new Server(3000);
   const redis = new Redis();
   const pool = new Pool();
   io.on('connection', (socket) => {
     const t = setInterval(async () => {
       const hit = await redis.get('dash:orders');
       if (hit) { socket.emit('orders', hit); return; }
       const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
       await redis.set('dash:orders', JSON.stringify(rows), 'EX', 5);
       socket.emit('orders', rows);
     }, 1000);
     socket.on('disconnect', () => clearInterval(t));
   });`,
  // A one-shot setTimeout per connection (a welcome message) is not a poller.
  `import { WebSocketServer } from 'ws';
   import { Pool } from 'pg';
   const wss = new WebSocketServer({ port: 8080 });
   const pool = new Pool();
   wss.on('connection', (ws) => {
     setTimeout(async () => { ws.send(JSON.stringify((await pool.query('SELECT count(*) FROM orders')).rows)); }, 100);
   });`,
  // A health check per connection is not a dashboard query.
  `import { WebSocketServer } from 'ws';
   import { Pool } from 'pg';
   const wss = new WebSocketServer({ port: 8080 });
   const pool = new Pool();
   wss.on('connection', (ws) => {
     const t = setInterval(async () => { await pool.query('SELECT 1'); ws.ping(); }, 30000);
     ws.on('close', () => clearInterval(t));
   });`,
  // A precomputed table is cheap to poll.
  {
    code: `import { WebSocketServer } from 'ws';
     import { Pool } from 'pg';
     const wss = new WebSocketServer({ port: 8080 });
     const pool = new Pool();
     wss.on('connection', (ws) => {
       const t = setInterval(async () => { ws.send(JSON.stringify((await pool.query('SELECT * FROM orders_minute_mv')).rows)); }, 1000);
       ws.on('close', () => clearInterval(t));
     });`,
    options: [{ precomputedTables: ['orders_minute_mv'] }],
  },
  // A per-connection timer whose tick calls something this file cannot see (the analyzer's job).
  `import { WebSocketServer } from 'ws';
   import { customerCounts } from './queries.js';
   const wss = new WebSocketServer({ port: 8080 });
   wss.on('connection', (ws) => {
     const t = setInterval(async () => { ws.send(JSON.stringify(await customerCounts('c1'))); }, 3000);
     ws.on('close', () => clearInterval(t));
   });`,
  // Bad input: computed members, spread arguments, missing callbacks.
  `import { WebSocketServer } from 'ws';
   const wss = new WebSocketServer({ port: 8080 });
   const args: [() => void, number] = [() => {}, 1000];
   wss['on']('connection', (ws) => { setInterval(...args); setInterval(); ws?.on?.('close', () => {}); });
   wss.on('connection');`,
];

const invalid: InvalidTestCase<'perClientPolling', Options>[] = [
  {
    name: 'SSE through a ReadableStream whose start() starts the timer, per request',
    code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
app.get('/sse', (_req, res) => {
  const stream = new ReadableStream({
    start(controller) {
      setInterval(async () => {
        controller.enqueue((await pool.query('SELECT count(*) FROM orders')).rows);
      }, 1000);
    },
  });
  void stream;
  res.end();
});`,
    errors: [{ messageId: 'perClientPolling', line: 8 }],
  },
  {
    name: 'socket.io: setInterval per connection runs a GROUP BY',
    code: `import { Server } from 'socket.io';
import { Pool } from 'pg';
const io = new Server(3000);
const pool = new Pool();
io.on('connection', (socket) => {
  const timer = setInterval(async () => {
    const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
    socket.emit('orders', rows);
  }, 1_000);
  socket.on('disconnect', () => clearInterval(timer));
});`,
    errors: [{ messageId: 'perClientPolling', line: 6, column: 17 }],
  },
  {
    name: 'ws: a plain read per tick still multiplies with the audience',
    code: `import { WebSocketServer } from 'ws';
import { Pool } from 'pg';
const wss = new WebSocketServer({ port: 8080 });
const pool = new Pool();
wss.on('connection', (ws) => {
  const t = setInterval(async () => {
    const { rows } = await pool.query('SELECT * FROM orders ORDER BY created_at DESC LIMIT 20');
    ws.send(JSON.stringify(rows));
  }, 2000);
  ws.on('close', () => clearInterval(t));
});`,
    errors: [{ messageId: 'perClientPolling', line: 6 }],
  },
  {
    name: 'SSE: a self-rescheduling setTimeout in an express GET handler',
    code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
app.get('/events/orders', (req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  const tick = async () => {
    const { rows } = await pool.query('SELECT count(*) AS n FROM orders');
    res.write(\`data: \${JSON.stringify(rows[0])}\\n\\n\`);
    timer = setTimeout(tick, 2_000);
  };
  let timer = setTimeout(tick, 0);
  req.on('close', () => clearTimeout(timer));
});`,
    errors: [{ messageId: 'perClientPolling', line: 12 }],
  },
  {
    name: 'the timer is started by a helper the connection handler calls; the tick calls a query helper',
    code: `import { WebSocketServer, WebSocket } from 'ws';
import { Pool } from 'pg';
const wss = new WebSocketServer({ port: 8080 });
const pool = new Pool();
async function statusCounts(customer: string) {
  return (await pool.query('SELECT status, count(*) FROM orders WHERE customer_id = $1 GROUP BY status', [customer])).rows;
}
function follow(ws: WebSocket, customer: string) {
  const t = setInterval(async () => ws.send(JSON.stringify(await statusCounts(customer))), 3000);
  ws.on('close', () => clearInterval(t));
}
wss.on('connection', (ws) => {
  follow(ws, 'c1');
});`,
    errors: [{ messageId: 'perClientPolling', line: 13 }],
  },
  {
    name: 'socket.io subscribe event starts a poller on a named tick with knex',
    code: `import { Server } from 'socket.io';
import knex from 'knex';
const io = new Server(3000);
const db = knex({ client: 'pg' });
io.on('connection', (socket) => {
  socket.on('subscribe', (panel: string) => {
    async function refresh() {
      socket.emit(panel, await db('orders').where({ panel }).select('*'));
    }
    const t = setInterval(refresh, 5000);
    socket.on('unsubscribe', () => clearInterval(t));
  });
});`,
    errors: [{ messageId: 'perClientPolling', line: 10 }],
  },
  {
    name: 'a recursive setTimeout loop started by a direct call, prisma count per tick',
    code: `import { WebSocketServer } from 'ws';
import { PrismaClient } from '@prisma/client';
const wss = new WebSocketServer({ port: 8080 });
const prisma = new PrismaClient();
wss.on('connection', (ws) => {
  let stopped = false;
  async function loop() {
    if (stopped) return;
    ws.send(String(await prisma.order.count()));
    setTimeout(loop, 1000);
  }
  void loop();
  ws.on('close', () => { stopped = true; });
});`,
    errors: [{ messageId: 'perClientPolling', line: 12 }],
  },
  {
    name: 'timers imported from node:timers, ClickHouse per tick',
    code: `import { setInterval as every } from 'node:timers';
import { WebSocketServer } from 'ws';
import { createClient } from '@clickhouse/client';
const wss = new WebSocketServer({ port: 8080 });
const ch = createClient();
wss.on('connection', (ws) => {
  every(async () => {
    const r = await ch.query({ query: 'SELECT count() FROM events WHERE ts > now() - INTERVAL 1 MINUTE' });
    ws.send(JSON.stringify(await r.json()));
  }, 1000);
});`,
    errors: [{ messageId: 'perClientPolling', line: 7 }],
  },
  {
    name: 'SSE over raw http.createServer: the message names the request listener',
    code: `import http from 'node:http';
import { Pool } from 'pg';
const pool = new Pool();
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  const t = setInterval(async () => {
    res.write(\`data: \${JSON.stringify((await pool.query('SELECT count(*) FROM orders')).rows)}\\n\\n\`);
  }, 1000);
  req.on('close', () => clearInterval(t));
}).listen(3000);`,
    errors: [
      {
        messageId: 'perClientPolling',
        line: 6,
        data: { timer: '`setInterval`', entry: 'the HTTP request listener', via: '', query: 'an analytic query (count()) against Postgres', where: 'line 7' },
      },
    ],
  },
];

untypedTester().run('no-per-client-polling (untyped)', rule, {
  valid: [
    ...valid,
    // start() of a class of the file's own that happens to be called ReadableStream is not run here.
    {
      code: `import { Pool } from 'pg';
class ReadableStream { constructor(_source: unknown) {} }
const pool = new Pool();
export async function GET() {
  const stream = new ReadableStream({ start() { setInterval(async () => { await pool.query('SELECT count(*) FROM orders'); }, 1000); } });
  return new Response(JSON.stringify(stream));
}`,
      filename: 'app/api/sse/route.ts',
    },
    // pull() runs when the reader asks, not on a timer.
    {
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function GET() {
  const stream = new ReadableStream({ async pull(controller) { controller.enqueue((await pool.query('SELECT count(*) FROM orders')).rows); } });
  return new Response(stream);
}`,
      filename: 'app/api/sse/route.ts',
    },
    `const { Server } = require('socket.io');
     const io = new Server(3000);
     io.on('connection', (socket) => { const t = setInterval(() => socket.emit('ping', Date.now()), 1000); socket.on('disconnect', () => clearInterval(t)); });`,
  ],
  invalid: [
    ...invalid,
    {
      name: 'Next.js SSE route: ReadableStream start() polls per request',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function GET() {
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    start(controller) {
      setInterval(async () => {
        const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
        controller.enqueue(encoder.encode(\`data: \${JSON.stringify(rows)}\\n\\n\`));
      }, 1000);
    },
  });
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
}`,
      filename: 'app/api/sse/route.ts',
      errors: [{ messageId: 'perClientPolling', line: 7 }],
    },
    {
      name: 'plain JavaScript with require',
      code: `const { Server } = require('socket.io');
const { Pool } = require('pg');
const io = new Server(3000);
const pool = new Pool();
io.on('connection', (socket) => {
  const t = setInterval(async () => socket.emit('n', (await pool.query('SELECT count(*) FROM orders')).rows), 1000);
  socket.on('disconnect', () => clearInterval(t));
});`,
      errors: [{ messageId: 'perClientPolling', line: 6 }],
    },
  ],
});

typedTester().run('no-per-client-polling (typed)', rule, { valid, invalid });
