import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/no-uncached-dashboard-query.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';

type Options = [{ helpers?: string[]; dashboardRoutes?: string[]; precomputedTables?: string[] }];

const ALIASED_HELPER_ROUTE = `import express from 'express';
import { Pool } from 'pg';
import { withCache as wc } from './cache.js';
const app = express();
const pool = new Pool();
app.get('/api/stats', async (_req, res) => {
  const snapshot = await wc('stats');
  if (snapshot) return res.json(snapshot);
  res.json((await pool.query('SELECT day, sum(total) FROM orders GROUP BY day')).rows);
});`;

const valid: (string | ValidTestCase<Options>)[] = [
  // Cache-aside in the handler: read, on a miss query, then write with a TTL.
  `import express from 'express';
   import { Pool } from 'pg';
   import { Redis } from 'ioredis';
   const app = express();
   const pool = new Pool();
   const redis = new Redis();
   const THROUGHPUT_TTL_SECONDS = 15;
   app.get('/api/dashboard/throughput', async (_req, res) => {
     const cached = await redis.get('dash:throughput');
     if (cached) return res.type('json').send(cached);
     const { rows } = await pool.query(
       \`SELECT date_trunc('minute', ts) AS minute, count(*) AS n
        FROM events WHERE ts > now() - interval '1 day' GROUP BY 1 ORDER BY 1\`,
     );
     const body = JSON.stringify(rows);
     await redis.set('dash:throughput', body, 'EX', THROUGHPUT_TTL_SECONDS);
     res.type('json').send(body);
   });`,
  // Cache-aside in a helper of the same file, the query handed to it as a function.
  `import { Router } from 'express';
   import { Pool } from 'pg';
   import { Redis } from 'ioredis';
   const router = Router();
   const pool = new Pool();
   const redis = new Redis();
   async function cacheAside<T>(key: string, ttl: number, load: () => Promise<T>): Promise<T> {
     const hit = await redis.get(key);
     if (hit !== null) return JSON.parse(hit) as T;
     const value = await load();
     await redis.set(key, JSON.stringify(value), 'EX', ttl);
     return value;
   }
   async function statusCounts() {
     const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
     return rows;
   }
   router.get('/dashboard/status', async (_req, res) => {
     res.json(await cacheAside('dash:status', 15, statusCounts));
   });
   router.get('/dashboard/status2', async (_req, res) => {
     res.json(await cacheAside('dash:status2', 15, () => statusCounts()));
   });`,
  // A helper named in cache.helpers (rule option), imported from elsewhere.
  {
    code: `import express from 'express';
     import { Pool } from 'pg';
     import { withCache } from './cache.js';
     const app = express();
     const pool = new Pool();
     app.get('/api/stats', async (_req, res) => {
       res.json(await withCache('stats', 60, () => pool.query('SELECT day, sum(total) FROM orders GROUP BY day')));
     });`,
    options: [{ helpers: ['withCache'] }],
  },
  // A cache.helpers name imported under another name: the export's name is what the config names.
  {
    code: ALIASED_HELPER_ROUTE,
    options: [{ helpers: ['withCache'] }],
  },
  // The same helper, named through the audit's settings (rta.config.yaml cache.helpers).
  {
    code: `import express from 'express';
     import { Pool } from 'pg';
     import { remember } from './cache.js';
     const app = express();
     const pool = new Pool();
     app.get('/api/stats', async (_req, res) => {
       res.json(await remember('stats', () => pool.query('SELECT day, sum(total) FROM orders GROUP BY day')));
     });`,
    settings: { rta: { cache: { helpers: ['remember'] } } },
  },
  // Write routes are never dashboard reads.
  `import express from 'express';
   import { Pool } from 'pg';
   const app = express();
   const pool = new Pool();
   app.post('/api/orders/recount', async (_req, res) => {
     const { rows } = await pool.query('SELECT customer_id, count(*) FROM orders GROUP BY customer_id');
     res.json(rows);
   });
   app.delete('/api/orders/:id', async (req, res) => {
     await pool.query('DELETE FROM orders WHERE order_id = $1', [req.params.id]);
     res.sendStatus(204);
   });`,
  // Point lookup by key and a health check.
  `import express from 'express';
   import { Pool } from 'pg';
   const app = express();
   const pool = new Pool();
   app.get('/api/orders/:orderId', async (req, res) => {
     const { rows } = await pool.query('SELECT * FROM orders WHERE order_id = $1', [req.params.orderId]);
     res.json(rows[0]);
   });
   app.get('/healthz', async (_req, res) => {
     await pool.query('SELECT 1');
     res.send('ok');
   });`,
  // A single shared poller that queries once per tick and broadcasts; handlers read its snapshot.
  `import express from 'express';
   import { Pool } from 'pg';
   import { WebSocketServer, WebSocket } from 'ws';
   const app = express();
   const pool = new Pool();
   const wss = new WebSocketServer({ port: 8081 });
   let snapshot: unknown[] = [];
   setInterval(async () => {
     const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
     snapshot = rows;
     const frame = JSON.stringify(rows);
     for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
   }, 1000);
   app.get('/api/dashboard/status', (_req, res) => { res.json(snapshot); });
   wss.on('connection', (ws) => { ws.send(JSON.stringify(snapshot)); });`,
  // socket.io: the connection handler only joins a room fed by a shared poller.
  `import { Server } from 'socket.io';
   import { Pool } from 'pg';
   const io = new Server(3000);
   const pool = new Pool();
   setInterval(async () => {
     const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
     io.to('orders').volatile.emit('orders', rows);
   }, 1000);
   io.on('connection', (socket) => { socket.join('orders'); });`,
  // Next.js data cache around a prisma groupBy; unstable_cache is a cache, the route calls it.
  {
    code: `import { unstable_cache } from 'next/cache';
     import { PrismaClient } from '@prisma/client';
     const prisma = new PrismaClient();
     const getStats = unstable_cache(
       () => prisma.order.groupBy({ by: ['status'], _count: { _all: true } }),
       ['order-stats'],
       { revalidate: 30, tags: ['orders'] },
     );
     export async function GET() {
       return Response.json(await getStats());
     }`,
    filename: 'app/api/stats/route.ts',
  },
  // Route segment revalidate: Next.js serves the cached output.
  {
    code: `import { PrismaClient } from '@prisma/client';
     const prisma = new PrismaClient();
     export const revalidate = 60;
     export async function GET() {
       return Response.json(await prisma.order.groupBy({ by: ['status'], _count: { _all: true } }));
     }`,
    filename: 'app/api/stats/route.ts',
  },
  // 'use cache' on the function that queries.
  {
    code: `import { PrismaClient } from '@prisma/client';
     const prisma = new PrismaClient();
     async function revenue() {
       'use cache';
       return prisma.$queryRaw\`SELECT day, sum(total) FROM orders GROUP BY day\`;
     }
     export async function GET() {
       return Response.json(await revenue());
     }`,
    filename: 'app/api/revenue/route.ts',
  },
  // A POST route handler in Next.js is a write.
  {
    code: `import { PrismaClient } from '@prisma/client';
     const prisma = new PrismaClient();
     export async function POST() {
       return Response.json(await prisma.order.aggregate({ _sum: { total: true } }));
     }`,
    filename: 'app/api/stats/route.ts',
  },
  // lru-cache fetch and cache-manager wrap: the query runs only on a miss.
  `import express from 'express';
   import { LRUCache } from 'lru-cache';
   import { caching } from 'cache-manager';
   import { Pool } from 'pg';
   const app = express();
   const pool = new Pool();
   const panels = new LRUCache<string, unknown>({ max: 100, ttl: 30_000, fetchMethod: async () => (await pool.query('SELECT status, count(*) FROM orders GROUP BY status')).rows });
   const memory = await caching('memory', { ttl: 30_000 });
   app.get('/api/panels/status', async (_req, res) => { res.json(await panels.fetch('status')); });
   app.get('/api/panels/totals', async (_req, res) => {
     res.json(await memory.wrap('totals', () => pool.query('SELECT sum(total) FROM orders')));
   });`,
  // A cache read two calls up the path guards the query below it.
  `import express from 'express';
   import { Pool } from 'pg';
   import { Redis } from 'ioredis';
   const app = express();
   const pool = new Pool();
   const redis = new Redis();
   async function totals() { return (await pool.query('SELECT sum(total) FROM orders')).rows; }
   async function loadTotals() { return totals(); }
   app.get('/api/totals', async (_req, res) => {
     const hit = await redis.get('totals');
     if (hit) { res.send(hit); return; }
     res.json(await loadTotals());
   });`,
  // A socket event that writes (by its name) is not a read entry point.
  `import { Server } from 'socket.io';
   import { Pool } from 'pg';
   const io = new Server(3000);
   const pool = new Pool();
   io.on('connection', (socket) => {
     socket.on('createOrder', async (order: { id: string }) => {
       await pool.query('INSERT INTO orders (order_id) VALUES ($1)', [order.id]);
     });
   });`,
  // A precomputed table (option) and a query marked as precomputed.
  {
    code: `import express from 'express';
     import { Pool } from 'pg';
     const app = express();
     const pool = new Pool();
     app.get('/api/hourly', async (_req, res) => {
       res.json((await pool.query('SELECT hour, sum(n) FROM orders_hourly_mv GROUP BY hour')).rows);
     });
     app.get('/api/minutely', async (_req, res) => {
       res.json((await pool.query('SELECT minute, n FROM minute_totals -- rta: precomputed\\n WHERE minute > now() - interval \\'1 hour\\'')).rows);
     });`,
    options: [{ precomputedTables: ['orders_hourly_mv'] }],
  },
  // Not a query: an object with a query method that import tracking does not know.
  `import express from 'express';
   const app = express();
   const search = { query: (_q: string) => [] as string[] };
   app.get('/api/search', (_req, res) => { res.json(search.query('SELECT count(*) FROM x GROUP BY y')); });`,
  // A plain, non-analytic read outside any dashboard route.
  `import express from 'express';
   import { Pool } from 'pg';
   const app = express();
   const pool = new Pool();
   app.get('/api/customers', async (_req, res) => {
     res.json((await pool.query('SELECT name, email FROM customers ORDER BY name LIMIT 50')).rows);
   });`,
  // The query sits in a function that is never called from the handler.
  `import express from 'express';
   import { Pool } from 'pg';
   const app = express();
   const pool = new Pool();
   export async function nightlyReport() { return pool.query('SELECT day, sum(total) FROM orders GROUP BY day'); }
   app.get('/api/ping', (_req, res) => { res.send('pong'); });`,
  // A helper imported from another module: the cross-file analyzer follows it, not this rule.
  `import express from 'express';
   import { topCustomers } from './queries.js';
   const app = express();
   app.get('/api/top', async (_req, res) => { res.json(await topCustomers(24)); });`,
  // A function this file cannot see into whose name says it reads a cache guards what follows.
  `import express from 'express';
   import { Pool } from 'pg';
   import { getCachedTotals } from './cache.js';
   const app = express();
   const pool = new Pool();
   app.get('/api/totals', async (_req, res) => {
     const cached = await getCachedTotals();
     if (cached) { res.json(cached); return; }
     res.json((await pool.query('SELECT sum(total) FROM orders')).rows);
   });`,
  // Next.js force-static route segment.
  {
    code: `import { PrismaClient } from '@prisma/client';
     const prisma = new PrismaClient();
     export const dynamic = 'force-static';
     export async function GET() { return Response.json(await prisma.order.count()); }`,
    filename: 'app/api/count/route.ts',
  },
  // Middleware before the handler, and a handler that reads a lookup table by key.
  `import express from 'express';
   import { Pool } from 'pg';
   const app = express();
   const pool = new Pool();
   const auth = (_req: unknown, _res: unknown, next: () => void) => { next(); };
   app.get('/api/me', auth, async (_req, res) => { res.json((await pool.query('SELECT * FROM users WHERE email = $1', ['a@b.c'])).rows[0]); });`,
  // Bad input that must not throw: computed members, spreads, incomplete handlers.
  `import express from 'express';
   import { Pool } from 'pg';
   const app = express();
   const pool = new Pool();
   const method = 'get';
   const args: [string] = ['SELECT 1'];
   app[method]('/x', async () => { await pool.query(...args); });
   app.get('/y');
   app.get();
   app.get('/z', undefined);`,
  // Point lookups in a socket read handler: knex \`.first()\` narrows the builder chain to one row,
  // like prisma findUnique and mongodb findOne.
  `import { Server } from 'socket.io';
   import knex from 'knex';
   import { PrismaClient } from '@prisma/client';
   import { MongoClient } from 'mongodb';
   const io = new Server(3000);
   const db = knex({ client: 'pg' });
   const prisma = new PrismaClient();
   const orders = new MongoClient('mongodb://db').db('app').collection('orders');
   io.on('connection', (socket) => {
     socket.on('getOrder', async (id: string, ack: (x: unknown) => void) => { ack(await db('orders').where({ id }).first()); });
     socket.on('getOrder2', async (id: string, ack: (x: unknown) => void) => { ack(await db('orders').select('*').whereNot({ archived: true }).where({ id }).first()); });
     socket.on('getOrder3', async (id: string, ack: (x: unknown) => void) => { ack(await prisma.order.findUnique({ where: { id } })); });
     socket.on('getOrder4', async (id: string, ack: (x: unknown) => void) => { ack(await orders.findOne({ id })); });
   });`,
];

const invalid: InvalidTestCase<'uncached', Options>[] = [
  {
    name: 'an aliased import is a cache read only when cache.helpers names its export',
    code: ALIASED_HELPER_ROUTE,
    options: [{ helpers: ['wc2'] }],
    errors: [{ messageId: 'uncached' as const, line: 6 }],
  },
  {
    name: 'knex: a point link does not hide an aggregate, and a read chain without one is a read',
    code: `import { Server } from 'socket.io';
import knex from 'knex';
const io = new Server(3000);
const db = knex({ client: 'pg' });
io.on('connection', (socket) => {
  socket.on('getTotals', async (ack: (x: unknown) => void) => { ack(await db('orders').where({ open: true }).count('* as n').first()); });
  socket.on('getOpen', async (ack: (x: unknown) => void) => { ack(await db('orders').where({ open: true })); });
  socket.on('getOpenCount', async (ack: (x: unknown) => void) => { ack(await db('orders').whereNot({ open: false }).count('* as n')); });
});`,
    errors: [
      { messageId: 'uncached' as const, line: 6, data: { entry: "the 'getTotals' handler", query: 'an analytic query against the database', where: 'line 6', via: '', when: 'on every message' } },
      { messageId: 'uncached' as const, line: 7, data: { entry: "the 'getOpen' handler", query: 'a query against the database', where: 'line 7', via: '', when: 'on every message' } },
      { messageId: 'uncached' as const, line: 8, data: { entry: "the 'getOpenCount' handler", query: 'an analytic query against the database', where: 'line 8', via: '', when: 'on every message' } },
    ],
  },
  {
    name: 'express GET aggregates a day of events on every request',
    code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
app.get('/api/dashboard/throughput', async (_req, res) => {
  const { rows } = await pool.query(
    \`SELECT date_trunc('minute', ts) AS minute, count(*) AS n
     FROM events WHERE ts > now() - interval '1 day' GROUP BY 1 ORDER BY 1\`,
  );
  res.json(rows);
});`,
    errors: [{ messageId: 'uncached' as const, line: 5, column: 1, endColumn: 8 }],
  },
  {
    name: 'the query in a same-file helper, two calls down',
    code: `import { Router } from 'express';
import { Pool } from 'pg';
const router = Router();
const pool = new Pool();
const TOP_SQL = 'SELECT customer_id, sum(total) FROM orders GROUP BY customer_id ORDER BY 2 DESC LIMIT 10';
async function queryTop() { return (await pool.query(TOP_SQL)).rows; }
async function topCustomers() { return queryTop(); }
router.get('/top', async (_req, res) => { res.json(await topCustomers()); });`,
    errors: [{ messageId: 'uncached' as const, line: 8 }],
  },
  {
    name: 'object-literal service method',
    code: `import { Router } from 'express';
import { Pool } from 'pg';
const router = Router();
const pool = new Pool();
const statsService = {
  daily: () => pool.query({ text: 'SELECT date_trunc($1, ts), count(*) FROM events GROUP BY 1', values: ['hour'] }),
};
router.get('/stats/daily', async (_req, res) => res.json(await statsService.daily()));`,
    errors: [{ messageId: 'uncached' as const, line: 8 }],
  },
  {
    name: 'Next.js GET route with a prisma groupBy',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function GET() {
  const stats = await prisma.order.groupBy({ by: ['status'], _count: { _all: true } });
  return Response.json(stats);
}`,
    filename: 'app/api/stats/route.ts',
    errors: [{ messageId: 'uncached' as const, line: 3 }],
  },
  {
    name: 'React cache() is per request and does not count',
    code: `import { cache } from 'react';
import { PrismaClient } from '@prisma/client';
const db = new PrismaClient();
const getRevenue = cache(() => db.$queryRaw\`SELECT day, sum(total) FROM orders GROUP BY day\`);
export async function GET() {
  return Response.json(await getRevenue());
}`,
    filename: 'app/api/revenue/route.ts',
    errors: [{ messageId: 'uncached' as const, line: 5 }],
  },
  {
    name: 'revalidate = 0 keeps the route dynamic',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const revalidate = 0;
export const GET = async () => Response.json(await prisma.order.count());`,
    filename: 'app/api/count/route.ts',
    errors: [{ messageId: 'uncached' as const, line: 4 }],
  },
  {
    name: 'ClickHouse query in a fastify route',
    code: `import Fastify from 'fastify';
import { createClient } from '@clickhouse/client';
const app = Fastify();
const ch = createClient({ url: 'http://clickhouse:8123' });
app.get('/api/events/hourly', async () => {
  const result = await ch.query({ query: 'SELECT toStartOfHour(ts) AS h, count() FROM events GROUP BY h', format: 'JSONEachRow' });
  return result.json();
});`,
    errors: [{ messageId: 'uncached' as const, line: 5 }],
  },
  {
    name: 'fastify route() with method GET and knex aggregates',
    code: `import Fastify from 'fastify';
import knex from 'knex';
const app = Fastify();
const db = knex({ client: 'pg' });
app.route({
  method: 'GET',
  url: '/api/orders/by-status',
  handler: async () => db('orders').select('status').count('* as n').groupBy('status'),
});`,
    errors: [{ messageId: 'uncached' as const, line: 5 }],
  },
  {
    name: 'socket.io read event runs a query per message',
    code: `import { Server } from 'socket.io';
import { Pool } from 'pg';
const io = new Server(3000);
const pool = new Pool();
io.on('connection', (socket) => {
  socket.on('getStats', async (ack: (rows: unknown[]) => void) => {
    const { rows } = await pool.query('SELECT * FROM order_stats');
    ack(rows);
  });
});`,
    errors: [{ messageId: 'uncached' as const, line: 6 }],
  },
  {
    name: 'ws connection handler queries for every connection',
    code: `import { WebSocketServer } from 'ws';
import { Pool } from 'pg';
const wss = new WebSocketServer({ port: 8080 });
const pool = new Pool();
wss.on('connection', async (ws) => {
  const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
  ws.send(JSON.stringify(rows));
});`,
    errors: [{ messageId: 'uncached' as const, line: 5 }],
  },
  {
    name: 'a plain read counts on a configured dashboard route',
    code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
app.get('/api/dashboard/recent', async (_req, res) => {
  res.json((await pool.query('SELECT * FROM orders ORDER BY created_at DESC LIMIT 20')).rows);
});`,
    options: [{ dashboardRoutes: ['/api/dashboard/**'] }],
    errors: [{ messageId: 'uncached' as const, line: 5 }],
  },
  {
    name: 'a cache write without a read does not guard (write-only)',
    code: `import express from 'express';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
const app = express();
const pool = new Pool();
const redis = new Redis();
app.get('/api/totals', async (_req, res) => {
  const { rows } = await pool.query('SELECT sum(total) FROM orders');
  await redis.set('totals', JSON.stringify(rows), 'EX', 30);
  res.json(rows);
});`,
    errors: [{ messageId: 'uncached' as const, line: 7 }],
  },
  {
    name: 'the cache read comes after the query',
    code: `import express from 'express';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
const app = express();
const pool = new Pool();
const redis = new Redis();
app.get('/api/totals', async (_req, res) => {
  const fresh = await pool.query('SELECT sum(total) FROM orders');
  const old = await redis.get('totals');
  res.json({ fresh: fresh.rows, old });
});`,
    errors: [{ messageId: 'uncached' as const, line: 7 }],
  },
  {
    name: 'a handler declared by name, mongodb aggregate, iterated',
    code: `import express from 'express';
import { MongoClient } from 'mongodb';
const app = express();
const events = new MongoClient('mongodb://db').db('app').collection('events');
async function perDay(_req: unknown, res: { json(v: unknown): void }) {
  const days = ['mon', 'tue'];
  const rows = await Promise.all(days.map((d) => events.aggregate([{ $match: { d } }, { $group: { _id: '$type', n: { $sum: 1 } } }]).toArray()));
  res.json(rows);
}
app.get('/api/per-day', perDay);`,
    errors: [{ messageId: 'uncached' as const, line: 10 }],
  },
  {
    name: 'postgres.js tagged template through a variable, optional call and computed member',
    code: `import postgres from 'postgres';
import express from 'express';
const sql = postgres('postgres://db');
const app = express();
const db = sql;
app['get']('/api/a', async (_req, res) => { res.json(await db\`SELECT count(*) FROM orders\`); });
app.get('/api/b', async (_req, res) => { res.json(await sql?.unsafe('SELECT status, count(*) FROM orders GROUP BY status')); });`,
    errors: [{ messageId: 'uncached' as const, line: 6 }, { messageId: 'uncached' as const, line: 7 }],
  },
  {
    name: 'koa router and hono',
    code: `import Router from '@koa/router';
import { Hono } from 'hono';
import { Pool } from 'pg';
const pool = new Pool();
const router = new Router();
const app = new Hono();
router.get('/api/koa', async (ctx) => { ctx.body = (await pool.query('SELECT avg(total) FROM orders')).rows; });
app.get('/api/hono', async (c) => c.json((await pool.query('SELECT max(total) FROM orders')).rows));`,
    errors: [{ messageId: 'uncached' as const, line: 7 }, { messageId: 'uncached' as const, line: 8 }],
  },
  {
    name: 'getServerSideProps in pages/',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function getServerSideProps() {
  const totals = await prisma.order.aggregate({ _sum: { total: true } });
  return { props: { totals } };
}`,
    filename: 'pages/dashboard.tsx',
    errors: [{ messageId: 'uncached' as const, line: 3 }],
  },
];

/** Cases that depend on a file name (Next.js conventions) run untyped only: the typed tester has one project file. */
const typedValid = valid.filter((c) => typeof c === 'string' || c.filename === undefined);
const typedInvalid = invalid.filter((c) => c.filename === undefined);

const IMPORTED_CLIENT_CACHE_ASIDE = `import express from 'express';
import { Pool } from 'pg';
import { redis } from './cache-client.js';
const app = express();
const pool = new Pool();
app.get('/c', async (_req, res) => {
  const hit = await redis.get('dash:c');
  if (hit) { res.send(hit); return; }
  const { rows } = await pool.query('SELECT status, count(*) FROM orders GROUP BY status');
  await redis.set('dash:c', JSON.stringify(rows), 'EX', 15);
  res.json(rows);
});`;

untypedTester().run('no-uncached-dashboard-query (untyped)', rule, {
  valid: [
    ...valid,
    // Plain JavaScript with require.
    `const express = require('express');
     const { Pool } = require('pg');
     const app = express();
     const pool = new Pool();
     app.get('/api/orders/:id', async (req, res) => { res.json((await pool.query('SELECT * FROM orders WHERE id = $1', [req.params.id])).rows); });`,
  ],
  invalid: [
    ...invalid,
    {
      // One file cannot tell what the imported client is; rta-lint's analyzer can (see the docs).
      name: 'untyped: a cache client imported from a project module is not known',
      code: IMPORTED_CLIENT_CACHE_ASIDE,
      errors: [{ messageId: 'uncached' as const, line: 6 }],
    },
    {
      name: 'plain JavaScript with require',
      code: `const express = require('express');
const { Pool } = require('pg');
const app = express();
const pool = new Pool();
app.get('/api/stats', async (req, res) => { res.json((await pool.query('SELECT status, count(*) FROM orders GROUP BY status')).rows); });`,
      errors: [{ messageId: 'uncached' as const, line: 5 }],
    },
  ],
});

typedTester().run('no-uncached-dashboard-query (typed)', rule, {
  // With the program, a Redis client imported from the project's cache module is a cache client.
  valid: [...typedValid, IMPORTED_CLIENT_CACHE_ASIDE],
  invalid: typedInvalid,
});
