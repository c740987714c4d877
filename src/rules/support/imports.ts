import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** The local name under which `name` is already imported from one of `specifiers`, if it is. */
export function importedName(
  sourceCode: Readonly<TSESLint.SourceCode>,
  specifiers: readonly string[],
  name: string,
): string | undefined {
  for (const statement of sourceCode.ast.body) {
    if (statement.type === 'ImportDeclaration' && specifiers.includes(statement.source.value) && statement.importKind !== 'type') {
      for (const spec of statement.specifiers) {
        if (spec.type !== 'ImportSpecifier' || spec.importKind === 'type') continue;
        const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
        if (imported === name) return spec.local.name;
      }
    }
    // const { once } = require('events')
    if (statement.type === 'VariableDeclaration') {
      for (const decl of statement.declarations) {
        const init = decl.init;
        if (
          decl.id.type === 'ObjectPattern' &&
          init?.type === 'CallExpression' &&
          init.callee.type === 'Identifier' &&
          init.callee.name === 'require' &&
          init.arguments[0]?.type === 'Literal' &&
          specifiers.includes(String(init.arguments[0].value))
        ) {
          for (const prop of decl.id.properties) {
            if (prop.type === 'Property' && prop.key.type === 'Identifier' && prop.key.name === name && prop.value.type === 'Identifier') {
              return prop.value.name;
            }
          }
        }
      }
    }
  }
  return undefined;
}

/**
 * Fixes that make `local` refer to export `name` of `specifier`: an ES import after the last
 * import (or at the top), or a `require` in a CommonJS file.
 */
export function addNamedImport(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  specifier: string,
  name: string,
  local: string,
): TSESLint.RuleFix[] {
  const body = sourceCode.ast.body;
  const binding = local === name ? name : `${name} as ${local}`;
  const imports = body.filter((s): s is TSESTree.ImportDeclaration => s.type === 'ImportDeclaration');
  const lastImport = imports.at(-1);
  if (lastImport) return [fixer.insertTextAfter(lastImport, `\nimport { ${binding} } from '${specifier}';`)];
  // A file with `require` calls and no ES module syntax is CommonJS, whatever the parser was told.
  const hasEsmSyntax = body.some((s) => s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration');
  const isModule = hasEsmSyntax || (sourceCode.ast.sourceType === 'module' && !/\brequire\s*\(/.test(sourceCode.text));
  const line = isModule
    ? `import { ${binding} } from '${specifier}';\n`
    : `const { ${local === name ? name : `${name}: ${local}`} } = require('${specifier}');\n`;
  const first = body[0];
  // Keep directives such as 'use strict' first.
  if (first?.type === 'ExpressionStatement' && first.directive !== undefined) {
    return [fixer.insertTextAfter(first, `\n${line.trimEnd()}`)];
  }
  return [first ? fixer.insertTextBefore(first, line) : fixer.insertTextBeforeRange([0, 0], line)];
}
