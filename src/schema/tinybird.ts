/**
 * Tinybird `.datasource` files into the neutral model. The `SCHEMA >` block lists ClickHouse
 * columns, each optionally with a `json:$.path` saying which field of the ingested JSON fills it
 * (that path's field name is what the stream side must call it; `$.user.id` is the field `id` of
 * the object `user`, `$.lines[:].sku` the `sku` of each element of `lines`) and a `DEFAULT`.
 */
import path from 'node:path';
import { parseColumn, splitTopLevel, tokenizeDdl } from '../sql/ddl.js';
import { Lines, SchemaReadError, type Field, type FieldType, type RecordSchema } from './model.js';
import { readSqlTable } from './sql-tables.js';

export function readTinybirdDatasource(file: string, text: string): RecordSchema {
  const block = schemaBlock(text);
  if (!block) throw new SchemaReadError('no `SCHEMA >` block in the data source', file);
  const name = path.basename(file).replace(/\.datasource$/, '');
  // Read the columns through the ClickHouse DDL reader: rewrite the block as a CREATE TABLE of the
  // same length so offsets keep pointing into the file.
  const tokens = tokenizeDdl(block.text);
  const jsonPaths = new Map<string, string>();
  let ddlBody = block.text;
  for (const part of splitTopLevel(tokens)) {
    const column = parseColumn(part, 'clickhouse');
    const jsonToken = part.find((t) => t.kind === 'quoted' && t.value.startsWith('json:'));
    if (!jsonToken) continue;
    if (column) jsonPaths.set(column.name, jsonToken.value.slice('json:'.length));
    // Blank out the path so the type reader does not see it.
    ddlBody = ddlBody.slice(0, jsonToken.start) + ' '.repeat(jsonToken.end - jsonToken.start) + ddlBody.slice(jsonToken.end);
  }
  const prefix = `CREATE TABLE ${name} (`;
  const record = readSqlTable(
    [{ file, text: `${prefix}${ddlBody})`, offset: block.offset - prefix.length, fileText: text, dialect: 'clickhouse' }],
    name,
  );
  const fields: Field[] = [];
  for (const field of record.fields) {
    const jsonPath = jsonPaths.get(field.name);
    const segments = jsonPath === undefined ? undefined : pathSegments(jsonPath.trim());
    const [only] = segments ?? [];
    if (segments?.length === 1 && only) {
      // `$.tags[:]` on an Array column is the array field itself.
      if (only.name !== field.name) field.aliases = [only.name];
    } else if (segments && segments.length > 1) {
      // `$.user.id` fills the column from a nested field: place it there, so `user.id` of the
      // stream meets it (and `$.items[:].sku` meets `items[].sku`).
      nest(fields, field, segments);
      continue;
    } else if (jsonPath !== undefined && jsonPath.trim() !== '$') {
      // A path this reader does not follow (filters, bracket keys): no claim about its source.
      field.filled ??= 'computed';
    }
    fields.push(field);
  }
  const lines = new Lines(text);
  return {
    ...record,
    fields,
    name,
    system: 'tinybird',
    dialect: 'tinybird',
    location: lines.location(file, block.headerStart, block.headerStart + 'SCHEMA'.length),
  };
}

/** The objects `nest` made from path steps (a real column of the same name is never one). */
const pathGroups = new WeakSet<Field>();

interface Segment {
  name: string;
  /** `[:]` after the name: the name holds an array, the rest of the path is about its elements. */
  array: boolean;
}

/** `$.a.b[:].c` → a, b[:], c; undefined for paths with filters, indexes or bracketed keys. */
function pathSegments(jsonPath: string): Segment[] | undefined {
  if (!/^\$(\.[A-Za-z_$][\w$]*(\[:\])?)+$/.test(jsonPath)) return undefined;
  return jsonPath
    .slice(2)
    .split('.')
    .map((part) => ({ name: part.replace(/\[:\]$/, ''), array: part.endsWith('[:]') }));
}

/**
 * Puts a column under the nested record its path names, making (or reusing) one record field per
 * path step. Each `[:]` before the last step means the column holds one value per element, so the
 * column's Array is unwrapped once for it; a `[:]` on the last step is the array field itself.
 */
function nest(top: Field[], column: Field, segments: readonly Segment[]): void {
  let level = top;
  let type = column.type;
  let nullable = column.nullable;
  for (const segment of segments.slice(0, -1)) {
    let group = level.find((f) => f.name === segment.name && pathGroups.has(f));
    const fresh = !group;
    if (!group) {
      const fields: Field[] = [];
      const record: FieldType = { kind: 'record', fields };
      group = {
        name: segment.name,
        type: segment.array ? { kind: 'array', element: record, elementNullable: false } : record,
        typeText: segment.array ? 'array of JSON objects' : 'JSON object',
        nullable: false,
        optional: false,
      };
      if (column.location) group.location = column.location;
      pathGroups.add(group);
      level.push(group);
    }
    // When every column under the object takes a missing value (Nullable, DEFAULT), the object
    // needs nothing from the stream and its own nullability is its columns' business; one
    // column that needs a value makes the object required.
    const absentOk = column.filled !== undefined || column.optional || column.nullable;
    if (absentOk && (fresh || group.filled !== undefined)) group.filled = 'computed';
    else delete group.filled;
    const inner = group.type.kind === 'array' ? group.type.element : group.type;
    level = inner.kind === 'record' ? inner.fields : [];
    if (segment.array && type.kind === 'array') {
      nullable = type.elementNullable === true;
      type = type.element;
    }
  }
  const last = segments[segments.length - 1];
  if (!last) return;
  level.push({ ...column, name: last.name, aliases: [column.name], type, nullable });
}

/** The text after `SCHEMA >` up to the next top-level keyword line. */
function schemaBlock(text: string): { text: string; offset: number; headerStart: number } | undefined {
  const header = /^SCHEMA\s*>[ \t]*\r?\n/m.exec(text);
  if (!header) return undefined;
  const start = header.index + header[0].length;
  // The block ends at the first non-empty line that starts in column 0 (the next setting).
  const rest = text.slice(start);
  const end = /^\S/m.exec(rest);
  const body = end ? rest.slice(0, end.index) : rest;
  return { text: body, offset: start, headerStart: header.index };
}
