/**
 * Reads a TS interface, type alias or class into the neutral model from syntax alone, for files
 * linted without type information. It follows what one file says: property signatures, unions
 * with null/undefined, literal unions, arrays, nested type literals, `Date`, `Record<string, T>`,
 * intersections, `extends` and `Omit`/`Pick`/`Partial` of declarations in the same file.
 * Anything it cannot see (imported types) is `unknown` and never compared.
 */
import { TS_NAMED_TYPES } from '../../knowledge/schema-types.js';
import { combine, mergeFields, type Field, type FieldType, type RecordSchema } from '../model.js';
import {
  nameText,
  type TsArrayTypeNode,
  type TsClass,
  type TsFunctionLike,
  type TsInterface,
  type TsLiteralTypeNode,
  type TsNode,
  type TsPropertySignature,
  type TsRuntime,
  type TsSourceFile,
  type TsTypeAlias,
  type TsTypeLiteral,
  type TsTypeReference,
  type TsUnionOrIntersection,
  type TsWrapped,
} from './api.js';
import { nodeLocation, topLevelDeclarations, type Declaration } from './declarations.js';

const MAX_DEPTH = 8;

interface Converted {
  type: FieldType;
  nullable: boolean;
  optional: boolean;
}

export function syntacticRecord(ts: TsRuntime, sourceFile: TsSourceFile, declaration: Declaration): RecordSchema | undefined {
  const reader = new SyntaxReader(ts, sourceFile);
  const fields = reader.declarationFields(declaration.node, 0);
  if (!fields) return undefined;
  return {
    name: declaration.name,
    system: 'typescript',
    kind: 'type',
    fields,
    location: nodeLocation(declaration.nameNode),
  };
}

class SyntaxReader {
  readonly #byName = new Map<string, TsNode>();
  readonly #active = new Set<TsNode>();

  constructor(
    readonly ts: TsRuntime,
    readonly sourceFile: TsSourceFile,
  ) {
    for (const d of topLevelDeclarations(ts, sourceFile)) if (d.kind !== 'variable' && !this.#byName.has(d.name)) this.#byName.set(d.name, d.node);
  }

  /** Fields of an interface, object type alias or class; undefined when it is not an object type. */
  declarationFields(node: TsNode, depth: number): Field[] | undefined {
    const S = this.ts.SyntaxKind;
    if (depth > MAX_DEPTH || this.#active.has(node)) return undefined;
    this.#active.add(node);
    try {
      if (node.kind === S.InterfaceDeclaration) {
        const decl = node as TsInterface;
        const inherited: Field[] = [];
        for (const clause of decl.heritageClauses ?? []) {
          for (const base of clause.types) {
            const baseName = nameText(this.ts, base.expression);
            const target = baseName === undefined ? undefined : this.#byName.get(baseName);
            const fields = target ? this.declarationFields(target, depth + 1) : undefined;
            if (fields) inherited.push(...fields);
          }
        }
        return mergeFields(inherited, this.members(decl.members, depth));
      }
      if (node.kind === S.TypeAliasDeclaration) return this.objectFields((node as TsTypeAlias).type, depth);
      if (node.kind === S.ClassDeclaration) return this.classFields(node as TsClass, depth);
      return undefined;
    } finally {
      this.#active.delete(node);
    }
  }

  members(members: readonly TsNode[], depth: number): Field[] {
    const S = this.ts.SyntaxKind;
    const fields: Field[] = [];
    for (const member of members) {
      if (member.kind !== S.PropertySignature) continue;
      const prop = member as TsPropertySignature;
      const name = nameText(this.ts, prop.name);
      if (name === undefined) continue;
      fields.push(this.field(name, prop, depth));
    }
    return fields;
  }

  classFields(decl: TsClass, depth: number): Field[] {
    const S = this.ts.SyntaxKind;
    const fields: Field[] = [];
    for (const member of decl.members) {
      if (member.kind === S.PropertyDeclaration) {
        const prop = member as TsPropertySignature;
        if (hiddenMember(this.ts, prop)) continue;
        const name = nameText(this.ts, prop.name);
        if (name === undefined || name.startsWith('#')) continue;
        if (prop.type === undefined && prop.initializer !== undefined && isFunction(this.ts, prop.initializer)) continue;
        fields.push(this.field(name, prop, depth));
      }
      if (member.kind === S.Constructor) {
        for (const param of (member as TsFunctionLike).parameters) {
          const modifiers = (param as TsPropertySignature).modifiers ?? [];
          if (modifiers.length === 0 || hiddenMember(this.ts, param)) continue;
          const name = nameText(this.ts, param.name);
          if (name !== undefined) fields.push(this.field(name, param, depth));
        }
      }
    }
    return fields;
  }

  field(name: string, prop: TsPropertySignature, depth: number): Field {
    const converted = prop.type ? this.convert(prop.type, depth + 1) : { type: { kind: 'unknown' } as FieldType, nullable: false, optional: false };
    return {
      name,
      type: converted.type,
      typeText: prop.type ? prop.type.getText(this.sourceFile) : 'unknown',
      nullable: converted.nullable,
      optional: prop.questionToken !== undefined || converted.optional,
      location: nodeLocation(prop.name),
    };
  }

  /** Fields of an object-shaped type node (literal, reference, intersection, Omit/Pick/Partial). */
  objectFields(node: TsNode, depth: number): Field[] | undefined {
    const S = this.ts.SyntaxKind;
    if (depth > MAX_DEPTH) return undefined;
    if (node.kind === S.ParenthesizedType) return this.objectFields((node as unknown as { type: TsNode }).type, depth + 1);
    if (node.kind === S.TypeLiteral) return this.members((node as TsTypeLiteral).members, depth);
    if (node.kind === S.IntersectionType) {
      let out: Field[] = [];
      for (const part of (node as TsUnionOrIntersection).types) {
        const fields = this.objectFields(part, depth + 1);
        if (!fields) return undefined;
        out = mergeFields(out, fields);
      }
      return out;
    }
    if (node.kind === S.TypeReference) {
      const ref = node as TsTypeReference;
      const name = nameText(this.ts, ref.typeName);
      const args = ref.typeArguments ?? [];
      if ((name === 'Omit' || name === 'Pick') && args[0] && args[1]) {
        const base = this.objectFields(args[0], depth + 1);
        const keys = this.literalKeys(args[1]);
        if (!base || !keys) return undefined;
        return base.filter((f) => (name === 'Pick' ? keys.has(f.name) : !keys.has(f.name)));
      }
      if ((name === 'Partial' || name === 'Required' || name === 'Readonly') && args[0]) {
        const base = this.objectFields(args[0], depth + 1);
        if (!base || name === 'Readonly') return base;
        return base.map((f) => ({ ...f, optional: name === 'Partial' }));
      }
      const target = name === undefined ? undefined : this.#byName.get(name);
      return target ? this.declarationFields(target, depth + 1) : undefined;
    }
    return undefined;
  }

  literalKeys(node: TsNode): Set<string> | undefined {
    const S = this.ts.SyntaxKind;
    const parts = node.kind === S.UnionType ? (node as TsUnionOrIntersection).types : [node];
    const keys = new Set<string>();
    for (const part of parts) {
      if (part.kind !== S.LiteralType) return undefined;
      const text = nameText(this.ts, (part as TsLiteralTypeNode).literal);
      if (text === undefined) return undefined;
      keys.add(text);
    }
    return keys;
  }

  convert(node: TsNode, depth: number): Converted {
    const S = this.ts.SyntaxKind;
    const plain = (type: FieldType): Converted => ({ type, nullable: false, optional: false });
    if (depth > MAX_DEPTH) return plain({ kind: 'unknown' });
    switch (node.kind) {
      case S.StringKeyword:
        return plain({ kind: 'string' });
      case S.NumberKeyword:
        return plain({ kind: 'number' });
      case S.BigIntKeyword:
        return plain({ kind: 'bigint' });
      case S.BooleanKeyword:
        return plain({ kind: 'boolean' });
      case S.NullKeyword:
        return { type: { kind: 'unknown' }, nullable: true, optional: false };
      case S.UndefinedKeyword:
      case S.VoidKeyword:
        return { type: { kind: 'unknown' }, nullable: false, optional: true };
      case S.ParenthesizedType:
      case S.TypeOperator:
        return this.convert((node as unknown as { type: TsNode }).type, depth + 1);
      case S.ArrayType: {
        const element = this.convert((node as TsArrayTypeNode).elementType, depth + 1);
        return plain({ kind: 'array', element: element.type, elementNullable: element.nullable });
      }
      case S.LiteralType: {
        const literal = (node as TsLiteralTypeNode).literal;
        if (literal.kind === S.NullKeyword) return { type: { kind: 'unknown' }, nullable: true, optional: false };
        if (literal.kind === S.TrueKeyword || literal.kind === S.FalseKeyword) return plain({ kind: 'boolean' });
        const text = nameText(this.ts, literal);
        if (text === undefined) return plain({ kind: 'unknown' });
        return plain({ kind: 'enum', values: [text], closed: true, numeric: literal.kind === S.NumericLiteral });
      }
      case S.UnionType:
        return this.union((node as TsUnionOrIntersection).types, depth);
      case S.TypeLiteral:
        return plain({ kind: 'record', fields: this.members((node as TsTypeLiteral).members, depth) });
      case S.IntersectionType: {
        const fields = this.objectFields(node, depth);
        return plain(fields ? { kind: 'record', fields } : { kind: 'unknown' });
      }
      case S.TypeReference:
        return this.reference(node as TsTypeReference, depth);
      default:
        return plain({ kind: 'unknown' });
    }
  }

  union(parts: readonly TsNode[], depth: number): Converted {
    let nullable = false;
    let optional = false;
    const types: FieldType[] = [];
    for (const part of parts) {
      const converted = this.convert(part, depth + 1);
      nullable ||= converted.nullable;
      optional ||= converted.optional;
      if (converted.type.kind === 'unknown' && (converted.nullable || converted.optional)) continue;
      types.push(converted.type);
    }
    return { type: combine(types), nullable, optional };
  }

  reference(ref: TsTypeReference, depth: number): Converted {
    const plain = (type: FieldType): Converted => ({ type, nullable: false, optional: false });
    const name = nameText(this.ts, ref.typeName);
    const args = ref.typeArguments ?? [];
    if (name === undefined) return plain({ kind: 'unknown' });
    if ((name === 'Array' || name === 'ReadonlyArray') && args[0]) {
      const element = this.convert(args[0], depth + 1);
      return plain({ kind: 'array', element: element.type, elementNullable: element.nullable });
    }
    if (name === 'Record' && args[0] && args[1] && args[0].kind === this.ts.SyntaxKind.StringKeyword) {
      return plain({ kind: 'map', value: this.convert(args[1], depth + 1).type });
    }
    const named = TS_NAMED_TYPES[name];
    if (named) return plain(named);
    const target = this.#byName.get(name);
    if (target?.kind === this.ts.SyntaxKind.EnumDeclaration) return plain(this.enumType(target));
    if (target?.kind === this.ts.SyntaxKind.TypeAliasDeclaration && !this.#active.has(target)) {
      const alias = target as TsTypeAlias;
      if (this.objectFields(alias.type, depth + 1) === undefined) {
        this.#active.add(target);
        try {
          return this.convert(alias.type, depth + 1);
        } finally {
          this.#active.delete(target);
        }
      }
    }
    const fields = this.objectFields(ref, depth + 1);
    return plain(fields ? { kind: 'record', fields } : { kind: 'unknown' });
  }

  enumType(node: TsNode): FieldType {
    const members = (node as unknown as { members: readonly (TsNode & { name: TsNode; initializer?: TsNode })[] }).members;
    const values: string[] = [];
    for (const member of members) {
      const init = member.initializer;
      const text = init ? nameText(this.ts, init) : undefined;
      if (init && text === undefined) return { kind: 'unknown' };
      // String enums send their values; numeric enums send numbers.
      values.push(text ?? String(values.length));
    }
    const numeric = members.every((m) => !m.initializer || m.initializer.kind === this.ts.SyntaxKind.NumericLiteral);
    return { kind: 'enum', values, closed: true, numeric };
  }
}

function hiddenMember(ts: TsRuntime, prop: TsPropertySignature): boolean {
  const S = ts.SyntaxKind;
  return (prop.modifiers ?? []).some((m) => m.kind === S.StaticKeyword || m.kind === S.PrivateKeyword || m.kind === S.ProtectedKeyword);
}

function isFunction(ts: TsRuntime, node: TsNode): boolean {
  const S = ts.SyntaxKind;
  let n = node;
  while (n.kind === S.ParenthesizedExpression) n = (n as TsWrapped).expression;
  return n.kind === S.ArrowFunction || n.kind === S.FunctionExpression;
}
