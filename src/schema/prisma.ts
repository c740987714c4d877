/**
 * Prisma models (`schema.prisma#Model`) into the neutral model: scalar types, `?` and `[]`,
 * enums declared in the file, `@map` / `@@map` names, and the attributes that make the database
 * fill a column (`@default`, `@updatedAt`). Relation fields are not columns and are left out.
 */
import { PRISMA_TYPES, type NeutralScalar } from '../knowledge/schema-types.js';
import { Lines, SchemaReadError, type Field, type FieldType, type RecordSchema } from './model.js';

interface Block {
  kind: 'model' | 'enum' | 'type' | 'view';
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Lines of the body with their offsets. */
  lines: { text: string; offset: number }[];
}

/** Native database types (`@db.X`) that change what the column holds. */
const NATIVE_TYPES: Readonly<Record<string, NeutralScalar>> = {
  Date: { kind: 'date' },
  Time: { kind: 'time' },
  Timetz: { kind: 'time' },
  Uuid: { kind: 'uuid' },
  Money: { kind: 'decimal' },
  SmallInt: { kind: 'int', bits: 16 },
};

export function readPrismaModel(file: string, text: string, name: string): RecordSchema {
  const blocks = prismaBlocks(text);
  const models = blocks.filter((b) => b.kind === 'model' || b.kind === 'view' || b.kind === 'type');
  const model =
    models.find((b) => b.name === name) ??
    models.find((b) => mappedName(b)?.toLowerCase() === name.toLowerCase()) ??
    models.find((b) => b.name.toLowerCase() === name.toLowerCase());
  if (!model) {
    throw new SchemaReadError(`no model "${name}" in the Prisma schema (models: ${models.map((b) => b.name).join(', ') || 'none'})`, file);
  }
  const enums = new Map(blocks.filter((b) => b.kind === 'enum').map((b) => [b.name, enumValues(b)]));
  const modelNames = new Set(models.map((b) => b.name));
  const lines = new Lines(text);
  const fields: Field[] = [];
  for (const line of model.lines) {
    const match = /^(\s*)([A-Za-z_][\w]*)\s+([A-Za-z_][\w]*)(\[\])?(\?)?(?:\s+(.*))?$/.exec(stripComment(line.text));
    if (!match) continue;
    const [, indent = '', fieldName = '', typeName = '', list, optional, attributes = ''] = match;
    if (modelNames.has(typeName) || /@relation\b/.test(attributes)) continue;
    let type: FieldType;
    const enumList = enums.get(typeName);
    if (enumList) type = { kind: 'enum', values: enumList, closed: true };
    else {
      const native = /@db\.(\w+)/.exec(attributes)?.[1];
      type = (native !== undefined ? NATIVE_TYPES[native] : undefined) ?? PRISMA_TYPES[typeName] ?? { kind: 'unknown', reason: `Prisma type ${typeName}` };
    }
    if (list) type = { kind: 'array', element: type, elementNullable: false };
    const start = line.offset + indent.length;
    const field: Field = {
      name: fieldName,
      type,
      typeText: `${typeName}${list ?? ''}${optional ?? ''}`,
      nullable: optional === '?',
      optional: optional === '?' || /@default\(|@updatedAt\b/.test(attributes),
      location: lines.location(file, start, start + fieldName.length),
    };
    const map = /@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(attributes)?.[1];
    if (map !== undefined) field.aliases = [map];
    if (/@updatedAt\b/.test(attributes)) field.filled = 'updated-at';
    else if (/@default\(/.test(attributes)) field.filled = /@default\(\s*(autoincrement|uuid|cuid|ulid|nanoid|dbgenerated)\(/.test(attributes) ? 'identity' : 'default';
    fields.push(field);
  }
  return {
    name: model.name,
    system: 'prisma',
    kind: 'table',
    dialect: 'prisma',
    fields,
    location: lines.location(file, model.nameStart, model.nameEnd),
  };
}

/** Every `model`/`enum`/`type`/`view` block of a Prisma schema. */
export function prismaBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const header = /^[ \t]*(model|enum|type|view)[ \t]+([A-Za-z_]\w*)[ \t]*\{/gm;
  for (const match of text.matchAll(header)) {
    const kind = match[1] as Block['kind'];
    const name = match[2] ?? '';
    const nameStart = (match.index) + match[0].indexOf(name, match[0].indexOf(kind) + kind.length);
    const bodyStart = match.index + match[0].length;
    const close = findClose(text, bodyStart);
    const body = text.slice(bodyStart, close);
    const lines: Block['lines'] = [];
    let offset = bodyStart;
    for (const lineText of body.split('\n')) {
      lines.push({ text: lineText, offset });
      offset += lineText.length + 1;
    }
    blocks.push({ kind, name, nameStart, nameEnd: nameStart + name.length, lines });
  }
  return blocks;
}

function findClose(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') inString = !inString;
    else if (!inString && c === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return text.length;
      i = eol;
    } else if (!inString && c === '}') return i;
  }
  return text.length;
}

function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') inString = !inString;
    else if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

function mappedName(block: Block): string | undefined {
  for (const line of block.lines) {
    const map = /@@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(line.text)?.[1];
    if (map !== undefined) return map;
  }
  return undefined;
}

function enumValues(block: Block): string[] {
  const values: string[] = [];
  for (const line of block.lines) {
    const match = /^\s*([A-Za-z_]\w*)\b/.exec(stripComment(line.text));
    if (match?.[1] !== undefined) values.push(match[1]);
  }
  return values;
}
