import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import {
  ImportTracker,
  isFunctionNode,
  staticMemberName,
  stringValue,
  unwrap,
  type FunctionNode,
  type HandlerInfo,
} from '../knowledge/tracking/estree.js';
import { typeServices, typedCollection, typedRole, typedThenable } from '../knowledge/tracking/typed.js';
import type { BufferDef, HandlerKind } from '../knowledge/model.js';
import {
  DEFERRING_FUNCTIONS,
  END_OF_STREAM_HELPERS,
  LISTENER_METHODS,
  ONCE_LISTENER_METHODS,
  OWNER_END_EVENTS,
  PROMISE_CHAIN_METHODS,
  RETURN_DISCARDING_METHODS,
  SLOW_PEER_DROP_METHODS,
  STREAM_END_EVENTS,
} from '../knowledge/generic.js';
import { FLOW_PAUSE_METHOD } from '../knowledge/libraries/node.js';
import { walk } from './support/walk.js';

type MessageIds = 'appendOuter' | 'detachedWork';

/** Handlers that run once per message, chunk or batch: where an outer buffer can outgrow its consumer. */
const MESSAGE_KINDS: ReadonlySet<HandlerKind | 'iteration'> = new Set([
  'consumer-message',
  'consumer-batch',
  'socket-message',
  'stream-data',
  'pubsub-message',
]);

/**
 * Handlers where work started and not awaited escapes the source's flow control: kafkajs waits for
 * the handler's promise, a Kafka or stream listener can be paused. Socket and pub/sub listeners are
 * left out on purpose: awaiting there adds no backpressure, and `handle(msg).catch(log)` is the
 * ordinary way to serve one request per message.
 */
const DETACHED_KINDS: ReadonlySet<HandlerKind | 'iteration'> = new Set(['consumer-message', 'consumer-batch', 'stream-data']);

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);

/** Longest source text quoted in a message. */
const MAX_QUOTE = 48;

interface Handler {
  fn: FunctionNode;
  info: HandlerInfo;
}

interface Buffer {
  /** The expression that holds the buffer (`pending`, `this.queue`, `limit`). */
  holder: TSESTree.Node;
  def: BufferDef;
  /** An in-process task queue or limiter, whose append returns a promise of the task. */
  tasks: boolean;
}

export default createRule<[], MessageIds>({
  name: 'no-unbounded-consumer-buffer',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow consumer handlers that add every message to a collection outside the handler with no bound, or start work they never await',
      category: 'backpressure',
      recommended: 'error',
      strict: 'error',
    },
    schema: [],
    defaultOptions: [],
    messages: {
      appendOuter:
        '`{{collection}}` lives outside this {{handler}} and `{{call}}` adds to it for every message with nothing bounding it: when processing falls behind, it holds every message not yet processed until the process runs out of memory. {{hint}}',
      detachedWork:
        '`{{call}}` starts asynchronous work that this {{handler}} neither awaits nor returns: {{consequence}}',
    },
  },
  create(context) {
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    const sourceCode = context.sourceCode;
    const handlers = new Map<FunctionNode, Handler | null>();

    /** The handler a function is, when the library calls it once per message; cached per function. */
    function messageHandler(fn: FunctionNode): Handler | null {
      const cached = handlers.get(fn);
      if (cached !== undefined) return cached;
      const info = tracker.handlerOf(fn);
      const found = info && isMessageHandler(info) ? { fn, info } : null;
      handlers.set(fn, found);
      return found;
    }

    function isMessageHandler(info: HandlerInfo): boolean {
      if (info.kind === undefined || !MESSAGE_KINDS.has(info.kind)) return false;
      if (info.def) return true;
      // An event name alone is not enough: the emitter must be known, by imports or by its type.
      if (!services || !info.emitter) return false;
      if (info.event === 'data') return typedRole(services, info.emitter, 'readable') === 'yes';
      if (info.event === 'line') return typedRole(services, info.emitter, 'readline-interface') === 'yes';
      return false;
    }

    /** The nearest enclosing message handler, crossing nested callbacks (iteration, `.then`, timers). */
    function enclosingHandler(node: TSESTree.Node): Handler | undefined {
      for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
        if (isFunctionNode(n)) {
          const handler = messageHandler(n);
          if (handler) return handler;
        }
      }
      return undefined;
    }

    /** The buffer an append call adds to, when the callee is one. */
    function bufferOfCall(call: TSESTree.CallExpression): Buffer | undefined {
      const callee = unwrap(call.callee);
      if (callee.type === 'MemberExpression') {
        const method = staticMemberName(callee);
        // Only a method some buffer appends with is worth a (possibly typed) look at the receiver.
        if (method === undefined || !tracker.knowledge.isAppendName(method)) return undefined;
        const buffer = bufferOf(callee.object);
        if (!buffer?.def.appends.includes(method)) return undefined;
        const minArgs = buffer.def.insertsAfterArgs?.[method];
        if (minArgs !== undefined && call.arguments.length <= minArgs) return undefined;
        return buffer;
      }
      const limiter = bufferOf(callee);
      return limiter?.def.callAppends ? limiter : undefined;
    }

    function bufferOf(holder: TSESTree.Node): Buffer | undefined {
      const type = tracker.instanceType(holder);
      const tracked = type === undefined ? undefined : tracker.knowledge.buffer(type);
      const isCollection = type !== undefined && tracker.knowledge.hasRole(type, 'collection');
      if (services && (tracked === undefined || isCollection)) {
        // Types decide for the language's containers: they confirm what imports cannot see (a field
        // typed in another file) and overrule a literal later replaced by something else.
        const typed = typedCollection(services, holder);
        if (typed === 'Array' || typed === 'Set' || typed === 'Map') {
          const def = builtinBuffer(typed);
          return def ? { holder, def, tasks: false } : undefined;
        }
        if (typed === 'other') return undefined;
      }
      if (!tracked || type === undefined) return undefined;
      return { holder, def: tracked, tasks: !isCollection };
    }

    function builtinBuffer(name: 'Array' | 'Set' | 'Map'): BufferDef | undefined {
      const type = tracker.knowledge.member('global', 'classes', name);
      return type === undefined ? undefined : tracker.knowledge.buffer(type);
    }

    function checkAppend(call: TSESTree.CallExpression): void {
      // The handler first: it is cached per function, while a buffer may need the type checker,
      // and most calls of a file are in no message handler at all.
      const handler = enclosingHandler(call);
      if (!handler) return;
      const buffer = bufferOfCall(call);
      if (!buffer) return;
      if (!isOutside(buffer.holder, handler.fn)) return;
      const values = appendedValues(call, buffer);
      if (!values.some((v) => derivesFromHandler(v, handler.fn))) return;
      // A task queue whose promise is awaited, returned or kept waits for the work: no buffer grows.
      if (buffer.tasks && !isDiscarded(call, true)) return;
      if (isKeyedState(call, buffer, handler)) return;
      if (isFiniteStreamCollection(handler)) return;
      if (hasBound(call, buffer, handler)) return;

      const collection = quote(buffer.holder);
      context.report({
        node: call,
        messageId: 'appendOuter',
        data: {
          collection,
          call: callText(call),
          handler: handlerLabel(handler),
          hint: boundHint(buffer, collection, handler),
        },
      });
    }

    /** The root of `a.b.get(k).push` is `a`: where the collection is declared decides "outside". */
    function isOutside(holder: TSESTree.Node, fn: FunctionNode): boolean {
      let node = unwrap(holder);
      for (;;) {
        if (node.type === 'MemberExpression') node = unwrap(node.object);
        else if (node.type === 'CallExpression') node = unwrap(node.callee);
        else break;
      }
      if (node.type === 'ThisExpression') return !isWithin(thisOwner(node), fn);
      if (node.type !== 'Identifier') return false;
      const variable = tracker.variableOf(node);
      const def = variable?.defs[0];
      if (!def) return false;
      return !isWithin(def.name, fn);
    }

    /**
     * What `this` belongs to: arrow functions keep the `this` of where they are written, methods
     * and field initialisers belong to the instance (the class), other functions bind their own.
     */
    function thisOwner(node: TSESTree.Node): TSESTree.Node {
      for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
        if (n.type === 'ClassBody') return n;
        if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression') {
          return n.parent.type === 'MethodDefinition' ? n.parent.parent : n;
        }
      }
      return sourceCode.ast;
    }

    function appendedValues(call: TSESTree.CallExpression, buffer: Buffer): TSESTree.Node[] {
      const args = call.arguments.map((a) => (a.type === 'SpreadElement' ? a.argument : a));
      const callee = unwrap(call.callee);
      // `splice(start, deleteCount, ...items)`: only the items are added.
      if (callee.type === 'MemberExpression') {
        const minArgs = buffer.def.insertsAfterArgs?.[staticMemberName(callee) ?? ''];
        if (minArgs !== undefined) return args.slice(minArgs);
      }
      return args;
    }

    /**
     * A value built from what the handler was given: its parameters (the message, the batch), the
     * parameters of callbacks inside it (`batch.messages.forEach((m) => …)`), or locals computed
     * from those.
     */
    function derivesFromHandler(value: TSESTree.Node, fn: FunctionNode): boolean {
      const seen = new Set<TSESTree.Node>();
      const derived = (node: TSESTree.Node, depth: number): boolean => {
        if (depth > 8 || seen.has(node)) return false;
        seen.add(node);
        let found = false;
        walk(node, (n) => {
          if (found) return false;
          if (n.type === 'Identifier' && isReference(n)) {
            const variable = tracker.variableOf(n);
            for (const def of variable?.defs ?? []) {
              if (!isWithin(def.name, fn)) continue;
              if (def.type === 'Parameter') found = true;
              else if (def.type === 'Variable') {
                const declarator = def.node;
                const loop = declarator.parent.parent;
                if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') {
                  if (derived(loop.right, depth + 1)) found = true;
                } else if (declarator.init && derived(declarator.init, depth + 1)) {
                  found = true;
                }
              }
            }
          }
          return !found;
        });
        return found;
      };
      return derived(value, 0);
    }

    /**
     * Sets and maps hold each key once, so they grow with the number of distinct keys: entity
     * state (latest reading per sensor, a counter per region) is bounded by the entities. They
     * grow per message only when the key (or the stored value) is unique to each message: the
     * message object itself, its offset, a promise, a fresh object.
     */
    function isKeyedState(call: TSESTree.CallExpression, buffer: Buffer, handler: Handler): boolean {
      if (!buffer.def.unique) return false;
      const key = call.arguments[0];
      if (!key || key.type === 'SpreadElement') return true;
      if (isMessageKey(key) || isUpdatedInPlace(call, key, buffer, handler)) return true;
      if (isUniquePerMessage(key, handler.fn, 0)) return false;
      const value = call.arguments[1];
      return !(buffer.def.keyedReads && value && value.type !== 'SpreadElement' && isMessageItself(value, handler.fn));
    }

    /** `m.set(k, (m.get(k) ?? 0) + 1)`: the entry for the same key is read and rewritten. */
    function isUpdatedInPlace(call: TSESTree.CallExpression, key: TSESTree.Node, buffer: Buffer, handler: Handler): boolean {
      const reads = buffer.def.keyedReads;
      if (!reads) return false;
      let found = false;
      walk(handler.fn.body, (node) => {
        if (found) return false;
        if (node.type === 'CallExpression' && node !== call) {
          const callee = unwrap(node.callee);
          if (
            callee.type === 'MemberExpression' &&
            reads.includes(staticMemberName(callee) ?? '') &&
            tracker.sameReference(callee.object, buffer.holder) &&
            node.arguments[0] !== undefined &&
            sameKey(node.arguments[0], key)
          ) {
            found = true;
          }
        }
        return !found;
      });
      return found;
    }

    /** A value that is new for every message: the message, its offset, a promise, a fresh object or array. */
    function isUniquePerMessage(input: TSESTree.Node, fn: FunctionNode, depth: number): boolean {
      const node = unwrap(input);
      if (depth > 4) return false;
      switch (node.type) {
        case 'ObjectExpression':
        case 'ArrayExpression':
        case 'NewExpression':
        case 'ArrowFunctionExpression':
        case 'FunctionExpression':
          return true;
        default:
          break;
      }
      if (tracker.hasRole(node, 'message-offset') || tracker.hasRole(node, 'promise') || isMessageItself(node, fn)) return true;
      if (node.type === 'CallExpression') {
        if (helperOf(node)?.async) return true;
        return services !== undefined && typedThenable(services, node) === 'yes';
      }
      if (node.type === 'Identifier') {
        const def = tracker.variableOf(node)?.defs[0];
        if (def?.type === 'Variable' && def.node.id === def.name && def.node.init && isWithin(def.name, fn)) {
          return isUniquePerMessage(def.node.init, fn, depth + 1);
        }
      }
      return false;
    }

    /** The message the handler was given: a Kafka message by its tracked type, or a handler's own parameter. */
    function isMessageItself(input: TSESTree.Node, fn: FunctionNode): boolean {
      const node = unwrap(input);
      if (tracker.hasRole(node, 'kafka-message')) return true;
      if (node.type !== 'Identifier') return false;
      const def = tracker.variableOf(node)?.defs[0];
      if (def?.type !== 'Parameter' || !isFunctionNode(def.node) || !isWithin(def.node, fn)) return false;
      return def.node.params.some((p) => p === def.name || (p.type === 'AssignmentPattern' && p.left === def.name));
    }

    function sameKey(a: TSESTree.Node, b: TSESTree.Node): boolean {
      return tracker.sameReference(a, b) || sourceCode.getText(unwrap(a)) === sourceCode.getText(unwrap(b));
    }

    /**
     * A Readable collected to its end (`chunks.push(c)` with an `'end'` listener, `finished()` or
     * `once(s, 'end')`): the body of one request or file, finite by construction. For a stream
     * that belongs to another object (`child.stdout`), the owner's end (`child.on('exit')`) counts.
     */
    function isFiniteStreamCollection(handler: Handler): boolean {
      const { info } = handler;
      if (info.kind !== 'stream-data' || !info.emitter) return false;
      const emitter = info.emitter;
      const unwrapped = unwrap(emitter);
      const streamOwner = unwrapped.type === 'MemberExpression' ? unwrapped.object : undefined;
      const ends = (target: TSESTree.Node, event: string): boolean =>
        (STREAM_END_EVENTS.has(event) && sameEmitter(target, emitter)) ||
        (streamOwner !== undefined && OWNER_END_EVENTS.has(event) && tracker.sameReference(target, streamOwner));
      let owner: TSESTree.Node = info.registration;
      while (owner.type !== 'Program' && !isFunctionNode(owner)) owner = owner.parent;
      let found = false;
      walk(owner, (node) => {
        if (found) return false;
        if (node.type === 'CallExpression') {
          const callee = unwrap(node.callee);
          if (callee.type === 'MemberExpression') {
            const method = staticMemberName(callee) ?? '';
            const event = stringValue(node.arguments[0]);
            if ((LISTENER_METHODS.has(method) || ONCE_LISTENER_METHODS.has(method)) && event !== undefined && ends(callee.object, event)) {
              found = true;
            }
          }
          const name = calleeName(callee);
          const first = node.arguments[0];
          const event = stringValue(node.arguments[1]);
          if (first && first.type !== 'SpreadElement') {
            if (name !== undefined && END_OF_STREAM_HELPERS.has(name) && sameEmitter(first, emitter)) found = true;
            if (event !== undefined && ends(first, event)) found = true;
          }
        }
        return !found;
      });
      return found;
    }

    /** Emitters compare by reference, and `s.on('data', …).on('end', …)` chains count as the same stream. */
    function sameEmitter(a: TSESTree.Node, emitter: TSESTree.Node): boolean {
      if (tracker.sameReference(a, emitter)) return true;
      const node = unwrap(a);
      if (node.type === 'CallExpression') {
        const callee = unwrap(node.callee);
        if (callee.type === 'MemberExpression' && LISTENER_METHODS.has(staticMemberName(callee) ?? '')) return sameEmitter(callee.object, emitter);
      }
      return false;
    }

    /**
     * A bound the handler (or a helper of this file it calls) puts on the same buffer: a size
     * comparison that leads to a drop, a wait or a pause; the append made only when the size allows
     * it; a wait for room (`await queue.onSizeLessThan(n)`); or a flush that empties it on every message.
     */
    function hasBound(call: TSESTree.CallExpression, buffer: Buffer, handler: Handler): boolean {
      const roots: TSESTree.Node[] = [handler.fn.body, ...calledHelpers(handler.fn)];
      return roots.some((root) => boundIn(root, call, buffer, root === handler.fn.body));
    }

    function boundIn(root: TSESTree.Node, call: TSESTree.CallExpression, buffer: Buffer, isHandler: boolean): boolean {
      let found = false;
      walk(root, (node) => {
        if (found) return false;
        if (node.type === 'BinaryExpression' && COMPARISON_OPERATORS.has(node.operator) && readsSize(node, buffer)) {
          const guarded = guardedBy(node);
          if (guarded.some((g) => isWithin(call, g) || leadsToRelief(g, buffer))) found = true;
        }
        if (node.type === 'AwaitExpression' && isCallOn(node.argument, buffer, buffer.def.waits ?? [])) found = true;
        // An unconditional removal (or flush) empties the buffer on every message.
        if (isHandler && node.type !== 'Program' && isRemoval(node, buffer) && !isConditional(node, root)) found = true;
        return !found;
      });
      return found;
    }

    function readsSize(node: TSESTree.Node, buffer: Buffer): boolean {
      let found = false;
      walk(node, (n) => {
        if (found) return false;
        if (n.type === 'MemberExpression' && buffer.def.sizes.includes(staticMemberName(n) ?? '') && tracker.sameReference(n.object, buffer.holder)) {
          found = true;
        }
        return !found;
      });
      return found;
    }

    /** The code that runs depending on a comparison: branches of the `if`/`?:`, a loop body, the right of `&&`/`||`. */
    function guardedBy(comparison: TSESTree.Node): TSESTree.Node[] {
      let child: TSESTree.Node = comparison;
      for (let n: TSESTree.Node | undefined = comparison.parent; n; n = n.parent) {
        switch (n.type) {
          case 'IfStatement':
          case 'ConditionalExpression':
            if (n.test !== child) return [];
            return [n.consequent, ...(n.alternate ? [n.alternate] : [])];
          case 'WhileStatement':
          case 'DoWhileStatement':
          case 'ForStatement':
            return n.test === child ? [n.body] : [];
          case 'LogicalExpression':
            if (n.left === child) return [n.right];
            break;
          case 'UnaryExpression':
            if (n.operator !== '!') return [];
            break;
          default:
            return [];
        }
        child = n;
      }
      return [];
    }

    /** A drop, a wait, a pause, a disconnect, or a flush that takes from this buffer. */
    function leadsToRelief(branch: TSESTree.Node, buffer: Buffer): boolean {
      let found = false;
      walk(branch, (node) => {
        if (found) return false;
        switch (node.type) {
          case 'ReturnStatement':
          case 'ThrowStatement':
          case 'BreakStatement':
          case 'ContinueStatement':
          case 'AwaitExpression':
          case 'YieldExpression':
            found = true;
            break;
          case 'CallExpression': {
            const callee = unwrap(node.callee);
            const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
            if (method === FLOW_PAUSE_METHOD || (method !== undefined && SLOW_PEER_DROP_METHODS.has(method))) found = true;
            break;
          }
          default:
            break;
        }
        if (!found && isRemoval(node, buffer)) found = true;
        return !found;
      });
      return found;
    }

    /** `buf.shift()`, `buf.splice(0)`, `buf.length = 0`, `buf = []`, or a call to a helper of this file that does one of those. */
    function isRemoval(node: TSESTree.Node, buffer: Buffer, depth = 0): boolean {
      if (node.type === 'AssignmentExpression') {
        const target = node.left;
        if (tracker.sameReference(target, buffer.holder)) return true;
        return target.type === 'MemberExpression' && staticMemberName(target) === 'length' && tracker.sameReference(target.object, buffer.holder);
      }
      if (node.type !== 'CallExpression') return false;
      // `splice(i, 0, item)` is listed as both; with items it adds.
      if (isCallOn(node, buffer, buffer.def.removes ?? []) && !isInsert(node, buffer)) return true;
      if (depth > 0) return false;
      const helper = helperOf(node);
      if (!helper) return false;
      let found = false;
      walk(helper.body, (n) => {
        if (found) return false;
        if (n !== helper.body && isFunctionNode(n)) return false;
        if (isRemoval(n, buffer, depth + 1)) found = true;
        return !found;
      });
      return found;
    }

    function isInsert(call: TSESTree.CallExpression, buffer: Buffer): boolean {
      const callee = unwrap(call.callee);
      const minArgs = callee.type === 'MemberExpression' ? buffer.def.insertsAfterArgs?.[staticMemberName(callee) ?? ''] : undefined;
      return minArgs !== undefined && call.arguments.length > minArgs;
    }

    function isCallOn(node: TSESTree.Node, buffer: Buffer, methods: readonly string[]): boolean {
      const call = unwrap(node);
      if (call.type !== 'CallExpression') return false;
      const callee = unwrap(call.callee);
      return callee.type === 'MemberExpression' && methods.includes(staticMemberName(callee) ?? '') && tracker.sameReference(callee.object, buffer.holder);
    }

    /** Inside an `if`, `?:`, `&&`/`||`, `switch` or loop below `root`: runs only sometimes. */
    function isConditional(node: TSESTree.Node, root: TSESTree.Node): boolean {
      let child = node;
      for (let n: TSESTree.Node | undefined = node.parent; n && n !== root; n = n.parent) {
        if (isFunctionNode(n)) return true;
        if ((n.type === 'IfStatement' || n.type === 'ConditionalExpression') && n.test !== child) return true;
        if (n.type === 'LogicalExpression' && n.right === child) return true;
        if (n.type === 'SwitchCase' || n.type === 'CatchClause') return true;
        child = n;
      }
      return false;
    }

    /** Functions of this file the handler calls directly: where a bound may be factored out (`maybeFlush()`). */
    function calledHelpers(fn: FunctionNode): TSESTree.Node[] {
      const found: TSESTree.Node[] = [];
      walk(fn.body, (node) => {
        if (node.type === 'CallExpression') {
          const helper = helperOf(node);
          if (helper && helper !== fn && !found.includes(helper.body)) found.push(helper.body);
        }
        return found.length < 16;
      });
      return found;
    }

    /** The function of this file a call runs: a named function, or a method of the enclosing class via `this`. */
    function helperOf(call: TSESTree.CallExpression): FunctionNode | undefined {
      const callee = unwrap(call.callee);
      if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') {
        return classMethod(callee);
      }
      const value = tracker.resolve(callee);
      return value?.kind === 'function' ? value.node : undefined;
    }

    function classMethod(member: TSESTree.MemberExpression): FunctionNode | undefined {
      const name = staticMemberName(member);
      if (name === undefined) return undefined;
      let cls: TSESTree.Node | undefined = member.parent;
      while (cls && cls.type !== 'ClassBody') cls = cls.parent;
      if (!cls) return undefined;
      for (const element of cls.body) {
        if (element.type !== 'MethodDefinition' && element.type !== 'PropertyDefinition') continue;
        if (element.computed || element.key.type !== 'Identifier' || element.key.name !== name) continue;
        const value = element.value;
        if (value && isFunctionNode(value) && (element.type === 'PropertyDefinition' || element.kind === 'method')) return value;
      }
      return undefined;
    }

    function boundHint(buffer: Buffer, collection: string, handler: Handler): string {
      const size = buffer.def.sizes[0] ?? 'length';
      if (buffer.tasks) {
        const wait = buffer.def.waits?.[0];
        return wait
          ? `Await the task so the handler waits for it, or wait for room first (\`await ${collection}.${wait}(…)\`).`
          : `Await the task so the handler waits for it, or check \`${collection}.${size}\` against a limit and pause the source there.`;
      }
      switch (handler.info.kind) {
        case 'consumer-message':
        case 'consumer-batch':
          return handler.info.def?.awaitsResult
            ? `Check \`${collection}.${size}\` against a limit and pause the consumer there (\`consumer.pause([{ topic, partitions: [partition] }])\`, \`resume()\` after the flush), or await the flush inside the handler.`
            : `Check \`${collection}.${size}\` against a limit and \`pause()\` the consumer there, \`resume()\` after the flush.`;
        case 'stream-data':
          return `Check \`${collection}.${size}\` against a limit and \`pause()\` the stream there, \`resume()\` after the flush.`;
        default:
          return `Check \`${collection}.${size}\` against a limit and drop, flush or disconnect there.`;
      }
    }

    // --- detached work -------------------------------------------------------------------------

    function checkDetached(call: TSESTree.CallExpression): void {
      if (!isDiscarded(call)) return;
      const handler = detachedHandler(call);
      if (!handler) return;
      if (!isDetachedWork(call)) return;
      // Queued into a limiter or task queue: reported (or not) as a buffer.
      if (bufferOfCall(call) ?? bufferOfCall(chainHead(call))) return;
      if (pausesSource(handler)) return;
      context.report({
        node: call,
        messageId: 'detachedWork',
        data: {
          call: callText(call),
          handler: handlerLabel(handler),
          consequence: handler.info.def?.awaitsResult
            ? 'the handler resolves at once, so the consumer takes the next message while this work still runs, and in-flight work (with its memory and connections) grows without limit. Await it (or `await limit(() => …)` with p-limit) so the handler’s promise carries the backpressure.'
            : 'the source keeps emitting while this work runs, and in-flight work grows without limit. Pause the source until the work settles (`pause()` … `resume()`), or run it through a limiter and pause when the limiter’s queue is full.',
        },
      });
    }

    /** The handler whose own body (or an iteration callback in it) starts the work. */
    function detachedHandler(node: TSESTree.Node): Handler | undefined {
      for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
        if (!isFunctionNode(n)) continue;
        const handler = messageHandler(n);
        if (handler) return handler.info.kind !== undefined && DETACHED_KINDS.has(handler.info.kind) ? handler : undefined;
        if (tracker.handlerOf(n)?.kind !== 'iteration') return undefined;
      }
      return undefined;
    }

    /**
     * Nobody gets the call's value: a statement, `void`, a `forEach` arrow's body, or a listener's
     * arrow body; with `throughChains`, also `call.then(…).catch(…)` whose last link is dropped.
     */
    function isDiscarded(call: TSESTree.CallExpression, throughChains = false): boolean {
      let node: TSESTree.Node = call;
      if (node.parent.type === 'ChainExpression') node = node.parent;
      while (
        throughChains &&
        node.parent.type === 'MemberExpression' &&
        node.parent.object === node &&
        PROMISE_CHAIN_METHODS.has(staticMemberName(node.parent) ?? '') &&
        node.parent.parent.type === 'CallExpression' &&
        node.parent.parent.callee === node.parent
      ) {
        node = node.parent.parent;
        if (node.parent.type === 'ChainExpression') node = node.parent;
      }
      if (node.parent.type === 'UnaryExpression' && node.parent.operator === 'void') node = node.parent;
      const parent = node.parent;
      if (parent.type === 'ExpressionStatement') return true;
      if (parent.type !== 'ArrowFunctionExpression' || parent.body !== node) return false;
      const info = tracker.handlerOf(parent);
      if (info?.kind === 'iteration') {
        const callee = info.registration.callee;
        return callee.type === 'MemberExpression' && RETURN_DISCARDING_METHODS.has(staticMemberName(callee) ?? '');
      }
      // A listener's return value goes back to an emitter that ignores it; kafkajs awaits it.
      return info !== undefined && info.event !== undefined && info.def?.awaitsResult !== true;
    }

    function isDetachedWork(call: TSESTree.CallExpression): boolean {
      const callee = unwrap(call.callee);
      // Producing is `rta/no-unbounded-produce`'s business; consumer calls (`commitOffsets`, `pause`)
      // and what the library hands the handler (`heartbeat()`, `commitOffsetsIfNecessary()`) are
      // flow control, not work.
      if (callee.type === 'MemberExpression' && (tracker.hasRole(callee.object, 'kafka-producer') || tracker.hasRole(callee.object, 'kafka-consumer'))) {
        return false;
      }
      if (isHandlerCallback(call)) return false;
      // `items.forEach(async (x) => …)`: forEach drops every promise its callback returns.
      if (callee.type === 'MemberExpression' && RETURN_DISCARDING_METHODS.has(staticMemberName(callee) ?? '')) {
        const task = call.arguments[0];
        return task !== undefined && isFunctionNode(task) && task.async;
      }
      if (services) {
        const verdict = typedThenable(services, call);
        if (verdict !== 'unknown') return verdict === 'yes' || schedulesWork(call);
      }
      if (call.parent.type === 'UnaryExpression' && call.parent.operator === 'void') return true;
      if (call.parent.type === 'ChainExpression' && call.parent.parent.type === 'UnaryExpression' && call.parent.parent.operator === 'void') return true;
      if (callee.type === 'MemberExpression' && PROMISE_CHAIN_METHODS.has(staticMemberName(callee) ?? '')) return true;
      if (tracker.hasRole(call, 'promise')) return true;
      const helper = helperOf(call);
      if (helper?.async) return true;
      return schedulesWork(call);
    }

    /** A function the handler was given (`heartbeat()`, `payload.commitOffsetsIfNecessary()`), also at the head of a chain. */
    function isHandlerCallback(call: TSESTree.CallExpression): boolean {
      const callee = unwrap(chainHead(call).callee);
      const root = callee.type === 'MemberExpression' ? unwrap(callee.object) : callee;
      if (root.type !== 'Identifier') return false;
      const def = tracker.variableOf(root)?.defs[0];
      if (def?.type !== 'Parameter') return false;
      const handler = detachedHandler(call);
      return handler !== undefined && def.node === handler.fn;
    }

    /** `setImmediate(() => f())`, `setTimeout(…)`, `process.nextTick(…)`, `queueMicrotask(…)` with work in the callback. */
    function schedulesWork(call: TSESTree.CallExpression): boolean {
      const callee = unwrap(call.callee);
      let deferring = false;
      if (callee.type === 'Identifier' && DEFERRING_FUNCTIONS.has(callee.name)) {
        const variable = tracker.variableOf(callee);
        deferring = !variable || variable.defs.length === 0;
      } else if (callee.type === 'MemberExpression' && staticMemberName(callee) === 'nextTick') {
        deferring = isProcess(callee.object);
      }
      if (!deferring) return false;
      const task = call.arguments[0];
      if (!task || task.type === 'SpreadElement') return false;
      if (!isFunctionNode(task)) return tracker.resolve(task)?.kind === 'function';
      let calls = false;
      walk(task.body, (n) => {
        if (n.type === 'CallExpression') calls = true;
        return !calls;
      });
      return calls;
    }

    function isProcess(node: TSESTree.Node): boolean {
      const type = tracker.instanceType(node);
      return type !== undefined && type === tracker.knowledge.global('process');
    }

    /** `a.then(f).catch(g)` → `a`'s call, to see whether the chain starts at a task queue. */
    function chainHead(call: TSESTree.CallExpression): TSESTree.CallExpression {
      let current = call;
      for (;;) {
        const callee = unwrap(current.callee);
        if (callee.type !== 'MemberExpression' || !PROMISE_CHAIN_METHODS.has(staticMemberName(callee) ?? '')) return current;
        const object = unwrap(callee.object);
        if (object.type !== 'CallExpression') return current;
        current = object;
      }
    }

    /** A listener that pauses its source in its body presumably resumes it when the work settles. */
    function pausesSource(handler: Handler): boolean {
      if (handler.info.def?.awaitsResult) return false;
      let found = false;
      walk(handler.fn.body, (node) => {
        if (found) return false;
        if (node.type === 'CallExpression') {
          const callee = unwrap(node.callee);
          if (callee.type === 'MemberExpression' && staticMemberName(callee) === FLOW_PAUSE_METHOD) found = true;
        }
        return !found;
      });
      return found;
    }

    // --- text ---------------------------------------------------------------------------------

    function quote(node: TSESTree.Node): string {
      const text = sourceCode.getText(unwrap(node)).replace(/\s+/g, ' ');
      return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
    }

    function callText(call: TSESTree.CallExpression): string {
      return `${quote(call.callee)}(…)`;
    }

    function handlerLabel(handler: Handler): string {
      const { info, fn } = handler;
      if (info.event !== undefined) return `'${info.event}' listener`;
      if (fn.parent.type === 'Property' && !fn.parent.computed && fn.parent.key.type === 'Identifier') {
        return `\`${fn.parent.key.name}\` handler`;
      }
      switch (info.kind) {
        case 'consumer-message':
          return 'Kafka message handler';
        case 'consumer-batch':
          return 'Kafka batch handler';
        case 'pubsub-message':
          return 'subscriber listener';
        default:
          return 'message handler';
      }
    }

    return {
      CallExpression(call) {
        checkAppend(call);
        checkDetached(call);
      },
    };
  },
});

function isWithin(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  return node.range[0] >= ancestor.range[0] && node.range[1] <= ancestor.range[1];
}

/** An identifier that reads a variable (not a property name or an object key). */
function isReference(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false;
  if (parent.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) return false;
  return true;
}

/** `message.key`, `String(message.key)`, `message.key?.toString()`: state keyed by the Kafka key grows with key cardinality. */
function isMessageKey(node: TSESTree.Node): boolean {
  const value = unwrap(node);
  if (value.type === 'LogicalExpression') return isMessageKey(value.left);
  if (value.type === 'MemberExpression') {
    const name = staticMemberName(value);
    if (name === 'key') return true;
    return false;
  }
  if (value.type === 'CallExpression') {
    const callee = unwrap(value.callee);
    if (callee.type === 'Identifier' && callee.name === 'String' && value.arguments[0]) return isMessageKey(value.arguments[0]);
    if (callee.type === 'MemberExpression' && staticMemberName(callee) === 'toString') return isMessageKey(callee.object);
  }
  return false;
}

function calleeName(callee: TSESTree.Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return staticMemberName(callee);
  return undefined;
}

