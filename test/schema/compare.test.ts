import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readAvroRecord } from '../../src/schema/avro.js';
import { compareRecords, type CompareOptions, type Drift } from '../../src/schema/compare.js';
import type { RecordSchema } from '../../src/schema/model.js';
import { editDistance, normalizeName, snakeCase } from '../../src/schema/names.js';
import { readSqlTable } from '../../src/schema/sql-tables.js';
import { readTsSchema } from '../../src/schema/ts/read.js';

function tsType(body: string, name = 'Evt'): RecordSchema {
  const sf = ts.createSourceFile('/src/evt.ts', `export interface ${name} ${body}`, ts.ScriptTarget.Latest, true);
  const record = readTsSchema(ts, sf, name);
  if (!record) throw new Error('no record');
  return record;
}

function sql(columns: string, dialect: 'postgres' | 'clickhouse' | 'flink' = 'postgres'): RecordSchema {
  const suffix = dialect === 'clickhouse' ? ' ENGINE = MergeTree ORDER BY tuple()' : '';
  return readSqlTable([{ file: '/db/t.sql', text: `CREATE TABLE t (\n${columns}\n)${suffix};`, dialect }], 't');
}

const display = (file: string) => file.replace(/^\//, '');
function drifts(stream: RecordSchema, batch: RecordSchema, options: CompareOptions = {}): Drift[] {
  return compareRecords(stream, batch, { display, ...options });
}
const kinds = (list: Drift[]) => list.map((d) => `${d.kind}:${d.path}:${d.severity}`);

describe('names', () => {
  it('normalises across conventions, measures edit distance, proposes snake_case', () => {
    expect(new Set(['customerId', 'customer_id', 'CustomerID', 'customer-id'].map(normalizeName)).size).toBe(1);
    expect(editDistance('apilevel', 'apilever')).toBe(1);
    expect(editDistance('abc', 'xyzxyzxyz', 2)).toBe(3);
    expect(snakeCase('customerIDValue')).toBe('customer_id_value');
  });
});

describe('S1: stream field with no batch column', () => {
  const stream = tsType('{ orderId: string; discountCents: number }');
  const batch = sql('order_id text NOT NULL');

  it('is a warning at the stream field, related to the table, naming both', () => {
    const [d] = drifts(stream, batch);
    expect(d).toMatchObject({ kind: 'missing-in-batch', severity: 'warning', side: 'stream', path: 'discountCents' });
    expect(d?.primary.region.startLine).toBe(1);
    expect(d?.related[0]?.location.file).toBe('/db/t.sql');
    expect(d?.message).toMatch(/`Evt\.discountCents` \(src\/evt\.ts:1\) has no column in `t` \(db\/t\.sql\)/);
  });

  it('follows onMissing', () => {
    expect(kinds(drifts(stream, batch, { onMissing: 'error' }))).toEqual(['missing-in-batch:discountCents:error']);
    expect(kinds(drifts(stream, batch, { onMissing: 'note' }))).toEqual(['missing-in-batch:discountCents:note']);
    expect(drifts(stream, batch, { onMissing: 'off' })).toEqual([]);
  });

  it('is quiet for ignored fields, renamed fields and fields another name maps to', () => {
    expect(drifts(stream, batch, { ignore: ['discount_cents'] })).toEqual([]);
    expect(drifts(stream, sql('order_id text NOT NULL, discount bigint NOT NULL'), { rename: { discountCents: 'discount' } })).toEqual([]);
  });
});

describe('S2: required batch column with no stream field', () => {
  const stream = tsType('{ orderId: string }');

  it('is an error at the column when NOT NULL without a default', () => {
    const list = drifts(stream, sql('order_id text NOT NULL,\n sales_channel text NOT NULL'));
    expect(kinds(list)).toEqual(['missing-in-stream:sales_channel:error']);
    expect(list[0]).toMatchObject({ side: 'batch', primary: { file: '/db/t.sql', region: { startLine: 3 } } });
    expect(list[0]?.related[0]?.location.file).toBe('/src/evt.ts');
    expect(list[0]?.message).toMatch(/every insert fails/);
  });

  it('is quiet for nullable columns, defaults, identities, generated and connector columns', () => {
    const batch = sql(`order_id text NOT NULL,
      note text,
      channel text NOT NULL DEFAULT 'web',
      id bigserial PRIMARY KEY,
      total_x2 numeric GENERATED ALWAYS AS (1) STORED,
      _topic text NOT NULL`);
    expect(drifts(stream, batch)).toEqual([]);
  });

  it('says what ClickHouse does with a missing non-Nullable column', () => {
    const list = drifts(stream, sql('order_id String, channel String', 'clickhouse'));
    expect(list[0]?.message).toMatch(/ClickHouse fills in the type's default/);
  });
});

describe('S3: incompatible types', () => {
  it('is an error naming both types and why', () => {
    const list = drifts(tsType('{ total: string; at: number }'), sql('total integer NOT NULL, at timestamp(0) NOT NULL', 'flink'));
    expect(kinds(list)).toEqual(['type:total:error', 'type:at:error']);
    expect(list[0]?.message).toMatch(/`Evt\.total` is `string` .* `t\.total` is `integer`/);
    expect(list[0]?.why).toMatch(/only 64-bit integers travel as strings/);
  });

  it('checks every alternative of a union; a TS union on the batch side accepts any fitting one', () => {
    expect(kinds(drifts(tsType('{ v: number | boolean }'), sql('v bigint NOT NULL')))).toEqual(['type:v:error']);
    const row = tsType('{ v: number | string }', 'Row');
    expect(drifts(readAvroRecord('/s.avsc', '{"type":"record","name":"S","fields":[{"name":"v","type":"long"}]}'), row)).toEqual([]);
  });

  it('accepts the 4c correct forms: bigint as string, timestamps as Date or ISO string, LowCardinality as string', () => {
    const stream = tsType('{ id: string; total: bigint; at: Date; iso: string; device: string; flag: boolean }');
    const batch = sql('id Int64, total UInt64, at DateTime64(3), iso DateTime, device LowCardinality(String), flag UInt8', 'clickhouse');
    expect(drifts(stream, batch)).toEqual([]);
  });

  it('follows logicalTypes for Avro logical types in a TS read model', () => {
    const avro = readAvroRecord('/s.avsc', '{"type":"record","name":"S","fields":[{"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}}]}');
    const row = tsType('{ at: Date }', 'Row');
    expect(drifts(avro, row)).toEqual([]);
    const list = drifts(avro, row, { logicalTypes: { 'timestamp-millis': 'number' } });
    expect(kinds(list)).toEqual(['type:at:error']);
    expect(list[0]?.message).toMatch(/`logicalTypes` maps to `number`/);
  });
});

describe('S4: nullability', () => {
  it('nullable or optional stream value into NOT NULL is an error; into a default column optional is fine', () => {
    expect(kinds(drifts(tsType('{ a: string | null }'), sql('a text NOT NULL')))).toEqual(['nullability:a:error']);
    expect(kinds(drifts(tsType('{ a?: string }'), sql('a text NOT NULL')))).toEqual(['nullability:a:error']);
    expect(drifts(tsType('{ a?: string }'), sql("a text NOT NULL DEFAULT 'x'"))).toEqual([]);
    expect(drifts(tsType('{ a?: string | null }'), sql('a text'))).toEqual([]);
  });

  it('non-null stream into a nullable column is a warning at the column', () => {
    const list = drifts(tsType('{ a: string }'), sql('a text'));
    expect(kinds(list)).toEqual(['looser-nullability:a:warning']);
    expect(list[0]?.side).toBe('batch');
  });

  it('Avro ["null", T] into an optional TS field is fine (4c.7)', () => {
    const avro = readAvroRecord('/s.avsc', '{"type":"record","name":"S","fields":[{"name":"r","type":["null","string"],"default":null}]}');
    expect(drifts(avro, tsType('{ r?: string }', 'Row'))).toEqual([]);
    expect(kinds(drifts(avro, tsType('{ r: string }', 'Row')))).toEqual(['nullability:r:error']);
  });
});

describe('S5: enums', () => {
  it('a stream value missing from a closed batch enum is an error; an unused batch value a note', () => {
    const list = drifts(tsType("{ s: 'a' | 'b' | 'refunded' }"), sql("s Enum8('a' = 1, 'b' = 2, 'c' = 3)", 'clickhouse'));
    expect(kinds(list)).toEqual(['enum:s:error', 'unused-enum-value:s:note']);
    expect(list[0]?.values).toEqual(['refunded']);
    expect(list[1]?.values).toEqual(['c']);
  });

  it('is quiet when either side is an open string', () => {
    expect(drifts(tsType("{ s: 'a' | 'b' }"), sql('s LowCardinality(String)', 'clickhouse'))).toEqual([]);
    expect(drifts(tsType('{ s: string }'), sql("s Enum8('a' = 1)", 'clickhouse'))).toEqual([]);
  });
});

describe('S6: near-miss names', () => {
  it('reports one warning proposing the rename, instead of S1 + S2', () => {
    const list = drifts(tsType('{ apiLevel: number }'), sql('api_lever UInt16', 'clickhouse'));
    expect(kinds(list)).toEqual(['near-miss:apiLevel:warning']);
    expect(list[0]?.message).toContain('rename: { apiLevel: api_lever }');
  });

  it('does not pair short names or filled columns', () => {
    expect(kinds(drifts(tsType('{ url: string }'), sql('uri text')))).toEqual(['missing-in-batch:url:warning']);
    expect(kinds(drifts(tsType('{ createdAt: string }'), sql('created_on timestamptz DEFAULT now()')))).toEqual(['missing-in-batch:createdAt:warning']);
  });
});

describe('S8: nested records and arrays', () => {
  const stream = tsType('{ lines: Array<{ sku: string; qty: number }> }');

  it('compares the fields of ARRAY<ROW<..>> with the leaf kinds', () => {
    const list = drifts(stream, sql('lines ARRAY<ROW<product_id STRING NOT NULL, qty INT NOT NULL>> NOT NULL', 'flink'));
    expect(kinds(list)).toEqual(['missing-in-batch:lines.sku:warning', 'missing-in-stream:lines.product_id:error']);
  });

  it('takes nested paths in rename and ignore', () => {
    const batch = sql('lines ARRAY<ROW<product_id STRING NOT NULL, qty INT NOT NULL>> NOT NULL', 'flink');
    expect(drifts(stream, batch, { rename: { 'lines.sku': 'lines.product_id' } })).toEqual([]);
    expect(kinds(drifts(stream, batch, { ignore: ['lines.sku'] }))).toEqual(['missing-in-stream:lines.product_id:error']);
  });

  it('a JSON or String column holds any shape', () => {
    expect(drifts(stream, sql('lines jsonb NOT NULL'))).toEqual([]);
    expect(drifts(stream, sql('lines String', 'clickhouse'))).toEqual([]);
  });

  it('nullable array elements into non-null elements are an error', () => {
    expect(kinds(drifts(tsType('{ tags: (string | null)[] }'), sql('tags Array(String)', 'clickhouse')))).toEqual(['nullability:tags:error']);
  });
});

describe('direction', () => {
  const stream = tsType('{ a: string; onlyStream: string }');
  const batch = sql('a text NOT NULL, only_batch text NOT NULL');

  it('batch-to-stream reports batch columns the stream lacks and stream fields nothing fills', () => {
    expect(kinds(drifts(stream, batch, { direction: 'batch-to-stream' })).sort()).toEqual(['missing-in-batch:only_batch:warning', 'missing-in-stream:onlyStream:error']);
  });

  it('both reports each side', () => {
    expect(kinds(drifts(stream, batch, { direction: 'both' })).sort()).toEqual(['missing-in-batch:onlyStream:warning', 'missing-in-stream:only_batch:error']);
  });
});
