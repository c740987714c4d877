/**
 * Finding schema declarations in a TS/JS source file: a named interface, type alias, class, enum
 * or variable (`file.ts#Name`), and the `@rtaSchema <pair> stream|batch` / `@rtaTopic <topic>`
 * JSDoc tags that pair declarations without config.
 */
import path from 'node:path';
import type { SchemaLocation } from '../model.js';
import type { TsNode, TsRuntime, TsSourceFile, TsVariableStatement } from './api.js';
import { nameText } from './api.js';

export type DeclarationKind = 'interface' | 'type' | 'class' | 'enum' | 'variable';

export interface Declaration {
  kind: DeclarationKind;
  name: string;
  /** The declaration node (for variables, the VariableDeclaration). */
  node: TsNode;
  /** The name node, where findings about the whole declaration point. */
  nameNode: TsNode;
  /** The statement (for leading comments). */
  statement: TsNode;
}

export interface SchemaTag {
  /** `@rtaSchema orders stream`: the pair name and the side. */
  pair?: { name: string; role: 'stream' | 'batch' };
  /** `@rtaTopic orders.v1`: producers to this topic must send this declaration. */
  topic?: string;
  declaration: Declaration;
}

/** `path.resolve` of a compiler file name, so locations compare with config paths. */
export function absoluteFileName(sourceFile: TsSourceFile): string {
  return path.resolve(sourceFile.fileName);
}

export function nodeLocation(node: TsNode): SchemaLocation {
  const sf = node.getSourceFile();
  const start = node.getStart(sf);
  const a = sf.getLineAndCharacterOfPosition(start);
  const b = sf.getLineAndCharacterOfPosition(node.getEnd());
  return {
    file: absoluteFileName(sf),
    region: { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 },
  };
}

/** Top-level declarations of the file, in order. */
export function topLevelDeclarations(ts: TsRuntime, sourceFile: TsSourceFile): Declaration[] {
  const S = ts.SyntaxKind;
  const out: Declaration[] = [];
  for (const statement of sourceFile.statements) {
    const kind =
      statement.kind === S.InterfaceDeclaration
        ? 'interface'
        : statement.kind === S.TypeAliasDeclaration
          ? 'type'
          : statement.kind === S.ClassDeclaration
            ? 'class'
            : statement.kind === S.EnumDeclaration
              ? 'enum'
              : undefined;
    if (kind) {
      const nameNode = (statement as TsNode & { name?: TsNode }).name;
      const name = nameText(ts, nameNode);
      if (nameNode && name !== undefined) out.push({ kind, name, node: statement, nameNode, statement });
      continue;
    }
    if (statement.kind === S.VariableStatement) {
      for (const declaration of (statement as TsVariableStatement).declarationList.declarations) {
        const name = nameText(ts, declaration.name);
        if (name !== undefined) out.push({ kind: 'variable', name, node: declaration, nameNode: declaration.name, statement });
      }
    }
  }
  return out;
}

export function findDeclaration(ts: TsRuntime, sourceFile: TsSourceFile, name: string): Declaration | undefined {
  const all = topLevelDeclarations(ts, sourceFile);
  // A type and a value may share a name (`type Order = z.infer<typeof Order>`): prefer the value
  // when it is a schema, which the caller decides; here the type-level declaration comes first.
  return all.find((d) => d.name === name && d.kind !== 'variable') ?? all.find((d) => d.name === name);
}

const TAG = /@rtaSchema\s+([^\s*]+)\s+(stream|batch)\b/;
const TOPIC_TAG = /@rtaTopic\s+([^\s*]+)/;

/** Declarations carrying `@rtaSchema` or `@rtaTopic` in their leading JSDoc. */
export function schemaTags(ts: TsRuntime, sourceFile: TsSourceFile): SchemaTag[] {
  // Cheap pre-check: most files have no tag at all.
  if (!sourceFile.text.includes('@rta')) return [];
  const tags: SchemaTag[] = [];
  for (const declaration of topLevelDeclarations(ts, sourceFile)) {
    const leading = sourceFile.text.slice(declaration.statement.getFullStart(), declaration.statement.getStart(sourceFile));
    const comments = leading.match(/\/\*\*[\s\S]*?\*\//g);
    const doc = comments?.[comments.length - 1];
    if (doc === undefined) continue;
    const pair = TAG.exec(doc);
    const topic = TOPIC_TAG.exec(doc);
    if (!pair && !topic) continue;
    const tag: SchemaTag = { declaration };
    if (pair?.[1] !== undefined) tag.pair = { name: pair[1], role: pair[2] === 'batch' ? 'batch' : 'stream' };
    if (topic?.[1] !== undefined) tag.topic = topic[1];
    tags.push(tag);
  }
  return tags;
}
