/**
 * Avro `.avsc` records into the neutral model: primitive and logical types, unions with "null",
 * nested records, enums, arrays, maps, fixed, and named-type references. The file is read as
 * JSON (never executed) with source offsets kept for every field.
 */
import { AVRO_LOGICAL_TYPES, AVRO_TYPES } from '../knowledge/schema-types.js';
import { JsonSyntaxError, member, parseJson, stringMember, type JsonNode } from './json.js';
import { Lines, SchemaReadError, type Field, type FieldType, type RecordSchema } from './model.js';

interface Named {
  node: JsonNode;
  namespace: string | undefined;
}

interface Converted {
  type: FieldType;
  text: string;
  nullable: boolean;
  logicalType?: string;
}

const MAX_DEPTH = 32;

/** A type name the file does not define; `fields()` turns it into a read error naming the field. */
class UnknownAvroType extends Error {
  constructor(
    readonly typeName: string,
    readonly node: JsonNode,
  ) {
    super(`unknown Avro type ${typeName}`);
  }
}

/** The record `name` (or the only/last record of the file) of an .avsc file. */
export function readAvroRecord(file: string, text: string, name?: string): RecordSchema {
  let root: JsonNode;
  try {
    root = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new SchemaReadError(`not valid JSON: ${error.message}`, file, new Lines(text).position(error.offset).line);
    }
    throw error;
  }
  const reader = new AvroReader(file, text);
  reader.collect(root, undefined, 0);
  const record = reader.pick(root, name);
  if (!record) {
    throw new SchemaReadError(
      name === undefined ? 'no Avro record in the file' : `no Avro record named "${name}" in the file`,
      file,
    );
  }
  return reader.record(record.node, record.namespace);
}

class AvroReader {
  readonly lines: Lines;
  readonly named = new Map<string, Named>();
  readonly records: Named[] = [];
  readonly #active = new Set<JsonNode>();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.lines = new Lines(text);
  }

  /** Registers every named type (records, enums, fixed) under its full and short name. */
  collect(node: JsonNode, namespace: string | undefined, depth: number): void {
    if (depth > MAX_DEPTH) return;
    if (node.type === 'array') {
      for (const item of node.items) this.collect(item, namespace, depth + 1);
      return;
    }
    if (node.type !== 'object') return;
    const type = stringMember(node, 'type');
    const name = stringMember(node, 'name');
    const ns = stringMember(node, 'namespace') ?? namespace;
    if ((type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') && name !== undefined) {
      const named = { node, namespace: ns };
      const full = name.includes('.') || ns === undefined ? name : `${ns}.${name}`;
      this.named.set(full, named);
      const short = name.split('.').pop() ?? name;
      if (!this.named.has(short)) this.named.set(short, named);
      if (type === 'record' || type === 'error') this.records.push(named);
    }
    const fields = member(node, 'fields');
    if (fields?.type === 'array') {
      for (const field of fields.items) {
        const t = member(field, 'type');
        if (t) this.collect(t, ns, depth + 1);
      }
    }
    for (const key of ['items', 'values']) {
      const inner = member(node, key);
      if (inner) this.collect(inner, ns, depth + 1);
    }
    const inner = member(node, 'type');
    if (inner && inner.type !== 'string') this.collect(inner, ns, depth + 1);
  }

  pick(root: JsonNode, name: string | undefined): Named | undefined {
    if (name !== undefined) {
      const found = this.named.get(name);
      return found && this.records.includes(found) ? found : undefined;
    }
    if (root.type === 'object' && this.records[0]?.node === root) return this.records[0];
    // A file holding several schemas lists dependencies first: the last top-level record is the subject.
    if (root.type === 'array') {
      const top = root.items.filter((item) => this.records.some((r) => r.node === item));
      const last = top[top.length - 1];
      return last === undefined ? undefined : this.records.find((r) => r.node === last);
    }
    return this.records[0];
  }

  record(node: JsonNode, namespace: string | undefined): RecordSchema {
    const name = stringMember(node, 'name') ?? 'record';
    const nameNode = member(node, 'name') ?? node;
    return {
      name,
      system: 'avro',
      kind: 'type',
      fields: this.fields(node, namespace, 0),
      location: this.lines.location(this.file, nameNode.start, nameNode.end),
    };
  }

  fields(node: JsonNode, namespace: string | undefined, depth: number): Field[] {
    const list = member(node, 'fields');
    if (list?.type !== 'array') return [];
    if (this.#active.has(node) || depth > MAX_DEPTH) return [];
    this.#active.add(node);
    const out: Field[] = [];
    try {
      for (const item of list.items) {
        const name = stringMember(item, 'name');
        const typeNode = member(item, 'type');
        if (name === undefined || typeNode === undefined) continue;
        const nameNode = member(item, 'name') ?? item;
        let converted: Converted;
        try {
          converted = this.convert(typeNode, namespace, depth + 1);
        } catch (error) {
          if (!(error instanceof UnknownAvroType)) throw error;
          const line = this.lines.position(error.node.start).line;
          throw new SchemaReadError(
            `field "${name}" has the type "${error.typeName}", which is neither an Avro primitive type nor a record, enum or fixed defined in the file`,
            this.file,
            line,
          );
        }
        const aliases = member(item, 'aliases');
        const field: Field = {
          name,
          type: converted.type,
          typeText: converted.text,
          nullable: converted.nullable,
          // A decoded record always has every field (a `default` only fills it for old writers).
          optional: false,
          location: this.lines.location(this.file, nameNode.start, nameNode.end),
        };
        if (aliases?.type === 'array') {
          field.aliases = aliases.items.flatMap((a) => (a.type === 'string' ? [a.value] : []));
        }
        if (converted.logicalType !== undefined) field.logicalType = converted.logicalType;
        out.push(field);
      }
    } finally {
      this.#active.delete(node);
    }
    return out;
  }

  convert(node: JsonNode, namespace: string | undefined, depth: number): Converted {
    if (depth > MAX_DEPTH) return { type: { kind: 'unknown', reason: 'nested too deeply' }, text: '…', nullable: false };
    if (node.type === 'string') {
      if (node.value === 'null') return { type: { kind: 'unknown' }, text: 'null', nullable: true };
      const primitive = AVRO_TYPES[node.value];
      if (primitive) return { type: primitive, text: node.value, nullable: false };
      const named = this.named.get(node.value) ?? (namespace ? this.named.get(`${namespace}.${node.value}`) : undefined);
      if (named) return { ...this.convert(named.node, named.namespace, depth + 1), text: node.value };
      // A full name (`com.acme.Address`) may be defined in another schema file of the registry;
      // a bare name that is neither primitive nor defined here is a typo (`"strin"`), and
      // skipping the field would hide it (RULES 4c.10: unreadable, never silently compared).
      if (!node.value.includes('.')) throw new UnknownAvroType(node.value, node);
      return { type: { kind: 'unknown', reason: `unknown Avro type ${node.value}` }, text: node.value, nullable: false };
    }
    if (node.type === 'array') {
      // A union: "null" makes it nullable; one other branch is that type, several stay a union.
      const branches = node.items.map((item) => this.convert(item, namespace, depth + 1));
      const nullable = branches.some((b) => b.nullable);
      const real = branches.filter((b) => !(b.nullable && b.type.kind === 'unknown' && b.text === 'null'));
      const text = `[${branches.map((b) => JSON.stringify(b.text)).join(', ')}]`;
      if (real.length === 1 && real[0]) return { ...real[0], nullable, text };
      return { type: { kind: 'union', types: real.map((b) => b.type) }, text, nullable };
    }
    if (node.type !== 'object') return { type: { kind: 'unknown' }, text: 'unknown', nullable: false };
    const type = member(node, 'type');
    const typeName = type?.type === 'string' ? type.value : undefined;
    const logical = stringMember(node, 'logicalType');
    const ns = stringMember(node, 'namespace') ?? namespace;
    if (logical !== undefined && typeName !== undefined && AVRO_LOGICAL_TYPES[logical]) {
      return { type: AVRO_LOGICAL_TYPES[logical], text: `${typeName} (${logical})`, nullable: false, logicalType: logical };
    }
    switch (typeName) {
      case 'record':
      case 'error':
        return { type: { kind: 'record', fields: this.fields(node, ns, depth + 1) }, text: stringMember(node, 'name') ?? 'record', nullable: false };
      case 'enum': {
        const symbols = member(node, 'symbols');
        const values = symbols?.type === 'array' ? symbols.items.flatMap((s) => (s.type === 'string' ? [s.value] : [])) : [];
        return { type: { kind: 'enum', values, closed: true }, text: stringMember(node, 'name') ?? 'enum', nullable: false };
      }
      case 'array': {
        const items = member(node, 'items');
        const element = items ? this.convert(items, ns, depth + 1) : undefined;
        return {
          type: { kind: 'array', element: element?.type ?? { kind: 'unknown' }, elementNullable: element?.nullable ?? false },
          text: `array<${element?.text ?? '?'}>`,
          nullable: false,
        };
      }
      case 'map': {
        const values = member(node, 'values');
        const value = values ? this.convert(values, ns, depth + 1) : undefined;
        return { type: { kind: 'map', value: value?.type ?? { kind: 'unknown' } }, text: `map<${value?.text ?? '?'}>`, nullable: false };
      }
      case 'fixed':
        return { type: { kind: 'bytes' }, text: 'fixed', nullable: false };
      default:
        if (type) return this.convert(type, ns, depth + 1);
        return { type: { kind: 'unknown' }, text: 'unknown', nullable: false };
    }
  }
}
