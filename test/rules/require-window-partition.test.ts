import rule from '../../src/rules/require-window-partition.js';
import { typedTester, untypedTester } from '../support/rule-tester.js';

const valid: { name: string; code: string; options?: [Record<string, unknown>] }[] = [
  {
    name: 'axios.get sends no body: its query parameters are not read as a statement',
    code: `import axios from 'axios';
await axios.get(\`\${KSQLDB_URL}/ksql\`, { params: { ksql: "SELECT 'all' AS k, COUNT(*) FROM v WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY 'all' EMIT CHANGES;" } });`,
  },
  {
    name: 'ksqlDB REST through axios with an entity key',
    code: `import axios from 'axios';
await axios.post(\`\${KSQLDB_URL}/ksql\`, { ksql: 'CREATE TABLE per_page AS SELECT page_id, COUNT(*) FROM views WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY page_id EMIT CHANGES;' });`,
  },
  {
    name: 'ksqlDB: an entity column beside the event-time key',
    code: `import KsqldbClient from 'ksqldb-client';
const client = new KsqldbClient({ host: 'http://ksqldb', port: 8088 });
await client.executeStatement("CREATE TABLE per_minute AS SELECT page_id, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY page_id, TIMESTAMPTOSTRING(ROWTIME, 'yyyy-MM-dd HH:mm') EMIT CHANGES;");`,
  },
  {
    name: 'Postgres: a same-file constant with PARTITION BY joined with + at the query call',
    code: `import { Pool } from 'pg';
const pool = new Pool();
const HEAD = 'SELECT device_id, ts, v - lag(v) OVER (PARTITION BY device_id ORDER BY ts) ';
export const deltas = () => pool.query(HEAD + 'FROM readings');`,
  },
  {
    name: 'a reassigned variable is not a constant: its text is a placeholder',
    code: `import { Pool } from 'pg';
const pool = new Pool();
let head = 'SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) ';
head = 'SELECT device_id, ts, v - lag(v) OVER (PARTITION BY device_id ORDER BY ts) ';
export const deltas = () => pool.query(head + 'FROM readings');`,
  },
  {
    name: 'Flink: window TVF grouped by the window and the entity',
    code: `const JOB = \`
  INSERT INTO clicks_per_page_minute
  SELECT window_start, window_end, page_id, COUNT(*) AS clicks
  FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(click_time), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end, page_id\`;
await fetch(\`\${GATEWAY}/v1/sessions/\${session}/statements\`, { method: 'POST', body: JSON.stringify({ statement: JOB }) });`,
  },
  {
    name: 'Flink: entity first, window column second',
    code: `await fetch(url, { method: 'POST', body: JSON.stringify({ statement: \`
  SELECT user_id, window_start, COUNT(*) FROM TABLE(HOP(TABLE views, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
  GROUP BY user_id, window_start\` }) });`,
  },
  {
    name: 'Flink: named OVER window partitioned by the customer',
    code: `const SPEND = \`
  SELECT order_id, SUM(amount) OVER w AS customer_last_hour
  FROM orders
  WINDOW w AS (PARTITION BY customer_id ORDER BY order_time RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);
  CREATE TABLE t (x INT, WATERMARK FOR ts AS ts)\`;
await fetch(url, { body: JSON.stringify({ statement: SPEND }) });`,
  },
  {
    name: 'Flink: SESSION partitioned inside the TABLE argument',
    code: `await fetch(url, { body: JSON.stringify({ statement: \`
  SELECT user_id, window_start, window_end, COUNT(*) AS events
  FROM TABLE(SESSION(TABLE page_views PARTITION BY user_id, DESCRIPTOR(view_time), INTERVAL '30' MINUTES))
  GROUP BY user_id, window_start, window_end\` }) });`,
  },
  {
    name: 'Flink: global roll-up over a keyed pre-aggregation',
    code: `const ROLLUP = \`
  SELECT window_start, SUM(n) AS total FROM (
    SELECT window_start, window_end, page_id, COUNT(*) AS n
    FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
    GROUP BY window_start, window_end, page_id)
  GROUP BY window_start\`;
await fetch(url, { body: JSON.stringify({ statement: ROLLUP }) });`,
  },
  {
    name: 'Flink: intended global window opted out with a comment',
    code: `await fetch(url, { body: JSON.stringify({ statement: \`
  -- rta: global-window (a handful of events per minute)
  INSERT INTO site_totals SELECT window_start, window_end, COUNT(*)
  FROM TABLE(TUMBLE(TABLE heartbeats, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end\` }) });`,
  },
  {
    name: 'Flink: intended global window through the allowGlobal option',
    code: `await fetch(url, { body: JSON.stringify({ statement: \`
  INSERT INTO site_totals_per_minute SELECT window_start, window_end, COUNT(*)
  FROM TABLE(TUMBLE(TABLE heartbeats, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end\` }) });`,
    options: [{ allowGlobal: ['site_totals_per_minute'] }],
  },
  {
    name: 'ksqlDB: windowed aggregate keyed by page',
    code: `const KSQL = \`
  CREATE TABLE views_per_page_minute AS
    SELECT page_id, COUNT(*) AS views FROM page_views
    WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY page_id EMIT CHANGES;\`;
await fetch(\`\${KSQLDB_URL}/ksql\`, { method: 'POST', body: JSON.stringify({ ksql: KSQL, streamsProperties: {} }) });`,
  },
  {
    name: 'ksqlDB client: session window per user',
    code: `import KsqldbClient from 'ksqldb-client';
const client = new KsqldbClient({ host: 'http://ksqldb', port: 8088 });
await client.streamQuery("SELECT user_id, COUNT(*) FROM clicks WINDOW SESSION (30 MINUTES) GROUP BY user_id EMIT CHANGES;", () => {});`,
  },
  {
    name: 'ClickHouse: lagInFrame partitioned by device',
    code: `import { createClient } from '@clickhouse/client';
const ch = createClient({ url: 'http://clickhouse:8123' });
export async function deltas() {
  return ch.query({
    query: \`SELECT device_id, ts,
                   reading - lagInFrame(reading) OVER (PARTITION BY device_id ORDER BY ts
                     ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS delta
            FROM readings WHERE ts > now() - INTERVAL 1 HOUR\`,
    format: 'JSONEachRow',
  });
}`,
  },
  {
    name: 'ClickHouse: one device pinned by a query parameter',
    code: `import { createClient } from '@clickhouse/client';
const ch = createClient({});
export async function deltas(id: string) {
  return ch.query({
    query: 'SELECT device_id, ts, reading - lagInFrame(reading) OVER (ORDER BY ts) AS delta FROM readings WHERE device_id = {id:String}',
    query_params: { id },
  });
}`,
  },
  {
    name: 'ClickHouse: share of total with OVER ()',
    code: `import { createClient } from '@clickhouse/client';
const ch = createClient({});
await ch.query({ query: 'SELECT page, count() / sum(count()) OVER () AS share FROM hits GROUP BY page' });`,
  },
  {
    name: 'ClickHouse: OLAP time-bucket totals are dashboard totals, not streaming windows',
    code: `import { createClient } from '@clickhouse/client';
const ch = createClient({});
await ch.query({ query: \`SELECT toStartOfInterval(ts, INTERVAL 5 MINUTE) AS bucket, count() AS hits
                         FROM hits WHERE ts > now() - INTERVAL 1 DAY GROUP BY bucket ORDER BY bucket\` });`,
  },
  {
    name: 'Timescale: time_bucket report query grouped only by time (one-off report)',
    code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL ?? '');
export const daily = () => sql\`SELECT time_bucket('1 day', time) AS day, avg(temperature) FROM conditions GROUP BY day ORDER BY day\`;`,
  },
  {
    name: 'Timescale: continuous aggregate keyed by device',
    code: `import postgres from 'postgres';
const sql = postgres('');
await sql\`CREATE MATERIALIZED VIEW conditions_hourly WITH (timescaledb.continuous) AS
  SELECT time_bucket('1 hour', time) AS bucket, device_id, avg(temperature) AS avg_temp
  FROM conditions GROUP BY bucket, device_id WITH NO DATA\`;`,
  },
  {
    name: 'Postgres: date_trunc totals for a dashboard tile',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function revenueByMinute(minutes: number) {
  const { rows } = await pool.query(
    \`SELECT date_trunc('minute', created_at) AS minute, count(*)::int AS orders
       FROM orders WHERE created_at > now() - make_interval(mins => $1) GROUP BY 1 ORDER BY 1\`,
    [minutes],
  );
  return rows;
}`,
  },
  {
    name: 'Postgres: ranking customers is a leaderboard, not a series',
    code: `import pg from 'pg';
const pool = new pg.Pool();
await pool.query('SELECT customer_id, sum(total) AS spent, rank() OVER (ORDER BY sum(total) DESC) FROM orders GROUP BY customer_id');`,
  },
  {
    name: 'Postgres: a template substitution inside OVER is not guessed at',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export const q = (partition: string) => pool.query(\`SELECT device_id, ts, v - lag(v) OVER (\${partition} ORDER BY ts) FROM r\`);`,
  },
  {
    name: 'SQL the reader cannot parse stays quiet',
    code: `import { Pool } from 'pg';
const pool = new Pool();
await pool.query('SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts FROM r WHERE (');
await fetch(url, { body: JSON.stringify({ statement: "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE) GROUP BY window_start" }) });`,
  },
  {
    name: 'SQL that never reaches a query sink (a log line, an unknown object) is not read',
    code: `const db = { query: (s: string) => s };
db.query('SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) FROM r');
console.log('SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) FROM r');`,
  },
  {
    name: 'bad input shapes: spread, computed unknown member, optional call without SQL, incomplete helpers',
    code: `import { Pool } from 'pg';
const pool = new Pool();
const args: [string] = ['SELECT 1'];
await pool.query(...args);
const m = 'query' as const;
await pool[m]('SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) FROM r');
await pool?.query();
function run(text) { return pool.query(text); }
run();
run(undefined);`,
  },
  {
    name: 'pg { text } option with a keyed window',
    code: `import { Client } from 'pg';
const client = new Client();
const query = { text: 'SELECT device_id, ts, v - lag(v) OVER (PARTITION BY device_id ORDER BY ts) FROM r', values: [] };
await client.query(query);`,
  },
];

const invalid = [
  {
    name: 'ksqlDB REST through axios: a constant GROUP BY key in the posted statement',
    code: `import axios from 'axios';
const KSQL = "CREATE TABLE views_per_minute AS SELECT 'all' AS k, COUNT(*) AS views FROM views WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY 'all' EMIT CHANGES;";
await axios.post(\`\${KSQLDB_URL}/ksql\`, { ksql: KSQL, streamsProperties: {} });`,
    errors: [{ messageId: 'ksqlConstantKey' as const, line: 2 }],
  },
  {
    name: 'Flink SQL Gateway through an axios instance: a TVF grouped only by window columns',
    code: `import axios from 'axios';
const gateway = axios.create({ baseURL: 'http://flink-sql-gateway:8083' });
const JOB = "INSERT INTO per_minute SELECT window_start, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end";
await gateway.post(\`/v1/sessions/\${session}/statements\`, { statement: JOB });`,
    errors: [{ messageId: 'groupByTimeOnly' as const, line: 3 }],
  },
  {
    name: 'ksqlDB: grouped only by the event time (ROWTIME), so every event of a minute shares one key',
    code: `import KsqldbClient from 'ksqldb-client';
const client = new KsqldbClient({ host: 'http://ksqldb', port: 8088 });
await client.executeStatement("CREATE TABLE per_minute AS SELECT COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY TIMESTAMPTOSTRING(ROWTIME, 'yyyy-MM-dd HH:mm') EMIT CHANGES;");`,
    errors: [{ messageId: 'ksqlConstantKey' as const, line: 3 }],
  },
  {
    name: 'a clause split across a literal and a constant declared above it: the range stops where the text jumps back',
    code: `import { Pool } from 'pg';
const pool = new Pool();
const TAIL = ' ts) FROM readings';
export const deltas = () => pool.query('SELECT device_id, ts, v - lag(v) OVER (ORDER BY' + TAIL);`,
    errors: [{ messageId: 'overEntities' as const, line: 4, column: 74, endLine: 4, endColumn: 88 }],
  },
  {
    name: 'Postgres: the OVER clause sits in a same-file constant joined with + at the query call',
    code: `import { Pool } from 'pg';
const pool = new Pool();
const HEAD = 'SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) ';
export const deltas = () => pool.query(HEAD + 'FROM readings');`,
    errors: [{ messageId: 'overEntities' as const, line: 3, column: 48, endLine: 3, endColumn: 66 }],
  },
  {
    name: 'Postgres: a constant tail completes the statement; the clause is reported where it is written',
    code: `import { Pool } from 'pg';
const pool = new Pool();
const FROM_READINGS = ' FROM readings';
export const deltas = () => pool.query('SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts)' + FROM_READINGS);`,
    errors: [{ messageId: 'overEntities' as const, line: 4, column: 74, endLine: 4, endColumn: 92 }],
  },
  {
    name: 'Flink SQL gateway: TVF grouped only by window columns, with COUNT(DISTINCT)',
    code: `const JOB = \`
INSERT INTO clicks_per_minute
SELECT window_start, window_end, COUNT(*) AS clicks, COUNT(DISTINCT user_id) AS users
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(click_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end\`;
await fetch(\`\${GATEWAY}/v1/sessions/\${session}/statements\`, { method: 'POST', body: JSON.stringify({ statement: JOB }) });`,
    errors: [{ messageId: 'groupByTimeOnly' as const, line: 5, column: 1, endLine: 5, endColumn: 34 }],
  },
  {
    name: 'Flink: OVER aggregation without PARTITION BY',
    code: `const LAST_HOUR = \`SELECT order_id, amount,
       SUM(amount) OVER (ORDER BY order_time
                         RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS last_hour
FROM orders\`;
await fetch(url, { body: JSON.stringify({ statement: LAST_HOUR }) });`,
    options: [{ dialect: 'flink' }] as [Record<string, unknown>],
    errors: [{ messageId: 'overStreaming' as const, line: 2, column: 20, endLine: 3, endColumn: 84 }],
  },
  {
    name: 'Flink: SESSION window without a partition',
    code: `await fetch(url, { body: JSON.stringify({ statement: \`
SELECT window_start, window_end, COUNT(*) AS events
FROM TABLE(SESSION(TABLE page_views, DESCRIPTOR(view_time), INTERVAL '30' MINUTES))
GROUP BY window_start, window_end\` }) });`,
    errors: [{ messageId: 'sessionWithoutKey' as const, line: 3, column: 12 }],
  },
  {
    name: 'Flink: legacy group window in a /* sql */ string',
    code: `export const LEGACY = /* sql */ \`
SELECT TUMBLE_START(ts, INTERVAL '1' MINUTE) AS minute, COUNT(*) AS clicks
FROM clicks
GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)\`;`,
    errors: [{ messageId: 'groupByTimeOnly' as const, line: 4 }],
  },
  {
    name: 'a /* sql */ comment marks the whole concatenation, reported once',
    code: `export const Q = /* sql */ 'SELECT device_id, ts, ' +
  'v - lag(v) OVER (ORDER BY ts) FROM readings';
export const logLine = 'SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) FROM readings';`,
    errors: [{ messageId: 'overEntities' as const, line: 2, column: 15, endColumn: 33 }],
  },
  {
    name: 'ksqlDB REST: a constant key defined by the upstream stream',
    code: `const KSQL = \`
  CREATE STREAM views_k AS SELECT 'all' AS k, * FROM page_views;
  CREATE TABLE views_per_minute AS
    SELECT k, COUNT(*) AS views FROM views_k WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY k EMIT CHANGES;\`;
await fetch(\`\${KSQLDB_URL}/ksql\`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/vnd.ksql.v1+json' },
  body: JSON.stringify({ ksql: KSQL, streamsProperties: {} }),
});`,
    errors: [{ messageId: 'ksqlConstantKey' as const, line: 4, column: 78, endColumn: 88 }],
  },
  {
    name: 'ksqlDB client (ksqlient): a literal GROUP BY key on a push query',
    code: `const Ksql = require('ksqlient');
const client = new Ksql({ ksqldbURL: 'http://ksqldb:8088' });
client.push("SELECT 'all' AS k, COUNT(*) FROM clicks WINDOW HOPPING (SIZE 5 MINUTES, ADVANCE BY 1 MINUTE) GROUP BY 'all' EMIT CHANGES;", (row) => row);`,
    errors: [{ messageId: 'ksqlConstantKey' as const, line: 3 }],
  },
  {
    name: 'ksqlDB client (ksqldb-client): session window with a constant key',
    code: `import KsqldbClient from 'ksqldb-client';
const client = new KsqldbClient();
await client.executeStatement(\`CREATE TABLE sessions AS SELECT 1 AS one, COUNT(*) FROM clicks
  WINDOW SESSION (30 MINUTES) GROUP BY 1 EMIT CHANGES;\`);`,
    errors: [{ messageId: 'sessionWithoutKey' as const, line: 4, column: 31 }],
  },
  {
    name: 'ClickHouse: lagInFrame across devices',
    code: `import { createClient } from '@clickhouse/client';
const ch = createClient({ url: 'http://clickhouse:8123' });
export async function deltas() {
  const rs = await ch.query({
    query: \`SELECT device_id, ts, reading - lagInFrame(reading) OVER (ORDER BY ts) AS delta
            FROM readings WHERE ts > now() - INTERVAL 1 HOUR\`,
    format: 'JSONEachRow',
  });
  return rs.json();
}`,
    errors: [{ messageId: 'overEntities' as const, line: 5, column: 65, endLine: 5, endColumn: 83 }],
  },
  {
    name: 'ClickHouse: escapes in a quoted string keep the column exact',
    code: `import { createClient } from '@clickhouse/client';
const ch = createClient({});
const RUNNING = 'SELECT user_id, ts,\\n  sum(amount) OVER (ORDER BY ts) AS \\'running\\'\\nFROM payments';
await ch.query({ query: RUNNING });`,
    errors: [{ messageId: 'overEntities' as const, line: 3, column: 53, endColumn: 71 }],
  },
  {
    name: 'Postgres (pg): running difference across customers',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function gaps() {
  const { rows } = await pool.query(\`
    SELECT customer_id, created_at,
           created_at - lag(created_at) OVER (ORDER BY created_at) AS gap
    FROM orders WHERE created_at > now() - interval '1 day'\`);
  return rows;
}`,
    errors: [{ messageId: 'overEntities' as const, line: 6 }],
  },
  {
    name: 'Postgres: named window through a same-file helper, reported at the WINDOW definition',
    code: `import { Pool } from 'pg';
const pool = new Pool();
function q(text: string, values: unknown[] = []) {
  return pool.query(text, values);
}
export const series = () =>
  q('SELECT device_id, ts, avg(v) OVER w FROM readings WINDOW w AS (ORDER BY ts ROWS 5 PRECEDING)');`,
    errors: [{ messageId: 'overEntities' as const, line: 7, column: 63, endColumn: 98 }],
  },
  {
    name: 'Timescale: continuous aggregate grouped only by the bucket',
    code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL ?? '');
await sql\`
  CREATE MATERIALIZED VIEW conditions_hourly WITH (timescaledb.continuous) AS
  SELECT time_bucket('1 hour', time) AS bucket, avg(temperature) AS avg_temp
  FROM conditions
  GROUP BY bucket
  WITH NO DATA\`;`,
    errors: [{ messageId: 'continuousAggregate' as const, line: 7, column: 3, endColumn: 18 }],
  },
  {
    name: 'RisingWave (dialect option): TUMBLE grouped only by window_start',
    code: `import { Client } from 'pg';
const rw = new Client();
await rw.query(\`CREATE MATERIALIZED VIEW clicks_per_minute AS
  SELECT window_start, COUNT(*) AS clicks FROM TUMBLE(clicks, ts, INTERVAL '1 MINUTE') GROUP BY window_start\`);`,
    options: [{ dialect: 'risingwave' }] as [Record<string, unknown>],
    errors: [{ messageId: 'groupByTimeOnly' as const, line: 4 }],
  },
  {
    name: 'knex raw and prisma $queryRaw with a substitution elsewhere',
    code: `import knex from 'knex';
import { PrismaClient } from '@prisma/client';
const db = knex({ client: 'pg' });
const prisma = new PrismaClient();
export async function f(since: Date) {
  await db.raw('SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) FROM readings');
  await prisma.$queryRaw\`SELECT device_id, ts, v - lead(v) OVER (ORDER BY ts) FROM readings WHERE ts > \${since}\`;
}`,
    errors: [
      { messageId: 'overEntities' as const, line: 6 },
      { messageId: 'overEntities' as const, line: 7 },
    ],
  },
  {
    name: 'concatenated strings, optional call and computed member',
    code: `import { Pool } from 'pg';
const pool = new Pool();
const table = 'readings';
await pool?.query('SELECT sensor_id, ts, v - lag(v) OVER (ORDER BY ts) ' + 'FROM ' + table);
await pool['query']({ text: 'SELECT meter_id, ts, sum(kwh) OVER (ORDER BY ts) FROM usage' });`,
    errors: [
      { messageId: 'overEntities' as const, line: 4, column: 53 },
      { messageId: 'overEntities' as const, line: 5 },
    ],
  },
  {
    name: 'a `sql` tag from an unmodelled library, with an entity the config names',
    code: `import { sql } from './db.js';
export const q = sql\`SELECT terminal, ts, amount - lag(amount) OVER (ORDER BY ts) FROM auths\`;`,
    options: [{ entityColumns: ['terminal'] }] as [Record<string, unknown>],
    errors: [{ messageId: 'overEntities' as const, line: 2 }],
  },
];

// A pg pool whose type only the checker knows (exported by another module of the project).
const POOL_FROM_ELSEWHERE = `/// <reference path="./ambient-pg.d.ts" />
declare const pool: import('pg').Pool;
void pool.query('SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) FROM readings');`;

// What rta-lint passes from rta.config.yaml: `window:` counts as the rule's options do.
const FLINK_GLOBAL = `await fetch(url, { body: JSON.stringify({ statement: \`
  INSERT INTO site_totals_per_minute SELECT window_start, window_end, COUNT(*)
  FROM TABLE(TUMBLE(TABLE heartbeats, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end\` }) });`;
const configured = [
  {
    name: 'rta.config.yaml window.allowGlobal (settings.rta) allows an intended global window',
    code: FLINK_GLOBAL,
    settings: { rta: { window: { allowGlobal: ['site_totals_per_minute'] } } },
  },
];
const configuredInvalid = [
  {
    name: 'rta.config.yaml window.entityColumns (settings.rta) names an entity the defaults do not',
    code: `import { sql } from './db.js';
export const q = sql\`SELECT terminal, ts, amount - lag(amount) OVER (ORDER BY ts) FROM auths\`;`,
    settings: { rta: { window: { entityColumns: ['terminal'] } } },
    errors: [{ messageId: 'overEntities' as const, line: 2 }],
  },
  {
    name: 'a global window not allowed in settings.rta is still reported',
    code: FLINK_GLOBAL,
    settings: { rta: { window: { allowGlobal: ['other_table'] }, sql: { streaming: ['flink'] } } },
    errors: [{ messageId: 'groupByTimeOnly' as const }],
  },
];

untypedTester().run('require-window-partition (untyped)', rule, {
  valid: [
    ...configured,
    ...valid.map((c) => ({ ...c, options: c.options ?? [{}] })),
    // Import tracking cannot see what `pool` is: nothing is read, nothing is guessed.
    { name: 'untyped: a client that only types could identify', code: POOL_FROM_ELSEWHERE },
  ],
  invalid: [...invalid, ...configuredInvalid],
});

typedTester().run('require-window-partition (typed)', rule, {
  valid: [
    ...valid.map((c) => ({ ...c, options: c.options ?? [{}] })),
    // Types say it is not a modelled client: a same-named method of the project's own class.
    {
      name: 'typed: a project class with a query method',
      code: `class Store { query(text: string): string { return text; } }
declare const store: Store;
store.query('SELECT device_id, ts, v - lag(v) OVER (ORDER BY ts) FROM readings');`,
    },
  ],
  invalid: [
    ...invalid,
    {
      name: 'typed: a pg Pool known only from its declared type',
      code: POOL_FROM_ELSEWHERE,
      errors: [{ messageId: 'overEntities' as const, line: 3, column: 51 }],
    },
  ],
});
