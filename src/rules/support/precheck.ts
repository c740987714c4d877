/**
 * The cheap question a rule can ask before any real work on a file: does it load any of the
 * libraries the rule is about? Most files of a service (types, utilities, configuration) import
 * no streaming library at all, and a rule whose every report needs a value tracked from such an
 * import can return no visitors for them.
 *
 * Only a rule that finds its subject through imports alone may skip on this answer. A rule that
 * also recognises values by their types (a stream typed in another file) or by globals
 * (`process.stdout`) must keep running on typed files, or check those too: see `skipsFile`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { LIBRARIES } from '../../knowledge/registry.js';

const modulesBySource = new WeakMap<object, ReadonlySet<string>>();
/** `require('x')`, `import('x')`, `require.resolve('x')`: a literal module name in a call. */
const CALLED_MODULE = /\b(?:require|import)\s*(?:\.\s*resolve\s*)?\(\s*(['"`])([^'"`\n\r]+)\1/g;

/**
 * Every module specifier the file names: import and export declarations, `import x =
 * require()`, and `require()` / `import()` calls with a literal argument anywhere (a mention in a
 * comment or string counts too, which only ever makes a rule run where it could have skipped).
 * Computed once per file and shared by all rules.
 */
export function importedModules(sourceCode: Readonly<TSESLint.SourceCode>): ReadonlySet<string> {
  const known = modulesBySource.get(sourceCode);
  if (known) return known;
  const found = new Set<string>();
  for (const statement of sourceCode.ast.body) {
    const source = declarationSource(statement);
    if (source !== undefined) found.add(source);
  }
  const text = sourceCode.text;
  if (text.includes('require') || text.includes('import(') || text.includes('import (')) {
    for (const match of text.matchAll(CALLED_MODULE)) if (match[2] !== undefined) found.add(match[2]);
  }
  modulesBySource.set(sourceCode, found);
  return found;
}

function declarationSource(statement: TSESTree.ProgramStatement): string | undefined {
  switch (statement.type) {
    case 'ImportDeclaration':
      return statement.source.value;
    case 'ExportAllDeclaration':
      return statement.source.value;
    case 'ExportNamedDeclaration':
      return statement.source?.value;
    case 'TSImportEqualsDeclaration':
      return statement.moduleReference.type === 'TSExternalModuleReference' ? statement.moduleReference.expression.value : undefined;
    default:
      return undefined;
  }
}

/** Whether the file names any of `specifiers` (also as a prefix: `rxjs` covers `rxjs/operators`). */
export function importsAnyOf(sourceCode: Readonly<TSESLint.SourceCode>, specifiers: ReadonlySet<string>): boolean {
  for (const module of importedModules(sourceCode)) {
    if (specifiers.has(module)) return true;
    // Deep imports (`kafkajs/types`, `pg/lib/client`) load the same library.
    const slash = module.startsWith('@') ? module.indexOf('/', module.indexOf('/') + 1) : module.indexOf('/');
    if (slash > 0 && specifiers.has(module.slice(0, slash))) return true;
  }
  return false;
}

const specifiersByLibrary = new Map<string, ReadonlySet<string>>();

/** The module specifiers of libraries of the knowledge tables, by table name (`kafka`, `rxjs`, `websocket`…). */
export function librarySpecifiers(...libraries: readonly string[]): ReadonlySet<string> {
  const key = [...libraries].sort().join(',');
  const known = specifiersByLibrary.get(key);
  if (known) return known;
  const names = new Set(libraries);
  const unknown = libraries.filter((n) => !LIBRARIES.some((l) => l.name === n));
  if (unknown.length > 0) throw new Error(`precheck: no knowledge table named ${unknown.join(', ')}`);
  const specifiers = new Set(LIBRARIES.filter((l) => names.has(l.name)).flatMap((l) => l.modules.flatMap((m) => m.specifiers)));
  specifiersByLibrary.set(key, specifiers);
  return specifiers;
}

export interface SkipCondition {
  /** Modules whose import makes the file relevant. */
  specifiers: ReadonlySet<string>;
  /** Global names whose mention makes it relevant too (`process` for `process.stdout`). */
  globals?: readonly string[];
  /** Whether the rule also finds its subject by types: then typed files are never skipped. */
  usesTypes?: boolean;
}

/**
 * Whether a rule can return no visitors for this file: it imports none of the libraries, names
 * none of the globals, and (for a rule that also reads types) the file is linted without them.
 */
export function skipsFile(
  context: Readonly<{ sourceCode: Readonly<TSESLint.SourceCode> }>,
  condition: SkipCondition,
): boolean {
  const sourceCode = context.sourceCode;
  if (condition.usesTypes === true && sourceCode.parserServices?.program) return false;
  if (importsAnyOf(sourceCode, condition.specifiers)) return false;
  const text = sourceCode.text;
  return !(condition.globals ?? []).some((name) => new RegExp(`\\b${name}\\b`).test(text));
}
