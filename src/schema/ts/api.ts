/**
 * The slice of the TypeScript compiler API that schema extraction uses, written as structural
 * interfaces. Two copies of TypeScript meet this project: the ESLint rules get the `typescript`
 * package through parserServices, the analyzers get ts-morph's bundled copy. Neither is imported
 * here; each side passes its own runtime (`ts` namespace and checker) and gets plain `RecordSchema`
 * data back, so the two copies never touch each other's objects (ARCHITECTURE.md, "Two
 * TypeScript copies stay apart"). Both copies are TypeScript 6.0.x, whose enum values agree.
 */

export interface TsLineAndCharacter {
  line: number;
  character: number;
}

export interface TsNode {
  readonly kind: number;
  readonly pos: number;
  readonly end: number;
  readonly parent: TsNode;
  getSourceFile(): TsSourceFile;
  getStart(sourceFile?: TsSourceFile): number;
  getEnd(): number;
  getFullStart(): number;
  getText(sourceFile?: TsSourceFile): string;
}

export interface TsSourceFile extends TsNode {
  readonly fileName: string;
  readonly text: string;
  readonly statements: readonly TsNode[];
  getLineAndCharacterOfPosition(pos: number): TsLineAndCharacter;
}

/** Nodes with the members extraction reads; cast to after checking `kind`. */
export interface TsNamed extends TsNode {
  readonly name?: TsNode;
}
export interface TsIdentifier extends TsNode {
  readonly text: string;
}
export interface TsLiteral extends TsNode {
  readonly text: string;
}
export interface TsCall extends TsNode {
  readonly expression: TsNode;
  readonly arguments: readonly TsNode[];
  readonly typeArguments?: readonly TsNode[];
}
export interface TsPropertyAccess extends TsNode {
  readonly expression: TsNode;
  readonly name: TsNode;
}
export interface TsElementAccess extends TsNode {
  readonly expression: TsNode;
  readonly argumentExpression: TsNode;
}
export interface TsObjectLiteral extends TsNode {
  readonly properties: readonly TsNode[];
}
export interface TsArrayLiteral extends TsNode {
  readonly elements: readonly TsNode[];
}
export interface TsPropertyAssignment extends TsNode {
  readonly name: TsNode;
  readonly initializer: TsNode;
}
export interface TsVariableDeclaration extends TsNode {
  readonly name: TsNode;
  readonly type?: TsNode;
  readonly initializer?: TsNode;
}
export interface TsVariableStatement extends TsNode {
  readonly declarationList: { readonly declarations: readonly TsVariableDeclaration[] };
}
export interface TsWrapped extends TsNode {
  readonly expression: TsNode;
}
export interface TsTemplateExpression extends TsNode {
  readonly head: TsLiteral;
  readonly templateSpans: readonly { readonly expression: TsNode; readonly literal: TsLiteral }[];
}
export interface TsInterface extends TsNode {
  readonly name: TsIdentifier;
  readonly members: readonly TsNode[];
  readonly heritageClauses?: readonly { readonly token: number; readonly types: readonly TsHeritageType[] }[];
  readonly typeParameters?: readonly TsNode[];
}
export interface TsHeritageType extends TsNode {
  readonly expression: TsNode;
  readonly typeArguments?: readonly TsNode[];
}
export interface TsTypeAlias extends TsNode {
  readonly name: TsIdentifier;
  readonly type: TsNode;
  readonly typeParameters?: readonly TsNode[];
}
export interface TsClass extends TsNode {
  readonly name?: TsIdentifier;
  readonly members: readonly TsNode[];
  readonly heritageClauses?: readonly { readonly token: number; readonly types: readonly TsHeritageType[] }[];
}
export interface TsPropertySignature extends TsNode {
  readonly name: TsNode;
  readonly questionToken?: TsNode;
  readonly type?: TsNode;
  readonly modifiers?: readonly TsNode[];
  readonly initializer?: TsNode;
}
export interface TsTypeReference extends TsNode {
  readonly typeName: TsNode;
  readonly typeArguments?: readonly TsNode[];
}
export interface TsUnionOrIntersection extends TsNode {
  readonly types: readonly TsNode[];
}
export interface TsArrayTypeNode extends TsNode {
  readonly elementType: TsNode;
}
export interface TsLiteralTypeNode extends TsNode {
  readonly literal: TsNode;
}
export interface TsTypeLiteral extends TsNode {
  readonly members: readonly TsNode[];
}
export interface TsTypeQuery extends TsNode {
  readonly exprName: TsNode;
}
export interface TsQualifiedName extends TsNode {
  readonly left: TsNode;
  readonly right: TsIdentifier;
}
export interface TsImportDeclaration extends TsNode {
  readonly moduleSpecifier: TsLiteral;
  readonly importClause?: TsNode & {
    readonly name?: TsIdentifier;
    readonly namedBindings?: TsNode & { readonly name?: TsIdentifier; readonly elements?: readonly (TsNode & { readonly name: TsIdentifier; readonly propertyName?: TsIdentifier })[] };
  };
}
export interface TsFunctionLike extends TsNode {
  readonly name?: TsNode;
  readonly parameters: readonly (TsNode & { readonly name: TsNode; readonly type?: TsNode })[];
  readonly body?: TsNode;
}

export interface TsSymbol {
  readonly flags: number;
  readonly declarations?: readonly TsNode[];
  readonly valueDeclaration?: TsNode;
  getName(): string;
}

export interface TsType {
  readonly flags: number;
  readonly symbol?: TsSymbol;
  readonly aliasSymbol?: TsSymbol;
  readonly aliasTypeArguments?: readonly TsType[];
  isUnion(): boolean;
  isIntersection(): boolean;
  isStringLiteral(): boolean;
  isNumberLiteral(): boolean;
  getCallSignatures(): readonly unknown[];
}

export interface TsUnionType extends TsType {
  readonly types: readonly TsType[];
}

export interface TsLiteralType extends TsType {
  readonly value: string | number | { negative: boolean; base10Value: string };
}

export interface TsIndexInfo {
  readonly keyType: TsType;
  readonly type: TsType;
}

export interface TsChecker {
  getTypeAtLocation(node: TsNode): TsType;
  getSymbolAtLocation(node: TsNode): TsSymbol | undefined;
  getDeclaredTypeOfSymbol(symbol: TsSymbol): TsType;
  getTypeOfSymbolAtLocation(symbol: TsSymbol, node: TsNode): TsType;
  getAliasedSymbol(symbol: TsSymbol): TsSymbol;
  getPropertiesOfType(type: TsType): readonly TsSymbol[];
  getIndexInfosOfType(type: TsType): readonly TsIndexInfo[];
  getNonNullableType(type: TsType): TsType;
  typeToString(type: TsType): string;
  isArrayType(type: TsType): boolean;
  isTupleType(type: TsType): boolean;
  getTypeArguments(type: TsType): readonly TsType[];
}

/**
 * The runtime pieces of a TypeScript copy: the enums the extraction compares against and the
 * child walker. Pass the `ts` namespace of the copy whose nodes and checker you hand over.
 */
export interface TsRuntime {
  readonly SyntaxKind: TsSyntaxKinds;
  readonly TypeFlags: TsTypeFlags;
  readonly SymbolFlags: TsSymbolFlags;
  readonly ScriptTarget: { readonly Latest: number };
  forEachChild<T>(node: TsNode, callback: (child: TsNode) => T | undefined): T | undefined;
  createSourceFile(fileName: string, text: string, languageVersion: number, setParentNodes?: boolean): TsSourceFile;
}

export interface TsSyntaxKinds {
  readonly Identifier: number;
  readonly PrivateIdentifier: number;
  readonly StringLiteral: number;
  readonly NumericLiteral: number;
  readonly NoSubstitutionTemplateLiteral: number;
  readonly TemplateExpression: number;
  readonly TaggedTemplateExpression: number;
  readonly ComputedPropertyName: number;
  readonly QualifiedName: number;
  readonly PropertyAccessExpression: number;
  readonly ElementAccessExpression: number;
  readonly CallExpression: number;
  readonly NewExpression: number;
  readonly ParenthesizedExpression: number;
  readonly AsExpression: number;
  readonly SatisfiesExpression: number;
  readonly NonNullExpression: number;
  readonly TypeAssertionExpression: number;
  readonly AwaitExpression: number;
  readonly ObjectLiteralExpression: number;
  readonly ArrayLiteralExpression: number;
  readonly PropertyAssignment: number;
  readonly ShorthandPropertyAssignment: number;
  readonly SpreadAssignment: number;
  readonly TrueKeyword: number;
  readonly FalseKeyword: number;
  readonly VariableStatement: number;
  readonly VariableDeclaration: number;
  readonly InterfaceDeclaration: number;
  readonly TypeAliasDeclaration: number;
  readonly ClassDeclaration: number;
  readonly ClassExpression: number;
  readonly EnumDeclaration: number;
  readonly FunctionDeclaration: number;
  readonly MethodDeclaration: number;
  readonly ArrowFunction: number;
  readonly FunctionExpression: number;
  readonly PropertySignature: number;
  readonly PropertyDeclaration: number;
  readonly GetAccessor: number;
  readonly SetAccessor: number;
  readonly Constructor: number;
  readonly IndexSignature: number;
  readonly MethodSignature: number;
  readonly TypeReference: number;
  readonly TypeLiteral: number;
  readonly UnionType: number;
  readonly IntersectionType: number;
  readonly ArrayType: number;
  readonly TupleType: number;
  readonly LiteralType: number;
  readonly ParenthesizedType: number;
  readonly TypeQuery: number;
  readonly TypeOperator: number;
  readonly StringKeyword: number;
  readonly NumberKeyword: number;
  readonly BigIntKeyword: number;
  readonly BooleanKeyword: number;
  readonly AnyKeyword: number;
  readonly UnknownKeyword: number;
  readonly NullKeyword: number;
  readonly UndefinedKeyword: number;
  readonly ObjectKeyword: number;
  readonly NeverKeyword: number;
  readonly VoidKeyword: number;
  readonly StaticKeyword: number;
  readonly PrivateKeyword: number;
  readonly ProtectedKeyword: number;
  readonly ImportDeclaration: number;
  readonly ExportAssignment: number;
  readonly ExpressionStatement: number;
  readonly BinaryExpression: number;
  readonly ExtendsKeyword: number;
  readonly PrefixUnaryExpression: number;
}

export interface TsTypeFlags {
  readonly Any: number;
  readonly Unknown: number;
  readonly String: number;
  readonly Number: number;
  readonly Boolean: number;
  readonly BigInt: number;
  readonly StringLiteral: number;
  readonly NumberLiteral: number;
  readonly BooleanLiteral: number;
  readonly BigIntLiteral: number;
  readonly EnumLiteral: number;
  readonly TemplateLiteral: number;
  readonly Null: number;
  readonly Undefined: number;
  readonly Void: number;
  readonly Never: number;
  readonly Object: number;
  readonly NonPrimitive: number;
  readonly ESSymbol: number;
  readonly TypeParameter: number;
}

export interface TsSymbolFlags {
  readonly Optional: number;
  readonly Property: number;
  readonly Method: number;
  readonly GetAccessor: number;
  readonly SetAccessor: number;
  readonly Alias: number;
}

/** Strips `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x`, `await x`. */
export function unwrapExpression(ts: TsRuntime, node: TsNode): TsNode {
  let current = node;
  for (let i = 0; i < 32; i++) {
    const k = current.kind;
    const S = ts.SyntaxKind;
    if (
      k === S.ParenthesizedExpression ||
      k === S.AsExpression ||
      k === S.SatisfiesExpression ||
      k === S.NonNullExpression ||
      k === S.TypeAssertionExpression ||
      k === S.AwaitExpression
    ) {
      current = (current as TsWrapped).expression;
    } else break;
  }
  return current;
}

/** The text of an identifier, string literal or `no-substitution template`; else undefined. */
export function nameText(ts: TsRuntime, node: TsNode | undefined): string | undefined {
  if (!node) return undefined;
  const S = ts.SyntaxKind;
  if (node.kind === S.Identifier || node.kind === S.PrivateIdentifier || node.kind === S.StringLiteral || node.kind === S.NumericLiteral || node.kind === S.NoSubstitutionTemplateLiteral) {
    return (node as TsLiteral).text;
  }
  return undefined;
}

/** Children of a node, in source order. */
export function childrenOf(ts: TsRuntime, node: TsNode): TsNode[] {
  const out: TsNode[] = [];
  ts.forEachChild(node, (child) => {
    out.push(child);
    return undefined;
  });
  return out;
}
