/**
 * zod schemas read statically from the syntax tree, never executed: `z.object`, the scalar
 * constructors, `.optional()`, `.nullable()`, `.nullish()`, `.default()`, `z.enum`, `z.literal`,
 * unions of literals, nested objects, arrays, records, and the object combinators
 * `.extend/.merge/.pick/.omit/.partial/.required`, following references to other schema
 * constants (in the file, or through the checker into other files).
 */
import { combine, mergeFields, type Field, type FieldType, type RecordSchema } from '../model.js';
import {
  childrenOf,
  nameText,
  unwrapExpression,
  type TsArrayLiteral,
  type TsCall,
  type TsChecker,
  type TsImportDeclaration,
  type TsNode,
  type TsObjectLiteral,
  type TsPropertyAccess,
  type TsPropertyAssignment,
  type TsRuntime,
  type TsSourceFile,
  type TsVariableDeclaration,
  type TsWrapped,
} from './api.js';
import { nodeLocation } from './declarations.js';

export const ZOD_MODULES: ReadonlySet<string> = new Set(['zod', 'zod/v4', 'zod/v3', 'zod/mini', 'zod/v4-mini']);

const MAX_DEPTH = 16;

interface ZodValue {
  type: FieldType;
  text: string;
  nullable: boolean;
  optional: boolean;
  /** Object schemas keep their fields for `.extend/.pick/.omit`. */
  fields?: Field[];
}

/** Methods that refine a value without changing its type. */
const SAME_TYPE_METHODS: ReadonlySet<string> = new Set([
  'min', 'max', 'length', 'int', 'positive', 'nonnegative', 'negative', 'nonpositive', 'finite', 'safe', 'multipleOf', 'step', 'gt', 'gte', 'lt', 'lte',
  'email', 'url', 'regex', 'trim', 'toLowerCase', 'toUpperCase', 'startsWith', 'endsWith', 'includes', 'nonempty', 'cuid', 'cuid2', 'ulid',
  'emoji', 'ip', 'ipv4', 'ipv6', 'cidr', 'base64', 'nanoid', 'jwt', 'refine', 'superRefine', 'check', 'describe', 'meta', 'brand', 'readonly',
  'strict', 'strip', 'passthrough', 'catchall', 'loose', 'overwrite', 'size', 'register',
]);

export class ZodReader {
  readonly #zodNames = new Map<TsSourceFile, { namespaces: Set<string>; members: Map<string, string> }>();
  readonly #active = new Set<TsNode>();

  constructor(
    readonly ts: TsRuntime,
    readonly checker?: TsChecker,
  ) {}

  /** Is this expression a zod schema (a call chain rooted at the zod import)? */
  isZod(node: TsNode): boolean {
    const S = this.ts.SyntaxKind;
    let current = unwrapExpression(this.ts, node);
    for (let depth = 0; depth < MAX_DEPTH * 4; depth++) {
      if (current.kind === S.Identifier) {
        const init = this.#initializerOf(current);
        if (!init || this.#active.has(init)) return false;
        this.#active.add(init);
        try {
          return this.isZod(init);
        } finally {
          this.#active.delete(init);
        }
      }
      if (current.kind !== S.CallExpression) return false;
      const callee = unwrapExpression(this.ts, (current as TsCall).expression);
      if (this.#root(callee, 0) !== undefined) return true;
      if (callee.kind !== S.PropertyAccessExpression) return false;
      current = unwrapExpression(this.ts, (callee as TsPropertyAccess).expression);
    }
    return false;
  }

  /** The record an object schema describes, or undefined when `init` is not a zod object schema. */
  record(name: string, init: TsNode, nameNode: TsNode): RecordSchema | undefined {
    const value = this.read(init, 0);
    if (!value?.fields) return undefined;
    return { name, system: 'zod', kind: 'type', fields: value.fields, location: nodeLocation(nameNode) };
  }

  read(input: TsNode, depth: number): ZodValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const S = this.ts.SyntaxKind;
    const node = unwrapExpression(this.ts, input);
    if (node.kind === S.Identifier) return this.#readReference(node, depth);
    if (node.kind !== S.CallExpression) return undefined;
    const call = node as TsCall;
    const callee = unwrapExpression(this.ts, call.expression);
    const root = this.#root(callee, depth);
    if (root?.kind === 'constructor') return this.#construct(root.name, call, depth);
    if (callee.kind !== S.PropertyAccessExpression) return undefined;
    const access = callee as TsPropertyAccess;
    const method = nameText(this.ts, access.name);
    if (method === undefined) return undefined;
    const base = this.read(access.expression, depth + 1);
    if (!base) return undefined;
    return this.#modify(base, method, call, depth);
  }

  /** `z.string`, `z.iso.datetime`, `z.coerce.date`, or a named import of a zod function. */
  #root(callee: TsNode, depth: number): { kind: 'constructor'; name: string } | undefined {
    const S = this.ts.SyntaxKind;
    const names = this.#namesOf(callee.getSourceFile());
    if (callee.kind === S.Identifier) {
      const member = names.members.get(nameText(this.ts, callee) ?? '');
      return member === undefined ? undefined : { kind: 'constructor', name: member };
    }
    if (callee.kind !== S.PropertyAccessExpression || depth > MAX_DEPTH) return undefined;
    const access = callee as TsPropertyAccess;
    const method = nameText(this.ts, access.name);
    const object = unwrapExpression(this.ts, access.expression);
    if (method === undefined) return undefined;
    if (object.kind === S.Identifier && names.namespaces.has(nameText(this.ts, object) ?? '')) return { kind: 'constructor', name: method };
    // `z.coerce.date()`, `z.iso.datetime()`, `z.string.format`: a namespace of constructors.
    if (object.kind === S.PropertyAccessExpression) {
      const inner = object as TsPropertyAccess;
      const group = nameText(this.ts, inner.name);
      const base = unwrapExpression(this.ts, inner.expression);
      if (group !== undefined && base.kind === S.Identifier && names.namespaces.has(nameText(this.ts, base) ?? '')) {
        return { kind: 'constructor', name: `${group}.${method}` };
      }
    }
    return undefined;
  }

  #namesOf(sourceFile: TsSourceFile): { namespaces: Set<string>; members: Map<string, string> } {
    const cached = this.#zodNames.get(sourceFile);
    if (cached) return cached;
    const S = this.ts.SyntaxKind;
    const namespaces = new Set<string>();
    const members = new Map<string, string>();
    for (const statement of sourceFile.statements) {
      if (statement.kind !== S.ImportDeclaration) continue;
      const decl = statement as TsImportDeclaration;
      if (!ZOD_MODULES.has(decl.moduleSpecifier.text)) continue;
      const clause = decl.importClause;
      if (clause?.name) namespaces.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings?.name) namespaces.add(bindings.name.text);
      for (const element of bindings?.elements ?? []) {
        const imported = element.propertyName?.text ?? element.name.text;
        if (imported === 'z' || imported === 'default') namespaces.add(element.name.text);
        else members.set(element.name.text, imported);
      }
    }
    const names = { namespaces, members };
    this.#zodNames.set(sourceFile, names);
    return names;
  }

  #readReference(node: TsNode, depth: number): ZodValue | undefined {
    const init = this.#initializerOf(node);
    if (!init || this.#active.has(init)) return undefined;
    this.#active.add(init);
    try {
      return this.read(init, depth + 1);
    } finally {
      this.#active.delete(init);
    }
  }

  /** The initializer of the const an identifier names: same file by name, else through the checker. */
  #initializerOf(node: TsNode): TsNode | undefined {
    const S = this.ts.SyntaxKind;
    const name = nameText(this.ts, node);
    if (name === undefined) return undefined;
    if (this.checker) {
      let symbol = this.checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & this.ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      if (decl?.kind === S.VariableDeclaration) return (decl as TsVariableDeclaration).initializer;
    }
    for (const statement of node.getSourceFile().statements) {
      if (statement.kind !== S.VariableStatement) continue;
      for (const decl of (statement as TsNode & { declarationList: { declarations: readonly TsVariableDeclaration[] } }).declarationList.declarations) {
        if (nameText(this.ts, decl.name) === name) return decl.initializer;
      }
    }
    return undefined;
  }

  #construct(name: string, call: TsCall, depth: number): ZodValue | undefined {
    const S = this.ts.SyntaxKind;
    const arg = call.arguments[0];
    const text = `z.${name}()`;
    const scalar = (type: FieldType): ZodValue => ({ type, text, nullable: false, optional: false });
    switch (name) {
      case 'string':
      case 'coerce.string':
      case 'email':
      case 'url':
      case 'cuid':
      case 'cuid2':
      case 'ulid':
      case 'nanoid':
      case 'emoji':
      case 'base64':
      case 'ipv4':
      case 'ipv6':
      case 'jwt':
        return scalar({ kind: 'string' });
      case 'uuid':
      case 'uuidv4':
      case 'guid':
        return scalar({ kind: 'string', format: 'uuid' });
      case 'iso.datetime':
      case 'datetime':
        return scalar({ kind: 'string', format: 'date-time' });
      case 'iso.date':
        return scalar({ kind: 'string', format: 'date' });
      case 'iso.time':
        return scalar({ kind: 'string', format: 'time' });
      case 'number':
      case 'coerce.number':
      case 'int':
      case 'int32':
      case 'uint32':
      case 'float32':
      case 'float64':
        return scalar({ kind: 'number' });
      case 'bigint':
      case 'coerce.bigint':
      case 'int64':
      case 'uint64':
        return scalar({ kind: 'bigint' });
      case 'boolean':
      case 'coerce.boolean':
      case 'stringbool':
        return scalar({ kind: 'boolean' });
      case 'date':
      case 'coerce.date':
        return scalar({ kind: 'date-object' });
      case 'any':
      case 'unknown':
      case 'custom':
      case 'instanceof':
      case 'lazy':
      case 'promise':
      case 'function':
      case 'nativeEnum':
      case 'never':
        return scalar({ kind: 'unknown' });
      case 'json':
        return scalar({ kind: 'json' });
      case 'null':
        return { type: { kind: 'unknown' }, text, nullable: true, optional: false };
      case 'undefined':
      case 'void':
        return { type: { kind: 'unknown' }, text, nullable: false, optional: true };
      case 'literal': {
        const values = arg ? literalValues(this.ts, arg) : undefined;
        if (!values) return scalar({ kind: 'unknown' });
        return { ...scalar({ kind: 'enum', values: values.map(String), closed: true, numeric: values.every((v) => typeof v === 'number') }), text: `z.literal(${arg?.getText() ?? ''})` };
      }
      case 'enum': {
        const values = arg ? literalValues(this.ts, arg) : undefined;
        if (!values) return scalar({ kind: 'unknown' });
        return { ...scalar({ kind: 'enum', values: values.map(String), closed: true }), text: `z.enum(${arg?.getText() ?? ''})` };
      }
      case 'array':
      case 'set': {
        const element = arg ? this.read(arg, depth + 1) : undefined;
        return scalar({ kind: 'array', element: element?.type ?? { kind: 'unknown' }, elementNullable: element?.nullable ?? false });
      }
      case 'record': {
        const valueArg = call.arguments[1] ?? arg;
        const value = valueArg ? this.read(valueArg, depth + 1) : undefined;
        return scalar({ kind: 'map', value: value?.type ?? { kind: 'unknown' } });
      }
      case 'union':
      case 'discriminatedUnion': {
        const list = name === 'union' ? arg : call.arguments[1];
        if (!list || unwrapExpression(this.ts, list).kind !== S.ArrayLiteralExpression) return scalar({ kind: 'unknown' });
        const members = (unwrapExpression(this.ts, list) as TsArrayLiteral).elements.map((e) => this.read(e, depth + 1));
        if (members.some((m) => m === undefined)) return scalar({ kind: 'unknown' });
        return this.#union(members as ZodValue[], text);
      }
      case 'nullable':
      case 'optional':
      case 'nullish': {
        const inner = arg ? this.read(arg, depth + 1) : undefined;
        return inner ? this.#modify(inner, name, call, depth) : undefined;
      }
      case 'object':
      case 'strictObject':
      case 'looseObject': {
        const fields = arg ? this.#shape(arg, depth) : undefined;
        if (!fields) return undefined;
        return { type: { kind: 'record', fields }, text: 'z.object({…})', nullable: false, optional: false, fields };
      }
      default:
        return scalar({ kind: 'unknown' });
    }
  }

  #union(members: readonly ZodValue[], text: string): ZodValue {
    let nullable = false;
    let optional = false;
    const types: FieldType[] = [];
    for (const m of members) {
      nullable ||= m.nullable;
      optional ||= m.optional;
      if (m.type.kind === 'unknown' && (m.nullable || m.optional)) continue;
      types.push(m.type);
    }
    return { type: combine(types), text, nullable, optional };
  }

  /** The fields of an object literal shape `{ a: z.string(), ...Other.shape }`. */
  #shape(arg: TsNode, depth: number): Field[] | undefined {
    const S = this.ts.SyntaxKind;
    const node = unwrapExpression(this.ts, arg);
    if (node.kind === S.Identifier) {
      const init = this.#initializerOf(node);
      return init && !this.#active.has(init) ? this.#shape(init, depth + 1) : undefined;
    }
    if (node.kind === S.PropertyAccessExpression && nameText(this.ts, (node as TsPropertyAccess).name) === 'shape') {
      return this.read((node as TsPropertyAccess).expression, depth + 1)?.fields;
    }
    if (node.kind !== S.ObjectLiteralExpression) return undefined;
    let fields: Field[] = [];
    for (const property of (node as TsObjectLiteral).properties) {
      if (property.kind === S.SpreadAssignment) {
        const spread = this.#shape((property as TsWrapped).expression, depth + 1);
        if (spread) fields = mergeFields(fields, spread);
        continue;
      }
      if (property.kind !== S.PropertyAssignment) continue;
      const assignment = property as TsPropertyAssignment;
      const name = nameText(this.ts, assignment.name);
      if (name === undefined) continue;
      const value = this.read(assignment.initializer, depth + 1);
      fields = mergeFields(fields, [
        {
          name,
          type: value?.type ?? { kind: 'unknown' },
          typeText: value?.text ?? assignment.initializer.getText(),
          nullable: value?.nullable ?? false,
          optional: value?.optional ?? false,
          location: nodeLocation(assignment.name),
        },
      ]);
    }
    return fields;
  }

  #modify(base: ZodValue, method: string, call: TsCall, depth: number): ZodValue | undefined {
    const arg = call.arguments[0];
    const text = `${base.text}.${method}()`;
    switch (method) {
      case 'optional':
        return { ...base, optional: true, text };
      case 'nullable':
        return { ...base, nullable: true, text };
      case 'nullish':
        return { ...base, nullable: true, optional: true, text };
      case 'default':
      case 'prefault':
      case 'catch':
        // The parsed value always has it; the key may be missing on the wire, which parsing fills.
        return { ...base, optional: false, text };
      case 'array':
        return { type: { kind: 'array', element: base.type, elementNullable: base.nullable }, text, nullable: false, optional: false };
      case 'or': {
        const other = arg ? this.read(arg, depth + 1) : undefined;
        return other ? this.#union([base, other], text) : undefined;
      }
      case 'datetime':
        return base.type.kind === 'string' ? { ...base, type: { kind: 'string', format: 'date-time' }, text } : base;
      case 'date':
        return base.type.kind === 'string' ? { ...base, type: { kind: 'string', format: 'date' }, text } : base;
      case 'uuid':
        return base.type.kind === 'string' ? { ...base, type: { kind: 'string', format: 'uuid' }, text } : base;
      case 'extend':
      case 'safeExtend':
      case 'merge':
      case 'and': {
        if (!base.fields || !arg) return undefined;
        const extra = method === 'extend' || method === 'safeExtend' ? this.#shape(arg, depth) : this.read(arg, depth + 1)?.fields;
        if (!extra) return undefined;
        return this.#object(mergeFields(base.fields, extra), text);
      }
      case 'pick':
      case 'omit': {
        if (!base.fields) return undefined;
        const keys = arg ? maskKeys(this.ts, arg) : undefined;
        if (!keys) return undefined;
        return this.#object(base.fields.filter((f) => (method === 'pick' ? keys.has(f.name) : !keys.has(f.name))), text);
      }
      case 'partial':
      case 'required': {
        if (!base.fields) return undefined;
        const keys = arg ? maskKeys(this.ts, arg) : undefined;
        return this.#object(
          base.fields.map((f) => (keys === undefined || keys.has(f.name) ? { ...f, optional: method === 'partial' } : f)),
          text,
        );
      }
      case 'keyof':
        return base.fields ? { type: { kind: 'enum', values: base.fields.map((f) => f.name), closed: true }, text, nullable: false, optional: false } : undefined;
      case 'pipe': {
        const target = arg ? this.read(arg, depth + 1) : undefined;
        return target ? { ...target, nullable: target.nullable || base.nullable, optional: target.optional || base.optional } : { ...base, type: { kind: 'unknown' }, text };
      }
      case 'transform':
      case 'preprocess':
        return { type: { kind: 'unknown' }, text, nullable: base.nullable, optional: base.optional };
      default:
        return SAME_TYPE_METHODS.has(method) ? { ...base, text } : { ...base, text };
    }
  }

  #object(fields: Field[], text: string): ZodValue {
    return { type: { kind: 'record', fields }, text, nullable: false, optional: false, fields };
  }
}

/** `['a', 'b']` or `'a'`: the literal values. */
function literalValues(ts: TsRuntime, node: TsNode): (string | number)[] | undefined {
  const S = ts.SyntaxKind;
  const n = unwrapExpression(ts, node);
  if (n.kind === S.ArrayLiteralExpression) {
    const out: (string | number)[] = [];
    for (const element of (n as TsArrayLiteral).elements) {
      const v = literalValues(ts, element);
      if (!v) return undefined;
      out.push(...v);
    }
    return out;
  }
  if (n.kind === S.StringLiteral || n.kind === S.NoSubstitutionTemplateLiteral) return [nameText(ts, n) ?? ''];
  if (n.kind === S.NumericLiteral) return [Number(nameText(ts, n))];
  if (n.kind === S.TrueKeyword) return ['true'];
  if (n.kind === S.FalseKeyword) return ['false'];
  return undefined;
}

/** `{ a: true, b: true }` (zod's pick/omit/partial masks). */
function maskKeys(ts: TsRuntime, node: TsNode): Set<string> | undefined {
  const n = unwrapExpression(ts, node);
  if (n.kind !== ts.SyntaxKind.ObjectLiteralExpression) return undefined;
  const keys = new Set<string>();
  for (const property of childrenOf(ts, n)) {
    const name = nameText(ts, (property as TsNode & { name?: TsNode }).name);
    if (name !== undefined) keys.add(name);
  }
  return keys;
}
