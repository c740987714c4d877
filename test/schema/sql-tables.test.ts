import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { guessDdlDialect, parseDdl, tokenizeDdl } from '../../src/sql/ddl.js';
import { SchemaReadError, type Field, type RecordSchema } from '../../src/schema/model.js';
import { parseRef, readSchemaRef, naturalCompare, isDownMigration } from '../../src/schema/refs.js';
import { readSqlTable, type SqlSource } from '../../src/schema/sql-tables.js';
import { migrationSources, parseSource } from '../../src/schema/ts/migration-strings.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-ddl-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function table(text: string, name: string, dialect?: SqlSource['dialect']): RecordSchema {
  return readSqlTable([dialect ? { file: '/v/t.sql', text, dialect } : { file: '/v/t.sql', text }], name);
}

function field(record: RecordSchema, name: string): Field {
  const found = record.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name} in ${record.fields.map((f) => f.name).join(', ')}`);
  return found;
}

describe('DDL tokens and dialects', () => {
  it('skips comments, keeps quoted names and strings with escapes', () => {
    const tokens = tokenizeDdl(`-- x\nCREATE /* a /* nested */ b */ TABLE "Order Items" (note text DEFAULT 'it''s', b text DEFAULT $$x;y$$);`);
    expect(tokens.filter((t) => t.kind === 'quoted').map((t) => t.value)).toEqual(['Order Items']);
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.value)).toEqual(["it's", 'x;y']);
  });

  it('guesses the dialect from clues only one dialect has', () => {
    expect(guessDdlDialect('CREATE TABLE t (a Nullable(String)) ENGINE = MergeTree ORDER BY a')).toBe('clickhouse');
    expect(guessDdlDialect("CREATE TABLE t (a STRING, WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka')")).toBe('flink');
    expect(guessDdlDialect('CREATE TABLE t (a text NOT NULL)')).toBe('postgres');
  });

  it('never throws on broken text', () => {
    for (const text of ['CREATE TABLE', 'CREATE TABLE t (', "CREATE TABLE t (a text DEFAULT 'x", 'ALTER TABLE', 'RENAME TABLE a', ')))(((', '']) {
      expect(() => parseDdl(text)).not.toThrow();
    }
  });
});

describe('Postgres', () => {
  const orders = table(
    `CREATE TYPE order_status AS ENUM ('created', 'paid');
     ALTER TYPE order_status ADD VALUE 'shipped';
     CREATE TABLE IF NOT EXISTS public."orders" (
       id bigserial PRIMARY KEY,
       order_id text NOT NULL UNIQUE,
       status order_status NOT NULL,
       channel varchar(16) NOT NULL CHECK (channel IN ('web', 'app')),
       total numeric(12, 2),
       placed_at timestamp(3) with time zone NOT NULL,
       tags text[] NOT NULL DEFAULT '{}',
       total_x2 numeric GENERATED ALWAYS AS (total * 2) STORED,
       amount double precision,
       CONSTRAINT orders_kind CHECK (kind IN ('a', 'b')),
       kind text NOT NULL
     );`,
    'orders',
  );

  it('reads types, nullability, defaults and generated columns', () => {
    expect(orders.system).toBe('postgres');
    expect(field(orders, 'id')).toMatchObject({ filled: 'identity', nullable: false });
    expect(field(orders, 'order_id')).toMatchObject({ type: { kind: 'string' }, nullable: false, optional: false });
    expect(field(orders, 'total')).toMatchObject({ type: { kind: 'decimal' }, nullable: true, optional: true });
    expect(field(orders, 'placed_at').type).toEqual({ kind: 'timestamp' });
    expect(field(orders, 'tags')).toMatchObject({ type: { kind: 'array', element: { kind: 'string' } }, filled: 'default' });
    expect(field(orders, 'total_x2').filled).toBe('generated');
    expect(field(orders, 'amount').type).toEqual({ kind: 'float', bits: 64 });
  });

  it('reads enum types (with ALTER TYPE .. ADD VALUE) and CHECK lists as closed enums', () => {
    expect(field(orders, 'status').type).toEqual({ kind: 'enum', values: ['created', 'paid', 'shipped'], closed: true });
    expect(field(orders, 'channel').type).toEqual({ kind: 'enum', values: ['web', 'app'], closed: true });
    expect(field(orders, 'kind').type).toEqual({ kind: 'enum', values: ['a', 'b'], closed: true });
  });

  it('matches the table with or without a schema qualifier', () => {
    expect(() => table('CREATE TABLE analytics.orders (a text)', 'orders')).not.toThrow();
    expect(() => table('CREATE TABLE analytics.orders (a text)', 'analytics.orders')).not.toThrow();
    expect(() => table('CREATE TABLE analytics.orders (a text)', 'other.orders')).toThrow(SchemaReadError);
  });

  it('locates the table at its name and each column at its name', () => {
    const t = readSqlTable([{ file: '/v/t.sql', text: '-- header\nCREATE TABLE orders (\n  id text\n);' }], 'orders');
    expect(t.location.region).toMatchObject({ startLine: 2, startColumn: 14 });
    expect(field(t, 'id').location?.region).toMatchObject({ startLine: 3, startColumn: 3 });
  });

  it('says which tables exist when the one asked for does not', () => {
    expect(() => table('CREATE TABLE a (x text); CREATE TABLE b (y text);', 'c')).toThrow(/no CREATE TABLE c .*tables found: a, b/);
  });
});

describe('ClickHouse', () => {
  const events = table(
    `CREATE TABLE IF NOT EXISTS analytics.events ON CLUSTER '{cluster}'
     (
       event_id UUID,
       user_id Nullable(String),
       kind LowCardinality(String),
       status Enum8('created' = 1, 'paid' = 2),
       ts DateTime64(3, 'UTC'),
       day Date MATERIALIZED toDate(ts),
       seconds DateTime,
       price Decimal(12, 2),
       count UInt64 CODEC(Delta, ZSTD),
       labels Map(String, UInt32),
       point Tuple(x Float64, y Float64),
       items Nested(sku String, qty UInt16),
       tags Array(LowCardinality(String)),
       alias_col String ALIAS concat(kind, '!'),
       ingested_at DateTime DEFAULT now() COMMENT 'filled on insert',
       INDEX idx_kind kind TYPE set(100) GRANULARITY 4,
       _partition UInt64
     )
     ENGINE = ReplicatedMergeTree('/ch/{shard}/events', '{replica}')
     ORDER BY (kind, ts)
     SETTINGS index_granularity = 8192;`,
    'events',
  );

  it('reads ClickHouse nullability (only Nullable), wrappers and units', () => {
    expect(events.system).toBe('clickhouse');
    expect(field(events, 'event_id')).toMatchObject({ type: { kind: 'uuid' }, nullable: false });
    expect(field(events, 'user_id')).toMatchObject({ type: { kind: 'string' }, nullable: true });
    expect(field(events, 'kind').type).toEqual({ kind: 'string' });
    expect(field(events, 'status').type).toEqual({ kind: 'enum', values: ['created', 'paid'], closed: true });
    expect(field(events, 'ts').type).toEqual({ kind: 'timestamp', unit: 'ms' });
    expect(field(events, 'seconds').type).toEqual({ kind: 'timestamp', unit: 's' });
    expect(field(events, 'price').type).toEqual({ kind: 'decimal' });
    expect(field(events, 'count').type).toEqual({ kind: 'int', bits: 64, unsigned: true });
  });

  it('reads composite types: Map, named Tuple, Nested, Array', () => {
    expect(field(events, 'labels').type).toEqual({ kind: 'map', value: { kind: 'int', bits: 32, unsigned: true } });
    expect(field(events, 'point').type).toMatchObject({ kind: 'record', fields: [{ name: 'x' }, { name: 'y' }] });
    expect(field(events, 'items').type).toMatchObject({ kind: 'array', element: { kind: 'record', fields: [{ name: 'sku' }, { name: 'qty' }] } });
    expect(field(events, 'tags').type).toEqual({ kind: 'array', element: { kind: 'string' }, elementNullable: false });
  });

  it('marks columns the database fills; skips INDEX lines', () => {
    expect(field(events, 'day').filled).toBe('materialized');
    expect(field(events, 'alias_col').filled).toBe('alias');
    expect(field(events, 'ingested_at').filled).toBe('default');
    expect(events.fields.some((f) => f.name === 'INDEX' || f.name === 'idx_kind')).toBe(false);
  });
});

describe('Flink', () => {
  const sink = table(
    `CREATE TABLE payments_sink (
       payment_id STRING NOT NULL,
       amount DECIMAL(10, 2),
       paid_at TIMESTAMP(3) NOT NULL,
       local_at TIMESTAMP(3) WITH LOCAL TIME ZONE,
       ltz TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
       part INT METADATA VIRTUAL,
       proc AS PROCTIME(),
       customer ROW<id STRING NOT NULL, tier INT>,
       lines ARRAY<ROW<sku STRING, qty INT NOT NULL>> NOT NULL,
       attrs MAP<STRING, STRING>,
       created TIMESTAMP,
       WATERMARK FOR paid_at AS paid_at - INTERVAL '5' SECOND,
       PRIMARY KEY (payment_id) NOT ENFORCED
     ) WITH ('connector' = 'kafka', 'topic' = 'payments', 'format' = 'json');`,
    'payments_sink',
  );

  it('reads Flink types, units and NOT NULL', () => {
    expect(sink.system).toBe('flink');
    expect(field(sink, 'payment_id')).toMatchObject({ type: { kind: 'string' }, nullable: false });
    expect(field(sink, 'amount')).toMatchObject({ type: { kind: 'decimal' }, nullable: true });
    expect(field(sink, 'paid_at').type).toEqual({ kind: 'timestamp', unit: 'ms' });
    expect(field(sink, 'local_at').type).toEqual({ kind: 'timestamp', unit: 'ms' });
    expect(field(sink, 'created').type).toEqual({ kind: 'timestamp', unit: 'us' });
  });

  it('marks METADATA and computed columns as filled; WATERMARK and PRIMARY KEY are not columns', () => {
    expect(field(sink, 'ltz').filled).toBe('metadata');
    expect(field(sink, 'part').filled).toBe('metadata');
    expect(field(sink, 'proc').filled).toBe('computed');
    expect(sink.fields.map((f) => f.name)).not.toContain('WATERMARK');
    expect(sink.fields.map((f) => f.name)).not.toContain('PRIMARY');
  });

  it('reads ROW, ARRAY<ROW> and MAP with nested NOT NULL', () => {
    expect(field(sink, 'customer').type).toMatchObject({ kind: 'record', fields: [{ name: 'id', nullable: false }, { name: 'tier', nullable: true }] });
    expect(field(sink, 'lines')).toMatchObject({
      nullable: false,
      type: { kind: 'array', element: { kind: 'record', fields: [{ name: 'sku', nullable: true }, { name: 'qty', nullable: false }] } },
    });
    expect(field(sink, 'attrs').type).toEqual({ kind: 'map', value: { kind: 'string' } });
  });
});

describe('migrations replayed in order', () => {
  const folder = path.join(tmp, 'migrations');
  fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(folder, name), text);
  };
  write('1_create.sql', 'CREATE TABLE db.page_views ON CLUSTER c (url String, session_id String, duration UInt32, viewed_at DateTime) ENGINE = MergeTree ORDER BY url;');
  write('2_add.sql', 'ALTER TABLE db.page_views ON CLUSTER c ADD COLUMN IF NOT EXISTS referrer Nullable(String) AFTER url, ADD COLUMN device LowCardinality(String) DEFAULT \'web\';');
  write('10_drop.sql', 'ALTER TABLE db.page_views ON CLUSTER c DROP COLUMN session_id, MODIFY COLUMN duration UInt64, RENAME COLUMN url TO path;');
  write('3_rename_table.sql', 'RENAME TABLE db.page_views TO db.views ON CLUSTER c;');
  write('4_back.sql', 'RENAME TABLE db.views TO db.page_views;');
  write('3_rename_table.down.sql', 'DROP TABLE db.views;');
  write('sub/11_modify.sql', 'ALTER TABLE page_views MODIFY COLUMN viewed_at DateTime64(3);');
  write('12_pg_style.sql', "ALTER TABLE page_views ALTER COLUMN device SET NOT NULL, ALTER COLUMN device DROP DEFAULT;");

  it('applies ADD/DROP/RENAME/MODIFY COLUMN and RENAME TABLE in natural file-name order, skipping down migrations', () => {
    const record = readSchemaRef(parseRef('migrations/#page_views', tmp));
    expect(record.fields.map((f) => f.name)).toEqual(['path', 'duration', 'viewed_at', 'referrer', 'device']);
    expect(field(record, 'duration').type).toEqual({ kind: 'int', bits: 64, unsigned: true });
    expect(field(record, 'viewed_at').type).toEqual({ kind: 'timestamp', unit: 'ms' });
    expect(field(record, 'device')).toMatchObject({ optional: false });
    expect(field(record, 'device').filled).toBeUndefined();
    // Each column points at the statement that last defined it.
    expect(field(record, 'path').location?.file).toBe(path.join(folder, '10_drop.sql'));
    expect(field(record, 'viewed_at').location?.file).toBe(path.join(folder, 'sub/11_modify.sql'));
    expect(record.location.file).toBe(path.join(folder, '1_create.sql'));
  });

  it('orders file names naturally and knows down migrations', () => {
    expect(['10_a.sql', '2_a.sql', '1_a.sql'].sort(naturalCompare)).toEqual(['1_a.sql', '2_a.sql', '10_a.sql']);
    expect(isDownMigration('003_x.down.sql')).toBe(true);
    expect(isDownMigration('20240101_x/down.sql')).toBe(true);
    expect(isDownMigration('down/003_x.sql')).toBe(true);
    expect(isDownMigration('003_download_stats.sql')).toBe(false);
  });

  it('a dropped table is gone', () => {
    expect(() => readSqlTable([{ file: '/v/a.sql', text: 'CREATE TABLE t (a text); DROP TABLE IF EXISTS t;' }], 't')).toThrow(SchemaReadError);
  });
});

describe('SQL in TS/JS migrations', () => {
  const code = `import type { Knex } from 'knex';
const TABLE = 'audit';
export async function up(knex: Knex): Promise<void> {
  await knex.raw(\`
    CREATE TABLE orders (
      order_id text PRIMARY KEY,
      total bigint NOT NULL
    )\`);
  await knex.raw('ALTER TABLE orders ADD COLUMN note text');
  await knex.raw(\`CREATE TABLE \${TABLE}_log (id text)\`);
}
export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE orders DROP COLUMN total');
}
export class AddStatus1700000000000 {
  async up(q: { query(s: string): Promise<void> }) { await q.query("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new'"); }
  async down(q: { query(s: string): Promise<void> }) { await q.query('DROP TABLE orders'); }
}
exports.down = () => 'ALTER TABLE orders DROP COLUMN note';
`;

  it('reads CREATE/ALTER strings outside down migrations, with offsets into the file', () => {
    const sf = parseSource(ts, '/v/migrate.ts', code);
    const sources = migrationSources(ts, sf);
    expect(sources).toHaveLength(4);
    const record = readSqlTable(sources, 'orders');
    expect(record.fields.map((f) => f.name)).toEqual(['order_id', 'total', 'note', 'status']);
    expect(field(record, 'total').location?.region.startLine).toBe(7);
    expect(field(record, 'note').location?.region).toMatchObject({ startLine: 9 });
    expect(field(record, 'status').filled).toBe('default');
  });

  it('blanks template substitutions without moving offsets', () => {
    const sf = parseSource(ts, '/v/migrate.ts', code);
    const template = migrationSources(ts, sf).find((s) => s.text.includes('_log'));
    expect(template?.text).toBe('CREATE TABLE _________log (id text)');
  });

  it('reads `file.ts#table` through readSchemaRef, preferring a declaration of that name', () => {
    const file = path.join(tmp, 'migrate.ts');
    fs.writeFileSync(file, code);
    const record = readSchemaRef(parseRef('migrate.ts#orders', tmp), { ts: { ts, programFile: () => undefined, checker: undefined } });
    expect(record.name).toBe('orders');
    expect(() => readSchemaRef(parseRef('migrate.ts#missing', tmp), { ts: { ts, programFile: () => undefined, checker: undefined } })).toThrow(
      /no interface, type alias, class, zod object schema or migration table named "missing"/,
    );
  });
});
