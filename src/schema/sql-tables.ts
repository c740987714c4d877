/**
 * SQL tables into the neutral model. Reads every DDL statement of the given sources in order
 * (one file, a folder of migrations, or the SQL strings of a TS/JS migration) and replays them:
 * `CREATE TABLE`, then `ALTER TABLE .. ADD/DROP/RENAME/MODIFY/ALTER COLUMN`, `RENAME TABLE`,
 * `DROP TABLE`, and Postgres enum types. The table as it stands after the last statement is the
 * batch side of the pair.
 */
import path from 'node:path';
import {
  CLICKHOUSE_TYPES,
  FLINK_DEFAULT_TIMESTAMP_PRECISION,
  FLINK_TYPES,
  POSTGRES_SERIAL_TYPES,
  POSTGRES_TYPES,
  PRECISION_UNITS,
  type NeutralScalar,
} from '../knowledge/schema-types.js';
import { parseDdl, sameName, type DdlColumn, type DdlDialect, type QualifiedName, type SqlType } from '../sql/ddl.js';
import { Lines, SchemaReadError, type Field, type FieldType, type RecordSchema, type SchemaLocation } from './model.js';

/** SQL text from one place: a whole .sql file, or one string literal of a TS migration. */
export interface SqlSource {
  /** Absolute path of the file the text is in. */
  file: string;
  text: string;
  /** Offset of `text` inside the file (a string literal's content); 0 for .sql files. */
  offset?: number;
  /** The file's full text, when `text` is a part of it (to compute lines). */
  fileText?: string;
  dialect?: DdlDialect;
}

interface ColumnState {
  column: DdlColumn;
  location: SchemaLocation;
  /** Locations inside the statement the column's current definition came from (nested fields). */
  at: At;
}

type At = (start: number, end: number) => SchemaLocation;

interface TableState {
  name: QualifiedName;
  columns: ColumnState[];
  dialect: DdlDialect;
  location: SchemaLocation;
}

/** Reads the table `ref` (`orders`, `analytics.orders`) after replaying every source in order. */
export function readSqlTable(sources: readonly SqlSource[], ref: string): RecordSchema {
  const state = replay(sources);
  const wanted = ref.split('.').map(unquote);
  const table = [...state.tables.values()].find((t) => nameMatches(t.name.parts, wanted));
  if (!table) {
    const known = [...state.tables.values()].map((t) => t.name.parts.join('.'));
    // The file's name only: callers add its path as the user wrote it (relative to the config).
    const where = sources.length === 1 && sources[0] ? path.basename(sources[0].file) : 'the migrations';
    throw new SchemaReadError(
      `no CREATE TABLE ${ref} in ${where}${known.length > 0 ? ` (tables found: ${known.slice(0, 8).join(', ')})` : ''}`,
      sources.length === 1 ? sources[0]?.file : undefined,
    );
  }
  const system = table.dialect;
  return {
    name: table.name.parts[table.name.parts.length - 1] ?? ref,
    system,
    kind: 'table',
    dialect: table.dialect,
    fields: table.columns.map((c) => toField(c, table.dialect, state.enums)),
    location: table.location,
  };
}

/** The tables every source declares, after replay (for `@rtaSchema` lookups by table name). */
export function tableNames(sources: readonly SqlSource[]): string[] {
  return [...replay(sources).tables.values()].map((t) => t.name.parts.join('.'));
}

/** Table names match with or without a database qualifier (`db.orders` ≡ `orders`). */
function nameMatches(parts: readonly string[], wanted: readonly string[]): boolean {
  const a = parts[parts.length - 1];
  const b = wanted[wanted.length - 1];
  if (a === undefined || b === undefined || !sameName(a, b)) return false;
  if (wanted.length > 1 && parts.length > 1) {
    return sameName(parts[parts.length - 2] ?? '', wanted[wanted.length - 2] ?? '');
  }
  return true;
}

function unquote(part: string): string {
  return part.replace(/^["`]|["`]$/g, '');
}

function replay(sources: readonly SqlSource[]): { tables: Map<string, TableState>; enums: Map<string, string[]> } {
  const tables = new Map<string, TableState>();
  const enums = new Map<string, string[]>();
  const key = (name: QualifiedName) => name.parts.join('.').toLowerCase();
  const find = (name: QualifiedName): [string, TableState] | undefined => {
    const exact = tables.get(key(name));
    if (exact) return [key(name), exact];
    for (const [k, t] of tables) if (nameMatches(t.name.parts, name.parts) || nameMatches(name.parts, t.name.parts)) return [k, t];
    return undefined;
  };
  const linesOf = new Map<string, Lines>();
  for (const source of sources) {
    const base = source.offset ?? 0;
    const fullText = source.fileText ?? source.text;
    let lines = linesOf.get(source.file);
    if (!lines || lines.text !== fullText) {
      lines = new Lines(fullText);
      linesOf.set(source.file, lines);
    }
    const fileLines = lines;
    const at = (start: number, end: number): SchemaLocation => fileLines.location(source.file, base + start, base + end);
    const colState = (column: DdlColumn): ColumnState => ({ column, location: at(column.nameStart, column.nameEnd), at });
    for (const statement of parseDdl(source.text, source.dialect)) {
      switch (statement.kind) {
        case 'create-table':
          tables.set(key(statement.name), {
            name: statement.name,
            columns: statement.columns.map(colState),
            dialect: statement.dialect,
            location: at(statement.name.start, statement.name.end),
          });
          break;
        case 'create-enum':
          enums.set(lastPart(statement.name), [...statement.values]);
          break;
        case 'alter-enum': {
          const values = enums.get(lastPart(statement.name));
          if (values && !values.includes(statement.add)) values.push(statement.add);
          break;
        }
        case 'drop-tables':
          for (const name of statement.names) {
            const found = find(name);
            if (found) tables.delete(found[0]);
          }
          break;
        case 'rename-tables':
          for (const pair of statement.pairs) {
            const found = find(pair.from);
            if (!found) continue;
            tables.delete(found[0]);
            tables.set(key(pair.to), { ...found[1], name: pair.to });
          }
          break;
        case 'alter-table': {
          const found = find(statement.name);
          if (!found) break;
          const [tableKey, table] = found;
          for (const action of statement.actions) {
            const index = (name: string) => table.columns.findIndex((c) => sameName(c.column.name, name));
            switch (action.kind) {
              case 'add-column':
                if (index(action.column.name) === -1) table.columns.push(colState(action.column));
                break;
              case 'drop-column': {
                const i = index(action.name);
                if (i >= 0) table.columns.splice(i, 1);
                break;
              }
              case 'rename-column': {
                const existing = table.columns[index(action.from)];
                if (existing) {
                  existing.column = { ...existing.column, name: action.to };
                  existing.location = at(action.toStart, action.toEnd);
                }
                break;
              }
              case 'modify-column': {
                const i = index(action.column.name);
                const existing = table.columns[i];
                if (!existing) break;
                const merged: DdlColumn = { ...existing.column };
                if (action.hasType && action.column.type) merged.type = action.column.type;
                if (action.column.hasDefault || action.column.filled !== undefined) {
                  merged.hasDefault = action.column.hasDefault;
                  if (action.column.filled !== undefined) merged.filled = action.column.filled;
                }
                if (action.removeDefault) {
                  merged.hasDefault = false;
                  if (merged.filled === 'default') delete merged.filled;
                }
                if (action.column.notNull) merged.notNull = true;
                if (action.column.explicitNull) merged.notNull = false;
                table.columns[i] = action.hasType
                  ? { column: merged, location: at(action.column.nameStart, action.column.nameEnd), at }
                  : { ...existing, column: merged };
                break;
              }
              case 'alter-column': {
                const existing = table.columns[index(action.name)];
                if (!existing) break;
                const column = { ...existing.column };
                if (action.change === 'type') {
                  column.type = action.type;
                  existing.at = at;
                }
                else if (action.change === 'set-not-null') column.notNull = true;
                else if (action.change === 'drop-not-null') column.notNull = false;
                else if (action.change === 'set-default') {
                  column.hasDefault = true;
                  column.filled ??= 'default';
                } else if (action.change === 'drop-default') {
                  column.hasDefault = false;
                  if (column.filled === 'default') delete column.filled;
                } else column.filled = 'identity';
                existing.column = column;
                break;
              }
              case 'add-check': {
                const existing = table.columns[index(action.column)];
                if (existing) existing.column = { ...existing.column, checkValues: action.values };
                break;
              }
              case 'rename-table':
                tables.delete(tableKey);
                tables.set(key(action.to), { ...table, name: action.to });
                break;
            }
          }
          break;
        }
      }
    }
  }
  return { tables, enums };
}

function lastPart(name: QualifiedName): string {
  return (name.parts[name.parts.length - 1] ?? '').toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Columns → fields

function toField(state: ColumnState, dialect: DdlDialect, enums: ReadonlyMap<string, string[]>): Field {
  const { column } = state;
  const converted = column.type ? convertType(column.type, dialect, enums, 0, state.at) : { type: { kind: 'unknown' } as FieldType, nullable: dialect !== 'clickhouse' };
  let type = converted.type;
  if (column.checkValues && (type.kind === 'string' || type.kind === 'unknown')) {
    type = { kind: 'enum', values: column.checkValues, closed: true };
  }
  let filled = column.filled;
  if (dialect === 'postgres' && column.type && POSTGRES_SERIAL_TYPES.has(column.type.name.toLowerCase())) filled = 'identity';
  // Postgres and Flink columns are nullable unless NOT NULL / PRIMARY KEY; ClickHouse ones only when Nullable(..).
  const nullable =
    dialect === 'clickhouse' ? converted.nullable : !column.notNull && !column.primaryKey && (column.explicitNull || converted.nullable);
  const field: Field = {
    name: column.name,
    type,
    typeText: column.type?.text ?? (filled === 'computed' ? 'computed' : 'untyped'),
    nullable,
    optional: nullable || column.hasDefault || filled !== undefined,
    location: state.location,
  };
  if (filled !== undefined) field.filled = filled;
  return field;
}

interface ConvertedType {
  type: FieldType;
  nullable: boolean;
}

const MAX_DEPTH = 16;

function convertType(type: SqlType, dialect: DdlDialect, enums: ReadonlyMap<string, string[]>, depth: number, at?: At): ConvertedType {
  if (depth > MAX_DEPTH) return { type: { kind: 'unknown' }, nullable: true };
  let result: ConvertedType;
  switch (dialect) {
    case 'clickhouse':
      result = clickhouseType(type, enums, depth, at);
      break;
    case 'flink':
      result = flinkType(type, enums, depth, at);
      break;
    default:
      result = postgresType(type, enums);
  }
  for (let i = 0; i < type.arrayDims; i++) {
    result = { type: { kind: 'array', element: result.type, elementNullable: result.nullable }, nullable: dialect !== 'clickhouse' };
  }
  return result;
}

function typeArgs(type: SqlType): SqlType[] {
  return type.args.flatMap((a) => (a.kind === 'type' ? [a.type] : []));
}

function literalArgs(type: SqlType): string[] {
  return type.args.flatMap((a) => (a.kind === 'literal' ? [a.value] : []));
}

function postgresType(type: SqlType, enums: ReadonlyMap<string, string[]>): ConvertedType {
  const name = type.name.toLowerCase();
  const scalar = POSTGRES_TYPES[name] ?? POSTGRES_TYPES[name.replace(/^"|"$/g, '')];
  if (scalar) return { type: scalar, nullable: true };
  const values = enums.get(name.split('.').pop() ?? name);
  if (values) return { type: { kind: 'enum', values: [...values], closed: true }, nullable: true };
  return { type: { kind: 'unknown', reason: `type ${type.name}` }, nullable: true };
}

function precisionUnit(type: SqlType, defaultPrecision: number | undefined): NeutralScalar {
  const p = literalArgs(type)[0];
  const precision = p === undefined ? defaultPrecision : Number(p);
  const unit = precision === undefined ? undefined : PRECISION_UNITS[precision];
  return unit === undefined ? { kind: 'timestamp' } : { kind: 'timestamp', unit };
}

function clickhouseType(type: SqlType, enums: ReadonlyMap<string, string[]>, depth: number, at?: At): ConvertedType {
  const inner = typeArgs(type);
  switch (type.name) {
    case 'Nullable': {
      const t = inner[0] ? clickhouseType(inner[0], enums, depth + 1, at) : { type: { kind: 'unknown' } as FieldType, nullable: true };
      return { type: t.type, nullable: true };
    }
    case 'LowCardinality':
    case 'SimpleAggregateFunction': {
      const t = inner[inner.length - 1];
      return t ? clickhouseType(t, enums, depth + 1, at) : { type: { kind: 'unknown' }, nullable: false };
    }
    case 'Array': {
      const element = inner[0] ? clickhouseType(inner[0], enums, depth + 1, at) : { type: { kind: 'unknown' } as FieldType, nullable: false };
      return { type: { kind: 'array', element: element.type, elementNullable: element.nullable }, nullable: false };
    }
    case 'Map': {
      const value = inner[1] ? clickhouseType(inner[1], enums, depth + 1, at) : { type: { kind: 'unknown' } as FieldType, nullable: false };
      return { type: { kind: 'map', value: value.type }, nullable: false };
    }
    case 'Tuple':
    case 'Nested': {
      const fields = namedFields(type, 'clickhouse', enums, depth, at);
      if (!fields) return { type: { kind: 'json' }, nullable: false };
      const record: FieldType = { kind: 'record', fields };
      return { type: type.name === 'Nested' ? { kind: 'array', element: record, elementNullable: false } : record, nullable: false };
    }
    case 'Enum':
    case 'Enum8':
    case 'Enum16':
      return { type: { kind: 'enum', values: literalArgs(type).filter((v) => !/^-?\d+$/.test(v)), closed: true }, nullable: false };
    case 'DateTime64':
      return { type: precisionUnit(type, 3), nullable: false };
    case 'AggregateFunction':
      return { type: { kind: 'unknown', reason: 'aggregate state' }, nullable: false };
  }
  const scalar = CLICKHOUSE_TYPES[type.name] ?? CLICKHOUSE_TYPES[type.name.toUpperCase()];
  if (scalar) return { type: scalar, nullable: false };
  return { type: { kind: 'unknown', reason: `type ${type.name}` }, nullable: false };
}

function flinkType(type: SqlType, enums: ReadonlyMap<string, string[]>, depth: number, at?: At): ConvertedType {
  const upper = type.name.toUpperCase();
  const inner = typeArgs(type);
  const nullable = type.notNull !== true;
  switch (upper) {
    case 'ROW': {
      const fields = namedFields(type, 'flink', enums, depth, at);
      return { type: fields ? { kind: 'record', fields } : { kind: 'unknown' }, nullable };
    }
    case 'ARRAY':
    case 'MULTISET': {
      const element = inner[0] ? flinkType(inner[0], enums, depth + 1, at) : { type: { kind: 'unknown' } as FieldType, nullable: true };
      return { type: { kind: 'array', element: element.type, elementNullable: element.nullable }, nullable };
    }
    case 'MAP': {
      const value = inner[1] ? flinkType(inner[1], enums, depth + 1, at) : { type: { kind: 'unknown' } as FieldType, nullable: true };
      return { type: { kind: 'map', value: value.type }, nullable };
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP WITH LOCAL TIME ZONE':
    case 'TIMESTAMP WITHOUT TIME ZONE':
      return { type: precisionUnit(type, FLINK_DEFAULT_TIMESTAMP_PRECISION), nullable };
  }
  const scalar = FLINK_TYPES[upper];
  return { type: scalar ?? { kind: 'unknown', reason: `type ${type.name}` }, nullable };
}

function namedFields(type: SqlType, dialect: DdlDialect, enums: ReadonlyMap<string, string[]>, depth: number, at?: At): Field[] | undefined {
  const named = type.args.filter((a): a is Extract<typeof a, { kind: 'type' }> => a.kind === 'type' && a.name !== undefined);
  if (named.length === 0 || named.length !== type.args.length) return undefined;
  return named.map((arg) => {
    const converted = convertType(arg.type, dialect, enums, depth + 1, at);
    const field: Field = {
      name: arg.name ?? '',
      type: converted.type,
      typeText: arg.type.text,
      nullable: converted.nullable,
      optional: converted.nullable,
    };
    if (at && arg.nameStart !== undefined && arg.nameEnd !== undefined) field.location = at(arg.nameStart, arg.nameEnd);
    return field;
  });
}
