import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import {
  ImportTracker,
  isFunctionNode,
  returnStatements,
  staticMemberName,
  stringValue,
  unwrap,
  type FunctionNode,
} from '../knowledge/tracking/estree.js';
import { typeServices, typedRole } from '../knowledge/tracking/typed.js';
import { LISTENER_METHODS } from '../knowledge/generic.js';
import { FLOW_PAUSE_METHOD, FLOW_RESUME_METHOD } from '../knowledge/libraries/node.js';
import type { Role } from '../knowledge/model.js';
import { walk } from './support/walk.js';
import {
  enclosingFunction,
  freeName,
  listenerFunction,
  listenerRegistrations,
  playsRole,
  type ListenerRegistration,
} from './support/streams.js';

type MessageIds = 'asyncFlowingListener' | 'useForAwait';

type SourceKind = 'stream' | 'readline' | 'kafka';

const WHY: Readonly<Record<SourceKind, string>> = {
  stream: "a Readable in flowing mode emits the next chunk without waiting for the listener's promise",
  readline: "readline emits the next line without waiting for the listener's promise",
  kafka: "a node-rdkafka consumer in flowing mode (`consume()`) emits the next message without waiting for the listener's promise",
};

const TYPED_ROLE: Readonly<Record<SourceKind, Role | undefined>> = {
  stream: 'readable',
  readline: 'readline-interface',
  kafka: undefined,
};

const LOOP_TYPES: ReadonlySet<string> = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

export default createRule<[], MessageIds>({
  name: 'no-async-data-handler',
  meta: {
    type: 'problem',
    docs: {
      description:
        "Disallow async 'data'/'line' listeners that await on a flowing source without pausing it",
      category: 'backpressure',
      recommended: 'warn',
      strict: 'error',
    },
    hasSuggestions: true,
    schema: [],
    defaultOptions: [],
    messages: {
      asyncFlowingListener:
        "The async '{{event}}' listener on `{{source}}` awaits, but {{why}}: nothing slows the source while the listener waits, so under load listeners run concurrently without limit, memory grows, order is lost and a rejection becomes an unhandled promise rejection. Consume it with `for await`, or `pause()` it before the first `await` and `resume()` it after.",
      useForAwait:
        'Rewrite as `for await (const {{name}} of {{source}}) { … }`: the next item is read only after the body finishes (the enclosing function then resolves when the source ends, and source errors reject it).',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const tracker = new ImportTracker(sourceCode);
    const services = typeServices(context);
    let registrations: ListenerRegistration[] | undefined;
    const fileRegistrations = () => (registrations ??= listenerRegistrations(sourceCode.ast));

    /** What kind of push source `emitter` is for `event`, or undefined when nothing says it flows. */
    function flowingSource(emitter: TSESTree.Node, event: string): SourceKind | undefined {
      const node = unwrap(emitter);
      // `src.pipe(parser).on('data', …)`: a stage of a Node pipe chain that emits data is a Duplex.
      if (event === 'data' && isPipeOfReadable(node)) {
        return services && typedRole(services, emitter, 'readable') === 'no' ? undefined : 'stream';
      }
      const type = tracker.instanceType(emitter);
      if (type !== undefined) {
        const def = tracker.knowledge.handler(type, 'events', event);
        if (!def?.pushes) return undefined;
        const kind: SourceKind = tracker.knowledge.hasRole(type, 'readline-interface')
          ? 'readline'
          : tracker.knowledge.hasRole(type, 'kafka-consumer')
            ? 'kafka'
            : 'stream';
        const role = TYPED_ROLE[kind];
        if (services && role && typedRole(services, emitter, role) === 'no') return undefined;
        if (def.pushes === true) return kind;
        return startsFlowing(emitter, def.pushes.startedBy) ? kind : undefined;
      }
      if (!services) return undefined;
      if (event === 'data' && typedRole(services, emitter, 'readable') === 'yes') return 'stream';
      if (event === 'line' && typedRole(services, emitter, 'readline-interface') === 'yes') return 'readline';
      return undefined;
    }

    function isPipeOfReadable(node: TSESTree.Node): boolean {
      if (node.type !== 'CallExpression') return false;
      const callee = unwrap(node.callee);
      if (callee.type !== 'MemberExpression' || staticMemberName(callee) !== 'pipe') return false;
      const receiver = unwrap(callee.object);
      return isPipeOfReadable(receiver) || playsRole(tracker, services, callee.object, 'readable');
    }

    /** `consumer.consume()` with no arguments somewhere in the file: node-rdkafka's flowing mode. */
    function startsFlowing(emitter: TSESTree.Node, method: string): boolean {
      let found = false;
      walk(sourceCode.ast, (node) => {
        if (found) return false;
        if (node.type === 'CallExpression' && node.arguments.length === 0) {
          const callee = unwrap(node.callee);
          if (callee.type === 'MemberExpression' && staticMemberName(callee) === method && tracker.sameReference(callee.object, emitter)) {
            found = true;
          }
        }
        return !found;
      });
      return found;
    }

    function isSource(node: TSESTree.Node, emitter: TSESTree.Node, fn: FunctionNode): boolean {
      const n = unwrap(node);
      // In a `function` listener, `this` is the emitter.
      if (n.type === 'ThisExpression') return fn.type !== 'ArrowFunctionExpression' && isInsideOwnThis(n, fn);
      return tracker.sameReference(n, emitter);
    }

    /** The correct listener form: `src.pause()` before the first await, `src.resume()` after or in `finally`. */
    function pausesAroundAwait(fn: FunctionNode, emitter: TSESTree.Node, firstAwait: TSESTree.Node): boolean {
      const pauses: TSESTree.Node[] = [];
      walkOwnBody(fn, (node) => {
        if (node.type === 'CallExpression' && node.range[0] < firstAwait.range[0]) {
          const callee = unwrap(node.callee);
          if (callee.type === 'MemberExpression' && staticMemberName(callee) === FLOW_PAUSE_METHOD && isSource(callee.object, emitter, fn)) pauses.push(node);
        }
      });
      if (pauses.length === 0) return false;
      // Resumed in the listener (directly, in `finally`, in a callback) or by code elsewhere that owns the flow.
      let resumed = false;
      walk(sourceCode.ast, (node) => {
        if (resumed) return false;
        if (node.type === 'CallExpression') {
          const callee = unwrap(node.callee);
          if (callee.type === 'MemberExpression' && staticMemberName(callee) === FLOW_RESUME_METHOD) {
            const inListener = node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1];
            if (inListener ? isSource(callee.object, emitter, fn) : tracker.sameReference(callee.object, emitter)) resumed = true;
          }
        }
        return !resumed;
      });
      return resumed;
    }

    /** `for await (const c of src)` or `for await (const [c] of on(src, 'data'))` over the same source. */
    function consumedByForAwait(emitter: TSESTree.Node): boolean {
      let found = false;
      walk(sourceCode.ast, (node) => {
        if (found) return false;
        if (node.type === 'ForOfStatement' && node.await) {
          const right = unwrap(node.right);
          if (tracker.sameReference(right, emitter)) found = true;
          else if (right.type === 'CallExpression' && right.arguments[0] && tracker.sameReference(right.arguments[0], emitter)) found = true;
        }
        return !found;
      });
      return found;
    }

    function forAwaitSuggestion(
      call: TSESTree.CallExpression,
      fn: FunctionNode,
      emitter: TSESTree.Node,
      event: string,
    ): TSESLint.SuggestionReportDescriptor<MessageIds> | undefined {
      const statement = call.parent;
      if (statement.type !== 'ExpressionStatement' || statement.expression !== call) return undefined;
      if (call.arguments[1] !== fn || fn.params.length > 1) return undefined;
      // Moved into the enclosing function, `this` and `arguments` would mean something else.
      if (fn.type === 'FunctionExpression' && usesOwnThisOrArguments(fn)) return undefined;
      const param = fn.params[0];
      if (param && param.type !== 'Identifier') return undefined;
      const outer = enclosingFunction(call);
      if (!outer?.async) return undefined;
      const sameEvent = fileRegistrations().filter((r) => r.event === event && (r.call === call || tracker.sameReference(r.emitter, emitter)));
      if (sameEvent.length > 1) return undefined;
      // Code after the listener that uses the source would now run only once the source has ended.
      const block = statement.parent;
      if ('body' in block && Array.isArray(block.body)) {
        const later = (block.body as TSESTree.Node[]).filter((s) => s.range[0] > statement.range[1]);
        if (later.some((s) => mentions(s, emitter))) return undefined;
      }
      const body = bodyWithContinue(fn, statement);
      if (body === undefined) return undefined;
      const name = param ? param.name : freeName(sourceCode, call, [event === 'line' ? 'line' : 'chunk', '_item']);
      const emitterText = sourceCode.getText(emitter);
      const source = unwrap(emitter).type === 'SequenceExpression' ? `(${emitterText})` : emitterText;
      return {
        messageId: 'useForAwait',
        data: { name, source: source.length > 40 ? `${source.slice(0, 39)}…` : source },
        fix: (fixer) => fixer.replaceText(statement, `for await (const ${name} of ${source}) ${body}`),
      };
    }

    function mentions(root: TSESTree.Node, emitter: TSESTree.Node): boolean {
      let found = false;
      const target = unwrap(emitter);
      walk(root, (node) => {
        if (found) return false;
        if (node.type === target.type && tracker.sameReference(node, target)) found = true;
        return !found;
      });
      return found;
    }

    /** The listener's body as a loop body: `return;` becomes `continue;`; undefined when that is not faithful. */
    function bodyWithContinue(fn: FunctionNode, statement: TSESTree.Node): string | undefined {
      if (fn.body.type !== 'BlockStatement') {
        if (fn.body.type === 'ObjectExpression' || fn.body.type === 'SequenceExpression') return undefined;
        const indent = indentOf(statement);
        return `{\n${indent}  ${sourceCode.getText(fn.body)};\n${indent}}`;
      }
      const returns = returnStatements(fn.body);
      for (const ret of returns) {
        if (ret.argument) return undefined;
        for (let n: TSESTree.Node | undefined = ret.parent; n && n !== fn.body; n = n.parent) {
          if (LOOP_TYPES.has(n.type)) return undefined;
        }
      }
      const start = fn.body.range[0];
      let text = sourceCode.text.slice(start, fn.body.range[1]);
      for (const ret of [...returns].sort((a, b) => b.range[0] - a.range[0])) {
        text = `${text.slice(0, ret.range[0] - start)}continue;${text.slice(ret.range[1] - start)}`;
      }
      return text;
    }

    function indentOf(node: TSESTree.Node): string {
      const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
      return /^\s*/.exec(line)?.[0] ?? '';
    }

    return {
      CallExpression(call) {
        const callee = unwrap(call.callee);
        if (callee.type !== 'MemberExpression') return;
        const method = staticMemberName(callee);
        if (method === undefined || !LISTENER_METHODS.has(method)) return;
        const event = stringValue(call.arguments[0]);
        if (event === undefined) return;
        const fn = listenerFunction(call.arguments[1], tracker);
        if (!fn?.async || fn.generator) return;
        const firstAwait = firstAwaitOf(fn);
        if (!firstAwait) return;
        const emitter = callee.object;
        const kind = flowingSource(emitter, event);
        if (!kind) return;
        if (pausesAroundAwait(fn, emitter, firstAwait) || consumedByForAwait(emitter)) return;

        const suggestion = kind === 'kafka' ? undefined : forAwaitSuggestion(call, fn, emitter, event);
        const eventArg = call.arguments[0] ?? call;
        const sourceText = sourceCode.getText(emitter).replace(/\s+/g, ' ');
        context.report({
          loc: { start: callee.property.loc.start, end: eventArg.loc.end },
          messageId: 'asyncFlowingListener',
          data: { event, source: sourceText.length > 40 ? `${sourceText.slice(0, 39)}…` : sourceText, why: WHY[kind] },
          suggest: suggestion ? [suggestion] : [],
        });
      },
    };
  },
});

/** Visits the listener's own body, not functions nested in it (their awaits do not suspend it). */
function walkOwnBody(fn: FunctionNode, visit: (node: TSESTree.Node) => void): void {
  walk(fn.body, (node) => {
    if (node !== fn.body && isFunctionNode(node)) return false;
    visit(node);
    return true;
  });
}

/** The earliest point where the listener suspends: an `await` or a `for await` of its own body. */
function firstAwaitOf(fn: FunctionNode): TSESTree.Node | undefined {
  let first: TSESTree.Node | undefined;
  walkOwnBody(fn, (node) => {
    const suspends = node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await);
    if (suspends && (!first || node.range[0] < first.range[0])) first = node;
  });
  return first;
}

/** `this` that belongs to `fn` itself, not to a nested ordinary function. */
function isInsideOwnThis(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) {
    if (n === fn) return true;
    if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') return false;
  }
  return false;
}

function usesOwnThisOrArguments(fn: FunctionNode): boolean {
  let uses = false;
  walk(fn.body, (node) => {
    if (uses) return false;
    if (node !== fn.body && (node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration')) return false;
    if (node.type === 'ThisExpression' || (node.type === 'Identifier' && node.name === 'arguments')) uses = true;
    return !uses;
  });
  return uses;
}
