/**
 * Which library value (or project function) an expression is, across the files of the project.
 * The same graph walk as the ESLint side's import tracking (imports of known modules, `new`,
 * factories, members, destructuring, type annotations), but names are resolved by the compiler:
 * an identifier's symbol is followed through imports, path aliases, re-exports and
 * `export default` to its declaration, wherever that is. Every file a resolution passes through
 * is recorded in a trail, so callers can tell a same-file resolution from one that left the file.
 */
import { Node, SyntaxKind, type SourceFile, type Symbol as MorphSymbol } from 'ts-morph';
import type { CallbackDef, OperationDef, TypeId } from '../../knowledge/model.js';
import { knowledge as defaultKnowledge, type KnowledgeRegistry } from '../../knowledge/registry.js';
import { LISTENER_METHODS, ONCE_LISTENER_METHODS } from '../../knowledge/generic.js';

export type FunctionLike =
  | import('ts-morph').FunctionDeclaration
  | import('ts-morph').ArrowFunction
  | import('ts-morph').FunctionExpression
  | import('ts-morph').MethodDeclaration;

export type Value =
  | { kind: 'instance'; type: TypeId }
  | { kind: 'member'; owner: TypeId; name: string }
  | { kind: 'constructor'; instance: TypeId }
  | { kind: 'function'; node: FunctionLike };

/** Files a resolution went through. */
export type Trail = Set<SourceFile>;

const MAX_ACTIVE = 24;

export function isFunctionLike(node: Node | undefined): node is FunctionLike {
  return Node.isFunctionDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isMethodDeclaration(node);
}

/** Strips `(x)`, `x!`, `x as T`, `x satisfies T`, `<T>x`. */
export function unwrapExpression(node: Node): Node {
  let current = node;
  for (;;) {
    if (
      Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isNonNullExpression(current) ||
      Node.isSatisfiesExpression(current) ||
      Node.isTypeAssertion(current)
    ) {
      current = current.getExpression();
    } else {
      return current;
    }
  }
}

/** `x.name`, `x['name']`: the member name, when it is static. */
export function memberName(node: Node): string | undefined {
  if (Node.isPropertyAccessExpression(node)) return node.getName();
  if (Node.isElementAccessExpression(node)) {
    const arg = node.getArgumentExpression();
    if (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) return arg.getLiteralValue();
  }
  return undefined;
}

export function stringLiteralValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrapExpression(node);
  if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return n.getLiteralValue();
  return undefined;
}

/** The module specifier of the import declaration a specifier, default import or namespace import belongs to. */
export function importedFrom(node: Node): string | undefined {
  const declaration = node.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  return declaration?.getModuleSpecifierValue();
}

export class MorphResolver {
  readonly knowledge: KnowledgeRegistry;
  readonly #cache = new Map<Node, { value: Value | undefined; files: SourceFile[] }>();
  readonly #active = new Set<Node>();

  constructor(registry: KnowledgeRegistry = defaultKnowledge) {
    this.knowledge = registry;
  }

  resolve(node: Node, trail: Trail): Value | undefined {
    const cached = this.#cache.get(node);
    if (cached) {
      for (const f of cached.files) trail.add(f);
      return cached.value;
    }
    if (this.#active.has(node) || this.#active.size > MAX_ACTIVE) return undefined;
    this.#active.add(node);
    const own: Trail = new Set();
    let value: Value | undefined;
    try {
      value = this.#resolveUncached(node, own);
    } finally {
      this.#active.delete(node);
    }
    this.#cache.set(node, { value, files: [...own] });
    for (const f of own) trail.add(f);
    return value;
  }

  instanceType(node: Node, trail: Trail): TypeId | undefined {
    const value = this.resolve(node, trail);
    return value?.kind === 'instance' ? value.type : undefined;
  }

  /** The declarations an identifier or member access finally names (imports and re-exports followed). */
  declarationsOf(node: Node, trail: Trail): Node[] {
    const n = unwrapExpression(node);
    const target = Node.isPropertyAccessExpression(n) ? n.getNameNode() : n;
    const symbol = target.getSymbol();
    if (!symbol) return [];
    const final = symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
    const decls = final.getDeclarations();
    for (const d of decls) trail.add(d.getSourceFile());
    return decls;
  }

  /** What a call to this callee does to a database or cache, per the library tables. */
  operationOf(callee: Node, trail: Trail): OperationDef | undefined {
    const c = unwrapExpression(callee);
    if (Node.isPropertyAccessExpression(c) || Node.isElementAccessExpression(c)) {
      const name = memberName(c);
      const receiver = this.instanceType(c.getExpression(), trail);
      if (name !== undefined && receiver !== undefined) {
        const op = this.knowledge.operation(receiver, name);
        if (op) return op;
      }
    }
    const value = this.resolve(c, trail);
    if (value?.kind === 'member') return this.knowledge.operation(value.owner, value.name);
    if (value?.kind === 'instance') return this.knowledge.callOperation(value.type);
    return undefined;
  }

  // --- resolution -------------------------------------------------------------------------

  #resolveUncached(input: Node, trail: Trail): Value | undefined {
    const node = unwrapExpression(input);
    if (Node.isIdentifier(node)) return this.#resolveIdentifier(node, trail);
    if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) {
      const name = memberName(node);
      if (name === undefined) return undefined;
      const object = this.resolve(node.getExpression(), trail);
      if (object) return this.property(object, name);
      // A member of project code: the compiler knows its declaration (object literal, class).
      if (Node.isPropertyAccessExpression(node)) {
        const symbol = node.getNameNode().getSymbol();
        return symbol ? this.#resolveSymbol(symbol, trail) : undefined;
      }
      return undefined;
    }
    if (Node.isNewExpression(node)) {
      const callee = this.resolve(node.getExpression(), trail);
      return callee && this.construct(callee);
    }
    if (Node.isCallExpression(node)) {
      const callee = unwrapExpression(node.getExpression());
      if (Node.isIdentifier(callee) && callee.getText() === 'require' && node.getArguments().length === 1) {
        const specifier = stringLiteralValue(node.getArguments()[0]);
        return specifier === undefined ? undefined : this.#moduleValue(specifier, 'require');
      }
      const value = this.resolve(callee, trail);
      return value && this.call(value, trail);
    }
    if (Node.isAwaitExpression(node)) return this.resolve(node.getExpression(), trail);
    if (Node.isConditionalExpression(node)) return this.resolve(node.getWhenTrue(), trail) ?? this.resolve(node.getWhenFalse(), trail);
    if (Node.isBinaryExpression(node)) {
      const op = node.getOperatorToken().getKind();
      if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) {
        return this.resolve(node.getLeft(), trail) ?? this.resolve(node.getRight(), trail);
      }
      if (op === SyntaxKind.EqualsToken) return this.resolve(node.getRight(), trail);
      return undefined;
    }
    if (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node)) {
      return { kind: 'function', node };
    }
    return undefined;
  }

  #resolveIdentifier(node: import('ts-morph').Identifier, trail: Trail): Value | undefined {
    const symbol = node.getSymbol();
    const name = node.getText();
    if (symbol) {
      const value = this.#resolveSymbol(symbol, trail);
      if (value) return value;
    }
    // Globals declared by the environment (`setInterval`, `process`): the tables' `global` rows.
    const declaredInProject = symbol?.getDeclarations().some((d) => !d.getSourceFile().isDeclarationFile()) ?? false;
    if (declaredInProject) return undefined;
    const global = this.knowledge.global(name);
    if (global) return { kind: 'instance', type: global };
    if (this.knowledge.handler('global', 'callbacks', name)) return { kind: 'member', owner: 'global', name };
    return undefined;
  }

  #resolveSymbol(symbol: MorphSymbol, trail: Trail): Value | undefined {
    for (const decl of symbol.getDeclarations()) {
      const value = this.#resolveDeclaration(decl, symbol, trail);
      if (value) return value;
    }
    return undefined;
  }

  #resolveDeclaration(decl: Node, symbol: MorphSymbol, trail: Trail): Value | undefined {
    const file = decl.getSourceFile();
    if (file.isDeclarationFile()) return undefined;
    trail.add(file);
    if (Node.isImportSpecifier(decl)) {
      const specifier = importedFrom(decl);
      if (specifier !== undefined && this.knowledge.module(specifier)) {
        const imported = decl.getName();
        return imported === 'default' ? this.#moduleValue(specifier, 'default') : this.#moduleMember(specifier, imported);
      }
      return this.#aliased(symbol, trail);
    }
    if (Node.isImportClause(decl)) {
      const specifier = importedFrom(decl);
      return specifier !== undefined && this.knowledge.module(specifier) ? this.#moduleValue(specifier, 'default') : this.#aliased(symbol, trail);
    }
    if (Node.isNamespaceImport(decl)) {
      const specifier = importedFrom(decl);
      return specifier !== undefined && this.knowledge.module(specifier) ? this.#moduleValue(specifier, 'namespace') : undefined;
    }
    if (Node.isImportEqualsDeclaration(decl)) {
      const reference = decl.getModuleReference();
      if (Node.isExternalModuleReference(reference)) {
        const specifier = stringLiteralValue(reference.getExpression());
        if (specifier !== undefined && this.knowledge.module(specifier)) return this.#moduleValue(specifier, 'require');
      }
      return this.#aliased(symbol, trail);
    }
    if (Node.isExportSpecifier(decl)) return this.#aliased(symbol, trail);
    if (Node.isVariableDeclaration(decl)) {
      const init = decl.getInitializer();
      if (init && Node.isIdentifier(decl.getNameNode())) return this.resolve(init, trail) ?? this.#fromTypeNode(decl.getTypeNode(), trail);
      return Node.isIdentifier(decl.getNameNode()) ? this.#fromTypeNode(decl.getTypeNode(), trail) : undefined;
    }
    if (Node.isBindingElement(decl)) return this.#resolveBinding(decl, trail);
    if (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl)) return { kind: 'function', node: decl };
    if (Node.isClassDeclaration(decl)) {
      const base = decl.getExtends();
      const value = base && this.resolve(base.getExpression(), trail);
      const instance = value && this.construct(value);
      return instance?.kind === 'instance' ? { kind: 'constructor', instance: instance.type } : undefined;
    }
    if (Node.isParameterDeclaration(decl)) return this.#fromTypeNode(decl.getTypeNode(), trail) ?? this.#handlerParameter(decl, trail);
    if (Node.isPropertyAssignment(decl)) {
      const init = decl.getInitializer();
      return init && this.resolve(init, trail);
    }
    if (Node.isShorthandPropertyAssignment(decl)) {
      const value = decl.getValueSymbol();
      return value ? this.#resolveSymbol(value, trail) : undefined;
    }
    if (Node.isPropertyDeclaration(decl)) {
      const init = decl.getInitializer();
      return (init && this.resolve(init, trail)) ?? this.#fromTypeNode(decl.getTypeNode(), trail);
    }
    if (Node.isExportAssignment(decl)) return this.resolve(decl.getExpression(), trail);
    return undefined;
  }

  #aliased(symbol: MorphSymbol, trail: Trail): Value | undefined {
    const target = symbol.getAliasedSymbol();
    return target && target !== symbol ? this.#resolveSymbol(target, trail) : undefined;
  }

  /** `const { Pool } = require('pg')`, `const { rows } = …`. */
  #resolveBinding(decl: import('ts-morph').BindingElement, trail: Trail): Value | undefined {
    const pattern = decl.getParent();
    if (!Node.isObjectBindingPattern(pattern)) return undefined;
    const key = decl.getPropertyNameNode()?.getText() ?? decl.getName();
    const owner = pattern.getParent();
    let whole: Value | undefined;
    if (Node.isVariableDeclaration(owner)) {
      const init = owner.getInitializer();
      whole = init && this.resolve(init, trail);
    } else if (Node.isBindingElement(owner)) {
      whole = this.#resolveBinding(owner, trail);
    }
    return whole && this.property(whole, key);
  }

  /** A parameter typed with a known class (`pool: Pool`, `socket: Socket`). */
  #fromTypeNode(type: Node | undefined, trail: Trail): Value | undefined {
    if (!type) return undefined;
    if (Node.isTypeReference(type)) {
      const named = this.#resolveTypeName(type.getTypeName(), trail);
      return named && this.construct(named);
    }
    if (Node.isUnionTypeNode(type)) {
      for (const member of type.getTypeNodes()) {
        const value = this.#fromTypeNode(member, trail);
        if (value) return value;
      }
    }
    return undefined;
  }

  #resolveTypeName(name: Node, trail: Trail): Value | undefined {
    if (Node.isIdentifier(name)) return this.resolve(name, trail);
    if (Node.isQualifiedName(name)) {
      const left = this.#resolveTypeName(name.getLeft(), trail);
      return left && this.property(left, name.getRight().getText());
    }
    return undefined;
  }

  /** A parameter of a function the library calls: `wss.on('connection', (ws) => …)`. */
  #handlerParameter(param: import('ts-morph').ParameterDeclaration, trail: Trail): Value | undefined {
    const fn = param.getParent();
    if (!isFunctionLike(fn)) return undefined;
    const index = fn.getParameters().indexOf(param);
    const def = this.handlerDef(fn, trail);
    const type = def?.params[index];
    return type ? { kind: 'instance', type } : undefined;
  }

  /** How the library calls `fn` when it is passed inline to a listener, callback or option handler. */
  handlerDef(fn: Node, trail: Trail): CallbackDef | undefined {
    const parent = fn.getParent();
    if (Node.isCallExpression(parent) && parent.getArguments().includes(fn)) {
      const callee = unwrapExpression(parent.getExpression());
      if (Node.isPropertyAccessExpression(callee) || Node.isElementAccessExpression(callee)) {
        const method = memberName(callee);
        const receiver = this.instanceType(callee.getExpression(), trail);
        if (method === undefined || receiver === undefined) return undefined;
        if (LISTENER_METHODS.has(method) || ONCE_LISTENER_METHODS.has(method)) {
          const event = stringLiteralValue(parent.getArguments()[0]);
          return event === undefined ? undefined : this.knowledge.handler(receiver, 'events', event);
        }
        return this.knowledge.handler(receiver, 'callbacks', method);
      }
      const value = this.resolve(callee, trail);
      return value?.kind === 'member' ? this.knowledge.handler(value.owner, 'callbacks', value.name) : undefined;
    }
    if (Node.isPropertyAssignment(parent)) {
      const object = parent.getParent();
      const call = object.getParent();
      if (!Node.isCallExpression(call)) return undefined;
      const callee = unwrapExpression(call.getExpression());
      if (!Node.isPropertyAccessExpression(callee)) return undefined;
      const receiver = this.instanceType(callee.getExpression(), trail);
      return receiver === undefined ? undefined : this.knowledge.optionHandler(receiver, callee.getName(), parent.getName());
    }
    return undefined;
  }

  // --- the library graph ------------------------------------------------------------------

  #moduleValue(specifier: string, how: 'namespace' | 'default' | 'require'): Value | undefined {
    const mod = this.knowledge.module(specifier);
    if (!mod) return undefined;
    if (how === 'namespace' || !mod.defaultExport || mod.defaultExport === 'namespace') return { kind: 'instance', type: mod.namespace };
    return this.#memberOf(mod.namespace, mod.defaultExport.member);
  }

  #moduleMember(specifier: string, name: string): Value | undefined {
    const mod = this.knowledge.module(specifier);
    return mod ? this.#memberOf(mod.namespace, name) : undefined;
  }

  #memberOf(owner: TypeId, name: string): Value | undefined {
    const k = this.knowledge;
    const property = k.member(owner, 'properties', name);
    if (property) return { kind: 'instance', type: property };
    if (
      k.member(owner, 'methods', name) !== undefined ||
      k.member(owner, 'classes', name) !== undefined ||
      k.handler(owner, 'callbacks', name) !== undefined ||
      k.operation(owner, name) !== undefined
    ) {
      return { kind: 'member', owner, name };
    }
    const other = k.field(owner, 'otherProperties');
    return other ? { kind: 'instance', type: other } : undefined;
  }

  property(value: Value, name: string): Value | undefined {
    if (value.kind === 'instance') return this.#memberOf(value.type, name);
    if (value.kind === 'member') {
      const instance = this.knowledge.member(value.owner, 'classes', value.name);
      const statics = instance && this.knowledge.field(instance, 'statics');
      return statics ? this.#memberOf(statics, name) : undefined;
    }
    return undefined;
  }

  call(value: Value, trail: Trail): Value | undefined {
    if (value.kind === 'member') {
      const returned = this.knowledge.member(value.owner, 'methods', value.name);
      return returned ? { kind: 'instance', type: returned } : undefined;
    }
    if (value.kind === 'instance') {
      const returned = this.knowledge.field(value.type, 'call');
      return returned ? { kind: 'instance', type: returned } : undefined;
    }
    if (value.kind === 'function') return this.#returned(value.node, trail);
    return undefined;
  }

  construct(value: Value): Value | undefined {
    if (value.kind === 'member') {
      const instance = this.knowledge.member(value.owner, 'classes', value.name);
      return instance ? { kind: 'instance', type: instance } : undefined;
    }
    if (value.kind === 'constructor') return { kind: 'instance', type: value.instance };
    return undefined;
  }

  /** What a project function returns (`export function getPool() { return pool; }`). */
  #returned(fn: FunctionLike, trail: Trail): Value | undefined {
    const body = fn.getBody();
    if (!body) return undefined;
    if (!Node.isBlock(body)) return this.resolve(body, trail);
    for (const ret of body.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
      if (ret.getFirstAncestor((a) => isFunctionLike(a)) !== fn) continue;
      const expression = ret.getExpression();
      const value = expression && this.resolve(expression, trail);
      if (value) return value;
    }
    return undefined;
  }
}
