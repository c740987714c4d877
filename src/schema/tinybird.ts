/**
 * Tinybird `.datasource` files into the neutral model. The `SCHEMA >` block lists ClickHouse
 * columns, each optionally with a `json:$.path` saying which field of the ingested JSON fills it
 * (that path's field name is what the stream side must call it) and a `DEFAULT`.
 */
import path from 'node:path';
import { parseColumn, splitTopLevel, tokenizeDdl } from '../sql/ddl.js';
import { Lines, SchemaReadError, type RecordSchema } from './model.js';
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
  for (const field of record.fields) {
    const jsonPath = jsonPaths.get(field.name);
    const match = jsonPath === undefined ? undefined : /^\$\.([A-Za-z_$][\w$]*)$/.exec(jsonPath.trim());
    if (match?.[1] !== undefined && match[1] !== field.name) field.aliases = [match[1]];
    // A column with a jsonpath into a nested object is filled from a nested field we do not model.
    if (jsonPath !== undefined && !match && jsonPath.trim() !== '$') field.filled ??= 'computed';
  }
  const lines = new Lines(text);
  return {
    ...record,
    name,
    system: 'tinybird',
    dialect: 'tinybird',
    location: lines.location(file, block.headerStart, block.headerStart + 'SCHEMA'.length),
  };
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
