/**
 * One TS declaration into the neutral model, choosing the right reader: a zod schema constant
 * (or `z.infer<typeof Schema>`), then the checker when there is one, then syntax alone.
 */
import type { RecordSchema } from '../model.js';
import {
  nameText,
  unwrapExpression,
  type TsChecker,
  type TsNode,
  type TsQualifiedName,
  type TsRuntime,
  type TsSourceFile,
  type TsTypeAlias,
  type TsTypeQuery,
  type TsTypeReference,
  type TsVariableDeclaration,
} from './api.js';
import { CheckerReader } from './checker-types.js';
import { findDeclaration, nodeLocation, topLevelDeclarations, type Declaration } from './declarations.js';
import { syntacticRecord } from './syntax-types.js';
import { ZodReader } from './zod.js';

/** `z.infer<typeof S>` and its aliases. */
const ZOD_TYPE_HELPERS: ReadonlySet<string> = new Set(['infer', 'output', 'input', 'TypeOf']);

export function readTsSchema(ts: TsRuntime, sourceFile: TsSourceFile, name: string, checker?: TsChecker): RecordSchema | undefined {
  const declaration = findDeclaration(ts, sourceFile, name);
  return declaration ? readDeclaration(ts, sourceFile, declaration, checker) : undefined;
}

export function readDeclaration(ts: TsRuntime, sourceFile: TsSourceFile, declaration: Declaration, checker?: TsChecker): RecordSchema | undefined {
  const S = ts.SyntaxKind;
  const zod = new ZodReader(ts, checker);
  if (declaration.kind === 'enum') return undefined;
  if (declaration.kind === 'variable') {
    const init = (declaration.node as TsVariableDeclaration).initializer;
    if (init && zod.isZod(init)) return zod.record(declaration.name, init, declaration.nameNode);
    if (!checker) return undefined;
    const type = checker.getTypeAtLocation(declaration.nameNode);
    const fields = new CheckerReader(ts, checker).fields(type, declaration.nameNode);
    return fields ? { name: declaration.name, system: 'typescript', kind: 'type', fields, location: nodeLocation(declaration.nameNode) } : undefined;
  }
  if (declaration.kind === 'type') {
    const schema = zodSchemaOfInfer(ts, (declaration.node as TsTypeAlias).type);
    if (schema) {
      const init = schemaInitializer(ts, sourceFile, schema, checker);
      const record = init && zod.isZod(init) ? zod.record(declaration.name, init, declaration.nameNode) : undefined;
      if (record) return record;
    }
  }
  if (checker) {
    let symbol = checker.getSymbolAtLocation(declaration.nameNode);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (symbol) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const fields = new CheckerReader(ts, checker).fields(type, declaration.nameNode);
      if (fields) {
        return { name: declaration.name, system: 'typescript', kind: 'type', fields, location: nodeLocation(declaration.nameNode) };
      }
    }
  }
  if (declaration.node.kind === S.VariableDeclaration) return undefined;
  return syntacticRecord(ts, sourceFile, declaration);
}

/** `z.infer<typeof OrderSchema>` → the `OrderSchema` identifier. */
function zodSchemaOfInfer(ts: TsRuntime, node: TsNode): TsNode | undefined {
  const S = ts.SyntaxKind;
  if (node.kind !== S.TypeReference) return undefined;
  const ref = node as TsTypeReference;
  const helper = ref.typeName.kind === S.QualifiedName ? nameText(ts, (ref.typeName as TsQualifiedName).right) : nameText(ts, ref.typeName);
  const arg = ref.typeArguments?.[0];
  if (helper === undefined || !ZOD_TYPE_HELPERS.has(helper) || arg?.kind !== S.TypeQuery) return undefined;
  return (arg as TsTypeQuery).exprName;
}

function schemaInitializer(ts: TsRuntime, sourceFile: TsSourceFile, name: TsNode, checker?: TsChecker): TsNode | undefined {
  const S = ts.SyntaxKind;
  if (checker) {
    let symbol = checker.getSymbolAtLocation(name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol?.valueDeclaration;
    if (decl?.kind === S.VariableDeclaration) return (decl as TsVariableDeclaration).initializer;
  }
  const text = nameText(ts, name);
  const local = topLevelDeclarations(ts, sourceFile).find((d) => d.kind === 'variable' && d.name === text);
  const init = local ? (local.node as TsVariableDeclaration).initializer : undefined;
  return init ? unwrapExpression(ts, init) : undefined;
}
