/**
 * Reads a TypeScript type into the neutral model through the type checker: interfaces, type
 * aliases (object types, intersections, unions with null/undefined, optional properties, literal
 * unions and TS enums as enums, `Omit`/`Pick`/`Partial` and other mapped types, nested and array
 * fields) and classes (public instance properties, not accessors). Works with either TypeScript copy through
 * the structural API of `api.ts`.
 */
import { TS_NAMED_TYPES } from '../../knowledge/schema-types.js';
import { combine, type Field, type FieldType } from '../model.js';
import type { TsChecker, TsLiteralType, TsNode, TsRuntime, TsSymbol, TsType, TsUnionType } from './api.js';
import { nodeLocation } from './declarations.js';

const MAX_DEPTH = 8;

interface Converted {
  type: FieldType;
  nullable: boolean;
  optional: boolean;
  /** A method or function-valued property: not data, never a field. */
  callable?: boolean;
}

export class CheckerReader {
  readonly #active = new Set<TsType>();

  constructor(
    readonly ts: TsRuntime,
    readonly checker: TsChecker,
  ) {}

  /** The fields of an object type, or undefined when the type is not an object with properties. */
  fields(type: TsType, at: TsNode, depth = 0): Field[] | undefined {
    if (depth > MAX_DEPTH || this.#active.has(type)) return undefined;
    const F = this.ts.TypeFlags;
    if (type.flags & (F.Any | F.Unknown)) return undefined;
    this.#active.add(type);
    try {
      if (type.isUnion()) return this.#unionFields((type as TsUnionType).types, at, depth);
      const fields: Field[] = [];
      for (const property of this.checker.getPropertiesOfType(type)) {
        const field = this.field(property, at, depth);
        if (field) fields.push(field);
      }
      return fields;
    } finally {
      this.#active.delete(type);
    }
  }

  field(property: TsSymbol, at: TsNode, depth: number): Field | undefined {
    const SF = this.ts.SymbolFlags;
    if (property.flags & SF.Method) return undefined;
    const declaration = property.declarations?.[0];
    if (declaration && this.#hidden(declaration)) return undefined;
    const name = property.getName();
    if (name.startsWith('#') || name.startsWith('__@')) return undefined;
    const type = this.checker.getTypeOfSymbolAtLocation(property, declaration ?? at);
    const converted = this.convert(type, at, depth + 1);
    if (converted.callable) return undefined;
    const nameNode = declaration ? ((declaration as TsNode & { name?: TsNode }).name ?? declaration) : undefined;
    const field: Field = {
      name,
      type: converted.type,
      typeText: this.checker.typeToString(type),
      nullable: converted.nullable,
      optional: (property.flags & SF.Optional) !== 0 || converted.optional,
    };
    if (nameNode) field.location = nodeLocation(nameNode);
    return field;
  }

  convert(type: TsType, at: TsNode, depth: number): Converted {
    const F = this.ts.TypeFlags;
    const plain = (t: FieldType): Converted => ({ type: t, nullable: false, optional: false });
    if (depth > MAX_DEPTH) return plain({ kind: 'unknown' });
    const flags = type.flags;
    if (flags & (F.Any | F.Unknown | F.Never | F.TypeParameter | F.ESSymbol)) return plain({ kind: 'unknown' });
    if (flags & F.Null) return { type: { kind: 'unknown' }, nullable: true, optional: false };
    if (flags & (F.Undefined | F.Void)) return { type: { kind: 'unknown' }, nullable: false, optional: true };
    if (type.isUnion()) return this.#union((type as TsUnionType).types, at, depth);
    if (flags & F.BooleanLiteral || flags & F.Boolean) return plain({ kind: 'boolean' });
    if (type.isStringLiteral()) return plain({ kind: 'enum', values: [literalText(type as TsLiteralType)], closed: true });
    if (type.isNumberLiteral()) return plain({ kind: 'enum', values: [literalText(type as TsLiteralType)], closed: true, numeric: true });
    if (flags & (F.String | F.TemplateLiteral)) return plain({ kind: 'string' });
    if (flags & F.Number) return plain({ kind: 'number' });
    if (flags & (F.BigInt | F.BigIntLiteral)) return plain({ kind: 'bigint' });
    if (type.isIntersection()) return this.#intersection(type as TsUnionType, at, depth);
    if (flags & F.NonPrimitive) return plain({ kind: 'json' });
    if (!(flags & F.Object)) return plain({ kind: 'unknown' });
    if (type.getCallSignatures().length > 0) return { ...plain({ kind: 'unknown' }), callable: true };
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const args = this.checker.getTypeArguments(type);
      const elements = args.map((a) => this.convert(a, at, depth + 1));
      const element = this.checker.isTupleType(type)
        ? { type: combine(elements.map((e) => e.type)), nullable: elements.some((e) => e.nullable) }
        : (elements[0] ?? plain({ kind: 'unknown' }));
      return plain({ kind: 'array', element: element.type, elementNullable: element.nullable });
    }
    const symbolName = type.symbol?.getName();
    const named = symbolName === undefined ? undefined : TS_NAMED_TYPES[symbolName];
    if (named && this.#isGlobal(type.symbol)) return plain(named);
    if (symbolName === 'Map' || symbolName === 'Set' || symbolName === 'Promise') return plain({ kind: 'unknown' });
    const props = this.checker.getPropertiesOfType(type);
    const index = this.checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & F.String);
    if (props.length === 0 && index) return plain({ kind: 'map', value: this.convert(index.type, at, depth + 1).type });
    // An index signature next to named properties: extra keys may come and go (RULES 4c.9).
    if (index) return plain({ kind: 'json' });
    const fields = this.fields(type, at, depth + 1);
    return plain(fields ? { kind: 'record', fields } : { kind: 'unknown' });
  }

  /**
   * A union of object types (`OrderCreated | OrderPaid`): every field any variant has, optional
   * unless all variants have it, typed as the union of the variants' types. The checker's own
   * properties of a union are only the common ones, which would hide the variants' fields.
   */
  #unionFields(members: readonly TsType[], at: TsNode, depth: number): Field[] | undefined {
    const F = this.ts.TypeFlags;
    const objects = members.filter((m) => !(m.flags & (F.Null | F.Undefined | F.Void)));
    const perMember: Field[][] = [];
    for (const member of objects) {
      if (!(member.flags & F.Object) && !member.isIntersection()) return undefined;
      const fields = this.fields(member, at, depth + 1);
      if (!fields) return undefined;
      perMember.push(fields);
    }
    const merged: Field[] = [];
    for (const fields of perMember) {
      for (const field of fields) {
        const existing = merged.find((f) => f.name === field.name);
        if (!existing) {
          merged.push({ ...field, optional: field.optional || perMember.some((other) => !other.some((o) => o.name === field.name)) });
          continue;
        }
        existing.type = combine([existing.type, field.type]);
        existing.nullable ||= field.nullable;
        existing.optional ||= field.optional;
        if (existing.typeText !== field.typeText) existing.typeText = `${existing.typeText} | ${field.typeText}`;
      }
    }
    return merged;
  }

  #union(members: readonly TsType[], at: TsNode, depth: number): Converted {
    let nullable = false;
    let optional = false;
    const types: FieldType[] = [];
    for (const member of members) {
      const converted = this.convert(member, at, depth + 1);
      if (converted.callable) continue;
      nullable ||= converted.nullable;
      optional ||= converted.optional;
      if (converted.type.kind === 'unknown' && (converted.nullable || converted.optional)) continue;
      types.push(converted.type);
    }
    // `true | false` arrive as two boolean literals: one boolean.
    const deduped = types.filter((t, i) => t.kind !== 'boolean' || types.findIndex((u) => u.kind === 'boolean') === i);
    return { type: combine(deduped), nullable, optional };
  }

  #intersection(type: TsUnionType, at: TsNode, depth: number): Converted {
    const F = this.ts.TypeFlags;
    // Branded primitives (`string & { __brand: 'Id' }`) are the primitive.
    const primitive = type.types.find((t) => t.flags & (F.String | F.Number | F.BigInt | F.Boolean | F.StringLiteral | F.NumberLiteral));
    if (primitive) return this.convert(primitive, at, depth + 1);
    const fields = this.fields(type, at, depth + 1);
    return { type: fields ? { kind: 'record', fields } : { kind: 'unknown' }, nullable: false, optional: false };
  }

  #hidden(declaration: TsNode): boolean {
    const S = this.ts.SyntaxKind;
    const modifiers = (declaration as TsNode & { modifiers?: readonly TsNode[] }).modifiers ?? [];
    if (modifiers.some((m) => m.kind === S.PrivateKeyword || m.kind === S.ProtectedKeyword || m.kind === S.StaticKeyword)) return true;
    if (declaration.kind === S.MethodDeclaration || declaration.kind === S.MethodSignature || declaration.kind === S.IndexSignature) return true;
    // A class accessor lives on the prototype: JSON.stringify of an instance never writes it
    // (the syntax reader leaves it out for the same reason). Accessors of object literals are own
    // properties and are serialised, so only class members are dropped.
    const accessor = declaration.kind === S.GetAccessor || declaration.kind === S.SetAccessor;
    const owner = declaration.parent;
    return accessor && (owner.kind === S.ClassDeclaration || owner.kind === S.ClassExpression);
  }

  /** `Date` from lib.d.ts, not a user's own class called Date. */
  #isGlobal(symbol: TsSymbol | undefined): boolean {
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
    return /[\\/]node_modules[\\/]|[\\/]lib\.[\w.]*\.d\.ts$|\.d\.ts$/.test(file);
  }
}

function literalText(type: TsLiteralType): string {
  const value = type.value;
  return typeof value === 'object' ? `${value.negative ? '-' : ''}${value.base10Value}` : String(value);
}
