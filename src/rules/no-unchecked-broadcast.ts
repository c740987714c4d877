import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { librarySpecifiers, skipsFile } from './support/precheck.js';
import {
  ImportTracker,
  isFunctionNode,
  staticMemberName,
  unwrap,
  type FunctionNode,
  type HandlerInfo,
} from '../knowledge/tracking/estree.js';
import { typeServices, typedHasMembers } from '../knowledge/tracking/typed.js';
import { ELEMENT_CALLBACK_METHODS, RETURN_DISCARDING_METHODS } from '../knowledge/generic.js';
import type { HandlerKind } from '../knowledge/model.js';
import {
  SOCKETIO_ACK_TIMEOUT,
  SOCKETIO_EMIT_METHODS,
  SOCKETIO_VOLATILE,
  WS_BUFFERED_AMOUNT,
  WS_SOCKET_SHAPE,
} from '../knowledge/libraries/websocket.js';
import { walk } from './support/walk.js';

type Options = [{ onlyHighFrequency?: boolean; limitName?: string }];
type MessageIds = 'unguardedSend' | 'nonVolatileEmit' | 'guardBufferedAmount' | 'useVolatile';

/** Handlers that run at the pace of a timer or an upstream source, not of a client's request. */
const HIGH_FREQUENCY_KINDS: ReadonlySet<HandlerKind | 'iteration'> = new Set([
  'timer',
  'consumer-message',
  'consumer-batch',
  'stream-data',
  'pubsub-message',
]);

const DEFAULT_LIMIT_NAME = 'MAX_BUFFERED_BYTES';

/** How far a function is followed to where it is called (`tick()` called from a `setInterval` callback). */
const MAX_CALLER_DEPTH = 2;

/** A loop over many sockets and the variable that holds the current one. */
interface SocketLoop {
  /** The `for…of` statement or the iteration callback. */
  node: TSESTree.ForOfStatement | FunctionNode;
  body: TSESTree.Node;
  collection: TSESTree.Node;
}

export default createRule<Options, MessageIds>({
  name: 'no-unchecked-broadcast',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow broadcasting to many WebSocket clients without a send-buffer guard (ws `bufferedAmount`) or, for high-frequency socket.io emits, without `volatile`',
      category: 'backpressure',
      recommended: 'warn',
      strict: 'error',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          onlyHighFrequency: {
            type: 'boolean',
            description:
              'Report socket.io broadcasts only inside setInterval callbacks, recursive setTimeout, consumer handlers, pub/sub listeners and stream data listeners (ws loops are always checked).',
          },
          limitName: {
            type: 'string',
            pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$',
            description: 'Name of the byte limit the ws suggestion compares bufferedAmount with (declared at module scope if absent).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ onlyHighFrequency: true, limitName: DEFAULT_LIMIT_NAME }],
    messages: {
      unguardedSend:
        "`{{client}}.send()` queues a frame for every client of `{{collection}}` and never looks at `{{client}}.bufferedAmount`: a client that reads slowly, or not at all, keeps every frame queued in this process's memory until it runs out. Skip or disconnect clients whose `bufferedAmount` is over a limit.",
      nonVolatileEmit:
        '`{{call}}` broadcasts{{trigger}} without `volatile`: socket.io buffers every packet for clients that are slow or reconnecting, so high-frequency updates pile up in memory for as long as those clients lag. If each update supersedes the previous one, emit it with `.volatile` so socket.io drops it for clients that are not ready.',
      guardBufferedAmount:
        'Skip clients with {{limit}} bytes or more still unsent: `if ({{client}}.bufferedAmount < {{limit}}) …`{{declares}}.',
      useVolatile: 'Emit with `.volatile`: `{{fixed}}`.',
    },
  },
  create(context, [options]) {
    // Untyped, a socket is known only through a ws/socket.io import or the WebSocket global.
    if (skipsFile(context, { specifiers: librarySpecifiers('websocket'), globals: ['WebSocket'], usesTypes: true })) return {};
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    const sourceCode = context.sourceCode;
    const onlyHighFrequency = options.onlyHighFrequency !== false;
    const limitName = options.limitName ?? DEFAULT_LIMIT_NAME;

    /** The loop whose current element `receiver` is: `for (const c of xs)`, `for (const [, c] of map)`, `xs.forEach((c) => …)`. */
    function socketLoopOf(receiver: TSESTree.Node): SocketLoop | undefined {
      const node = unwrap(receiver);
      if (node.type !== 'Identifier') return undefined;
      const def = tracker.variableOf(node)?.defs[0];
      if (!def) return undefined;
      if (def.type === 'Variable') {
        const declaration = def.node.parent;
        const loop = declaration.parent;
        if (loop.type !== 'ForOfStatement' || loop.left !== declaration) return undefined;
        const id = def.node.id;
        if (id !== def.name && !(id.type === 'ArrayPattern' && id.elements[1] === def.name)) return undefined;
        return { node: loop, body: loop.body, collection: loop.right };
      }
      if (def.type === 'Parameter') {
        const fn = def.node;
        if (!isFunctionNode(fn) || fn.params[0] !== def.name) return undefined;
        const info = tracker.handlerOf(fn);
        const callee = info?.registration.callee;
        if (info?.kind !== 'iteration' || callee?.type !== 'MemberExpression' || !ELEMENT_CALLBACK_METHODS.has(staticMemberName(callee) ?? '')) {
          return undefined;
        }
        return { node: fn, body: fn.body, collection: callee.object };
      }
      return undefined;
    }

    function isWsSocket(node: TSESTree.Node): boolean {
      const tracked = tracker.hasRole(node, 'ws-socket');
      if (!services) return tracked;
      const verdict = typedHasMembers(services, node, WS_SOCKET_SHAPE);
      if (verdict === 'no') return false;
      return tracked || verdict === 'yes';
    }

    /** Unguarded sends, by the loop they sit in: one finding per loop, at its head. */
    const unguarded = new Map<TSESTree.Node, { loop: SocketLoop; sends: { call: TSESTree.CallExpression; client: string }[] }>();

    function checkWsSend(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): void {
      const client = callee.object;
      const loop = socketLoopOf(client);
      if (!loop || !isWithin(call, loop.body)) return;
      if (!isWsSocket(client)) return;
      if (hasBufferGuard(loop, client)) return;
      const entry = unguarded.get(loop.node) ?? { loop, sends: [] };
      entry.sends.push({ call, client: sourceCode.getText(unwrap(client)) });
      unguarded.set(loop.node, entry);
    }

    function reportLoops(): void {
      for (const { loop, sends } of unguarded.values()) {
        const first = sends[0];
        if (!first) continue;
        context.report({
          loc: loopHead(loop),
          messageId: 'unguardedSend',
          data: { client: first.client, collection: quote(loop.collection) },
          suggest: guardSuggestion(loop, sends),
        });
      }
    }

    /** `for (const c of xs)` or `xs.forEach`: where the loop is written, not its whole body. */
    function loopHead(loop: SocketLoop): TSESTree.SourceLocation {
      if (loop.node.type === 'ForOfStatement') {
        const paren = sourceCode.getTokenAfter(loop.node.right, (t) => t.value === ')');
        return { start: loop.node.loc.start, end: paren?.loc.end ?? loop.node.right.loc.end };
      }
      const registration = loop.node.parent;
      return registration.type === 'CallExpression' ? registration.callee.loc : loop.node.loc;
    }

    /**
     * Any read of `bufferedAmount` in the loop, in the expression it iterates (a `filter` in front),
     * in the initialiser of the collection variable, or in a helper of this file the loop hands the
     * client to.
     */
    function hasBufferGuard(loop: SocketLoop, client: TSESTree.Node): boolean {
      const roots: TSESTree.Node[] = [loop.body, loop.collection];
      const collection = unwrap(loop.collection);
      if (collection.type === 'Identifier') {
        const def = tracker.variableOf(collection)?.defs[0];
        if (def?.type === 'Variable' && def.node.init) roots.push(def.node.init);
      }
      return roots.some((root) => readsBufferedAmount(root, client, 0));
    }

    function readsBufferedAmount(root: TSESTree.Node, client: TSESTree.Node | undefined, depth: number): boolean {
      let found = false;
      walk(root, (node) => {
        if (found) return false;
        if (node.type === 'MemberExpression' && staticMemberName(node) === WS_BUFFERED_AMOUNT) found = true;
        if (!found && client && depth === 0 && node.type === 'CallExpression' && node.arguments.some((a) => tracker.sameReference(a, client))) {
          const helper = tracker.resolve(node.callee);
          if (helper?.kind === 'function' && readsBufferedAmount(helper.node.body, undefined, depth + 1)) found = true;
        }
        return !found;
      });
      return found;
    }

    function guardSuggestion(
      loop: SocketLoop,
      sends: readonly { call: TSESTree.CallExpression; client: string }[],
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const edits: { replace: TSESTree.Node; text: string }[] = [];
      for (const { call, client } of sends) {
        if (call.optional || (call.callee.type === 'MemberExpression' && call.callee.optional)) continue;
        const condition = `${client}.${WS_BUFFERED_AMOUNT} < ${limitName}`;
        const parent = call.parent;
        if (parent.type === 'ExpressionStatement' && parent.expression === call) {
          let text = `if (${condition}) ${sourceCode.getText(parent)}`;
          // `if (open) c.send(x); else …`: a bare nested `if` would capture the `else`.
          if (parent.parent.type === 'IfStatement' && parent.parent.consequent === parent && parent.parent.alternate) text = `{ ${text} }`;
          edits.push({ replace: parent, text });
        } else if (parent === loop.node && isFunctionNode(loop.node) && loop.node.body === call && discardsReturn(loop.node)) {
          edits.push({ replace: call, text: `{ if (${condition}) ${sourceCode.getText(call)}; }` });
        }
      }
      const first = sends[0];
      if (edits.length === 0 || !first) return [];
      const existing = limitInScope(first.call);
      const declares = existing ? '' : ` (and declare \`const ${limitName} = 1 << 20;\`)`;
      return [
        {
          messageId: 'guardBufferedAmount',
          data: { client: first.client, limit: limitName, declares },
          fix(fixer) {
            const fixes = edits.map((e) => fixer.replaceText(e.replace, e.text));
            if (!existing) fixes.push(declareLimit(fixer));
            return fixes;
          },
        },
      ];
    }

    function discardsReturn(fn: FunctionNode): boolean {
      const callee = tracker.handlerOf(fn)?.registration.callee;
      return callee?.type === 'MemberExpression' && RETURN_DISCARDING_METHODS.has(staticMemberName(callee) ?? '');
    }

    function limitInScope(at: TSESTree.Node): boolean {
      for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at); scope; scope = scope.upper) {
        if (scope.set.has(limitName)) return true;
      }
      return false;
    }

    /** `const LIMIT = 1 << 20;` after the imports (or the leading `require`s and directives). */
    function declareLimit(fixer: TSESLint.RuleFixer): TSESLint.RuleFix {
      const declaration = `const ${limitName} = 1 << 20;`;
      const body = sourceCode.ast.body;
      let anchor: TSESTree.Node | undefined = body.filter((s) => s.type === 'ImportDeclaration').at(-1);
      if (!anchor) {
        for (const statement of body) {
          if (!isDirective(statement) && !isRequireDeclaration(statement)) break;
          anchor = statement;
        }
      }
      if (anchor) return fixer.insertTextAfter(anchor, `\n${declaration}`);
      const first = body[0];
      return first ? fixer.insertTextBefore(first, `${declaration}\n`) : fixer.insertTextBeforeRange([0, 0], `${declaration}\n`);
    }

    // --- socket.io --------------------------------------------------------------------------------

    function checkSocketIoEmit(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): void {
      const target = callee.object;
      const broadcast = tracker.hasRole(target, 'socketio-broadcast');
      let loop: SocketLoop | undefined;
      if (!broadcast) {
        loop = socketLoopOf(target);
        if (!loop || !isWithin(call, loop.body) || !tracker.hasRole(target, 'socketio-socket')) return;
      }
      if (isVolatileOrAcked(target, 0)) return;
      const last = call.arguments.at(-1);
      if (method === 'emit' && last && isFunctionNode(last)) return;
      const trigger = highFrequencyTrigger(call, 0);
      if (trigger === 'connection') return;
      if (onlyHighFrequency && trigger === undefined) return;
      const targetText = sourceCode.getText(unwrap(target));
      const fixed = `${targetText}.${SOCKETIO_VOLATILE}.${method}(…)`;
      context.report({
        node: call,
        messageId: 'nonVolatileEmit',
        data: { call: `${quote(target)}.${method}(…)`, trigger: trigger === undefined ? '' : ` from ${trigger}` },
        suggest: [
          {
            messageId: 'useVolatile',
            data: { fixed },
            fix: (fixer) => fixer.insertTextAfter(target, `.${SOCKETIO_VOLATILE}`),
          },
        ],
      });
    }

    /** `.volatile` or an acknowledgement (`timeout(ms)`) anywhere in the target's chain, through `const` aliases. */
    function isVolatileOrAcked(target: TSESTree.Node, depth: number): boolean {
      let node = unwrap(target);
      for (let steps = 0; steps < 32; steps++) {
        if (node.type === 'MemberExpression') {
          if (staticMemberName(node) === SOCKETIO_VOLATILE) return true;
          node = unwrap(node.object);
        } else if (node.type === 'CallExpression') {
          const callee = unwrap(node.callee);
          if (callee.type === 'MemberExpression' && staticMemberName(callee) === SOCKETIO_ACK_TIMEOUT) return true;
          node = callee.type === 'MemberExpression' ? unwrap(callee.object) : callee;
        } else if (node.type === 'Identifier' && depth < 4) {
          const def = tracker.variableOf(node)?.defs[0];
          return def?.type === 'Variable' && def.node.id.type === 'Identifier' && def.node.init !== null && isVolatileOrAcked(def.node.init, depth + 1);
        } else {
          return false;
        }
      }
      return false;
    }

    /**
     * What makes the emit run often, as a label: a `setInterval` callback, a recursive `setTimeout`,
     * a consumer handler, a pub/sub or stream listener, an endless RxJS subscription; followed to
     * the callers of a named function. `'connection'` for a one-off emit in a connection handler.
     */
    function highFrequencyTrigger(node: TSESTree.Node, depth: number): string | undefined {
      let outer: FunctionNode | undefined;
      for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
        if (!isFunctionNode(n)) continue;
        outer = n;
        const info = tracker.handlerOf(n);
        if (info && info.kind !== 'iteration') {
          const label = frequencyLabel(info);
          if (label !== undefined) return label;
          return info.kind === 'connection' ? 'connection' : undefined;
        }
        if (isRecursiveTimeout(n)) return 'a recursive `setTimeout`';
      }
      if (!outer || depth >= MAX_CALLER_DEPTH) return undefined;
      for (const site of callSites(outer)) {
        const label = highFrequencyTrigger(site, depth + 1);
        if (label !== undefined && label !== 'connection') return label;
      }
      return undefined;
    }

    function frequencyLabel(info: HandlerInfo): string | undefined {
      if (info.kind === 'subscription') {
        const callee = info.registration.callee;
        const source = callee.type === 'MemberExpression' ? tracker.instanceType(callee.object) : undefined;
        const endless = source !== undefined && [...tracker.knowledge.lineage(source)].some(([id]) => id === 'rxjs.Observable.endless');
        return endless ? 'an endless RxJS subscription' : undefined;
      }
      if (info.kind === undefined || !HIGH_FREQUENCY_KINDS.has(info.kind)) return undefined;
      if (info.event !== undefined) return `a '${info.event}' listener`;
      switch (info.kind) {
        case 'timer':
          return 'a `setInterval` callback';
        case 'consumer-message':
          return 'a Kafka message handler';
        case 'consumer-batch':
          return 'a Kafka batch handler';
        default:
          return 'a subscriber listener';
      }
    }

    /** `function tick() { …; setTimeout(tick, ms); }`: a timer loop written with setTimeout. */
    function isRecursiveTimeout(fn: FunctionNode): boolean {
      const name = functionName(fn);
      if (!name) return false;
      let found = false;
      walk(fn.body, (node) => {
        if (found) return false;
        if (node.type === 'CallExpression') {
          const callee = unwrap(node.callee);
          const timer = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
          const task = node.arguments[0];
          if (timer === 'setTimeout' && task && refersTo(task, name)) found = true;
        }
        return !found;
      });
      return found;
    }

    function refersTo(task: TSESTree.Node, name: TSESTree.Identifier): boolean {
      if (task.type === 'Identifier') return tracker.sameReference(task, name);
      if (!isFunctionNode(task)) return false;
      let found = false;
      walk(task.body, (node) => {
        if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && tracker.sameReference(node.callee, name)) found = true;
        return !found;
      });
      return found;
    }

    function functionName(fn: FunctionNode): TSESTree.Identifier | undefined {
      if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id;
      if (fn.parent.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier') return fn.parent.id;
      return undefined;
    }

    /** Calls of a named function of this file: where its frequency comes from. */
    function callSites(fn: FunctionNode): TSESTree.Node[] {
      const name = functionName(fn);
      if (!name) return [];
      const variable = tracker.variableOf(name);
      if (!variable) return [];
      return variable.references
        .map((r) => r.identifier)
        .filter((id) => id.parent.type === 'CallExpression' && id.parent.callee === id)
        .map((id) => id.parent);
    }

    function quote(node: TSESTree.Node): string {
      const text = sourceCode.getText(unwrap(node)).replace(/\s+/g, ' ');
      return text.length > 48 ? `${text.slice(0, 47)}…` : text;
    }

    return {
      CallExpression(call) {
        const callee = unwrap(call.callee);
        if (callee.type !== 'MemberExpression') return;
        const method = staticMemberName(callee);
        if (method === undefined) return;
        if (method === 'send' && !tracker.hasRole(callee.object, 'socketio-broadcast') && !tracker.hasRole(callee.object, 'socketio-socket')) {
          checkWsSend(call, callee);
          return;
        }
        if (SOCKETIO_EMIT_METHODS.has(method)) checkSocketIoEmit(call, callee, method);
      },
      'Program:exit': reportLoops,
    };
  },
});

function isWithin(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  return node.range[0] >= ancestor.range[0] && node.range[1] <= ancestor.range[1];
}

function isDirective(statement: TSESTree.ProgramStatement): boolean {
  return statement.type === 'ExpressionStatement' && statement.directive !== undefined;
}

/** `const x = require('y')` (or a destructuring of it) at the top of a CommonJS file. */
function isRequireDeclaration(statement: TSESTree.ProgramStatement): boolean {
  if (statement.type !== 'VariableDeclaration') return false;
  return statement.declarations.every((d) => {
    let init = d.init ? unwrap(d.init) : undefined;
    while (init?.type === 'MemberExpression') init = unwrap(init.object);
    return init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require';
  });
}
