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
