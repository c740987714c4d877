/**
 * The DDL inside a migration written in TS or JS: every string and template literal that holds a
 * `CREATE/ALTER/RENAME/DROP TABLE` (or a Postgres enum type), outside the `down` migration
 * (`export async function down`, `down(queryRunner)` methods, `exports.down = ...`,
 * `{ down: ... }`). Template substitutions are blanked to the same length so offsets still point
 * into the file.
 */
import path from 'node:path';
import type { SqlSource } from '../sql-tables.js';
import type { TsNode, TsRuntime, TsSourceFile, TsTemplateExpression } from './api.js';
import { childrenOf, nameText } from './api.js';

const DDL = /\b(CREATE|ALTER|RENAME|DROP)\s+(?:OR\s+REPLACE\s+)?(?:TEMP\w*\s+|UNLOGGED\s+)?(TABLE|TYPE)\b/i;

/** The SQL sources of a TS/JS file, in source order. `sourceFile` may come from a program or `parseSource`. */
export function migrationSources(ts: TsRuntime, sourceFile: TsSourceFile): SqlSource[] {
  const out: SqlSource[] = [];
  const file = path.resolve(sourceFile.fileName);
  const text = sourceFile.text;
  const S = ts.SyntaxKind;
  const visit = (node: TsNode, depth: number): void => {
    if (depth > 200 || isDownMigration(ts, node)) return;
    if (node.kind === S.StringLiteral || node.kind === S.NoSubstitutionTemplateLiteral || node.kind === S.TemplateExpression) {
      const start = node.getStart(sourceFile) + 1;
      const end = node.getEnd() - 1;
      if (end <= start) return;
      let raw = text.slice(start, end);
      if (node.kind === S.TemplateExpression) raw = blankSubstitutions(node as TsTemplateExpression, raw, start, sourceFile);
      if (DDL.test(raw)) out.push({ file, text: raw, offset: start, fileText: text });
      return;
    }
    for (const child of childrenOf(ts, node)) visit(child, depth + 1);
  };
  visit(sourceFile, 0);
  return out;
}

/** Parses a standalone TS/JS file (not part of any program) for its migration strings. */
export function parseSource(ts: TsRuntime, file: string, text: string): TsSourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

function blankSubstitutions(node: TsTemplateExpression, raw: string, base: number, sourceFile: TsSourceFile): string {
  let out = raw;
  for (const span of node.templateSpans) {
    // From the `${` before the expression to the `}` after it.
    const exprStart = span.expression.getStart(sourceFile);
    const exprEnd = span.expression.getEnd();
    const from = out.lastIndexOf('${', exprStart - base);
    const close = out.indexOf('}', exprEnd - base);
    if (from < 0 || close < 0) continue;
    out = out.slice(0, from) + '_'.repeat(close + 1 - from) + out.slice(close + 1);
  }
  return out;
}

function isDownMigration(ts: TsRuntime, node: TsNode): boolean {
  const S = ts.SyntaxKind;
  const k = node.kind;
  if (k === S.FunctionDeclaration || k === S.MethodDeclaration || k === S.PropertyAssignment || k === S.VariableDeclaration) {
    return nameText(ts, (node as TsNode & { name?: TsNode }).name) === 'down';
  }
  if (k === S.BinaryExpression) {
    // `exports.down = ...`, `module.exports.down = ...`
    const left = (node as TsNode & { left: TsNode }).left;
    return left.kind === S.PropertyAccessExpression && nameText(ts, (left as TsNode & { name: TsNode }).name) === 'down';
  }
  return false;
}
