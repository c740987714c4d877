/**
 * Type-based confirmation of roles, used only when the file is linted with type information.
 * Roles are recognised by shape, so subclasses, wrappers and re-exported streams count too.
 */
import type { ParserServices, ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import type { Role, TypeId } from '../model.js';
import type { KnowledgeRegistry } from '../registry.js';

interface Shape {
  /** A method every signature of which returns this type (by its printed name). */
  method: string;
  returns: string;
  /** Members that must also exist. */
  members: readonly string[];
}

/** Structural signatures of the roles that can be told from a type. */
export const TYPED_SHAPES: Partial<Record<Role, Shape>> = {
  // Node's writable protocol: `write(): boolean`, `end()`, and events to wait for 'drain'.
  writable: { method: 'write', returns: 'boolean', members: ['end', 'once'] },
  readable: { method: 'pipe', returns: '', members: ['read', 'on'] },
  // `readline.Interface` (and `readline/promises`): what `createInterface()` gives.
  'readline-interface': { method: 'prompt', returns: 'void', members: ['setPrompt', 'question', 'on'] },
};

export type TypedVerdict = 'yes' | 'no' | 'unknown';

export function typedRole(services: ParserServicesWithTypeInformation, node: TSESTree.Node, role: Role): TypedVerdict {
  const shape = TYPED_SHAPES[role];
  if (!shape) return 'unknown';
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(node);
  const type = checker.getNonNullableType(checker.getTypeAtLocation(tsNode));
  const printed = checker.typeToString(type);
  if (printed === 'any' || printed === 'unknown' || printed === 'error' || printed === 'never') return 'unknown';
  const parts = type.isUnion() ? type.types : [type];
  for (const part of parts) {
    const method = part.getProperty(shape.method);
    if (!method) return 'no';
    const signatures = checker.getTypeOfSymbolAtLocation(method, tsNode).getCallSignatures();
    if (signatures.length === 0) return 'no';
    if (shape.returns !== '' && !signatures.every((s) => checker.typeToString(s.getReturnType()) === shape.returns)) return 'no';
    if (!shape.members.every((m) => part.getProperty(m) !== undefined)) return 'no';
  }
  return 'yes';
}

/** The parser services when the file has a program, else undefined (untyped linting). */
export function typeServices(context: {
  sourceCode: { parserServices?: Partial<ParserServices> | undefined };
}): ParserServicesWithTypeInformation | undefined {
  const services = context.sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  return services as ParserServicesWithTypeInformation;
}

/** The checker's type of a node without null/undefined, or undefined when it knows nothing (`any`, `unknown`, errors). */
function knownType(services: ParserServicesWithTypeInformation, node: TSESTree.Node) {
  const checker = services.program.getTypeChecker();
  const type = checker.getNonNullableType(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node)));
  const printed = checker.typeToString(type);
  if (printed === 'any' || printed === 'unknown' || printed === 'error' || printed === 'never') return undefined;
  return { checker, type, parts: type.isUnion() ? type.types : [type] };
}

export type TypedCollection = 'Array' | 'Set' | 'Map' | 'other' | 'unknown';

/**
 * Whether a value is one of the language's growable containers: an array or tuple, or the
 * default library's `Set`/`Map` (read-only views cannot grow and are `other`).
 */
export function typedCollection(services: ParserServicesWithTypeInformation, node: TSESTree.Node): TypedCollection {
  const known = knownType(services, node);
  if (!known) return 'unknown';
  let verdict: TypedCollection | undefined;
  for (const part of known.parts) {
    let kind: TypedCollection = 'other';
    if (known.checker.isArrayType(part) || known.checker.isTupleType(part)) {
      kind = part.getProperty('push') ? 'Array' : 'other';
    } else {
      const symbol = part.getSymbol();
      const name = symbol?.getName();
      const fromLib = symbol?.getDeclarations()?.some((d) => services.program.isSourceFileDefaultLibrary(d.getSourceFile())) === true;
      if (fromLib && (name === 'Set' || name === 'Map')) kind = name;
    }
    if (verdict !== undefined && verdict !== kind) return 'other';
    verdict = kind;
  }
  return verdict ?? 'unknown';
}

/** Whether a value is a promise (any thenable: an object with a callable `then`). */
export function typedThenable(services: ParserServicesWithTypeInformation, node: TSESTree.Node): TypedVerdict {
  const known = knownType(services, node);
  if (!known) return 'unknown';
  const tsNode = services.esTreeNodeToTSNodeMap.get(node);
  for (const part of known.parts) {
    const then = part.getProperty('then');
    if (then && known.checker.getTypeOfSymbolAtLocation(then, tsNode).getCallSignatures().length > 0) return 'yes';
  }
  return 'no';
}

/** Whether every part of a value's type has all the given members (a structural check by name). */
export function typedHasMembers(services: ParserServicesWithTypeInformation, node: TSESTree.Node, members: readonly string[]): TypedVerdict {
  const known = knownType(services, node);
  if (!known) return 'unknown';
  return known.parts.every((part) => members.every((m) => part.getProperty(m) !== undefined)) ? 'yes' : 'no';
}

/**
 * The library instance a value imported from another project module holds, read through the
 * program from that module's declaration: `import { redis } from './cache.js'` where cache.ts has
 * `export const redis = new Redis()` (`Redis` from ioredis) or `= createClient()`. Import tracking
 * sees one file; this follows the import (re-exports included) one declaration further. It reads
 * declarations, not the checker's types, so it works where the library's types are not installed.
 */
export function typedImportedInstance(
  services: ParserServicesWithTypeInformation,
  node: TSESTree.Node,
  knowledge: KnowledgeRegistry,
): TypeId | undefined {
  if (node.type !== 'Identifier') return undefined;
  const checker = services.program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(node));
  // Values of this file are import tracking's; only imports lead elsewhere.
  if (!symbol || (symbol.flags & ts.SymbolFlags.Alias) === 0) return undefined;
  for (const decl of checker.getAliasedSymbol(symbol).declarations ?? []) {
    if (decl.getSourceFile().isDeclarationFile || !ts.isVariableDeclaration(decl) || !decl.initializer) continue;
    const type = constructedInstance(decl.initializer, checker, knowledge);
    if (type !== undefined) return type;
  }
  return undefined;
}

/** `new C(…)` / `f(…)` / `new ns.C(…)` where C or f is imported from a module of the tables. */
function constructedInstance(init: ts.Expression, checker: ts.TypeChecker, knowledge: KnowledgeRegistry): TypeId | undefined {
  let e = init;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  if (!ts.isNewExpression(e) && !ts.isCallExpression(e)) return undefined;
  const isNew = ts.isNewExpression(e);
  const callee = e.expression;
  let imported: { specifier: string; name: string } | undefined;
  if (ts.isIdentifier(callee)) imported = importOf(callee, checker);
  else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const owner = importOf(callee.expression, checker);
    if (owner?.name === 'namespace') imported = { specifier: owner.specifier, name: callee.name.text };
  }
  const mod = imported && knowledge.module(imported.specifier);
  if (!imported || !mod) return undefined;
  let member: string | undefined = imported.name;
  if (member === 'default') member = mod.defaultExport && mod.defaultExport !== 'namespace' ? mod.defaultExport.member : 'namespace';
  // `knex(config)`: the module itself is callable.
  if (member === 'namespace') return isNew ? undefined : knowledge.field(mod.namespace, 'call');
  return knowledge.member(mod.namespace, isNew ? 'classes' : 'methods', member);
}

function importOf(id: ts.Identifier, checker: ts.TypeChecker): { specifier: string; name: string } | undefined {
  const decl = checker.getSymbolAtLocation(id)?.declarations?.[0];
  if (!decl) return undefined;
  const declaration = ts.isImportSpecifier(decl) ? decl.parent.parent.parent : ts.isImportClause(decl) ? decl.parent : ts.isNamespaceImport(decl) ? decl.parent.parent : undefined;
  if (!declaration || !ts.isStringLiteral(declaration.moduleSpecifier)) return undefined;
  const specifier = declaration.moduleSpecifier.text;
  if (ts.isImportSpecifier(decl)) return { specifier, name: (decl.propertyName ?? decl.name).text };
  return { specifier, name: ts.isImportClause(decl) ? 'default' : 'namespace' };
}
