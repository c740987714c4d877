/**
 * Import tracking on the ts-morph side, for the few questions the schema-drift analyzer asks
 * ("is this receiver a Kafka producer?"): it follows imports of modelled modules, `new`, factory
 * methods, property access, aliases, class fields, typed parameters and same-project functions
 * through the knowledge tables, as the ESTree tracker does for the rules. The checker resolves
 * identifiers across files, so a producer created in one module and used in another is known.
 */
import { Node, SyntaxKind, type Symbol as MorphSymbol } from 'ts-morph';
import { knowledge as defaultKnowledge, type KnowledgeRegistry } from '../../knowledge/registry.js';
import type { TypeId } from '../../knowledge/model.js';

type Value = { kind: 'instance'; type: TypeId } | { kind: 'member'; owner: TypeId; name: string } | { kind: 'function'; node: Node };

const MAX_DEPTH = 16;

export class MorphTracker {
  readonly #cache = new Map<Node, Value | undefined>();
  readonly #active = new Set<Node>();

  constructor(readonly knowledge: KnowledgeRegistry = defaultKnowledge) {}

  /** The modelled type of an expression's value, when the code says what it is. */
  instanceType(node: Node): TypeId | undefined {
    const value = this.resolve(node);
    return value?.kind === 'instance' ? value.type : undefined;
  }

  /** Is `type`, or one of its ancestors, one of `types`? */
  isA(type: TypeId, types: readonly TypeId[]): boolean {
    for (const [id] of this.knowledge.lineage(type)) if (types.includes(id)) return true;
    return false;
  }

  resolve(input: Node): Value | undefined {
    const node = unwrap(input);
    if (this.#cache.has(node)) return this.#cache.get(node);
    if (this.#active.has(node) || this.#active.size > MAX_DEPTH) return undefined;
    this.#active.add(node);
    let value: Value | undefined;
    try {
      value = this.#resolve(node);
    } finally {
      this.#active.delete(node);
    }
    this.#cache.set(node, value);
    return value;
  }

  #resolve(node: Node): Value | undefined {
    if (Node.isIdentifier(node)) return this.#fromSymbol(node.getSymbol());
    if (Node.isPropertyAccessExpression(node)) {
      const name = node.getName();
      const object = node.getExpression();
      if (object.getKind() === SyntaxKind.ThisKeyword) return this.#fromSymbol(node.getNameNode().getSymbol());
      const owner = this.resolve(object);
      return owner && this.#property(owner, name);
    }
    if (Node.isNewExpression(node)) {
      const callee = this.resolve(node.getExpression());
      return callee && this.#construct(callee);
    }
    if (Node.isCallExpression(node)) {
      const callee = this.resolve(node.getExpression());
      return callee && this.#call(callee);
    }
    if (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node)) {
      return { kind: 'function', node };
    }
    return undefined;
  }

  #fromSymbol(symbol: MorphSymbol | undefined): Value | undefined {
    if (!symbol) return undefined;
    for (const decl of symbol.getDeclarations()) {
      const value = this.#fromDeclaration(decl);
      if (value) return value;
    }
    return undefined;
  }

  #fromDeclaration(decl: Node): Value | undefined {
    if (Node.isImportSpecifier(decl)) {
      const module = decl.getImportDeclaration().getModuleSpecifierValue();
      const imported = decl.getName();
      const mod = this.knowledge.module(module);
      if (mod) return imported === 'default' ? this.#moduleDefault(module) : this.#memberOf(mod.namespace, imported);
      // A project module: follow the export to its declaration.
      const target = decl.getNameNode().getSymbol()?.getAliasedSymbol();
      return target ? this.#fromSymbol(target) : undefined;
    }
    if (Node.isImportClause(decl)) {
      const module = decl.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
      return module === undefined ? undefined : this.#moduleDefault(module);
    }
    if (Node.isNamespaceImport(decl)) {
      const module = decl.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
      const mod = module === undefined ? undefined : this.knowledge.module(module);
      return mod ? { kind: 'instance', type: mod.namespace } : undefined;
    }
    if (Node.isVariableDeclaration(decl) || Node.isPropertyDeclaration(decl) || Node.isPropertySignature(decl)) {
      const init = Node.isPropertySignature(decl) ? undefined : decl.getInitializer();
      if (init) return this.resolve(init);
      return this.#fromTypeNode(decl.getTypeNode());
    }
    if (Node.isParameterDeclaration(decl)) return this.#fromTypeNode(decl.getTypeNode());
    if (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl)) return { kind: 'function', node: decl };
    if (Node.isShorthandPropertyAssignment(decl)) return this.#fromSymbol(decl.getValueSymbol());
    if (Node.isExportSpecifier(decl)) {
      const target = decl.getNameNode().getSymbol()?.getAliasedSymbol();
      return target ? this.#fromSymbol(target) : undefined;
    }
    return undefined;
  }

  #fromTypeNode(type: Node | undefined): Value | undefined {
    if (!type) return undefined;
    if (Node.isTypeReference(type)) {
      const name = type.getTypeName();
      const named = Node.isIdentifier(name) ? this.resolve(name) : Node.isQualifiedName(name) ? this.#qualified(name) : undefined;
      return named && this.#construct(named);
    }
    if (Node.isUnionTypeNode(type)) {
      for (const member of type.getTypeNodes()) {
        const value = this.#fromTypeNode(member);
        if (value) return value;
      }
    }
    return undefined;
  }

  #qualified(name: Node): Value | undefined {
    if (!Node.isQualifiedName(name)) return undefined;
    const left = name.getLeft();
    const owner = Node.isIdentifier(left) ? this.resolve(left) : this.#qualified(left);
    return owner && this.#property(owner, name.getRight().getText());
  }

  #moduleDefault(specifier: string): Value | undefined {
    const mod = this.knowledge.module(specifier);
    if (!mod) return undefined;
    if (!mod.defaultExport || mod.defaultExport === 'namespace') return { kind: 'instance', type: mod.namespace };
    return this.#memberOf(mod.namespace, mod.defaultExport.member);
  }

  #memberOf(owner: TypeId, name: string): Value | undefined {
    const property = this.knowledge.member(owner, 'properties', name);
    if (property) return { kind: 'instance', type: property };
    if (this.knowledge.member(owner, 'methods', name) !== undefined || this.knowledge.member(owner, 'classes', name) !== undefined) {
      return { kind: 'member', owner, name };
    }
    return undefined;
  }

  #property(value: Value, name: string): Value | undefined {
    if (value.kind !== 'instance') return undefined;
    return this.#memberOf(value.type, name);
  }

  #call(value: Value): Value | undefined {
    if (value.kind === 'member') {
      const type = this.knowledge.member(value.owner, 'methods', value.name);
      return type === undefined ? undefined : { kind: 'instance', type };
    }
    if (value.kind === 'instance') {
      const type = this.knowledge.field(value.type, 'call');
      return type === undefined ? undefined : { kind: 'instance', type };
    }
    return this.#returned(value.node);
  }

  #construct(value: Value): Value | undefined {
    if (value.kind === 'member') {
      const type = this.knowledge.member(value.owner, 'classes', value.name);
      return type === undefined ? undefined : { kind: 'instance', type };
    }
    return value.kind === 'instance' ? value : undefined;
  }

  /** What a project function returns, when every `return` agrees. */
  #returned(fn: Node): Value | undefined {
    if (Node.isArrowFunction(fn)) {
      const body = fn.getBody();
      if (!Node.isBlock(body)) return this.resolve(body);
    }
    let found: Value | undefined;
    for (const ret of fn.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
      if (enclosingFunction(ret) !== fn) continue;
      const expr = ret.getExpression();
      const value = expr ? this.resolve(expr) : undefined;
      if (value?.kind !== 'instance' || (found?.kind === 'instance' && found.type !== value.type)) return undefined;
      found = value;
    }
    return found;
  }
}

/** Strips `(x)`, `x as T`, `x!`, `x satisfies T`, `<T>x`, `await x`. */
export function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 32; i++) {
    if (
      Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isNonNullExpression(current) ||
      Node.isSatisfiesExpression(current) ||
      Node.isTypeAssertion(current) ||
      Node.isAwaitExpression(current)
    ) {
      current = current.getExpression();
    } else break;
  }
  return current;
}

export type FunctionLike = Node;

/** The nearest function (declaration, expression, arrow or method) around a node. */
export function enclosingFunction(node: Node): FunctionLike | undefined {
  return node.getFirstAncestor(
    (a) => Node.isFunctionDeclaration(a) || Node.isFunctionExpression(a) || Node.isArrowFunction(a) || Node.isMethodDeclaration(a) || Node.isConstructorDeclaration(a),
  );
}
