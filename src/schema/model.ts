/**
 * The neutral schema model: every side of a stream/batch pair (a TS type, a zod schema, an Avro
 * record, a JSON Schema, a SQL table, a Prisma model, a Tinybird data source, the value sent at a
 * producer call) is read into a `RecordSchema`, and the comparison only ever sees this model.
 * Plain data: no compiler objects, so the ESLint rules and the analyzer share it.
 */
import type { Region } from '../findings/finding.js';
import type { NeutralScalar, SchemaSystem } from '../knowledge/schema-types.js';

export type { SchemaSystem } from '../knowledge/schema-types.js';

/** A place in a file. `file` is an absolute path; the region is 1-based, end column exclusive. */
export interface SchemaLocation {
  file: string;
  region: Region;
}

export type FieldType =
  | NeutralScalar
  /** A closed (`Enum8`, Avro enum, `CHECK (x IN ...)`) or open (TS literal union) set of values. */
  | { kind: 'enum'; values: string[]; closed: boolean; numeric?: boolean }
  | { kind: 'record'; fields: Field[] }
  | { kind: 'array'; element: FieldType; elementNullable?: boolean }
  | { kind: 'map'; value: FieldType }
  /** Alternatives on the JS side (`number | string`, `Date | string`); null is not a member. */
  | { kind: 'union'; types: FieldType[] }
  /** Nothing can be said (`any`, `unknown`, an unresolved type): never compared. */
  | { kind: 'unknown'; reason?: string };

/** Why a column needs no value from the stream. */
export type FilledBy =
  | 'default'
  | 'generated'
  | 'identity'
  | 'materialized'
  | 'alias'
  | 'ephemeral'
  | 'metadata'
  | 'computed'
  | 'updated-at';

export interface Field {
  name: string;
  /** Other names the field answers to (Prisma `@map`, a Tinybird `json:$.path`, Avro `aliases`). */
  aliases?: string[];
  type: FieldType;
  /** The type as the source spells it, for messages (`DateTime64(3)`, `string | null`). */
  typeText: string;
  /** The value may be null. */
  nullable: boolean;
  /** The key may be absent (`x?:`, a JSON Schema property not `required`, a column with a default). */
  optional: boolean;
  /** Set when the database or connector fills the column. */
  filled?: FilledBy;
  /** The Avro logical type the field was declared with (`timestamp-millis`), for `logicalTypes`. */
  logicalType?: string;
  location?: SchemaLocation;
}

export interface RecordSchema {
  /** What the user calls it: `OrderEvent`, `orders`, `PageView payload`. */
  name: string;
  system: SchemaSystem;
  /** `table` sides talk about columns; `type` sides about fields; `payload` is a send site's value. */
  kind: 'type' | 'table' | 'payload';
  fields: Field[];
  /** The declaration (the name of the interface, the `CREATE TABLE` line). */
  location: SchemaLocation;
  /** A dialect or source note for messages (`postgres`, `clickhouse`). */
  dialect?: string;
}

/** An error reading one side of a pair: where, and why. Never a drift finding (RULES 4c.10). */
export class SchemaReadError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SchemaReadError';
  }
}

/** A region from 0-based offsets in `text`. */
export function regionOf(text: string, start: number, end: number): Region {
  const a = lineColumn(text, start);
  const b = lineColumn(text, Math.max(start, end));
  return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
}

/** 1-based line and column of a 0-based offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const limit = Math.min(offset, text.length);
  for (let i = 0; i < limit; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: limit - lineStart + 1 };
}

/** Offsets → regions for one text, with the line starts computed once. */
export class Lines {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.#starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const target = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= target) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: target - (this.#starts[lo] ?? 0) + 1 };
  }

  region(start: number, end: number): Region {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  }

  location(file: string, start: number, end: number): SchemaLocation {
    return { file, region: this.region(start, end) };
  }
}

/** `string | null`-style text for a field type, for messages. */
export function describeType(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return type.format ? `string (${type.format})` : 'string';
    case 'int':
      return `${type.unsigned ? 'unsigned ' : ''}${String(type.bits)}-bit integer`;
    case 'float':
      return `${String(type.bits)}-bit float`;
    case 'timestamp':
      return type.unit ? `timestamp (${type.unit})` : 'timestamp';
    case 'date-object':
      return 'Date';
    case 'enum':
      return type.values.map((v) => `'${v}'`).join(' | ');
    case 'record':
      return 'object';
    case 'array':
      return `${describeType(type.element)}[]`;
    case 'map':
      return `map of ${describeType(type.value)}`;
    case 'union':
      return type.types.map(describeType).join(' | ');
    default:
      return type.kind;
  }
}

/** One type from the alternatives of a union (null/undefined removed). */
export function combine(types: readonly FieldType[]): FieldType {
  const flat: FieldType[] = [];
  for (const t of types) {
    if (t.kind === 'union') flat.push(...t.types);
    else flat.push(t);
  }
  if (flat.length === 0) return { kind: 'unknown' };
  if (flat.some((t) => t.kind === 'unknown')) return { kind: 'unknown' };
  // `'a' | 'b'`: one enum. A literal among other kinds widens to its base type.
  const enums = flat.filter((t): t is Extract<FieldType, { kind: 'enum' }> => t.kind === 'enum');
  const others = flat.filter((t) => t.kind !== 'enum');
  const merged: FieldType[] = [];
  if (enums.length > 0) {
    if (others.length === 0) {
      const values = [...new Set(enums.flatMap((e) => e.values))];
      return { kind: 'enum', values, closed: enums.every((e) => e.closed), numeric: enums.every((e) => e.numeric === true) };
    }
    for (const e of enums) merged.push(e.numeric === true ? { kind: 'number' } : { kind: 'string' });
  }
  for (const t of others) merged.push(t);
  const unique: FieldType[] = [];
  for (const t of merged) if (!unique.some((u) => sameShape(u, t))) unique.push(t);
  if (unique.length === 1 && unique[0]) return unique[0];
  return { kind: 'union', types: unique };
}

function sameShape(a: FieldType, b: FieldType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'record' || a.kind === 'array' || a.kind === 'map' || a.kind === 'union') return false;
  return true;
}

/** Later fields override earlier ones of the same name (intersections, `extends`). */
export function mergeFields(base: readonly Field[], extra: readonly Field[]): Field[] {
  const out = base.filter((f) => !extra.some((e) => e.name === f.name));
  return [...out, ...extra];
}
