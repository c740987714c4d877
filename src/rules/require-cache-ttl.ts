import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { ImportTracker, isFunctionNode, staticMemberName, stringValue, unwrap } from '../knowledge/tracking/estree.js';
import type { ExpiryDef, OperationDef } from '../knowledge/model.js';
import { propertyValue } from './support/dashboard-paths.js';
import { walk } from './support/walk.js';
import { configList } from './support/settings.js';
import { typeServices, typedImportedInstance } from '../knowledge/tracking/typed.js';

type Options = [{ constantName?: string; invalidators?: string[] }];
type MessageIds = 'noExpiry' | 'hashNoExpiry' | 'storeNoExpiry' | 'addTtl' | 'addExpire' | 'addStoreTtl';

/** The TTL the suggestion proposes; the constant makes it easy to find and change. */
const DEFAULT_TTL_SECONDS = 60;
const DEFAULT_CONSTANT = 'CACHE_TTL_SECONDS';
/** Deleting the key on writes is the other way to keep a cache fresh (RULES.md 3c). */
const INVALIDATING_METHODS: ReadonlySet<string> = new Set(['del', 'unlink', 'delete', 'DEL', 'UNLINK', 'hDel', 'hdel']);

type CacheWrite = Extract<OperationDef, { kind: 'cache-write' }>;

export default createRule<Options, MessageIds>({
  name: 'require-cache-ttl',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an expiry on values written to a cache: Redis `set`/`hset` without a TTL, `LRUCache` with neither `ttl` nor a size bound',
      category: 'cache',
      recommended: 'warn',
      strict: 'error',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          constantName: {
            type: 'string',
            pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$',
            description: 'Name of the module-level constant (in seconds) the suggestion uses or creates.',
          },
          invalidators: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Functions that delete cache entries when the data changes (mirrors `cache.invalidators`): a file that calls one is not reported.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ constantName: DEFAULT_CONSTANT }],
    messages: {
      noExpiry:
        '`{{call}}` stores a cache entry with no expiry: it is never refreshed, so dashboards serve stale data until someone deletes the key, and Redis memory only grows.',
      hashNoExpiry:
        '`{{call}}` writes a hash that nothing expires (no `expire` on the same key follows): it is served stale forever and Redis memory only grows.',
      storeNoExpiry:
        '`new {{name}}(…)` has neither `ttl` nor `max`/`maxSize`: entries never expire or get evicted (lru-cache throws on this at start-up; older caches grow without bound).',
      addTtl: 'Expire the entry after `{{constant}}` seconds.',
      addExpire: 'Add `expire(key, {{constant}})` after the write.',
      addStoreTtl: 'Give entries a `ttl` of `{{constant}}` seconds.',
    },
  },
  create(context, [options]) {
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    // A client imported from the project's own cache module is known through the program.
    const instanceType = (node: TSESTree.Node) =>
      tracker.instanceType(node) ?? (services ? typedImportedInstance(services, unwrap(node), tracker.knowledge) : undefined);
    const sourceCode = context.sourceCode;
    const constant = options.constantName ?? DEFAULT_CONSTANT;
    const invalidators = new Set([...(options.invalidators ?? []), ...configList(context.settings, 'cache', 'invalidators')]);
    let fileInvalidates: boolean | undefined;
    const isCacheClient = (node: TSESTree.Node): boolean => {
      const type = instanceType(node);
      return type !== undefined && tracker.knowledge.hasRole(type, 'cache-client');
    };

    /** Keys deleted somewhere in this file (by shape), or any configured invalidator called. */
    const deletedKeys = new Set<string>();
    function invalidated(key: TSESTree.Node | undefined): boolean {
      if (fileInvalidates === undefined) {
        fileInvalidates = false;
        walk(sourceCode.ast, (node) => {
          if (node.type !== 'CallExpression') return true;
          const callee = unwrap(node.callee);
          const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
          if (name !== undefined && invalidators.has(name)) fileInvalidates = true;
          if (callee.type === 'MemberExpression' && name !== undefined && INVALIDATING_METHODS.has(name) && isCacheClient(callee.object)) {
            for (const arg of node.arguments) {
              const shape = keyShape(arg);
              if (shape !== undefined) deletedKeys.add(shape);
            }
          }
          return true;
        });
      }
      if (fileInvalidates) return true;
      const shape = key && keyShape(key);
      return shape !== undefined && deletedKeys.has(shape);
    }

    function constantFixes(fixer: TSESLint.RuleFixer, at: TSESTree.Node): TSESLint.RuleFix[] {
      if (hasModuleConstant(sourceCode, at, constant)) return [];
      const body = sourceCode.ast.body;
      const lastImport = [...body].reverse().find((s) => s.type === 'ImportDeclaration');
      const text = `const ${constant} = ${String(DEFAULT_TTL_SECONDS)};`;
      if (lastImport) return [fixer.insertTextAfter(lastImport, `\n\n${text}`)];
      const first = body[0];
      return first ? [fixer.insertTextBefore(first, `${text}\n\n`)] : [];
    }

    function checkWrite(call: TSESTree.CallExpression, op: CacheWrite, name: string): void {
      const verdict = expiryVerdict(call, op.expiry);
      if (verdict !== 'missing') return;
      const key = call.arguments[op.key];
      if (expiredLater(call, key, tracker, instanceType, sourceCode) || invalidated(key)) return;
      const callText = `${sourceCode.getText(call.callee)}(…)`;
      if (op.expiry.kind === 'never') {
        const statement = enclosingStatement(call);
        context.report({
          node: call,
          messageId: 'hashNoExpiry',
          data: { call: callText },
          suggest:
            statement && key && call.callee.type === 'MemberExpression' && !call.optional
              ? [
                  {
                    messageId: 'addExpire',
                    data: { constant },
                    fix: (fixer) => {
                      const awaited = call.parent.type === 'AwaitExpression' ? 'await ' : '';
                      const expire = `${awaited}${sourceCode.getText(call.callee.type === 'MemberExpression' ? call.callee.object : call.callee)}.expire(${sourceCode.getText(key)}, ${constant});`;
                      const indent = /^\s*/.exec(sourceCode.lines[statement.loc.start.line - 1] ?? '')?.[0] ?? '';
                      return [fixer.insertTextAfter(statement, `\n${indent}${expire}`), ...constantFixes(fixer, call)];
                    },
                  },
                ]
              : [],
        });
        return;
      }
      const addition = expiryAddition(call, op.expiry, constant);
      context.report({
        node: call,
        messageId: 'noExpiry',
        data: { call: callText, name },
        suggest: addition
          ? [{ messageId: 'addTtl', data: { constant }, fix: (fixer) => [addition(fixer), ...constantFixes(fixer, call)] }]
          : [],
      });
    }

    return {
      CallExpression(call) {
        const callee = unwrap(call.callee);
        if (callee.type !== 'MemberExpression') return;
        const name = staticMemberName(callee);
        const receiver = name === undefined ? undefined : instanceType(callee.object);
        if (name === undefined || receiver === undefined) return;
        const op = tracker.knowledge.operation(receiver, name);
        if (op?.kind === 'cache-write') checkWrite(call, op, name);
      },
      NewExpression(node) {
        const ctor = tracker.resolve(node.callee);
        const instance = ctor && tracker.construct(ctor);
        if (instance?.kind !== 'instance') return;
        const store = tracker.knowledge.cacheStore(instance.type);
        if (!store) return;
        const options = node.arguments[0];
        if (options && unwrap(options).type !== 'ObjectExpression') return;
        const object = options ? (unwrap(options) as TSESTree.ObjectExpression) : undefined;
        // A spread or computed key may bring the missing option: only report what is visibly absent.
        if (object?.properties.some((p) => p.type === 'SpreadElement' || p.computed)) return;
        const has = (keys: readonly string[]) => keys.some((k) => object !== undefined && propertyValue(object, k) !== undefined);
        if (has(store.ttlOptions) || has(store.boundOptions)) return;
        const name = sourceCode.getText(node.callee);
        // ttl without a size bound needs ttlAutopurge, or lru-cache warns of unbounded growth.
        const props = `ttl: ${constant} * 1000, ttlAutopurge: true`;
        let edit: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined;
        if (!object) {
          const closing = sourceCode.getLastToken(node);
          const open = closing && sourceCode.getTokenBefore(closing);
          if (open?.value === '(' && closing?.value === ')') edit = (fixer) => fixer.insertTextAfter(open, `{ ${props} }`);
        } else {
          const last = object.properties[object.properties.length - 1];
          edit = last ? (fixer) => fixer.insertTextAfter(last, `, ${props}`) : (fixer) => fixer.replaceText(object, `{ ${props} }`);
        }
        const apply = edit;
        context.report({
          node,
          messageId: 'storeNoExpiry',
          data: { name },
          suggest: apply ? [{ messageId: 'addStoreTtl', data: { constant }, fix: (fixer) => [apply(fixer), ...constantFixes(fixer, node)] }] : [],
        });
      },
    };
  },
});

/** Does the write carry an expiry (`'EX', 30` / `{ EX: 30 }`), visibly not, or is it not a cache entry at all? */
function expiryVerdict(call: TSESTree.CallExpression, expiry: ExpiryDef): 'present' | 'missing' | 'not-cache' | 'unknown' {
  const upper = (node: TSESTree.Node | undefined) => stringValue(node)?.toUpperCase();
  switch (expiry.kind) {
    case 'always':
      return 'present';
    case 'never':
      return 'missing';
    case 'tokens': {
      const rest = call.arguments.slice(expiry.from);
      if (call.arguments.some((a) => a.type === 'SpreadElement')) return 'unknown';
      for (const arg of rest) {
        const token = upper(arg);
        if (token === undefined) {
          // A computed mode (`redis.set(k, v, mode, ttl)`) or a callback: cannot tell.
          if (isFunctionNode(unwrap(arg))) continue;
          if (unwrap(arg).type === 'Literal') continue;
          return 'unknown';
        }
        if (expiry.tokens.includes(token)) return 'present';
        if (expiry.notCache?.includes(token)) return 'not-cache';
      }
      return 'missing';
    }
    case 'options': {
      if (call.arguments.some((a) => a.type === 'SpreadElement')) return 'unknown';
      const arg = call.arguments[expiry.arg];
      if (!arg) return 'missing';
      const object = unwrap(arg);
      if (object.type !== 'ObjectExpression') return 'unknown';
      if (object.properties.some((p) => p.type === 'SpreadElement' || p.computed)) return 'unknown';
      for (const key of expiry.keys) if (propertyValue(object, key) !== undefined) return 'present';
      for (const key of expiry.notCache ?? []) if (propertyValue(object, key) !== undefined) return 'not-cache';
      // node-redis 5: `{ condition: 'NX' }`
      const condition = stringValue(propertyValue(object, 'condition'))?.toUpperCase();
      if (condition !== undefined && expiry.notCache?.includes(condition)) return 'not-cache';
      return 'missing';
    }
  }
}

/** The edit that adds the TTL to the call, or undefined when the call's shape makes it unsafe. */
function expiryAddition(
  call: TSESTree.CallExpression,
  expiry: ExpiryDef,
  constant: string,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  if (call.optional || (call.callee.type === 'MemberExpression' && call.callee.optional)) return undefined;
  if (expiry.kind === 'tokens') {
    // Only right after the value: later arguments (a callback) would change meaning.
    if (call.arguments.length !== expiry.from) return undefined;
    const last = call.arguments[call.arguments.length - 1];
    return last ? (fixer) => fixer.insertTextAfter(last, `, 'EX', ${constant}`) : undefined;
  }
  if (expiry.kind === 'options') {
    const arg = call.arguments[expiry.arg];
    if (!arg) {
      if (call.arguments.length !== expiry.arg) return undefined;
      const last = call.arguments[call.arguments.length - 1];
      return last ? (fixer) => fixer.insertTextAfter(last, `, { EX: ${constant} }`) : undefined;
    }
    const object = unwrap(arg);
    if (object.type !== 'ObjectExpression') return undefined;
    const first = object.properties[0];
    if (!first) return (fixer) => fixer.replaceText(object, `{ EX: ${constant} }`);
    return (fixer) => fixer.insertTextBefore(first, `EX: ${constant}, `);
  }
  return undefined;
}

/** An `expire`/`pexpire` on the same key later in the same function, or chained after the write. */
function expiredLater(
  call: TSESTree.CallExpression,
  key: TSESTree.Node | undefined,
  tracker: ImportTracker,
  instanceType: (node: TSESTree.Node) => string | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  if (!key) return false;
  const wanted = keyShape(key) ?? sourceCode.getText(key);
  let scope: TSESTree.Node = call;
  while (scope.parent && !isFunctionNode(scope)) scope = scope.parent;
  let found = false;
  walk(scope, (node) => {
    if (found) return false;
    if (node.type === 'CallExpression' && node !== call && node.range[0] >= call.range[0]) {
      const callee = unwrap(node.callee);
      const name = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
      const receiver = callee.type === 'MemberExpression' ? instanceType(callee.object) : undefined;
      const op = name !== undefined && receiver !== undefined ? tracker.knowledge.operation(receiver, name) : undefined;
      if (op?.kind === 'cache-expire') {
        const other = node.arguments[op.key];
        if (other && (keyShape(other) ?? sourceCode.getText(other)) === wanted) found = true;
      }
    }
    return true;
  });
  return found;
}

/** A key's shape: literal text, or a template's fixed parts (`dash:top:*`). */
function keyShape(node: TSESTree.Node): string | undefined {
  const n = unwrap(node);
  const literal = stringValue(n);
  if (literal !== undefined) return literal;
  if (n.type === 'TemplateLiteral') return n.quasis.map((q) => q.value.cooked ?? q.value.raw).join('*');
  return undefined;
}

function enclosingStatement(node: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  let n: TSESTree.Node = node;
  if (n.parent?.type === 'AwaitExpression') n = n.parent;
  return n.parent?.type === 'ExpressionStatement' ? n.parent : undefined;
}

function hasModuleConstant(sourceCode: Readonly<TSESLint.SourceCode>, at: TSESTree.Node, name: string): boolean {
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at); scope; scope = scope.upper) {
    if (scope.set.has(name)) return true;
  }
  return false;
}
