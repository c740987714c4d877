import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { readConfigSchema } from '../../src/config/load.js';
import { durationToSeconds, thresholdValue } from '../../src/config/threshold.js';
import {
  ON_MISSING_LEVELS,
  RULE_SEVERITIES,
  SCHEMA_DIRECTIONS,
  SLA_KINDS,
  SLA_UNITS,
  SQL_DIALECTS,
} from '../../src/config/types.js';

interface EnumNode {
  enum: unknown[];
}
interface SchemaDoc {
  title: string;
  description: string;
  properties: Record<string, { description?: string }>;
  definitions: {
    sqlDialect: EnumNode;
    severity: EnumNode;
    sla: { properties: { kind: EnumNode; unit: EnumNode } };
    schemaPair: { properties: { direction: EnumNode; onMissing: EnumNode } };
  };
}

const schema = readConfigSchema() as unknown as SchemaDoc;

describe('rta.config.schema.json', () => {
  it('compiles in ajv strict mode with the editor annotations registered', () => {
    const ajv = new Ajv({ strict: true, strictTuples: false });
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    expect(() => ajv.compile(readConfigSchema())).not.toThrow();
  });

  it('has a title and a description for editors', () => {
    expect(schema.title).toBe('rta.config.yaml');
    expect(schema.description).toMatch(/unknown keys are rejected/);
    for (const [key, value] of Object.entries(schema.properties)) expect(value.description, key).toBeTypeOf('string');
  });

  it('enumerates the same values as the TypeScript types', () => {
    const defs = schema.definitions;
    expect(defs.sqlDialect.enum).toEqual([...SQL_DIALECTS]);
    expect(defs.sla.properties.kind.enum).toEqual([...SLA_KINDS]);
    expect(defs.sla.properties.unit.enum).toEqual([...SLA_UNITS]);
    expect(defs.schemaPair.properties.direction.enum).toEqual([...SCHEMA_DIRECTIONS]);
    expect(defs.schemaPair.properties.onMissing.enum).toEqual([...ON_MISSING_LEVELS]);
    expect(defs.severity.enum).toEqual([...RULE_SEVERITIES]);
  });

  it('rejects unknown keys at every level that has fixed keys', () => {
    const walk = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.properties !== undefined && record.type === 'object') {
        expect(record.additionalProperties, where).toBe(false);
      }
      for (const [key, value] of Object.entries(record)) walk(value, `${where}/${key}`);
    };
    walk(schema, '#');
  });
});

describe('thresholds', () => {
  it('converts durations to seconds and reads counts', () => {
    expect(durationToSeconds('250ms')).toBe(0.25);
    expect(durationToSeconds('1.5s')).toBe(1.5);
    expect(durationToSeconds('5m')).toBe(300);
    expect(durationToSeconds('5h')).toBeUndefined();
    expect(thresholdValue(10000)).toBe(10000);
    expect(thresholdValue('10000')).toBe(10000);
    expect(thresholdValue('2s')).toBe(2);
    expect(thresholdValue('fast')).toBeUndefined();
  });
});
