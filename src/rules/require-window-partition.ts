import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { ImportTracker, isFunctionNode, staticMemberName, unwrap, type FunctionNode } from '../knowledge/tracking/estree.js';
import { HTTP_CLIENT_BODIES, HTTP_REQUEST_GLOBALS, SQL_HTTP_BODIES } from '../knowledge/libraries/sql-clients.js';
import type { OperationDef, TypeId } from '../knowledge/model.js';
import { typeServices } from '../knowledge/tracking/typed.js';
import { SQL_DIALECTS, type SqlDialect } from '../config/types.js';
import { matchGlob } from '../config/glob.js';
import { embeddedSql, sourceRange, type EmbeddedPart } from '../sql/embedded.js';
import {
  WINDOW_MESSAGES,
  WINDOW_RULE_DESCRIPTION,
  findUnpartitionedWindows,
  mergedWindowOptions,
  type WindowMessageId,
  type WindowOptions,
} from '../sql/windows.js';
import { configListMap, configStrings } from './support/settings.js';

export interface WindowPartitionOptions {
  allowGlobal?: string[];
  entityColumns?: string[];
  partitionKeys?: Record<string, string[]>;
  dialect?: SqlDialect;
  dialects?: Record<string, SqlDialect>;
  streaming?: SqlDialect[];
}
type Options = [WindowPartitionOptions];

/** A piece of source that holds SQL: the node (reported once) and its text parts. */
interface SqlSource {
  node: TSESTree.Node;
  parts: EmbeddedPart[];
  dialect: SqlDialect | undefined;
}

type QueryOperation = Extract<OperationDef, { kind: 'query' }>;

/** How far SQL is followed through constants, objects and the parameters of same-file helpers. */
const MAX_FOLLOW = 6;

/** Tag names that mark a template as SQL when the tag itself cannot be resolved (`sql`, `SQL`). */
const SQL_TAG_NAMES: ReadonlySet<string> = new Set(['sql', 'SQL']);

const dialectSchema: { type: 'string'; enum: string[] } = { type: 'string', enum: [...SQL_DIALECTS] };

export default createRule<Options, WindowMessageId>({
  name: 'require-window-partition',
  meta: {
    type: 'problem',
    docs: {
      description: WINDOW_RULE_DESCRIPTION,
      category: 'window',
      recommended: 'warn',
      strict: 'error',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowGlobal: {
            type: 'array',
            items: { type: 'string' },
            description: 'Tables (sources or targets) whose global windows are intended.',
          },
          entityColumns: {
            type: 'array',
            items: { type: 'string' },
            description: 'Columns that identify an entity, for ordered windows in OLAP SQL (replaces the default list).',
          },
          partitionKeys: {
            type: 'object',
            additionalProperties: { type: 'array', items: { type: 'string' }, minItems: 1 },
            description: 'Table -> its entity key columns.',
          },
          dialect: { ...dialectSchema, description: 'Read every SQL string of the file in this dialect.' },
          dialects: {
            type: 'object',
            additionalProperties: dialectSchema,
            description: 'Glob (relative to the working directory) -> dialect; the first match wins.',
          },
          streaming: {
            type: 'array',
            items: dialectSchema,
            description: 'Dialects whose windows run continuously (default flink, ksqldb, risingwave, materialize).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{}],
    messages: WINDOW_MESSAGES,
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const tracker = new ImportTracker(sourceCode);
    const services = typeServices(context);
    const analyzed = new Set<TSESTree.Node>();
    const fileDialect = options.dialect ?? dialectOfFile(context.filename, context.cwd, options.dialects);
    // rta.config.yaml's `window:` and `sql.streaming` (the audit passes the config as
    // `settings.rta`) under the rule's own options, as the .sql file analyzer reads them.
    const windowOptions = mergedWindowOptions(configuredWindow(context.settings), {
      ...(options.streaming ? { streaming: options.streaming } : {}),
      ...(options.allowGlobal ? { allowGlobal: options.allowGlobal } : {}),
      ...(options.entityColumns ? { entityColumns: options.entityColumns } : {}),
      ...(options.partitionKeys ? { partitionKeys: options.partitionKeys } : {}),
    });

    function analyze(source: SqlSource): void {
      if (analyzed.has(source.node)) return;
      analyzed.add(source.node);
      const sql = embeddedSql(source.parts);
      if (sql.text.trim() === '') return;
      const dialect = fileDialect ?? source.dialect;
      for (const finding of findUnpartitionedWindows(sql.text, { ...windowOptions, ...(dialect ? { dialect } : {}) })) {
        const [start, end] = sourceRange(sql, finding.start, finding.end);
        context.report({
          loc: { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) },
          messageId: finding.messageId,
          data: finding.data,
        });
      }
    }

    /** The query operation a callee or tag names: `pool.query`, `` sql`…` ``, `prisma.$queryRaw`. */
    function queryOperation(callee: TSESTree.Node): QueryOperation | undefined {
      const node = unwrap(callee);
      let op: OperationDef | undefined;
      if (node.type === 'MemberExpression') {
        const name = staticMemberName(node);
        // Only a method name some library type has as a query is worth a type lookup.
        const receiver = name !== undefined && tracker.knowledge.isOperationName(name, 'query') ? (tracker.instanceType(node.object) ?? declaredLibraryType(node.object)) : undefined;
        if (name !== undefined && receiver !== undefined) op = tracker.knowledge.operation(receiver, name);
      } else {
        const value = tracker.resolve(node);
        if (value?.kind === 'member') op = tracker.knowledge.operation(value.owner, value.name);
        else if (value?.kind === 'instance') op = tracker.knowledge.callOperation(value.type);
      }
      return op?.kind === 'query' ? op : undefined;
    }

    /**
     * With type information: the library class a receiver's declared type names, for clients that
     * import tracking cannot follow (a pool exported by another module of the project). Only
     * classes of the tables count, looked up by the package that declares them.
     */
    function declaredLibraryType(node: TSESTree.Node): TypeId | undefined {
      if (!services) return undefined;
      const checker = services.program.getTypeChecker();
      const type = checker.getNonNullableType(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node)));
      const symbol = type.getSymbol() ?? type.aliasSymbol;
      if (!symbol) return undefined;
      const qualified = /^"([^"]+)"\.(\w+)$/.exec(checker.getFullyQualifiedName(symbol));
      if (!qualified?.[1] || !qualified[2]) return undefined;
      const module = packageOf(qualified[1]);
      const namespace = module === undefined ? undefined : tracker.knowledge.module(module)?.namespace;
      return namespace === undefined ? undefined : tracker.knowledge.member(namespace, 'classes', qualified[2]);
    }

    /** Every SQL literal an expression can hold, followed through same-file constants and helpers. */
    function sqlSources(input: TSESTree.Node | undefined, keys: readonly string[] | undefined, dialect: SqlDialect | undefined, depth: number, seen: Set<TSESTree.Node>): SqlSource[] {
      if (!input || depth > MAX_FOLLOW) return [];
      const node = unwrap(input);
      if (seen.has(node)) return [];
      seen.add(node);
      switch (node.type) {
        case 'Literal':
        case 'TemplateLiteral':
        case 'BinaryExpression': {
          const parts = literalParts(node, sourceCode, constantValue);
          return parts ? [{ node, parts, dialect }] : [];
        }
        case 'TaggedTemplateExpression':
          return [{ node: node.quasi, parts: templateParts(node.quasi), dialect }];
        case 'ConditionalExpression':
          return [...sqlSources(node.consequent, keys, dialect, depth + 1, seen), ...sqlSources(node.alternate, keys, dialect, depth + 1, seen)];
        case 'LogicalExpression':
          return [...sqlSources(node.left, keys, dialect, depth + 1, seen), ...sqlSources(node.right, keys, dialect, depth + 1, seen)];
        case 'ObjectExpression': {
          if (!keys) return [];
          const found: SqlSource[] = [];
          for (const property of node.properties) {
            if (property.type !== 'Property') continue;
            const key = propertyKey(property);
            if (key !== undefined && keys.includes(key)) found.push(...sqlSources(property.value, undefined, dialect, depth + 1, seen));
          }
          return found;
        }
        case 'MemberExpression': {
          // `QUERIES.perMinute` where QUERIES is an object literal of this file.
          const name = staticMemberName(node);
          const object = name === undefined ? undefined : constantValue(unwrap(node.object));
          if (name === undefined || object?.type !== 'ObjectExpression') return [];
          return sqlSources(object, [name], dialect, depth + 1, seen);
        }
        case 'Identifier': {
          const variable = tracker.variableOf(node);
          const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
          if (!variable || !def) return [];
          if (def.type === 'Variable' && def.node.id.type === 'Identifier' && def.node.init) {
            if (variable.references.filter((r) => r.isWrite()).length > 1) return [];
            return sqlSources(def.node.init, keys, dialect, depth + 1, seen);
          }
          // `for (const statement of [A, B])`: each element.
          const declaration = def.type === 'Variable' ? def.node.parent : undefined;
          const loop = declaration?.parent;
          if (declaration && loop?.type === 'ForOfStatement' && loop.left === declaration) {
            const elements = constantValue(unwrap(loop.right));
            if (elements?.type !== 'ArrayExpression') return [];
            return elements.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? sqlSources(e, keys, dialect, depth + 1, seen) : []));
          }
          if (def.type === 'Parameter' && def.name.type === 'Identifier') return parameterSources(def.name, keys, dialect, depth, seen);
          return [];
        }
        default:
          return [];
      }
    }

    /** A parameter of a helper of this file: what its callers pass (`run(sql)` … `run('SELECT …')`). */
    function parameterSources(param: TSESTree.Identifier, keys: readonly string[] | undefined, dialect: SqlDialect | undefined, depth: number, seen: Set<TSESTree.Node>): SqlSource[] {
      let fn: TSESTree.Node | undefined = param.parent;
      while (fn && !isFunctionNode(fn)) fn = fn.parent;
      if (!fn || !isFunctionNode(fn)) return [];
      const index = fn.params.findIndex((p) => p === param || (p.type === 'AssignmentPattern' && p.left === param));
      if (index < 0) return [];
      const found: SqlSource[] = [];
      const declared = fn.params[index];
      if (declared?.type === 'AssignmentPattern') found.push(...sqlSources(declared.right, keys, dialect, depth + 1, seen));
      for (const call of callSites(fn)) {
        const arg = call.arguments[index];
        if (arg && arg.type !== 'SpreadElement') found.push(...sqlSources(arg, keys, dialect, depth + 1, seen));
      }
      return found;
    }

    /** Calls of a function declared in this file, through the name it is declared under. */
    function callSites(fn: FunctionNode): TSESTree.CallExpression[] {
      const holder = fn.type === 'FunctionDeclaration' ? fn : fn.parent.type === 'VariableDeclarator' ? fn.parent : undefined;
      if (!holder) return [];
      const calls: TSESTree.CallExpression[] = [];
      for (const variable of sourceCode.getDeclaredVariables(holder)) {
        if (!variable.defs.some((d) => d.type === 'FunctionName' || d.type === 'Variable')) continue;
        for (const reference of variable.references) {
          const parent = reference.identifier.parent;
          if (parent.type === 'CallExpression' && parent.callee === reference.identifier) calls.push(parent);
        }
      }
      return calls;
    }

    /** A same-file constant's value (`const Q = { … }`). */
    function constantValue(node: TSESTree.Node): TSESTree.Node | undefined {
      if (node.type !== 'Identifier') return node;
      const variable = tracker.variableOf(node);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return undefined;
      if (variable.references.filter((r) => r.isWrite()).length > 1) return undefined;
      return unwrap(def.node.init);
    }

    /** The request body of `fetch(url, { body: … })` or of an HTTP client call (`axios.post(url, body)`). */
    function requestBody(call: TSESTree.CallExpression): TSESTree.Node | undefined {
      const callee = unwrap(call.callee);
      if (callee.type === 'MemberExpression') {
        const name = staticMemberName(callee);
        const client = tracker.instanceType(callee.object);
        const method = client !== undefined && name !== undefined && Object.hasOwn(HTTP_CLIENT_BODIES, client) ? HTTP_CLIENT_BODIES[client]?.[name] : undefined;
        const arg = method ? call.arguments[method.body] : undefined;
        if (!arg || arg.type === 'SpreadElement') return undefined;
        const value = constantValue(unwrap(arg));
        return value ? (jsonStringified(value) ?? value) : undefined;
      }
      if (callee.type !== 'Identifier' || tracker.variableOf(callee)?.defs.length) return undefined;
      const request = Object.hasOwn(HTTP_REQUEST_GLOBALS, callee.name) ? HTTP_REQUEST_GLOBALS[callee.name] : undefined;
      if (!request) return undefined;
      const init = call.arguments[request.options];
      const requestOptions = init && init.type !== 'SpreadElement' ? constantValue(unwrap(init)) : undefined;
      if (requestOptions?.type !== 'ObjectExpression') return undefined;
      const body = requestOptions.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKey(p) === request.body);
      return body ? jsonStringified(unwrap(body.value)) : undefined;
    }

    /** `fetch(url, { body: JSON.stringify({ ksql: … }) })` or `axios.post(url, { ksql })` to ksqlDB or the Flink SQL Gateway. */
    function httpBodySources(call: TSESTree.CallExpression): SqlSource[] {
      const payload = requestBody(call);
      const object = payload ? constantValue(payload) : undefined;
      if (object?.type !== 'ObjectExpression') return [];
      const url = call.arguments[0] ? urlText(call.arguments[0]) : undefined;
      const found: SqlSource[] = [];
      for (const property of object.properties) {
        if (property.type !== 'Property') continue;
        const key = propertyKey(property);
        const endpoint = SQL_HTTP_BODIES.find((e) => e.field === key && (!e.path || (url !== undefined && e.path.test(url))));
        if (endpoint) found.push(...sqlSources(property.value, undefined, endpoint.dialect, 0, new Set()));
      }
      return found;
    }

    /** The static text of a URL argument (`${base}/ksql`), substitutions left out. */
    function urlText(arg: TSESTree.Node): string | undefined {
      const node = arg.type === 'SpreadElement' ? undefined : constantValue(unwrap(arg));
      if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
      if (node?.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('_');
      return undefined;
    }

    function jsonStringified(node: TSESTree.Node): TSESTree.Node | undefined {
      if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
      const json = unwrap(node.callee.object);
      if (json.type !== 'Identifier' || json.name !== 'JSON' || tracker.variableOf(json)?.defs.length) return undefined;
      if (staticMemberName(node.callee) !== 'stringify') return undefined;
      const arg = node.arguments[0];
      return arg && arg.type !== 'SpreadElement' ? unwrap(arg) : undefined;
    }

    return {
      CallExpression(call) {
        const op = queryOperation(call.callee);
        if (op?.text) {
          const arg = call.arguments[op.text.arg];
          if (arg && arg.type !== 'SpreadElement') {
            for (const source of sqlSources(arg, op.text.options, op.dialect, 0, new Set())) analyze(source);
          }
          return;
        }
        for (const source of httpBodySources(call)) analyze(source);
      },
      TaggedTemplateExpression(node) {
        const op = queryOperation(node.tag);
        if (op || isSqlTagName(node.tag)) analyze({ node: node.quasi, parts: templateParts(node.quasi), dialect: op?.dialect });
      },
      'Literal, TemplateLiteral'(node: TSESTree.Literal | TSESTree.TemplateLiteral) {
        // `/* sql */ \`…\``: the editor convention for SQL highlighting.
        const comment = sourceCode.getCommentsBefore(node).at(-1);
        if (comment?.type !== 'Block' || comment.value.trim().toLowerCase() !== 'sql') return;
        // The comment marks the whole `+` chain the literal starts, as a query sink would see it.
        let whole: TSESTree.Node = node;
        while (whole.parent.type === 'BinaryExpression' && whole.parent.operator === '+' && whole.parent.left === whole) whole = whole.parent;
        const parts = literalParts(whole, sourceCode, constantValue);
        if (parts) analyze({ node: whole, parts, dialect: undefined });
      },
    };
  },
});

function dialectOfFile(filename: string, cwd: string, globs: Readonly<Record<string, SqlDialect>> | undefined): SqlDialect | undefined {
  if (!globs) return undefined;
  const relative = path.relative(cwd, filename).split(path.sep).join('/');
  for (const [glob, dialect] of Object.entries(globs)) if (matchGlob(glob, relative)) return dialect;
  return undefined;
}

/** `pg` for an ambient `declare module 'pg'`, or for a declaration file under `node_modules/(@types/)pg/`. */
function packageOf(moduleName: string): string | undefined {
  if (!moduleName.includes('/node_modules/')) return moduleName.startsWith('/') ? undefined : moduleName;
  const match = /\/node_modules\/(?:@types\/)?((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(moduleName);
  const name = match?.[1];
  // @types/scope__name stands for @scope/name.
  return name?.includes('__') === true ? `@${name.replace('__', '/')}` : name;
}

function isSqlTagName(tag: TSESTree.Node): boolean {
  const node = unwrap(tag);
  if (node.type === 'Identifier') return SQL_TAG_NAMES.has(node.name);
  if (node.type === 'MemberExpression') {
    const name = staticMemberName(node);
    return name !== undefined && SQL_TAG_NAMES.has(name);
  }
  return false;
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'Literal' && typeof property.key.value === 'string') return property.key.value;
  return undefined;
}

/** The text parts of a string literal, a template literal, or a `+` chain with at least one of them. */
/**
 * The SQL text parts of a literal or a `+` chain. `resolve` gives a same-file constant's value, so
 * `HEAD + 'FROM readings'` reads HEAD's text; any other operand (and every template
 * substitution) is a placeholder.
 */
function literalParts(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, resolve?: (operand: TSESTree.Node) => TSESTree.Node | undefined, depth = 0): EmbeddedPart[] | undefined {
  if (node.type === 'Literal') {
    if (typeof node.value !== 'string') return undefined;
    return [{ kind: 'string', raw: sourceCode.text.slice(node.range[0] + 1, node.range[1] - 1), offset: node.range[0] + 1 }];
  }
  if (node.type === 'TemplateLiteral') return templateParts(node);
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const operands: TSESTree.Node[] = [];
    const stack: TSESTree.Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop();
      if (!current) break;
      if (current.type === 'BinaryExpression' && current.operator === '+') {
        stack.push(current.right, current.left);
      } else {
        operands.push(current);
      }
    }
    const parts: EmbeddedPart[] = [];
    let literal = false;
    for (const operand of operands) {
      const constant = operand.type === 'Identifier' && resolve && depth < MAX_FOLLOW ? resolve(operand) : undefined;
      const inner =
        operand.type === 'Literal' || operand.type === 'TemplateLiteral'
          ? literalParts(operand, sourceCode)
          : constant && constant !== operand && (constant.type === 'Literal' || constant.type === 'TemplateLiteral' || constant.type === 'BinaryExpression')
            ? literalParts(constant, sourceCode, resolve, depth + 1)
            : undefined;
      if (inner) {
        literal = true;
        parts.push(...inner);
      } else {
        parts.push({ kind: 'hole', start: operand.range[0], end: operand.range[1] });
      }
    }
    return literal ? parts : undefined;
  }
  return undefined;
}

function templateParts(template: TSESTree.TemplateLiteral): EmbeddedPart[] {
  const parts: EmbeddedPart[] = [];
  template.quasis.forEach((quasi, i) => {
    // A quasi's range includes its delimiters: the opening backtick or `}`.
    parts.push({ kind: 'template', raw: quasi.value.raw, offset: quasi.range[0] + 1 });
    const expression = template.expressions[i];
    if (expression) parts.push({ kind: 'hole', start: expression.range[0], end: expression.range[1] });
  });
  return parts;
}

/** The window settings of `settings.rta` (rta.config.yaml), read defensively: an editor may set anything there. */
function configuredWindow(settings: Readonly<Record<string, unknown>>): Omit<WindowOptions, 'dialect'> {
  const streaming = configStrings(settings, 'sql', 'streaming')?.filter((d): d is SqlDialect => (SQL_DIALECTS as readonly string[]).includes(d));
  const allowGlobal = configStrings(settings, 'window', 'allowGlobal');
  const entityColumns = configStrings(settings, 'window', 'entityColumns');
  const partitionKeys = configListMap(settings, 'window', 'partitionKeys');
  return {
    ...(streaming ? { streaming } : {}),
    ...(allowGlobal ? { allowGlobal } : {}),
    ...(entityColumns ? { entityColumns } : {}),
    ...(partitionKeys ? { partitionKeys } : {}),
  };
}
