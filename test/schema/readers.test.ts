import { describe, expect, it } from 'vitest';
import { readAvroRecord } from '../../src/schema/avro.js';
import { parseJson, JsonSyntaxError } from '../../src/schema/json.js';
import { readJsonSchema } from '../../src/schema/json-schema.js';
import { compareRecords } from '../../src/schema/compare.js';
import { SchemaReadError, type Field, type FieldType, type RecordSchema } from '../../src/schema/model.js';
import { readPrismaModel } from '../../src/schema/prisma.js';
import { readTinybirdDatasource } from '../../src/schema/tinybird.js';

function field(record: RecordSchema, name: string): Field {
  const found = record.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name} in ${record.fields.map((f) => f.name).join(', ')}`);
  return found;
}

describe('JSON with positions', () => {
  it('keeps offsets of keys and values', () => {
    const node = parseJson('{ "a": [1, "x", true, null], "b": { "c": -1.5e3 } }');
    expect(node.type).toBe('object');
    if (node.type !== 'object') return;
    expect(node.entries.map((e) => [e.key, e.keyStart])).toEqual([['a', 2], ['b', 29]]);
  });

  it('rejects what JSON rejects, with the offset', () => {
    for (const bad of ['{ "a": 1, }', "{ 'a': 1 }", '[1 2]', '"\\q"', '{"a":1} x', '']) {
      expect(() => parseJson(bad), bad).toThrow(JsonSyntaxError);
    }
  });
});

describe('Avro (.avsc)', () => {
  const text = `{
  "type": "record",
  "name": "Click",
  "namespace": "web",
  "fields": [
    { "name": "clickId", "type": { "type": "string", "logicalType": "uuid" } },
    { "name": "referrer", "type": ["null", "string"], "default": null },
    { "name": "clickedAt", "type": { "type": "long", "logicalType": "timestamp-millis" } },
    { "name": "micros", "type": { "type": "long", "logicalType": "timestamp-micros" } },
    { "name": "device", "type": { "type": "enum", "name": "Device", "symbols": ["desktop", "mobile"] } },
    { "name": "other", "type": "Device", "aliases": ["second_device"] },
    { "name": "pos", "type": { "type": "record", "name": "Pos", "fields": [{ "name": "x", "type": "int" }] } },
    { "name": "tags", "type": { "type": "array", "items": ["null", "string"] } },
    { "name": "attrs", "type": { "type": "map", "values": "double" } },
    { "name": "amount", "type": { "type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2 } },
    { "name": "either", "type": ["null", "int", "string"] },
    { "name": "hash", "type": { "type": "fixed", "name": "Md5", "size": 16 } }
  ]
}`;
  const click = readAvroRecord('/v/click.avsc', text);

  it('reads primitives, logical types, unions with null, enums and named references', () => {
    expect(click).toMatchObject({ name: 'Click', system: 'avro', location: { region: { startLine: 3 } } });
    expect(field(click, 'clickId').type).toEqual({ kind: 'uuid' });
    expect(field(click, 'referrer')).toMatchObject({ type: { kind: 'string' }, nullable: true, optional: false });
    expect(field(click, 'clickedAt')).toMatchObject({ type: { kind: 'timestamp', unit: 'ms' }, logicalType: 'timestamp-millis' });
    expect(field(click, 'micros').type).toEqual({ kind: 'timestamp', unit: 'us' });
    expect(field(click, 'device').type).toEqual({ kind: 'enum', values: ['desktop', 'mobile'], closed: true });
    expect(field(click, 'other')).toMatchObject({ type: { kind: 'enum' }, aliases: ['second_device'] });
    expect(field(click, 'amount').type).toEqual({ kind: 'decimal' });
    expect(field(click, 'either')).toMatchObject({ type: { kind: 'union' }, nullable: true });
    expect(field(click, 'hash').type).toEqual({ kind: 'bytes' });
  });

  it('reads nested records, arrays (with nullable items) and maps', () => {
    expect(field(click, 'pos').type).toMatchObject({ kind: 'record', fields: [{ name: 'x', type: { kind: 'int', bits: 32 } }] });
    expect(field(click, 'tags').type).toEqual({ kind: 'array', element: { kind: 'string' }, elementNullable: true });
    expect(field(click, 'attrs').type).toEqual({ kind: 'map', value: { kind: 'float', bits: 64 } });
  });

  it('locates each field at its name', () => {
    expect(field(click, 'referrer').location?.region).toMatchObject({ startLine: 7, startColumn: 15 });
  });

  it('picks a named record from a file of several, or the last one', () => {
    const many = '[{ "type": "record", "name": "A", "fields": [] }, { "type": "record", "name": "B", "fields": [{ "name": "a", "type": "A" }] }]';
    expect(readAvroRecord('/v/m.avsc', many).name).toBe('B');
    expect(readAvroRecord('/v/m.avsc', many, 'A').name).toBe('A');
    expect(() => readAvroRecord('/v/m.avsc', many, 'C')).toThrow(SchemaReadError);
  });

  it('reports invalid JSON with its line', () => {
    expect(() => readAvroRecord('/v/x.avsc', '{\n  "type": "record",\n  "fields": [,]\n}')).toThrow(expect.objectContaining({ line: 3 }) as Error);
  });

  it('makes a misspelt type a read error naming the field and its line, not a skipped field', () => {
    const typo = '{ "type": "record", "name": "Click",\n  "fields": [\n    { "name": "userId", "type": "string" },\n    { "name": "page", "type": ["null", "strin"] }\n  ] }';
    expect(() => readAvroRecord('/v/t.avsc', typo)).toThrow(
      expect.objectContaining({ name: 'SchemaReadError', file: '/v/t.avsc', line: 4, message: expect.stringMatching(/^field "page" has the type "strin"/) as string }) as Error,
    );
    const nested = '{ "type": "record", "name": "A", "fields": [{ "name": "b", "type": { "type": "record", "name": "B", "fields": [{ "name": "c", "type": "lnog" }] } }] }';
    expect(() => readAvroRecord('/v/n.avsc', nested)).toThrow(/field "c" has the type "lnog"/);
    // A full name may live in another schema file of the registry: not this file's to judge.
    const external = '{ "type": "record", "name": "A", "fields": [{ "name": "address", "type": "com.acme.Address" }] }';
    expect(readAvroRecord('/v/e.avsc', external).fields[0]?.type.kind).toBe('unknown');
  });

  it('does not loop on recursive records', () => {
    const recursive = '{ "type": "record", "name": "Node", "fields": [{ "name": "next", "type": ["null", "Node"] }] }';
    expect(() => readAvroRecord('/v/r.avsc', recursive)).not.toThrow();
  });
});

describe('JSON Schema', () => {
  const text = `{
  "title": "Device",
  "type": "object",
  "required": ["id", "model", "firmware"],
  "properties": {
    "id": { "type": "string", "format": "uuid" },
    "model": { "type": "string" },
    "battery": { "type": ["integer", "null"] },
    "openapi": { "type": "number", "nullable": true },
    "firmware": { "$ref": "#/$defs/firmware" },
    "seenAt": { "type": "string", "format": "date-time" },
    "location": { "type": "object", "properties": { "lat": { "type": "number" } }, "required": ["lat"] },
    "labels": { "type": "object", "additionalProperties": { "type": "string" } },
    "history": { "type": "array", "items": { "anyOf": [{ "type": "string" }, { "type": "null" }] } },
    "state": { "oneOf": [{ "const": "on" }, { "const": "off" }, { "type": "null" }] },
    "blob": { "type": "string", "contentEncoding": "base64" },
    "code": { "enum": [1, 2, 3] }
  },
  "$defs": { "firmware": { "type": "string", "enum": ["1.0", "2.0"] } }
}`;
  const device = readJsonSchema('/v/device.json', text);

  it('reads required, nullable (type list and OpenAPI), $ref and formats', () => {
    expect(device.name).toBe('Device');
    expect(field(device, 'id')).toMatchObject({ type: { kind: 'string', format: 'uuid' }, optional: false });
    expect(field(device, 'battery')).toMatchObject({ type: { kind: 'number' }, nullable: true, optional: true });
    expect(field(device, 'openapi').nullable).toBe(true);
    expect(field(device, 'firmware')).toMatchObject({ type: { kind: 'enum', values: ['1.0', '2.0'], closed: true }, optional: false });
    expect(field(device, 'seenAt').type).toEqual({ kind: 'string', format: 'date-time' });
    expect(field(device, 'blob').type).toEqual({ kind: 'bytes' });
    expect(field(device, 'code').type).toEqual({ kind: 'enum', values: ['1', '2', '3'], closed: true, numeric: true });
  });

  it('reads nested objects, maps, arrays and unions of literals with null', () => {
    expect(field(device, 'location').type).toMatchObject({ kind: 'record', fields: [{ name: 'lat', optional: false }] });
    expect(field(device, 'labels').type).toEqual({ kind: 'map', value: { kind: 'string' } });
    expect(field(device, 'history').type).toEqual({ kind: 'array', element: { kind: 'string' }, elementNullable: true });
    expect(field(device, 'state')).toMatchObject({ type: { kind: 'enum', values: ['on', 'off'] }, nullable: true });
  });

  it('reads a definition by name and merges allOf', () => {
    const withDefs = '{ "definitions": { "A": { "allOf": [{ "properties": { "a": { "type": "string" } }, "required": ["a"] }, { "properties": { "b": { "type": "boolean" } } }] } } }';
    const a = readJsonSchema('/v/d.json', withDefs, 'A');
    expect(a.fields.map((f) => [f.name, f.optional])).toEqual([['a', false], ['b', true]]);
    expect(() => readJsonSchema('/v/d.json', withDefs, 'Z')).toThrow(SchemaReadError);
    expect(() => readJsonSchema('/v/d.json', '{ "type": "string" }')).toThrow(/does not describe an object/);
  });
});

describe('Prisma', () => {
  const text = `// comment with model Fake { }
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

enum Role {
  ADMIN
  MEMBER @map("member")
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique // trailing comment
  name      String?
  role      Role     @default(MEMBER)
  balance   Decimal
  visits    BigInt   @map("visit_count")
  born      DateTime @db.Date
  meta      Json?
  tags      String[]
  posts     Post[]
  updatedAt DateTime @updatedAt @map("updated_at")

  @@map("users")
}

model Post {
  id       String @id @default(uuid())
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
`;

  it('reads scalar types, ?, lists, enums and @map', () => {
    const user = readPrismaModel('/v/schema.prisma', text, 'User');
    expect(user).toMatchObject({ name: 'User', system: 'prisma', kind: 'table', location: { region: { startLine: 12 } } });
    expect(user.fields.map((f) => f.name)).toEqual(['id', 'email', 'name', 'role', 'balance', 'visits', 'born', 'meta', 'tags', 'updatedAt']);
    expect(field(user, 'id').filled).toBe('identity');
    expect(field(user, 'email')).toMatchObject({ type: { kind: 'string' }, nullable: false, optional: false });
    expect(field(user, 'name')).toMatchObject({ nullable: true, optional: true });
    expect(field(user, 'role')).toMatchObject({ type: { kind: 'enum', values: ['ADMIN', 'MEMBER'] }, filled: 'default' });
    expect(field(user, 'visits')).toMatchObject({ type: { kind: 'int', bits: 64 }, aliases: ['visit_count'] });
    expect(field(user, 'born').type).toEqual({ kind: 'date' });
    expect(field(user, 'tags').type).toEqual({ kind: 'array', element: { kind: 'string' }, elementNullable: false });
    expect(field(user, 'updatedAt')).toMatchObject({ filled: 'updated-at', aliases: ['updated_at'] });
  });

  it('finds a model by its @@map name; relation fields are not columns', () => {
    expect(readPrismaModel('/v/schema.prisma', text, 'users').name).toBe('User');
    expect(readPrismaModel('/v/schema.prisma', text, 'Post').fields.map((f) => f.name)).toEqual(['id', 'authorId']);
    expect(() => readPrismaModel('/v/schema.prisma', text, 'Fake')).toThrow(/no model "Fake"/);
  });
});

describe('Tinybird .datasource', () => {
  const text = `TOKEN "append" APPEND

DESCRIPTION >
    Web analytics events.

SCHEMA >
    \`timestamp\` DateTime64(3) \`json:$.timestamp\`,
    \`session_id\` String \`json:$.sessionId\`,
    action LowCardinality(String) \`json:$.action\`,
    \`user_agent\` Nullable(String) \`json:$.context.userAgent\`,
    \`version\` UInt16 \`json:$.version\` DEFAULT 1

ENGINE "MergeTree"
ENGINE_SORTING_KEY "session_id, timestamp"
`;

  it('reads columns, json paths as aliases, defaults, and stops at the next setting', () => {
    const events = readTinybirdDatasource('/v/web_events.datasource', text);
    expect(events).toMatchObject({ name: 'web_events', system: 'tinybird', location: { region: { startLine: 6 } } });
    expect(events.fields.map((f) => f.name)).toEqual(['timestamp', 'session_id', 'action', 'context', 'version']);
    expect(field(events, 'timestamp').type).toEqual({ kind: 'timestamp', unit: 'ms' });
    expect(field(events, 'session_id').aliases).toEqual(['sessionId']);
    // `$.context.userAgent`: the column is the nested field, and a Nullable column asks nothing of the object.
    expect(field(events, 'context')).toMatchObject({ filled: 'computed', type: { kind: 'record', fields: [{ name: 'userAgent', aliases: ['user_agent'], nullable: true }] } });
    expect(field(events, 'version').filled).toBe('default');
    expect(field(events, 'session_id').location?.region).toMatchObject({ startLine: 8, startColumn: 5 });
  });

  it('compares nested json paths with the nested stream fields, arrays by element', () => {
    const nested = readTinybirdDatasource('/v/e.datasource', `SCHEMA >
    \`timestamp\` DateTime64(3) \`json:$.ts\`,
    \`user_id\` String \`json:$.user.id\`,
    \`user_plan\` Nullable(String) \`json:$.user.plan\`,
    \`tags\` Array(String) \`json:$.tags[:]\`,
    \`line_skus\` Array(String) \`json:$.lines[:].sku\`,
    \`amount\` Float64 \`json:$.amount\` DEFAULT 0

ENGINE "MergeTree"
`);
    expect(nested.fields.map((f) => f.name)).toEqual(['timestamp', 'user', 'tags', 'lines', 'amount']);
    expect(field(nested, 'user')).toMatchObject({ type: { kind: 'record', fields: [{ name: 'id', aliases: ['user_id'] }, { name: 'plan', nullable: true }] } });
    expect(field(nested, 'user').filled).toBeUndefined();
    expect(field(nested, 'tags')).toMatchObject({ type: { kind: 'array', element: { kind: 'string' } } });
    expect(field(nested, 'lines')).toMatchObject({ type: { kind: 'array', element: { kind: 'record', fields: [{ name: 'sku', type: { kind: 'string' }, aliases: ['line_skus'] }] } } });
    const at = { file: '/v/e.ts', region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } };
    const f = (name: string, type: FieldType): Field => ({ name, type, typeText: type.kind, nullable: false, optional: false, location: at });
    const stream: RecordSchema = {
      name: 'Evt',
      system: 'typescript',
      kind: 'type',
      location: at,
      fields: [
        f('ts', { kind: 'string', format: 'date-time' }),
        f('user', { kind: 'record', fields: [f('id', { kind: 'string' })] }),
        f('tags', { kind: 'array', element: { kind: 'string' } }),
        f('lines', { kind: 'array', element: { kind: 'record', fields: [f('sku', { kind: 'number' })] } }),
        f('amount', { kind: 'number' }),
      ],
    };
    expect(compareRecords(stream, nested).map((d) => `${d.kind}:${d.path}`)).toEqual(['type:lines.sku']);
  });

  it('needs a SCHEMA block', () => {
    expect(() => readTinybirdDatasource('/v/x.datasource', 'ENGINE "MergeTree"')).toThrow(SchemaReadError);
  });
});
