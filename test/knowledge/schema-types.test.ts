import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SCALAR_COMPATIBILITY, TYPE_TABLE, runCheck, type TypeTableRow } from '../../src/knowledge/schema-types.js';
import { readAvroRecord } from '../../src/schema/avro.js';
import { compareRecords, type Drift } from '../../src/schema/compare.js';
import { readJsonSchema } from '../../src/schema/json-schema.js';
import type { FieldType, RecordSchema } from '../../src/schema/model.js';
import { readSqlTable } from '../../src/schema/sql-tables.js';
import { readTsSchema } from '../../src/schema/ts/read.js';

type System = 'postgres' | 'clickhouse' | 'flink' | 'avro' | 'jsonSchema';
const SYSTEMS: readonly System[] = ['postgres', 'clickhouse', 'flink', 'avro', 'jsonSchema'];

export function tsRecord(type: string): RecordSchema {
  const sf = ts.createSourceFile('/virtual/row.ts', `export interface Row { c: ${type} }`, ts.ScriptTarget.Latest, true);
  const record = readTsSchema(ts, sf, 'Row');
  if (!record) throw new Error(`no record for ${type}`);
  return record;
}

export function systemRecord(system: System, type: string): RecordSchema {
  switch (system) {
    case 'avro':
      return readAvroRecord('/virtual/row.avsc', `{ "type": "record", "name": "Row", "fields": [{ "name": "c", "type": ${type} }] }`);
    case 'jsonSchema':
      return readJsonSchema('/virtual/row.json', `{ "type": "object", "properties": { "c": ${type} }, "required": ["c"] }`);
    default:
      return readSqlTable([{ file: '/virtual/row.sql', text: `CREATE TABLE row (c ${type})`, dialect: system }], 'row');
  }
}

function fieldType(record: RecordSchema): FieldType {
  const field = record.fields[0];
  if (!field) throw new Error('no field');
  return field.type;
}

const errorsOf = (drifts: Drift[]) => drifts.filter((d) => d.severity === 'error');

describe('TYPE_TABLE (RULES.md 4f)', () => {
  for (const row of TYPE_TABLE) {
    it(`row ${row.id}: every name reads, and every TS type of the row fits every column type of the row`, () => {
      for (const system of SYSTEMS) {
        for (const name of row[system]) {
          const batch = systemRecord(system, name);
          expect(fieldType(batch).kind, `${system} ${name}`).not.toBe('unknown');
          for (const tsType of row.ts) {
            if (row.notFor?.[system]?.includes(tsType) === true) continue;
            const drifts = compareRecords(tsRecord(tsType), batch);
            expect(errorsOf(drifts).map((d) => d.message), `${tsType} → ${system} ${name}`).toEqual([]);
          }
        }
      }
    });
  }

  it('has a row for every line of RULES.md 4f', () => {
    expect(TYPE_TABLE.map((r: TypeTableRow) => r.id)).toEqual([
      'string', 'boolean', 'int', 'int64', 'float', 'decimal', 'timestamp', 'date', 'enum', 'array', 'record', 'map', 'bytes', 'nullable',
    ]);
  });

  it('decimal: a plain number is a precision warning, not an error', () => {
    const drifts = compareRecords(tsRecord('number'), systemRecord('postgres', 'numeric(12,2) NOT NULL'));
    expect(drifts.map((d) => d.severity)).toEqual(['warning']);
  });

  it('timestamp: an epoch-ms number into a seconds column is an error; into milliseconds it is fine', () => {
    expect(errorsOf(compareRecords(tsRecord('number'), systemRecord('clickhouse', 'DateTime')))).toHaveLength(1);
    expect(errorsOf(compareRecords(tsRecord('number'), systemRecord('flink', 'TIMESTAMP(0)')))).toHaveLength(1);
    expect(compareRecords(tsRecord('number'), systemRecord('clickhouse', 'DateTime64(3)'))).toEqual([]);
    expect(compareRecords(tsRecord('number'), systemRecord('avro', '{ "type": "long", "logicalType": "timestamp-millis" }'))).toEqual([]);
    expect(errorsOf(compareRecords(tsRecord('number'), systemRecord('avro', '{ "type": "long", "logicalType": "timestamp-micros" }')))).toHaveLength(1);
  });

  it('64-bit values overflow 32-bit columns; text only travels as a 64-bit integer', () => {
    expect(errorsOf(compareRecords(systemRecord('avro', '"long"'), systemRecord('clickhouse', 'Int32')))).toHaveLength(1);
    expect(errorsOf(compareRecords(tsRecord('string'), systemRecord('postgres', 'integer')))).toHaveLength(1);
    expect(compareRecords(tsRecord('string'), systemRecord('postgres', 'bigint NOT NULL'))).toEqual([]);
  });

  it('every compatibility row names real kinds, and named checks decide both ways', () => {
    const kinds = Object.keys(SCALAR_COMPATIBILITY);
    for (const row of Object.values(SCALAR_COMPATIBILITY)) for (const from of Object.keys(row)) expect(kinds).toContain(from);
    expect(runCheck('int-width', { kind: 'int', bits: 32 }, { kind: 'int', bits: 64 })).toBe('ok');
    expect(runCheck('uint8-boolean', { kind: 'boolean' }, { kind: 'int', bits: 16 })).not.toBe('ok');
    expect(runCheck('timestamp-precision', { kind: 'timestamp', unit: 'ms' }, { kind: 'timestamp', unit: 's' })).toMatchObject({ severity: 'note' });
  });
});
