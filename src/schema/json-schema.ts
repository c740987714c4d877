/**
 * JSON Schema (draft 4 to 2020-12, plus OpenAPI's `nullable`) object schemas into the neutral
 * model: `type`, `required`, `nullable` / `type: [.., "null"]` / `anyOf` with null, `enum`,
 * `const`, `format`, nested `properties`, `items`, `additionalProperties`, `allOf`, and local
 * `$ref`s (`#/$defs/X`, `#/definitions/X`).
 */
import { JSON_SCHEMA_FORMATS, JSON_SCHEMA_TYPES } from '../knowledge/schema-types.js';
import { JsonSyntaxError, member, parseJson, stringMember, toValue, type JsonNode } from './json.js';
import { combine, Lines, SchemaReadError, type Field, type FieldType, type RecordSchema } from './model.js';

const MAX_DEPTH = 32;

interface Converted {
  type: FieldType;
  text: string;
  nullable: boolean;
}

/** The object schema at the root of the file, or the definition `name` (`$defs`/`definitions`). */
export function readJsonSchema(file: string, text: string, name?: string): RecordSchema {
  let root: JsonNode;
  try {
    root = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new SchemaReadError(`not valid JSON: ${error.message}`, file, new Lines(text).position(error.offset).line);
    }
    throw error;
  }
  const reader = new JsonSchemaReader(file, text, root);
  let target = root;
  if (name !== undefined) {
    const found = member(member(root, '$defs'), name) ?? member(member(root, 'definitions'), name);
    if (!found) throw new SchemaReadError(`no definition "${name}" under $defs or definitions`, file);
    target = found;
  }
  const resolved = reader.deref(target, 0);
  const fields = reader.objectFields(resolved, 0);
  if (fields === undefined) throw new SchemaReadError('the schema does not describe an object (no "properties")', file);
  const title = stringMember(resolved, 'title') ?? name ?? (stringMember(root, '$id')?.split('/').pop() || undefined) ?? 'schema';
  const titleNode = member(resolved, 'title') ?? resolved;
  return {
    name: title,
    system: 'json-schema',
    kind: 'type',
    fields,
    location: reader.lines.location(file, titleNode.start, titleNode.type === 'string' ? titleNode.end : titleNode.start + 1),
  };
}

class JsonSchemaReader {
  readonly lines: Lines;

  constructor(
    readonly file: string,
    text: string,
    readonly root: JsonNode,
  ) {
    this.lines = new Lines(text);
  }

  /** Follows local `$ref`s. */
  deref(node: JsonNode, depth: number): JsonNode {
    let current = node;
    for (let i = 0; i < MAX_DEPTH; i++) {
      const ref = stringMember(current, '$ref');
      if (ref === undefined || !ref.startsWith('#')) return current;
      const target = this.pointer(ref.slice(1));
      if (!target) return current;
      current = target;
    }
    return depth >= 0 ? current : node;
  }

  pointer(pointer: string): JsonNode | undefined {
    if (pointer === '' || pointer === '/') return this.root;
    let node: JsonNode | undefined = this.root;
    for (const raw of pointer.split('/').slice(1)) {
      const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node.type === 'array') node = node.items[Number(segment)];
      else node = member(node, segment);
      if (!node) return undefined;
    }
    return node;
  }

  /** The fields of an object schema (merging `allOf`), or undefined when it has no properties. */
  objectFields(node: JsonNode, depth: number): Field[] | undefined {
    if (depth > MAX_DEPTH) return [];
    const schema = this.deref(node, depth);
    const parts = [schema, ...this.allOf(schema, depth)];
    const props = parts.map((p) => member(p, 'properties')).filter((p): p is Extract<JsonNode, { type: 'object' }> => p?.type === 'object');
    if (props.length === 0) return undefined;
    const required = new Set<string>();
    for (const part of parts) {
      const list = member(part, 'required');
      if (list?.type === 'array') for (const item of list.items) if (item.type === 'string') required.add(item.value);
    }
    const fields: Field[] = [];
    const seen = new Set<string>();
    for (const properties of props) {
      for (const entry of properties.entries) {
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        const converted = this.convert(entry.value, depth + 1);
        fields.push({
          name: entry.key,
          type: converted.type,
          typeText: converted.text,
          nullable: converted.nullable,
          optional: !required.has(entry.key),
          location: this.lines.location(this.file, entry.keyStart, entry.keyEnd),
        });
      }
    }
    return fields;
  }

  allOf(node: JsonNode, depth: number): JsonNode[] {
    const list = member(node, 'allOf');
    if (list?.type !== 'array' || depth > MAX_DEPTH) return [];
    return list.items.flatMap((item) => {
      const resolved = this.deref(item, depth + 1);
      return [resolved, ...this.allOf(resolved, depth + 1)];
    });
  }

  convert(node: JsonNode, depth: number): Converted {
    if (depth > MAX_DEPTH) return { type: { kind: 'unknown' }, text: '…', nullable: false };
    const schema = this.deref(node, depth);
    if (schema.type === 'boolean') return { type: { kind: 'unknown' }, text: String(schema.value), nullable: schema.value };
    if (schema.type !== 'object') return { type: { kind: 'unknown' }, text: 'unknown', nullable: false };
    let nullable = member(schema, 'nullable')?.type === 'boolean' && (member(schema, 'nullable') as { value: boolean }).value;

    // anyOf / oneOf: null branches make it nullable; one remaining branch is the type.
    for (const key of ['anyOf', 'oneOf']) {
      const list = member(schema, key);
      if (list?.type !== 'array') continue;
      const branches = list.items.map((item) => this.convert(item, depth + 1));
      const real = branches.filter((b) => b.text !== 'null');
      nullable ||= branches.some((b) => b.nullable || b.text === 'null');
      if (real.length === 1 && real[0]) return { ...real[0], nullable: nullable || real[0].nullable };
      return { type: combine(real.map((b) => b.type)), text: real.map((b) => b.text).join(' | '), nullable };
    }

    const enumNode = member(schema, 'enum') ?? member(schema, 'const');
    if (enumNode) {
      const values = enumNode.type === 'array' ? enumNode.items.map(toValue) : [toValue(enumNode)];
      nullable ||= values.includes(null);
      const kept = values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
      return {
        type: { kind: 'enum', values: kept.map(String), closed: true, numeric: kept.length > 0 && kept.every((v) => typeof v === 'number') },
        text: kept.map((v) => JSON.stringify(v)).join(' | '),
        nullable,
      };
    }

    const typeNode = member(schema, 'type');
    const types = typeNode?.type === 'array' ? typeNode.items.flatMap((t) => (t.type === 'string' ? [t.value] : [])) : typeNode?.type === 'string' ? [typeNode.value] : [];
    if (types.includes('null')) nullable = true;
    const real = types.filter((t) => t !== 'null');
    if (real.length === 0 && types.includes('null')) return { type: { kind: 'unknown' }, text: 'null', nullable: true };
    if (real.length > 1) {
      const members = real.map((t) => this.single(schema, t, depth));
      return { type: { kind: 'union', types: members.map((m) => m.type) }, text: real.join(' | '), nullable };
    }
    const only = real[0] ?? (member(schema, 'properties') ? 'object' : member(schema, 'items') ? 'array' : undefined);
    if (only === undefined) {
      if (this.allOf(schema, depth).length > 0) return { ...this.single(schema, 'object', depth), nullable };
      return { type: { kind: 'unknown' }, text: 'any', nullable };
    }
    return { ...this.single(schema, only, depth), nullable };
  }

  single(schema: JsonNode, type: string, depth: number): { type: FieldType; text: string } {
    if (type === 'object') {
      const fields = this.objectFields(schema, depth + 1);
      if (fields !== undefined) return { type: { kind: 'record', fields }, text: 'object' };
      const extra = member(schema, 'additionalProperties');
      if (extra && extra.type === 'object') {
        const value = this.convert(extra, depth + 1);
        return { type: { kind: 'map', value: value.type }, text: `object of ${value.text}` };
      }
      return { type: { kind: 'json' }, text: 'object' };
    }
    if (type === 'array') {
      const items = member(schema, 'items');
      const element = items ? this.convert(items, depth + 1) : undefined;
      return {
        type: { kind: 'array', element: element?.type ?? { kind: 'unknown' }, elementNullable: element?.nullable ?? false },
        text: `array of ${element?.text ?? 'any'}`,
      };
    }
    const scalar = JSON_SCHEMA_TYPES[type];
    if (!scalar) return { type: { kind: 'unknown' }, text: type };
    if (scalar.kind === 'string') {
      const format = stringMember(schema, 'format');
      const known = format === undefined ? undefined : JSON_SCHEMA_FORMATS[format];
      if (stringMember(schema, 'contentEncoding') !== undefined) return { type: { kind: 'bytes' }, text: 'string (encoded bytes)' };
      return known ? { type: { kind: 'string', format: known }, text: `string (${format ?? ''})` } : { type: scalar, text: 'string' };
    }
    return { type: scalar, text: type };
  }
}
