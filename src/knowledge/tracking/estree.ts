/**
 * Import tracking over ESTree: tells, for an expression, which library value it is.
 *
 * Resolution follows the code, never names alone: an import or `require()` of a known module,
 * then `new`, factory calls, member access, destructuring, simple aliases, class fields assigned
 * in the same class, functions of the same file that return a tracked value, and type
 * annotations that name a known class. Type information, when the file has it, confirms or
 * fills in what syntax could not tell (see `typed-shapes.ts`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils } from '@typescript-eslint/utils';
import type { CallbackDef, HandlerKind, Role, TypeId } from '../model.js';
import { knowledge as defaultKnowledge, type KnowledgeRegistry } from '../registry.js';
import {
  EMITTER_CHAINING_METHODS,
  ITERATION_CALLBACK_METHODS,
  GENERIC_REPEATING_EVENTS,
  LISTENER_METHODS,
  ONCE_LISTENER_METHODS,
  ELEMENT_CALLBACK_METHODS,
  ELEMENT_PRESERVING_METHODS,
} from '../generic.js';

export type LibraryValue =
  /** An object of a modelled type (a stream, a consumer, a module namespace). */
  | { kind: 'instance'; type: TypeId }
  /** An unbound member: a factory, method or class not yet called (`createWriteStream`, `Kafka`). */
  | { kind: 'member'; owner: TypeId; name: string }
  /** A class of the file that extends a modelled class; `new` gives an instance of that class. */
  | { kind: 'constructor'; instance: TypeId }
  /** A function of the file: calling it gives what its `return` statements give. */
  | { kind: 'function'; node: FunctionNode };

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

/** A function the library (or the language) calls repeatedly or on events, and how. */
export interface HandlerInfo {
  /** The call that registers the function (`src.on('data', fn)`, `consumer.run({...})`, `rows.forEach(fn)`). */
  registration: TSESTree.CallExpression;
  /** The library's description, when the receiver resolved to a modelled type. */
  def?: CallbackDef;
  kind?: HandlerKind | 'iteration';
  /** For listeners: the object the listener is attached to and the event name. */
  emitter?: TSESTree.Expression;
  event?: string;
  /** True when the function runs once per chunk, message, tick, element or request. */
  repeating: boolean;
}

const MAX_DEPTH = 12;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression'
  );
}

/** `x.name` or `x['name']` with a literal key: the member's name, else undefined. */
export function staticMemberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') {
    return node.property.value;
  }
  if (node.computed && node.property.type === 'TemplateLiteral' && node.property.expressions.length === 0) {
    return node.property.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

export function stringValue(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Strips wrappers that do not change the value: `x!`, `x as T`, `x satisfies T`, `(x)`, `a?.b`. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

export class ImportTracker {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #knowledge: KnowledgeRegistry;
  readonly #cache = new Map<TSESTree.Node, LibraryValue | undefined>();
  readonly #active = new Set<TSESTree.Node>();
  readonly #activeElements = new Set<TSESTree.Node>();

  constructor(sourceCode: Readonly<TSESLint.SourceCode>, registry: KnowledgeRegistry = defaultKnowledge) {
    this.#sourceCode = sourceCode;
    this.#knowledge = registry;
  }

  get knowledge(): KnowledgeRegistry {
    return this.#knowledge;
  }

  /** Which library value an expression is, or undefined when the code does not say. */
  resolve(node: TSESTree.Node): LibraryValue | undefined {
    if (this.#cache.has(node)) return this.#cache.get(node);
    // Cycles (`a = b; b = a`) and very long alias chains resolve to "unknown", never loop.
    if (this.#active.has(node) || this.#active.size > MAX_DEPTH) return undefined;
    this.#active.add(node);
    let value: LibraryValue | undefined;
    try {
      value = this.#resolveUncached(node);
    } finally {
      this.#active.delete(node);
    }
    this.#cache.set(node, value);
    return value;
  }

  /** The modelled type of an expression when it is an instance, else undefined. */
  instanceType(node: TSESTree.Node): TypeId | undefined {
    const value = this.resolve(node);
    return value?.kind === 'instance' ? value.type : undefined;
  }

  hasRole(node: TSESTree.Node, role: Role): boolean {
    const type = this.instanceType(node);
    return type !== undefined && this.#knowledge.hasRole(type, role);
  }

  /** The variable an identifier refers to, from the scope it is used in. */
  variableOf(node: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return ASTUtils.findVariable(this.#sourceCode.getScope(node), node);
  }

  /** True when two expressions name the same object: the same variable, or the same member chain of it. */
  sameReference(a: TSESTree.Node, b: TSESTree.Node): boolean {
    const x = unwrap(a);
    const y = unwrap(b);
    if (x.type === 'Identifier' && y.type === 'Identifier') {
      if (x.name !== y.name) return false;
      const vx = this.variableOf(x);
      const vy = this.variableOf(y);
      return vx === vy;
    }
    if (x.type === 'ThisExpression' && y.type === 'ThisExpression') return true;
    if (x.type === 'MemberExpression' && y.type === 'MemberExpression') {
      const nx = staticMemberName(x);
      return nx !== undefined && nx === staticMemberName(y) && this.sameReference(x.object, y.object);
    }
    return false;
  }

  /**
   * The expression a reference's value comes from: through variables written once, `await`, and
   * `this.field` set once (initialiser or one assignment), down to the first expression that is
   * not a plain reference (`kafka.consumer({ groupId })` for `consumer`). Undefined when the code
   * does not say (parameters, reassigned variables, loop variables).
   */
  origin(input: TSESTree.Node, depth = 0): TSESTree.Node | undefined {
    const node = unwrap(input);
    if (depth > MAX_DEPTH) return undefined;
    if (node.type === 'AwaitExpression') return this.origin(node.argument, depth + 1);
    if (node.type === 'Identifier') {
      const variable = this.variableOf(node);
      if (!variable || variable.defs.length !== 1 || variable.references.filter((r) => r.isWrite()).length > 1) return undefined;
      const def = variable.defs[0];
      if (def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init || forOfOfDeclarator(def.node)) return undefined;
      return this.origin(def.node.init, depth + 1);
    }
    if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
      const name = staticMemberName(node);
      const cls = name === undefined ? undefined : enclosingClassBodyOfThis(node);
      if (name === undefined || !cls) return undefined;
      const values: TSESTree.Expression[] = [];
      for (const member of cls.body) {
        if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === name && member.value) {
          values.push(member.value);
        }
      }
      values.push(...this.#thisAssignments(cls, name));
      const only = values.length === 1 ? values[0] : undefined;
      return only && this.origin(only, depth + 1);
    }
    return node;
  }

  /** `this.handle` inside a class: the method of that class with that name, when there is one. */
  thisMethod(node: TSESTree.MemberExpression): FunctionNode | undefined {
    const name = node.object.type === 'ThisExpression' ? staticMemberName(node) : undefined;
    const cls = name === undefined ? undefined : enclosingClassBodyOfThis(node);
    if (!cls) return undefined;
    for (const member of cls.body) {
      if (member.type === 'MethodDefinition' && member.kind === 'method' && !member.static && !member.computed && member.key.type === 'Identifier' && member.key.name === name) {
        return member.value.type === 'FunctionExpression' ? member.value : undefined;
      }
    }
    return undefined;
  }

  // --- resolution -------------------------------------------------------------------------

  #resolveUncached(input: TSESTree.Node): LibraryValue | undefined {
    const node = unwrap(input);
    switch (node.type) {
      case 'Identifier':
        return this.#resolveIdentifier(node);
      case 'MemberExpression': {
        const name = staticMemberName(node);
        if (name === undefined) return undefined;
        if (node.object.type === 'ThisExpression') return this.#resolveThisMember(node, name);
        const object = this.resolve(node.object);
        return object && this.property(object, name);
      }
      case 'NewExpression': {
        const callee = this.resolve(node.callee);
        return callee && this.construct(callee);
      }
      case 'CallExpression':
        return this.#resolveCall(node);
      case 'AwaitExpression':
        return this.resolve(node.argument);
      case 'AssignmentExpression':
        return node.operator === '=' ? this.resolve(node.right) : undefined;
      case 'LogicalExpression':
        return this.resolve(node.left) ?? this.resolve(node.right);
      case 'ConditionalExpression':
        return this.resolve(node.consequent) ?? this.resolve(node.alternate);
      case 'SequenceExpression': {
        const last = node.expressions.at(-1);
        return last && this.resolve(last);
      }
      case 'ImportExpression': {
        const specifier = stringValue(node.source);
        return specifier === undefined ? undefined : this.#moduleValue(specifier, 'namespace');
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'FunctionDeclaration':
        return { kind: 'function', node };
      case 'ClassExpression':
      case 'ClassDeclaration':
        return this.#resolveClass(node);
      case 'ArrayExpression':
        return this.#builtinInstance('Array');
      default:
        return undefined;
    }
  }

  #resolveCall(node: TSESTree.CallExpression): LibraryValue | undefined {
    if (
      node.callee.type === 'Identifier' &&
      node.callee.name === 'require' &&
      isUnboundOrGlobal(this.variableOf(node.callee)) &&
      node.arguments.length === 1
    ) {
      const specifier = stringValue(node.arguments[0]);
      return specifier === undefined ? undefined : this.#moduleValue(specifier, 'require');
    }
    const chained = this.#resolveEmitterChaining(node);
    if (chained) return chained;
    const callee = this.resolve(node.callee);
    return callee && this.call(callee);
  }

  /** `s.on('error', f)` returns `s`: listener registration on a modelled emitter keeps its type. */
  #resolveEmitterChaining(node: TSESTree.CallExpression): LibraryValue | undefined {
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const method = staticMemberName(callee);
    if (method === undefined || !EMITTER_CHAINING_METHODS.has(method)) return undefined;
    const receiver = this.resolve(callee.object);
    return receiver?.kind === 'instance' && this.#knowledge.hasRole(receiver.type, 'event-emitter') ? receiver : undefined;
  }

  #resolveIdentifier(node: TSESTree.Identifier): LibraryValue | undefined {
    const variable = this.variableOf(node);
    // Unbound names, and globals the parser declares without a definition (TypeScript's lib `Set`).
    if (!variable || (variable.defs.length === 0 && !variable.references.some((r) => r.isWrite()))) {
      const global = this.#knowledge.global(node.name);
      if (global) return { kind: 'instance', type: global };
      return this.#memberOf('global', node.name);
    }
    // A variable assigned more than once is only known when every assignment agrees (`buf = []` resets).
    const writes = variable.references.filter((r) => r.isWrite());
    if (writes.length > 1) return this.#agreeingWrites(writes);
    for (const def of variable.defs) {
      const value = this.#resolveDefinition(def);
      if (value) return value;
    }
    return undefined;
  }

  #resolveDefinition(def: TSESLint.Scope.Definition): LibraryValue | undefined {
    switch (def.type) {
      case 'ImportBinding': {
        const spec = def.node;
        // `import x = require('y')`: the declaration is its own parent, not an ImportDeclaration.
        if (spec.type === 'TSImportEqualsDeclaration') {
          if (spec.moduleReference.type !== 'TSExternalModuleReference') return undefined;
          const s = stringValue(spec.moduleReference.expression);
          return s === undefined ? undefined : this.#moduleValue(s, 'require');
        }
        const decl = def.parent;
        if (decl.type !== 'ImportDeclaration') return undefined;
        const specifier = decl.source.value;
        if (spec.type === 'ImportNamespaceSpecifier') return this.#moduleValue(specifier, 'namespace');
        if (spec.type === 'ImportDefaultSpecifier') return this.#moduleValue(specifier, 'default');
        const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
        return imported === 'default' ? this.#moduleValue(specifier, 'default') : this.#moduleMember(specifier, imported);
      }
      case 'Variable': {
        const declarator = def.node;
        const loop = forOfOfDeclarator(declarator);
        if (loop) return this.#forOfBinding(loop, declarator.id, def.name);
        if (declarator.id.type === 'Identifier') {
          if (declarator.init) return this.resolve(declarator.init);
          return this.#fromTypeAnnotation(declarator.id.typeAnnotation?.typeAnnotation);
        }
        const init = declarator.init;
        if (init) return this.#resolvePattern(declarator.id, def.name, () => this.resolve(init));
        return undefined;
      }
      case 'Parameter':
        return def.name.type === 'Identifier' ? this.#resolveParameter(def.name) : undefined;
      case 'FunctionName':
        return def.node.type === 'FunctionDeclaration' || def.node.type === 'FunctionExpression'
          ? { kind: 'function', node: def.node }
          : undefined;
      case 'ClassName':
        return def.node.type === 'ClassDeclaration' ? this.#resolveClass(def.node) : undefined;
      default:
        return undefined;
    }
  }

  /** The value bound to `target` inside a destructuring pattern whose whole value is `whole()`. */
  #resolvePattern(
    pattern: TSESTree.Node,
    target: TSESTree.Identifier,
    whole: () => LibraryValue | undefined,
  ): LibraryValue | undefined {
    if (pattern.type === 'Identifier') return pattern === target ? whole() : undefined;
    if (pattern.type === 'AssignmentPattern') return this.#resolvePattern(pattern.left, target, whole);
    if (pattern.type !== 'ObjectPattern') return undefined;
    for (const prop of pattern.properties) {
      if (prop.type !== 'Property') continue;
      const key = prop.computed ? stringValue(prop.key) : prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
      if (key === undefined) continue;
      const found = this.#resolvePattern(prop.value, target, () => {
        const parent = whole();
        return parent && this.property(parent, key);
      });
      if (found) return found;
    }
    return undefined;
  }

  #resolveParameter(name: TSESTree.Identifier): LibraryValue | undefined {
    // The declared type of the parameter, when it names a known class (`dst: Writable`).
    const annotated = this.#fromTypeAnnotation(name.typeAnnotation?.typeAnnotation);
    if (annotated) return annotated;
    const fn = this.#enclosingFunctionOfParam(name);
    if (!fn) return undefined;
    const index = fn.params.findIndex((p) => p === name || (p.type === 'AssignmentPattern' && p.left === name));
    const handler = this.handlerOf(fn);
    if (handler?.def) {
      if (index >= 0) {
        const type = handler.def.params[index];
        return type ? { kind: 'instance', type } : undefined;
      }
      // A destructured first parameter: `({ message }) => …`.
      const first = fn.params[0];
      const payload = handler.def.params[0];
      if (first && payload) {
        return this.#resolvePattern(first, name, () => ({ kind: 'instance', type: payload }));
      }
    }
    // `clients.forEach((client) => …)`: the element of the collection iterated.
    if (handler?.kind === 'iteration' && index === 0 && handler.registration.callee.type === 'MemberExpression') {
      const method = staticMemberName(handler.registration.callee);
      if (method !== undefined && ELEMENT_CALLBACK_METHODS.has(method)) {
        const element = this.elementType(handler.registration.callee.object);
        return element ? { kind: 'instance', type: element } : undefined;
      }
    }
    return undefined;
  }

  /** Every write of a variable is a plain `=` or initialiser giving an instance of the same type. */
  #agreeingWrites(writes: readonly TSESLint.Scope.Reference[]): LibraryValue | undefined {
    let found: LibraryValue | undefined;
    for (const write of writes) {
      const id = write.identifier;
      const parent = id.parent;
      let value: TSESTree.Node | undefined;
      if (parent.type === 'VariableDeclarator' && parent.id === id && !forOfOfDeclarator(parent)) value = parent.init ?? undefined;
      else if (parent.type === 'AssignmentExpression' && parent.operator === '=' && parent.left === id) value = parent.right;
      const resolved = value && this.resolve(value);
      if (resolved?.kind !== 'instance' || (found?.kind === 'instance' && found.type !== resolved.type)) return undefined;
      found = resolved;
    }
    return found;
  }

  /** `for (const x of xs)`: the element type of `xs`; `for (const [k, v] of map)`: of its values. */
  #forOfBinding(loop: TSESTree.ForOfStatement, pattern: TSESTree.Node, target: TSESTree.Identifier): LibraryValue | undefined {
    if (pattern.type === 'Identifier') {
      const element = pattern === target ? this.elementType(loop.right) : undefined;
      return element ? { kind: 'instance', type: element } : undefined;
    }
    if (pattern.type === 'ArrayPattern' && pattern.elements[1] === target && this.#isKeyed(loop.right)) {
      const element = this.elementType(loop.right);
      return element ? { kind: 'instance', type: element } : undefined;
    }
    return undefined;
  }

  /** A Map (or a map of the tables), whose iteration yields `[key, value]` pairs. */
  #isKeyed(node: TSESTree.Node): boolean {
    const type = this.instanceType(node);
    const map = this.#knowledge.member('global', 'classes', 'Map');
    if (type === undefined || map === undefined) return false;
    for (const [id] of this.#knowledge.lineage(type)) if (id === map) return true;
    return false;
  }

  /**
   * The modelled type of the elements of a collection: from the tables (`wss.clients`), from a
   * declared element type (`Set<WebSocket>`, `WebSocket[]`, `new Map<string, WebSocket>()`), or
   * from what the file adds to it (`clients.add(ws)` with `ws` a tracked socket). Wrappers that
   * keep the elements (`[...xs]`, `Array.from(xs)`, `xs.values()`, `xs.filter(…)`) are seen through.
   */
  elementType(input: TSESTree.Node): TypeId | undefined {
    const node = unwrap(input);
    if (this.#activeElements.has(node) || this.#activeElements.size > MAX_DEPTH) return undefined;
    this.#activeElements.add(node);
    try {
      return this.#elementTypeUncached(node);
    } finally {
      this.#activeElements.delete(node);
    }
  }

  #elementTypeUncached(node: TSESTree.Node): TypeId | undefined {
    if (node.type === 'ArrayExpression' && node.elements.length === 1 && node.elements[0]?.type === 'SpreadElement') {
      return this.elementType(node.elements[0].argument);
    }
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression') {
        const method = staticMemberName(callee);
        if (method !== undefined && ELEMENT_PRESERVING_METHODS.has(method)) return this.elementType(callee.object);
        const owner = this.resolve(callee.object);
        if (method === 'from' && owner?.kind === 'member' && owner.owner === 'global' && owner.name === 'Array' && node.arguments[0]) {
          return this.elementType(node.arguments[0]);
        }
      }
    }
    const type = this.instanceType(node);
    const listed = type === undefined ? undefined : this.#knowledge.field(type, 'elements');
    if (listed) return listed;
    if (node.type === 'Identifier') return this.#declaredElements(node);
    if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
      const name = staticMemberName(node);
      return name === undefined ? undefined : this.#fieldElements(node, name);
    }
    return undefined;
  }

  #declaredElements(node: TSESTree.Identifier): TypeId | undefined {
    const variable = this.variableOf(node);
    if (!variable) return undefined;
    for (const def of variable.defs) {
      if (def.name.type !== 'Identifier') continue;
      const annotated = this.#annotatedElements(def.name.typeAnnotation?.typeAnnotation);
      if (annotated) return annotated;
      if (def.type === 'Variable' && def.node.init) {
        const init = def.node.init;
        const constructed = this.#constructedElements(init);
        if (constructed) return constructed;
        const aliased = init === node ? undefined : this.elementType(init);
        if (aliased) return aliased;
      }
    }
    return this.#addedElements(variable);
  }

  /** `private clients = new Set<WebSocket>()` or `clients: WebSocket[]` on the enclosing class. */
  #fieldElements(node: TSESTree.MemberExpression, name: string): TypeId | undefined {
    let cls: TSESTree.Node | undefined = node.parent;
    while (cls && cls.type !== 'ClassBody') cls = cls.parent;
    if (!cls) return undefined;
    for (const member of cls.body) {
      if (member.type !== 'PropertyDefinition' || member.computed || member.key.type !== 'Identifier' || member.key.name !== name) continue;
      const annotated = this.#annotatedElements(member.typeAnnotation?.typeAnnotation);
      if (annotated) return annotated;
      if (member.value) return this.#constructedElements(member.value);
    }
    return undefined;
  }

  /** `T[]`, `Array<T>`, `Set<T>`, `Map<K, T>`: the modelled type of `T`. */
  #annotatedElements(type: TSESTree.TypeNode | undefined): TypeId | undefined {
    if (!type) return undefined;
    if (type.type === 'TSArrayType') return this.#instanceOfAnnotation(type.elementType);
    if (type.type === 'TSTypeReference') {
      const named = this.#resolveTypeName(type.typeName);
      const instance = named && this.construct(named);
      if (instance?.kind !== 'instance' || !this.#knowledge.hasRole(instance.type, 'collection')) return undefined;
      return this.#instanceOfAnnotation(type.typeArguments?.params.at(-1));
    }
    return undefined;
  }

  /** `new Set<WebSocket>()`, `new Map<string, WebSocket>()`. */
  #constructedElements(init: TSESTree.Node): TypeId | undefined {
    const node = unwrap(init);
    if (node.type !== 'NewExpression') return undefined;
    const instance = this.resolve(node);
    if (instance?.kind !== 'instance' || !this.#knowledge.hasRole(instance.type, 'collection')) return undefined;
    return this.#instanceOfAnnotation(node.typeArguments?.params.at(-1));
  }

  #instanceOfAnnotation(type: TSESTree.TypeNode | undefined): TypeId | undefined {
    const value = this.#fromTypeAnnotation(type);
    return value?.kind === 'instance' ? value.type : undefined;
  }

  /** What the file puts into a collection variable: `xs.add(v)`, `xs.push(v)`, `xs.set(k, v)`, all of one type. */
  #addedElements(variable: TSESLint.Scope.Variable): TypeId | undefined {
    let found: TypeId | undefined;
    for (const reference of variable.references) {
      const member = reference.identifier.parent;
      if (member.type !== 'MemberExpression' || member.object !== reference.identifier) continue;
      const call = member.parent;
      if (call.type !== 'CallExpression' || call.callee !== member) continue;
      const method = staticMemberName(member);
      const index = method === 'set' ? 1 : method === 'add' || method === 'push' || method === 'unshift' ? 0 : -1;
      const added = index >= 0 ? call.arguments[index] : undefined;
      if (!added || added.type === 'SpreadElement') continue;
      const type = this.instanceType(added);
      if (type === undefined || (found !== undefined && found !== type)) return undefined;
      found = type;
    }
    return found;
  }

  #enclosingFunctionOfParam(name: TSESTree.Identifier): FunctionNode | undefined {
    let node: TSESTree.Node | undefined = name.parent;
    while (node && !isFunctionNode(node)) node = node.parent;
    return node;
  }

  /** `this.sink` inside a class: a field initialiser, a field type, or `this.sink = …` in a method. */
  #resolveThisMember(node: TSESTree.MemberExpression, name: string): LibraryValue | undefined {
    let cls: TSESTree.Node | undefined = node.parent;
    while (cls && cls.type !== 'ClassBody') {
      // Arrow functions keep `this`; ordinary functions below a class method do not.
      if ((cls.type === 'FunctionExpression' || cls.type === 'FunctionDeclaration') && cls.parent.type !== 'MethodDefinition') {
        return undefined;
      }
      cls = cls.parent;
    }
    if (!cls) return undefined;
    let assigned: TSESTree.Expression | undefined;
    let count = 0;
    for (const member of cls.body) {
      if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === name) {
        if (member.value) {
          assigned = member.value;
          count++;
        } else {
          const typed = this.#fromTypeAnnotation(member.typeAnnotation?.typeAnnotation);
          if (typed) return typed;
        }
      }
      if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
        for (const param of member.value.params) {
          // `constructor(private readonly sink: Writable)`
          if (param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier' && param.parameter.name === name) {
            const typed = this.#fromTypeAnnotation(param.parameter.typeAnnotation?.typeAnnotation);
            if (typed) return typed;
          }
        }
      }
    }
    for (const assignment of this.#thisAssignments(cls, name)) {
      assigned = assignment;
      count++;
    }
    return count === 1 && assigned ? this.resolve(assigned) : undefined;
  }

  #thisAssignments(classBody: TSESTree.ClassBody, name: string): TSESTree.Expression[] {
    const found: TSESTree.Expression[] = [];
    const visit = (node: TSESTree.Node, depth: number): void => {
      if (depth > 40) return;
      if (
        node.type === 'AssignmentExpression' &&
        node.operator === '=' &&
        node.left.type === 'MemberExpression' &&
        node.left.object.type === 'ThisExpression' &&
        staticMemberName(node.left) === name
      ) {
        found.push(node.right);
      }
      for (const child of childNodes(node)) {
        if (child.type === 'ClassBody') continue;
        visit(child, depth + 1);
      }
    };
    for (const member of classBody.body) visit(member, 0);
    return found;
  }

  #resolveClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): LibraryValue | undefined {
    if (!node.superClass) return undefined;
    const base = this.resolve(node.superClass);
    if (!base) return undefined;
    const instance = this.construct(base);
    return instance?.kind === 'instance' ? { kind: 'constructor', instance: instance.type } : undefined;
  }

  #fromTypeAnnotation(type: TSESTree.TypeNode | undefined): LibraryValue | undefined {
    if (!type) return undefined;
    switch (type.type) {
      case 'TSArrayType':
        return this.#builtinInstance('Array');
      case 'TSTypeReference': {
        const named = this.#resolveTypeName(type.typeName);
        return named && this.construct(named);
      }
      case 'TSUnionType':
        for (const member of type.types) {
          const value = this.#fromTypeAnnotation(member);
          if (value) return value;
        }
        return undefined;
      default:
        return undefined;
    }
  }

  #resolveTypeName(name: TSESTree.EntityName): LibraryValue | undefined {
    if (name.type === 'Identifier') return this.resolve(name);
    if (name.type === 'TSQualifiedName') {
      const left = this.#resolveTypeName(name.left);
      return left && this.property(left, name.right.name);
    }
    return undefined;
  }

  /** An instance of a language class from the tables (`[]` is an `Array`). */
  #builtinInstance(name: string): LibraryValue | undefined {
    const type = this.#knowledge.member('global', 'classes', name);
    return type === undefined ? undefined : { kind: 'instance', type };
  }

  #moduleValue(specifier: string, how: 'namespace' | 'default' | 'require'): LibraryValue | undefined {
    const mod = this.#knowledge.module(specifier);
    if (!mod) return undefined;
    if (how === 'namespace' || !mod.defaultExport || mod.defaultExport === 'namespace') {
      return { kind: 'instance', type: mod.namespace };
    }
    // `require('ws')` is the client class with the server as a static member, as the default import is.
    return this.#memberOf(mod.namespace, mod.defaultExport.member);
  }

  #moduleMember(specifier: string, name: string): LibraryValue | undefined {
    const mod = this.#knowledge.module(specifier);
    return mod ? this.#memberOf(mod.namespace, name) : undefined;
  }

  #memberOf(owner: TypeId, name: string): LibraryValue | undefined {
    const property = this.#knowledge.member(owner, 'properties', name);
    if (property) return { kind: 'instance', type: property };
    if (
      this.#knowledge.member(owner, 'methods', name) !== undefined ||
      this.#knowledge.member(owner, 'classes', name) !== undefined ||
      this.#knowledge.handler(owner, 'callbacks', name) !== undefined ||
      this.#knowledge.operation(owner, name) !== undefined
    ) {
      return { kind: 'member', owner, name };
    }
    // Members the library names at run time (prisma's `prisma.<model>`).
    const other = this.#knowledge.field(owner, 'otherProperties');
    return other ? { kind: 'instance', type: other } : undefined;
  }

  // --- operations on values --------------------------------------------------------------

  property(value: LibraryValue, name: string): LibraryValue | undefined {
    switch (value.kind) {
      case 'instance':
        return this.#memberOf(value.type, name);
      case 'member': {
        // A member that is a class: its statics (`WebSocket.Server`).
        const instance = this.#knowledge.member(value.owner, 'classes', value.name);
        const statics = instance && this.#knowledge.field(instance, 'statics');
        return statics ? this.#memberOf(statics, name) : undefined;
      }
      default:
        return undefined;
    }
  }

  call(value: LibraryValue): LibraryValue | undefined {
    switch (value.kind) {
      case 'member': {
        const returned = this.#knowledge.member(value.owner, 'methods', value.name);
        if (returned) return { kind: 'instance', type: returned };
        return undefined;
      }
      case 'instance': {
        const returned = this.#knowledge.field(value.type, 'call');
        return returned ? { kind: 'instance', type: returned } : undefined;
      }
      case 'function':
        return this.#returnedValue(value.node);
      default:
        return undefined;
    }
  }

  construct(value: LibraryValue): LibraryValue | undefined {
    switch (value.kind) {
      case 'member': {
        const instance = this.#knowledge.member(value.owner, 'classes', value.name);
        return instance ? { kind: 'instance', type: instance } : undefined;
      }
      case 'constructor':
        return { kind: 'instance', type: value.instance };
      default:
        return undefined;
    }
  }

  #returnedValue(fn: FunctionNode): LibraryValue | undefined {
    if (fn.body.type !== 'BlockStatement') return this.resolve(fn.body);
    for (const ret of returnStatements(fn.body)) {
      if (!ret.argument) continue;
      const value = this.resolve(ret.argument);
      if (value) return value;
    }
    return undefined;
  }

  // --- handlers ---------------------------------------------------------------------------

  /**
   * How a function is called by the code around it: a listener, a library callback, an option
   * handler such as kafkajs `eachMessage`, or an array iteration callback. Functions declared by
   * name are followed to where they are passed.
   */
  handlerOf(fn: FunctionNode): HandlerInfo | undefined {
    const direct = this.#handlerAt(fn);
    if (direct) return direct;
    for (const reference of this.#referencesTo(fn)) {
      const info = this.#handlerAt(withBind(reference));
      if (info) return info;
    }
    return undefined;
  }

  /** `handle = async (…) => …` or `async handle(…)` in a class: its `this.handle` uses in the class body. */
  #classMemberReferences(fn: FunctionNode): TSESTree.MemberExpression[] {
    const member = fn.parent;
    if ((member.type !== 'PropertyDefinition' && member.type !== 'MethodDefinition') || member.value !== fn || member.computed) return [];
    if (member.key.type !== 'Identifier' || member.static) return [];
    const name = member.key.name;
    const found: TSESTree.MemberExpression[] = [];
    const visit = (node: TSESTree.Node, depth: number): void => {
      if (depth > 60 || node.type === 'ClassBody') return;
      if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression' && staticMemberName(node) === name) found.push(node);
      for (const child of childNodes(node)) visit(child, depth + 1);
    };
    for (const element of member.parent.body) visit(element, 0);
    return found;
  }

  /**
   * References that pass a named function somewhere: `function onData(){}` … `on('data', onData)`,
   * and class members passed as `this.onData`.
   */
  #referencesTo(fn: FunctionNode): TSESTree.Node[] {
    let nameNode: TSESTree.Identifier | undefined;
    if (fn.type === 'FunctionDeclaration' && fn.id) nameNode = fn.id;
    else if (fn.parent.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier') nameNode = fn.parent.id;
    if (!nameNode) return this.#classMemberReferences(fn);
    const scope = this.#sourceCode.getScope(fn);
    const variable = ASTUtils.findVariable(fn.type === 'FunctionDeclaration' ? (scope.upper ?? scope) : scope, nameNode);
    if (!variable) return [];
    return variable.references.filter((r) => !r.init && r.identifier.type === 'Identifier').map((r) => r.identifier as TSESTree.Identifier);
  }

  #handlerAt(node: TSESTree.Node): HandlerInfo | undefined {
    const parent = node.parent;
    if (!parent) return undefined;
    if (parent.type === 'CallExpression' && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
      return this.#handlerAsArgument(parent, node);
    }
    // `consumer.run({ eachMessage: fn })`
    if (parent.type === 'Property' && parent.value === node && parent.parent.type === 'ObjectExpression') {
      const call = parent.parent.parent;
      const option = parent.computed ? stringValue(parent.key) : parent.key.type === 'Identifier' ? parent.key.name : stringValue(parent.key);
      if (call.type !== 'CallExpression' || option === undefined || call.callee.type !== 'MemberExpression') return undefined;
      const method = staticMemberName(call.callee);
      const receiver = this.instanceType(call.callee.object);
      if (!method || !receiver) return undefined;
      const def = this.#knowledge.optionHandler(receiver, method, option);
      return def ? { registration: call, def, kind: def.kind, repeating: isRepeatingKind(def.kind) } : undefined;
    }
    return undefined;
  }

  /** `const { END_BATCH_PROCESS } = consumer.events; consumer.on(END_BATCH_PROCESS, …)`: the constant's name is the event. */
  #destructuredEvent(node: TSESTree.Node | undefined): string | undefined {
    if (node?.type !== 'Identifier') return undefined;
    const variable = this.variableOf(node);
    const def = variable?.defs[0];
    if (!variable || def?.type !== 'Variable' || variable.references.filter((r) => r.isWrite()).length > 1) return undefined;
    const declarator = def.node;
    const init = declarator.init ? unwrap(declarator.init) : undefined;
    if (declarator.id.type !== 'ObjectPattern' || init?.type !== 'MemberExpression' || staticMemberName(init) !== 'events') return undefined;
    for (const prop of declarator.id.properties) {
      if (prop.type !== 'Property' || (prop.value !== def.name && !(prop.value.type === 'AssignmentPattern' && prop.value.left === def.name))) continue;
      return prop.computed ? stringValue(prop.key) : prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
    }
    return undefined;
  }

  #handlerAsArgument(call: TSESTree.CallExpression, fn: TSESTree.Node): HandlerInfo | undefined {
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression') {
      const method = staticMemberName(callee);
      if (method === undefined) return undefined;
      const receiverType = this.instanceType(callee.object);
      if (LISTENER_METHODS.has(method) || ONCE_LISTENER_METHODS.has(method)) {
        const event = eventName(call.arguments[0]) ?? this.#destructuredEvent(call.arguments[0]);
        if (event === undefined || call.arguments[0] === fn) return undefined;
        const once = ONCE_LISTENER_METHODS.has(method);
        const def = receiverType ? this.#knowledge.handler(receiverType, 'events', event) : undefined;
        const kind = def?.kind ?? GENERIC_REPEATING_EVENTS.get(event);
        return {
          registration: call,
          def,
          kind,
          emitter: callee.object,
          event,
          repeating: !once && (def ? isRepeatingKind(def.kind) : kind !== undefined),
        };
      }
      if (receiverType) {
        const def = this.#knowledge.handler(receiverType, 'callbacks', method);
        if (def) return { registration: call, def, kind: def.kind, repeating: isRepeatingKind(def.kind) };
      }
      if (ITERATION_CALLBACK_METHODS.has(method) && call.arguments[0] === fn) {
        return { registration: call, kind: 'iteration', repeating: true };
      }
      return undefined;
    }
    const resolved = this.resolve(callee);
    if (resolved?.kind === 'member') {
      const def = this.#knowledge.handler(resolved.owner, 'callbacks', resolved.name);
      if (def) return { registration: call, def, kind: def.kind, repeating: isRepeatingKind(def.kind) };
    }
    return undefined;
  }
}

/** The class body whose instance `this` is at a node: arrow functions keep `this`, other functions (except methods) rebind it. */
function enclosingClassBodyOfThis(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== 'ClassBody') {
    if ((current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') && current.parent.type !== 'MethodDefinition') {
      return undefined;
    }
    current = current.parent;
  }
  return current;
}

/** `f.bind(this)` passes `f` on: the bound call is where the handler is registered. */
function withBind(reference: TSESTree.Node): TSESTree.Node {
  const member = reference.parent;
  if (member?.type === 'MemberExpression' && member.object === reference && staticMemberName(member) === 'bind' && member.parent.type === 'CallExpression' && member.parent.callee === member) {
    return member.parent;
  }
  return reference;
}

/** The `for…of` statement whose loop variable this declarator declares. */
function forOfOfDeclarator(declarator: TSESTree.VariableDeclarator): TSESTree.ForOfStatement | undefined {
  const declaration = declarator.parent;
  const loop = declaration.parent;
  return loop.type === 'ForOfStatement' && loop.left === declaration ? loop : undefined;
}

/**
 * The event a listener registration names: a string, or a constant of the emitter's `events` map
 * (kafkajs `consumer.on(consumer.events.END_BATCH_PROCESS, …)`), which the tables list by constant.
 */
export function eventName(node: TSESTree.Node | undefined): string | undefined {
  const literal = stringValue(node);
  if (literal !== undefined || !node) return literal;
  const member = unwrap(node);
  if (member.type !== 'MemberExpression') return undefined;
  const events = unwrap(member.object);
  return events.type === 'MemberExpression' && staticMemberName(events) === 'events' ? staticMemberName(member) : undefined;
}

function isRepeatingKind(kind: HandlerKind | undefined): boolean {
  return kind !== undefined;
}

/** The `return` statements of a function body, not those of nested functions. */
export function returnStatements(body: TSESTree.BlockStatement): TSESTree.ReturnStatement[] {
  const found: TSESTree.ReturnStatement[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'ReturnStatement') found.push(node);
    for (const child of childNodes(node)) {
      if (!isFunctionNode(child) && child.type !== 'ClassBody') visit(child);
    }
  };
  visit(body);
  return found;
}

const SKIP_KEYS = new Set(['parent', 'loc', 'range', 'tokens', 'comments', 'typeAnnotation', 'returnType', 'typeArguments', 'typeParameters']);

/** The direct child nodes of a node, in source order (keys that hold nodes or arrays of nodes). */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Not bound in the file: unbound, or a global the configuration declares without a definition
 * (ESLint declares `require`, `module` and `exports` for `sourceType: 'commonjs'`, the default for
 * .cjs files).
 */
function isUnboundOrGlobal(variable: TSESLint.Scope.Variable | null): boolean {
  return variable === null || variable.defs.length === 0;
}
