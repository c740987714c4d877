/**
 * Type-based confirmation of roles, used only when the file is linted with type information.
 * Roles are recognised by shape, so subclasses, wrappers and re-exported streams count too.
 */
import type { ParserServices, ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import type { Role } from '../model.js';

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
