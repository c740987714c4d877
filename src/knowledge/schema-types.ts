/**
 * How the type systems on either side of a stream/batch pair line up: TypeScript (and zod), SQL
 * (Postgres, ClickHouse, Flink, Prisma, Tinybird), Avro and JSON Schema. Every type name is read
 * into one neutral scalar (`NeutralScalar`), and `SCALAR_COMPATIBILITY` says whether a value of one
 * neutral kind can land in a field of another. `TYPE_TABLE` is RULES.md 4f row by row: the tests
 * check every row, so the table and the readers cannot drift apart.
 */

/** Where a schema was declared. */
export type SchemaSystem =
  | 'typescript'
  | 'zod'
  | 'postgres'
  | 'clickhouse'
  | 'flink'
  | 'avro'
  | 'json-schema'
  | 'prisma'
  | 'tinybird';

export type SqlSystem = 'postgres' | 'clickhouse' | 'flink';

/** The unit an epoch number is counted in when a timestamp column takes one. */
export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

/** Refinements of a string that matter when the other side has a dedicated type. */
export type StringFormat = 'date-time' | 'date' | 'time' | 'uuid' | 'decimal' | 'int64';

/**
 * Scalar kinds. `number`, `bigint` and `date-object` are JavaScript values (the TS side);
 * `int`, `float`, `decimal`, `timestamp` are storage types with a width, precision or unit.
 */
export type NeutralScalar =
  | { kind: 'string'; format?: StringFormat }
  | { kind: 'uuid' }
  | { kind: 'boolean' }
  | { kind: 'int'; bits: number; unsigned?: boolean }
  | { kind: 'float'; bits: 32 | 64 }
  | { kind: 'number' }
  | { kind: 'bigint' }
  | { kind: 'decimal' }
  | { kind: 'timestamp'; unit?: TimeUnit }
  | { kind: 'date-object' }
  | { kind: 'date' }
  | { kind: 'time' }
  | { kind: 'bytes' }
  /** A column that stores any structured value (jsonb, ClickHouse JSON): shapes are not compared. */
  | { kind: 'json' };

export type ScalarKind = NeutralScalar['kind'];
/** Kinds of the composite types the schema model adds on top of the scalars. */
export type CompositeKind = 'enum' | 'record' | 'array' | 'map';
export type FieldKind = ScalarKind | CompositeKind;

const str = { kind: 'string' } as const;
const uuid = { kind: 'uuid' } as const;
const bool = { kind: 'boolean' } as const;
const int = (bits: number, unsigned?: true): NeutralScalar => (unsigned ? { kind: 'int', bits, unsigned } : { kind: 'int', bits });
const float = (bits: 32 | 64): NeutralScalar => ({ kind: 'float', bits });
const decimal = { kind: 'decimal' } as const;
const timestamp = { kind: 'timestamp' } as const;
const date = { kind: 'date' } as const;
const time = { kind: 'time' } as const;
const bytes = { kind: 'bytes' } as const;
const json = { kind: 'json' } as const;

/**
 * Postgres scalar type names (lower case, after collapsing whitespace; `varchar(20)` is looked up
 * as `varchar`). A timestamp column takes no epoch number, so its unit stays open.
 */
export const POSTGRES_TYPES: Readonly<Record<string, NeutralScalar>> = {
  text: str, varchar: str, 'character varying': str, char: str, character: str, bpchar: str, citext: str, name: str,
  inet: str, cidr: str, macaddr: str, xml: str, tsvector: str, ltree: str,
  uuid,
  boolean: bool, bool,
  smallint: int(16), int2: int(16), smallserial: int(16), serial2: int(16),
  integer: int(32), int: int(32), int4: int(32), serial: int(32), serial4: int(32),
  bigint: int(64), int8: int(64), bigserial: int(64), serial8: int(64),
  real: float(32), float4: float(32), 'double precision': float(64), float8: float(64), float: float(64),
  numeric: decimal, decimal, money: decimal,
  timestamp, timestamptz: timestamp, 'timestamp with time zone': timestamp, 'timestamp without time zone': timestamp,
  date,
  time, timetz: time, 'time with time zone': time, 'time without time zone': time, interval: str,
  bytea: bytes,
  json, jsonb: json, hstore: json,
};

/** Postgres types whose values node-postgres hands to JavaScript as strings (64-bit and exact numerics). */
export const POSTGRES_SERIAL_TYPES: ReadonlySet<string> = new Set([
  'serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial',
]);

/**
 * ClickHouse scalar type names (case-sensitive as ClickHouse is, plus the case-insensitive SQL
 * aliases it accepts). `DateTime` counts seconds; `DateTime64(p)` takes its unit from `p`.
 */
export const CLICKHOUSE_TYPES: Readonly<Record<string, NeutralScalar>> = {
  String: str, FixedString: str, IPv4: str, IPv6: str, Enum: str,
  UUID: uuid,
  Bool: bool, Boolean: bool,
  Int8: int(8), Int16: int(16), Int32: int(32), Int64: int(64), Int128: int(128), Int256: int(256),
  UInt8: int(8, true), UInt16: int(16, true), UInt32: int(32, true), UInt64: int(64, true), UInt128: int(128, true), UInt256: int(256, true),
  Float32: float(32), Float64: float(64), BFloat16: float(32),
  Decimal: decimal, Decimal32: decimal, Decimal64: decimal, Decimal128: decimal, Decimal256: decimal,
  DateTime: { kind: 'timestamp', unit: 's' }, DateTime32: { kind: 'timestamp', unit: 's' }, DateTime64: timestamp,
  Date: date, Date32: date,
  Time: time, Time64: time,
  JSON: json, Object: json, Dynamic: json, Variant: json,
  // SQL-standard aliases ClickHouse accepts in any case.
  TEXT: str, VARCHAR: str, CHAR: str, BLOB: str, BOOL: bool, TINYINT: int(8), SMALLINT: int(16), INT: int(32), INTEGER: int(32),
  BIGINT: int(64), FLOAT: float(32), DOUBLE: float(64), TIMESTAMP: { kind: 'timestamp', unit: 's' },
};

/** Flink SQL scalar type names (upper case). `TIMESTAMP(p)` takes its unit from `p`. */
export const FLINK_TYPES: Readonly<Record<string, NeutralScalar>> = {
  STRING: str, VARCHAR: str, CHAR: str,
  BOOLEAN: bool,
  TINYINT: int(8), SMALLINT: int(16), INT: int(32), INTEGER: int(32), BIGINT: int(64),
  FLOAT: float(32), DOUBLE: float(64), 'DOUBLE PRECISION': float(64),
  DECIMAL: decimal, DEC: decimal, NUMERIC: decimal,
  TIMESTAMP: timestamp, TIMESTAMP_LTZ: timestamp, 'TIMESTAMP WITH LOCAL TIME ZONE': timestamp, 'TIMESTAMP WITHOUT TIME ZONE': timestamp,
  DATE: date, TIME: time,
  BYTES: bytes, VARBINARY: bytes, BINARY: bytes,
};

/** Fractional-second precision of `DateTime64(p)` / `TIMESTAMP(p)` → the unit of an epoch number. */
export const PRECISION_UNITS: Readonly<Record<number, TimeUnit>> = { 0: 's', 3: 'ms', 6: 'us', 9: 'ns' };
/** `TIMESTAMP` with no precision: Flink's default precision is 6. */
export const FLINK_DEFAULT_TIMESTAMP_PRECISION = 6;

/** Avro primitive types. */
export const AVRO_TYPES: Readonly<Record<string, NeutralScalar>> = {
  string: str, boolean: bool, int: int(32), long: int(64), float: float(32), double: float(64), bytes, fixed: bytes,
};

/** Avro logical types on top of a primitive. */
export const AVRO_LOGICAL_TYPES: Readonly<Record<string, NeutralScalar>> = {
  uuid,
  decimal,
  'big-decimal': decimal,
  date,
  'time-millis': time,
  'time-micros': time,
  'timestamp-millis': { kind: 'timestamp', unit: 'ms' },
  'timestamp-micros': { kind: 'timestamp', unit: 'us' },
  'timestamp-nanos': { kind: 'timestamp', unit: 'ns' },
  'local-timestamp-millis': { kind: 'timestamp', unit: 'ms' },
  'local-timestamp-micros': { kind: 'timestamp', unit: 'us' },
  'local-timestamp-nanos': { kind: 'timestamp', unit: 'ns' },
};

/** JSON Schema `type` values (without `object`/`array`/`null`, which are structure). */
export const JSON_SCHEMA_TYPES: Readonly<Record<string, NeutralScalar>> = {
  string: str, integer: { kind: 'number' }, number: { kind: 'number' }, boolean: bool,
};

/** JSON Schema `format` values that refine a string. */
export const JSON_SCHEMA_FORMATS: Readonly<Record<string, StringFormat>> = {
  'date-time': 'date-time', date: 'date', time: 'time', uuid: 'uuid', decimal: 'decimal', int64: 'int64',
};

/** Prisma scalar types. */
export const PRISMA_TYPES: Readonly<Record<string, NeutralScalar>> = {
  String: str, Boolean: bool, Int: int(32), BigInt: int(64), Float: float(64), Decimal: decimal,
  DateTime: timestamp, Json: json, Bytes: bytes,
};

/**
 * TypeScript types the checker names, beyond the primitives: classes a JSON value never is, but
 * that code sends or stores (`Date`, binary buffers).
 */
export const TS_NAMED_TYPES: Readonly<Record<string, NeutralScalar>> = {
  Date: { kind: 'date-object' },
  Buffer: bytes, Uint8Array: bytes, ArrayBuffer: bytes,
  URL: str,
};

/** Column names that connectors and engines fill: never "missing" on the stream side. */
export const CONNECTOR_METADATA_COLUMNS: ReadonlySet<string> = new Set([
  '_topic', '_partition', '_offset', '_timestamp', '_timestamp_ms', '_key', '_headers.name', '_headers.value', '_raw_message', '_error',
]);

// ---------------------------------------------------------------------------------------------
// Compatibility

export type DriftSeverity = 'error' | 'warning' | 'note';

/**
 * Whether a value of kind `from` can land in a field of kind `to`. `ok`; a severity with the
 * production consequence; or a named check that depends on widths or units (see `compatibility`).
 */
export type Verdict =
  | 'ok'
  | { severity: DriftSeverity; why: string }
  | { check: 'int-width' | 'epoch-unit' | 'int64-string' | 'uint8-boolean' | 'timestamp-precision' | 'int-enum' };

type Problem = { severity: DriftSeverity; why: string };
const err = (why: string): Problem => ({ severity: 'error', why });
const warn = (why: string): Problem => ({ severity: 'warning', why });
const note = (why: string): Problem => ({ severity: 'note', why });

const NOT_A_NUMBER = err('the value is text where a number is stored: the insert fails or the row is dropped');
const NOT_TEXT = err('a number or boolean where text is stored: connectors with a schema reject it and readers get the wrong type');
const PRECISION = warn('a binary floating-point number loses the exact decimal digits (money, quantities)');

/**
 * `SCALAR_COMPATIBILITY[to][from]`: what happens when a value of kind `from` (the stream side)
 * lands in a field of kind `to` (the batch side). Missing entries are errors ("incompatible types").
 * Composite kinds (`enum`, `record`, `array`, `map`) are compared field by field where both sides
 * have them; these rows cover a composite meeting a scalar.
 */
export const SCALAR_COMPATIBILITY: Readonly<Record<FieldKind, Partial<Record<FieldKind, Verdict>>>> = {
  string: {
    string: 'ok', uuid: 'ok', enum: 'ok', date: 'ok', time: 'ok', timestamp: 'ok', 'date-object': 'ok', bytes: 'ok', decimal: 'ok', json: 'ok',
    // A String/text column holding serialised JSON takes any shape (RULES 4b S8).
    record: 'ok', array: 'ok', map: 'ok',
    int: { check: 'int64-string' },
    number: NOT_TEXT, bigint: NOT_TEXT, boolean: NOT_TEXT, float: NOT_TEXT,
  },
  uuid: { uuid: 'ok', string: 'ok' },
  boolean: { boolean: 'ok', int: { check: 'uint8-boolean' } },
  int: {
    int: { check: 'int-width' }, number: 'ok', bigint: 'ok', boolean: { check: 'uint8-boolean' }, enum: { check: 'int-enum' },
    string: { check: 'int64-string' }, timestamp: { check: 'int-width' },
    float: err('a fractional number where an integer is stored: the fraction is cut off or the insert fails'),
    decimal: warn('an exact decimal where an integer is stored: the fraction is cut off'),
    'date-object': err('a Date serialises to an ISO string, which an integer column rejects'),
  },
  float: { float: 'ok', int: 'ok', number: 'ok', bigint: 'ok', decimal: PRECISION, string: NOT_A_NUMBER },
  number: {
    number: 'ok', int: 'ok', float: 'ok', bigint: 'ok', enum: { check: 'int-enum' },
    timestamp: { check: 'epoch-unit' },
    decimal: PRECISION,
    string: NOT_A_NUMBER,
  },
  bigint: { bigint: 'ok', int: 'ok', number: 'ok', decimal: warn('an exact decimal read as a bigint loses the fraction'), string: NOT_A_NUMBER },
  decimal: { decimal: 'ok', string: 'ok', int: 'ok', bigint: 'ok', number: PRECISION, float: PRECISION },
  timestamp: {
    timestamp: { check: 'timestamp-precision' }, 'date-object': 'ok', date: 'ok',
    string: 'ok', number: { check: 'epoch-unit' }, int: { check: 'epoch-unit' }, bigint: { check: 'epoch-unit' },
  },
  'date-object': {
    'date-object': 'ok', timestamp: 'ok', date: 'ok',
    string: note('a JSON string is not a Date until something parses it; code that calls Date methods on it throws'),
    number: note('an epoch number is not a Date until something converts it'),
  },
  date: {
    date: 'ok', string: 'ok', 'date-object': 'ok',
    timestamp: note('the time of day is dropped when a timestamp lands in a date column'),
    int: 'ok',
  },
  time: { time: 'ok', string: 'ok', int: 'ok', number: 'ok' },
  bytes: { bytes: 'ok', string: 'ok' },
  json: {
    json: 'ok', record: 'ok', map: 'ok', array: 'ok', string: 'ok', number: 'ok', int: 'ok', float: 'ok', boolean: 'ok',
    enum: 'ok', bigint: 'ok', decimal: 'ok', timestamp: 'ok', 'date-object': 'ok', date: 'ok', uuid: 'ok',
  },
  enum: { enum: 'ok', string: 'ok', int: 'ok', number: 'ok' },
  record: { record: 'ok', json: 'ok', map: 'ok' },
  array: { array: 'ok', json: 'ok' },
  map: { map: 'ok', record: 'ok', json: 'ok' },
};

/**
 * One row of RULES.md 4f: the TS types a field may have on one side, and the type names of each
 * other system that hold the same values. Tests read every name with the system's reader and
 * check each TS type against it in both directions.
 */
export interface TypeTableRow {
  id: string;
  /** TypeScript spellings, as written in a declaration. */
  ts: readonly string[];
  postgres: readonly string[];
  clickhouse: readonly string[];
  flink: readonly string[];
  /** Avro type JSON, as written in an .avsc field. */
  avro: readonly string[];
  /** JSON Schema fragments. */
  jsonSchema: readonly string[];
  /** TS types of the row that do not apply to one system (JSON carries an epoch number as a number, not a date-time string). */
  notFor?: Partial<Record<'postgres' | 'clickhouse' | 'flink' | 'avro' | 'jsonSchema', readonly string[]>>;
  note?: string;
}

export const TYPE_TABLE: readonly TypeTableRow[] = [
  {
    id: 'string',
    ts: ['string'],
    postgres: ['text', 'varchar(40)', 'char(3)', 'uuid', 'citext'],
    clickhouse: ['String', 'FixedString(3)', 'LowCardinality(String)', 'UUID'],
    flink: ['STRING', 'VARCHAR(40)', 'CHAR(3)'],
    avro: ['"string"', '{ "type": "string", "logicalType": "uuid" }'],
    jsonSchema: ['{ "type": "string" }'],
  },
  {
    id: 'boolean',
    ts: ['boolean'],
    postgres: ['boolean'],
    clickhouse: ['Bool', 'UInt8'],
    flink: ['BOOLEAN'],
    avro: ['"boolean"'],
    jsonSchema: ['{ "type": "boolean" }'],
  },
  {
    id: 'int',
    ts: ['number'],
    postgres: ['smallint', 'integer'],
    clickhouse: ['Int8', 'Int16', 'Int32', 'UInt8', 'UInt16', 'UInt32'],
    flink: ['TINYINT', 'SMALLINT', 'INT'],
    avro: ['"int"'],
    jsonSchema: ['{ "type": "integer" }'],
  },
  {
    id: 'int64',
    ts: ['number', 'bigint', 'string', 'number | string'],
    postgres: ['bigint'],
    clickhouse: ['Int64', 'UInt64'],
    flink: ['BIGINT'],
    avro: ['"long"'],
    jsonSchema: ['{ "type": ["integer", "string"] }'],
    note: 'node-postgres returns int8 as a string and ClickHouse JSON may quote 64-bit integers; counts, cents and epoch times fit a number',
  },
  {
    id: 'float',
    ts: ['number'],
    postgres: ['real', 'double precision'],
    clickhouse: ['Float32', 'Float64'],
    flink: ['FLOAT', 'DOUBLE'],
    avro: ['"float"', '"double"'],
    jsonSchema: ['{ "type": "number" }'],
  },
  {
    id: 'decimal',
    ts: ['string', 'string | number'],
    postgres: ['numeric(12,2)'],
    clickhouse: ['Decimal(12, 2)'],
    flink: ['DECIMAL(12, 2)'],
    avro: ['{ "type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2 }'],
    jsonSchema: ['{ "type": ["string", "number"] }'],
    note: 'a plain `number` is a warning (binary floating point loses decimal digits)',
  },
  {
    id: 'timestamp',
    ts: ['Date', 'string', 'number'],
    postgres: ['timestamptz', 'timestamp'],
    clickhouse: ['DateTime64(3)'],
    flink: ['TIMESTAMP(3)', 'TIMESTAMP_LTZ(3)'],
    avro: ['{ "type": "long", "logicalType": "timestamp-millis" }'],
    jsonSchema: ['{ "type": "string", "format": "date-time" }'],
    notFor: { jsonSchema: ['number'] },
    note: 'an epoch-milliseconds number into a seconds column (`DateTime`, `TIMESTAMP(0)`) is an error',
  },
  {
    id: 'date',
    ts: ['string', 'Date'],
    postgres: ['date'],
    clickhouse: ['Date', 'Date32'],
    flink: ['DATE'],
    avro: ['{ "type": "int", "logicalType": "date" }'],
    jsonSchema: ['{ "type": "string", "format": "date" }'],
  },
  {
    id: 'enum',
    ts: ["'created' | 'paid'"],
    postgres: ["text CHECK (status IN ('created', 'paid'))"],
    clickhouse: ["Enum8('created' = 1, 'paid' = 2)", 'LowCardinality(String)'],
    flink: ['STRING'],
    avro: ['{ "type": "enum", "name": "Status", "symbols": ["created", "paid"] }'],
    jsonSchema: ['{ "type": "string", "enum": ["created", "paid"] }'],
  },
  {
    id: 'array',
    ts: ['string[]'],
    postgres: ['text[]'],
    clickhouse: ['Array(String)'],
    flink: ['ARRAY<STRING>'],
    avro: ['{ "type": "array", "items": "string" }'],
    jsonSchema: ['{ "type": "array", "items": { "type": "string" } }'],
  },
  {
    id: 'record',
    ts: ['{ sku: string; qty: number }'],
    postgres: ['jsonb', 'json'],
    clickhouse: ['Tuple(sku String, qty Int32)', 'JSON', 'String'],
    flink: ['ROW<sku STRING, qty INT>'],
    avro: ['{ "type": "record", "name": "Line", "fields": [{ "name": "sku", "type": "string" }, { "name": "qty", "type": "int" }] }'],
    jsonSchema: ['{ "type": "object", "properties": { "sku": { "type": "string" }, "qty": { "type": "integer" } }, "required": ["sku", "qty"] }'],
  },
  {
    id: 'map',
    ts: ['Record<string, number>'],
    postgres: ['jsonb', 'hstore'],
    clickhouse: ['Map(String, Int32)'],
    flink: ['MAP<STRING, INT>'],
    avro: ['{ "type": "map", "values": "int" }'],
    jsonSchema: ['{ "type": "object", "additionalProperties": { "type": "integer" } }'],
  },
  {
    id: 'bytes',
    ts: ['Buffer', 'Uint8Array'],
    postgres: ['bytea'],
    clickhouse: ['String'],
    flink: ['BYTES'],
    avro: ['"bytes"', '{ "type": "fixed", "name": "Hash", "size": 16 }'],
    jsonSchema: ['{ "type": "string", "contentEncoding": "base64" }'],
  },
  {
    id: 'nullable',
    ts: ['string | null'],
    postgres: ['text'],
    clickhouse: ['Nullable(String)'],
    flink: ['STRING'],
    avro: ['["null", "string"]'],
    jsonSchema: ['{ "type": ["string", "null"] }'],
  },
];

/** How a width, unit or encoding check decides (the named checks of `SCALAR_COMPATIBILITY`). */
export function runCheck(
  check: Extract<Verdict, { check: string }>['check'],
  from: NeutralScalar | { kind: CompositeKind; numeric?: boolean },
  to: NeutralScalar | { kind: CompositeKind; numeric?: boolean },
): 'ok' | Problem {
  switch (check) {
    case 'int-width': {
      // A narrower column than the values: 64-bit ids or epoch-millisecond longs overflow Int32.
      const fromBits = from.kind === 'int' ? from.bits : from.kind === 'timestamp' ? 64 : 0;
      const toBits = to.kind === 'int' ? to.bits : to.kind === 'timestamp' ? 64 : 0;
      if (fromBits > toBits) {
        return err(`${String(fromBits)}-bit values overflow a ${String(toBits)}-bit column`);
      }
      return 'ok';
    }
    case 'epoch-unit': {
      // JavaScript epoch numbers count milliseconds (`Date.now()`); a column counting another unit
      // stores a time off by a factor of 1000, or overflows. Integers from another schema (an
      // Avro long without a logical type) carry no unit to compare.
      const unit = to.kind === 'timestamp' ? to.unit : from.kind === 'timestamp' ? from.unit : undefined;
      const jsNumber = from.kind === 'number' || to.kind === 'number';
      if (!jsNumber || unit === undefined || unit === 'ms') return 'ok';
      const name = unit === 's' ? 'seconds' : unit === 'us' ? 'microseconds' : 'nanoseconds';
      return err(`a JavaScript epoch number counts milliseconds (Date.now()) but the timestamp counts ${name}: the stored time is off by a factor of 1000`);
    }
    case 'int64-string': {
      // 64-bit integers travel as strings (node-postgres, ClickHouse JSON quoting); narrower ones never do.
      const bits = from.kind === 'int' ? from.bits : to.kind === 'int' ? to.bits : 0;
      return bits >= 64 ? 'ok' : bits === 0 ? 'ok' : NOT_A_NUMBER_OR_TEXT;
    }
    case 'uint8-boolean': {
      const intSide = from.kind === 'int' ? from : to.kind === 'int' ? to : undefined;
      return intSide?.kind === 'int' && intSide.bits === 8 ? 'ok' : err('a boolean where a number is stored (or the reverse)');
    }
    case 'timestamp-precision': {
      const rank = (u: TimeUnit | undefined) => (u === undefined ? 99 : ['s', 'ms', 'us', 'ns'].indexOf(u));
      const f = from.kind === 'timestamp' ? from.unit : undefined;
      const t = to.kind === 'timestamp' ? to.unit : undefined;
      if (f !== undefined && t !== undefined && rank(t) < rank(f)) {
        return note(`sub-${t === 's' ? 'second' : t === 'ms' ? 'millisecond' : 'microsecond'} precision is cut off`);
      }
      return 'ok';
    }
    case 'int-enum': {
      const enumSide = from.kind === 'enum' ? from : to.kind === 'enum' ? to : undefined;
      return enumSide && 'numeric' in enumSide && enumSide.numeric === true ? 'ok' : err('a text enum where a number is stored (or the reverse)');
    }
  }
}

const NOT_A_NUMBER_OR_TEXT = err('text where a 32-bit-or-smaller number is stored (or the reverse): only 64-bit integers travel as strings');
