import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
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
import { typeServices, typedRole } from '../knowledge/tracking/typed.js';
import {
  DRAIN_EVENT,
  DRAIN_GUARD_PROPERTIES,
  LISTENER_METHODS,
  ONCE_LISTENER_METHODS,
  RETURN_COLLECTING_METHODS,
  RETURN_DISCARDING_METHODS,
} from '../knowledge/generic.js';
import { addNamedImport, importedName } from './support/imports.js';
import { walk } from './support/walk.js';

type Options = [{ checkStdio?: boolean }];
type MessageIds = 'ignoredWrite' | 'awaitDrain' | 'pauseUntilDrain';

/** What makes a discarded write repeat, for the message. */
type Repetition =
  | { kind: 'loop'; node: TSESTree.Node; label: string }
  | { kind: 'handler'; node: FunctionNode; handler: HandlerInfo; label: string };

const STDIO_NAMES: ReadonlySet<string> = new Set(['stdout', 'stderr']);

/** Parents whose statements sit in a list, where one statement can become another without braces. */
const STATEMENT_LISTS: ReadonlySet<string> = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase', 'TSModuleBlock']);

const LOOP_LABELS: Partial<Record<TSESTree.Node['type'], string>> = {
  ForStatement: 'a `for` loop',
  ForInStatement: 'a `for…in` loop',
  ForOfStatement: 'a `for…of` loop',
  WhileStatement: 'a `while` loop',
  DoWhileStatement: 'a `do…while` loop',
};

export default createRule<Options, MessageIds>({
  name: 'no-ignored-write',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow discarding the result of `write()` on a Node writable where writes repeat and nothing waits for `drain`',
      category: 'backpressure',
      recommended: 'error',
      strict: 'error',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkStdio: {
            type: 'boolean',
            description: 'Also report writes to process.stdout/stderr (off: those are almost always logging).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkStdio: false }],
    messages: {
      ignoredWrite:
        "`{{name}}.write()` returns false when the stream's buffer is full, but the result is ignored inside {{context}} and nothing waits for 'drain': the producer never slows down and unsent data piles up in memory.",
      awaitDrain: "Wait for 'drain' when the buffer is full: `if (!{{name}}.write(…)) await once({{name}}, 'drain');`",
      pauseUntilDrain: "Pause `{{source}}` until `{{name}}` drains: `if (!{{name}}.write(…)) { {{source}}.pause(); {{name}}.once('drain', () => {{source}}.resume()); }`",
    },
  },
  create(context, [options]) {
    const tracker = new ImportTracker(context.sourceCode);
    const services = typeServices(context);
    const checkStdio = options.checkStdio === true;

    function isWritable(receiver: TSESTree.Node): boolean {
      if (!checkStdio && isStdio(receiver)) return false;
      const tracked = tracker.hasRole(receiver, 'writable');
      if (!services) return tracked;
      // Types refine what import tracking found: they can confirm an unknown receiver
      // (a parameter typed in another file) or veto a tracked one, never add noise beyond that.
      const verdict = typedRole(services, receiver, 'writable');
      if (verdict === 'no') return false;
      return tracked || verdict === 'yes';
    }

    /**
     * process.stdout/stderr, and streams handed around under those names (`io.stderr`): writes to
     * them are almost always logging. A name can only make the rule quieter, never report.
     */
    function isStdio(receiver: TSESTree.Node): boolean {
      if (tracker.hasRole(receiver, 'stdio')) return true;
      const node = unwrap(receiver);
      const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' ? staticMemberName(node) : undefined;
      return name !== undefined && STDIO_NAMES.has(name);
    }

    return {
      CallExpression(call) {
        const callee = unwrap(call.callee);
        if (callee.type !== 'MemberExpression' || staticMemberName(callee) !== 'write') return;
        const statement = discardingStatement(call, tracker);
        if (!statement) return;
        const receiver = callee.object;
        if (!isWritable(receiver)) return;
        const repetition = findRepetition(call, tracker, receiver);
        if (!repetition) return;
        if (drainSearchRoots(repetition).some((root) => hasDrainHandling(root, call, receiver, tracker))) return;

        const name = context.sourceCode.getText(receiver);
        context.report({
          node: call,
          messageId: 'ignoredWrite',
          data: { name, context: repetition.label },
          suggest: buildSuggestions(context, call, statement, receiver, repetition, tracker),
        });
      },
    };
  },
});

/**
 * Where the write's result is thrown away, or undefined if it is used: the expression statement
 * it ends in (through `void`, `?.`, the right side of `&&`/`||`/`??`, a branch of `?:`, the last
 * item of a sequence), an earlier item of a sequence, or an arrow whose value its caller drops.
 */
function discardingStatement(node: TSESTree.Node, tracker: ImportTracker): TSESTree.Node | undefined {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (parent === undefined) return undefined;
    switch (parent.type) {
      case 'ExpressionStatement':
        return parent;
      case 'ChainExpression':
        break;
      case 'UnaryExpression':
        if (parent.operator !== 'void') return undefined;
        break;
      case 'LogicalExpression':
        // The left side decides whether the right one runs: it is used.
        if (parent.right !== current) return undefined;
        break;
      case 'ConditionalExpression':
        if (parent.test === current) return undefined;
        break;
      case 'SequenceExpression':
        if (parent.expressions[parent.expressions.length - 1] !== current) return parent;
        break;
      case 'ArrowFunctionExpression':
        return parent.body === current && arrowValueDropped(parent, tracker) ? parent : undefined;
      default:
        return undefined;
    }
    current = parent;
  }
}

/** `rows.forEach((r) => out.write(r))`: the arrow returns the boolean to a caller that drops it. */
function arrowValueDropped(arrow: TSESTree.ArrowFunctionExpression, tracker: ImportTracker): boolean {
  const handler = tracker.handlerOf(arrow);
  if (!handler) return false;
  if (handler.kind !== 'iteration') return handler.repeating;
  const method = handler.registration.callee.type === 'MemberExpression' ? staticMemberName(handler.registration.callee) : undefined;
  if (method === undefined) return false;
  if (RETURN_DISCARDING_METHODS.has(method)) return true;
  return RETURN_COLLECTING_METHODS.has(method) && discardingStatement(handler.registration, tracker) !== undefined;
}

/**
 * The nearest construct that runs the write many times on the same stream, staying inside the
 * writing function. A handler whose every call brings its own stream (`(req, res) => res.write(page)`,
 * a connection's socket, a stream opened inside it) does not repeat writes on any one of them; an
 * iteration callback given each stream in turn hands the question to what runs the iteration.
 */
function findRepetition(call: TSESTree.CallExpression, tracker: ImportTracker, receiver: TSESTree.Node): Repetition | undefined {
  let child: TSESTree.Node = call;
  let node: TSESTree.Node | undefined = call.parent;
  while (node) {
    const loopLabel = LOOP_LABELS[node.type];
    // `for (const sock of sockets) sock.write(x)`: one write per stream; what runs the loop decides.
    if (loopLabel && isInLoopBody(node, child) && !declaresStream(node, receiver, tracker)) {
      const label = node.type === 'ForOfStatement' && node.await ? 'a `for await` loop' : loopLabel;
      return { kind: 'loop', node, label };
    }
    if (isFunctionNode(node)) {
      const handler = tracker.handlerOf(node);
      if (handler?.repeating && ownsStream(node, receiver, tracker)) {
        if (handler.kind !== 'iteration') return undefined;
        child = node;
        node = node.parent;
        continue;
      }
      if (handler?.repeating) return { kind: 'handler', node, handler, label: handlerLabel(handler) };
      // A listener that runs once (`once('drain', …)`), a promise callback, or an ordinary
      // function: whatever repeats around it does not repeat this write.
      return undefined;
    }
    child = node;
    node = node.parent;
  }
  return undefined;
}

/** Whether the written stream is a parameter of `fn` or a variable declared inside it. */
function ownsStream(fn: TSESTree.Node, receiver: TSESTree.Node, tracker: ImportTracker): boolean {
  const root = unwrap(receiver);
  if (root.type !== 'Identifier') return false;
  const def = tracker.variableOf(root)?.defs[0];
  if (!def) return false;
  if (def.type === 'Parameter') return def.node === fn;
  // A stream made by this call (`const out = createWriteStream(…)`); not a loop variable, which
  // walks streams that outlive the call.
  const declarator = def.node;
  if (declarator.type !== 'VariableDeclarator' || declarator.init === null) return false;
  const declaration = declarator.parent;
  if (declaration.parent.type === 'ForOfStatement' || declaration.parent.type === 'ForInStatement') return false;
  return declarator.range[0] >= fn.range[0] && declarator.range[1] <= fn.range[1];
}

/** Whether the written stream is the variable a `for…of`/`for…in` loop declares. */
function declaresStream(loop: TSESTree.Node, receiver: TSESTree.Node, tracker: ImportTracker): boolean {
  if (loop.type !== 'ForOfStatement' && loop.type !== 'ForInStatement') return false;
  const root = unwrap(receiver);
  if (root.type !== 'Identifier') return false;
  const def = tracker.variableOf(root)?.defs[0];
  return def !== undefined && def.node.range[0] >= loop.left.range[0] && def.node.range[1] <= loop.left.range[1];
}

function isInLoopBody(loop: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (loop.type) {
    case 'ForStatement':
      return child === loop.body || child === loop.update || child === loop.test;
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
      return child === loop.body || (loop.type !== 'ForInStatement' && loop.type !== 'ForOfStatement' && child === loop.test);
    default:
      return false;
  }
}

function handlerLabel(handler: HandlerInfo): string {
  if (handler.event !== undefined) return `a '${handler.event}' listener`;
  switch (handler.kind) {
    case 'consumer-message':
      return 'a Kafka message handler';
    case 'consumer-batch':
      return 'a Kafka batch handler';
    case 'timer':
      return 'a `setInterval` callback';
    case 'subscription':
      return 'a `subscribe` callback';
    case 'request':
      return 'a request handler';
    case 'iteration': {
      const callee = handler.registration.callee;
      const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
      return method ? `a \`.${method}()\` callback` : 'an iteration callback';
    }
    default:
      return 'a repeated callback';
  }
}

/**
 * Where drain handling for the writable may legitimately live: the function that owns the loop
 * or registers the listener, and the listener itself when it is declared elsewhere.
 */
function drainSearchRoots(repetition: Repetition): TSESTree.Node[] {
  const start = repetition.kind === 'loop' ? repetition.node : repetition.handler.registration;
  let owner: TSESTree.Node | undefined = start.parent;
  while (owner && !isFunctionNode(owner) && owner.type !== 'Program') owner = owner.parent;
  const roots: TSESTree.Node[] = [owner ?? start];
  if (repetition.kind === 'handler' && !hasAncestor(repetition.node, roots[0] ?? start)) roots.push(repetition.node);
  return roots;
}

function hasAncestor(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/**
 * Any of the correct forms, for the same writable: `once(w, 'drain')`, `w.once/on('drain', …)`,
 * a read of `writableNeedDrain`/`writableLength`, or a call handing `w` to a helper of this file
 * that waits for 'drain'. Only code on the write's path counts: the functions that enclose it and
 * callbacks handed to calls there (`new Promise((r) => w.once('drain', r))`), not another function
 * of the file that paces its own writes to the same stream, nor a sibling repeating callback.
 */
function hasDrainHandling(root: TSESTree.Node, write: TSESTree.Node, writable: TSESTree.Node, tracker: ImportTracker): boolean {
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    if (node !== root && isFunctionNode(node) && !(node.range[0] <= write.range[0] && write.range[1] <= node.range[1])) {
      const passed = node.parent.type === 'CallExpression' || node.parent.type === 'NewExpression';
      if (!passed || tracker.handlerOf(node)?.repeating === true) return false;
    }
    if (node.type === 'MemberExpression') {
      const prop = staticMemberName(node);
      if (prop !== undefined && DRAIN_GUARD_PROPERTIES.has(prop) && tracker.sameReference(node.object, writable)) {
        found = true;
      }
    }
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      // w.once('drain', …) / w.on('drain', …)
      if (callee.type === 'MemberExpression') {
        const method = staticMemberName(callee);
        if (
          method !== undefined &&
          (LISTENER_METHODS.has(method) || ONCE_LISTENER_METHODS.has(method)) &&
          stringValue(node.arguments[0]) === DRAIN_EVENT &&
          tracker.sameReference(callee.object, writable)
        ) {
          found = true;
        }
      }
      // once(w, 'drain'), events.once(w, 'drain'), or waitForDrain(w) defined in this file
      const passesWritable = node.arguments.some((arg) => tracker.sameReference(arg, writable));
      if (passesWritable) {
        if (node.arguments.some((arg) => stringValue(arg) === DRAIN_EVENT)) found = true;
        else if (calleeWaitsForDrain(callee, tracker)) found = true;
      }
    }
    return true;
  });
  return found;
}

function calleeWaitsForDrain(callee: TSESTree.Node, tracker: ImportTracker): boolean {
  const value = tracker.resolve(callee);
  if (value?.kind !== 'function') return false;
  let waits = false;
  walk(value.node.body, (node) => {
    if (stringValue(node) === DRAIN_EVENT) waits = true;
    if (node.type === 'MemberExpression' && staticMemberName(node) === 'writableNeedDrain') waits = true;
    return !waits;
  });
  return waits;
}

function buildSuggestions(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  call: TSESTree.CallExpression,
  statement: TSESTree.Node,
  receiver: TSESTree.Node,
  repetition: Repetition,
  tracker: ImportTracker,
): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  if (call.callee.type !== 'MemberExpression' || call.callee.optional || call.optional) return [];
  // A plain statement `w.write(x);` is replaced; an arrow's expression body `(c) => w.write(c)`
  // becomes a block, which is safe because the caller drops the arrow's value anyway.
  let target: TSESTree.Node;
  if (statement.type === 'ExpressionStatement' && unwrap(statement.expression) === call) target = statement;
  else if (statement.type === 'ArrowFunctionExpression') target = statement.body;
  else return []; // the write is part of a larger expression: rewriting it is the author's call
  const asBlock = statement.type === 'ArrowFunctionExpression';
  const sourceCode = context.sourceCode;
  const name = sourceCode.getText(receiver);
  const writeText = sourceCode.getText(call);
  const fn = enclosingFunction(call);
  const indent = indentOf(sourceCode, target);
  const suggestions: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
  // The replacement is an `if` without `else`; where a statement stands alone (`if (c) w.write(x);
  // else …`, a loop body) an `else` after it would bind to the new `if`, so it gets braces.
  const alone = statement.type === 'ExpressionStatement' && !STATEMENT_LISTS.has(statement.parent.type);
  const replacement = (code: string) =>
    asBlock ? `{
${indent}  ${code.replaceAll('\n', '\n  ')}
${indent}}` : alone ? `{ ${code} }` : code;

  if (fn?.async) {
    suggestions.push({
      messageId: 'awaitDrain',
      data: { name },
      fix(fixer) {
        const existing = importedName(sourceCode, ['node:events', 'events'], 'once');
        const local = existing ?? freeName(sourceCode, call, ['once', 'onceEvent', 'onceDrain']);
        const fixes = [fixer.replaceText(target, replacement(`if (!${writeText}) await ${local}(${name}, 'drain');`))];
        if (!existing) fixes.push(...addNamedImport(fixer, sourceCode, 'node:events', 'once', local));
        return fixes;
      },
    });
  } else if (repetition.kind === 'handler' && repetition.handler.event === 'data' && repetition.handler.emitter) {
    const emitter = repetition.handler.emitter;
    // The source is only known to be pausable when it is a simple reference the listener can name.
    const source = sourceCode.getText(emitter);
    if (/^[\w$.]+$/.test(source) && !tracker.sameReference(emitter, receiver)) {
      const code = `if (!${writeText}) {\n${indent}  ${source}.pause();\n${indent}  ${name}.once('drain', () => ${source}.resume());\n${indent}}`;
      suggestions.push({
        messageId: 'pauseUntilDrain',
        data: { name, source },
        fix: (fixer) => fixer.replaceText(target, replacement(code)),
      });
    }
  }
  return suggestions;
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let n: TSESTree.Node | undefined = node.parent; n; n = n.parent) if (isFunctionNode(n)) return n;
  return undefined;
}

function freeName(sourceCode: Readonly<TSESLint.SourceCode>, at: TSESTree.Node, candidates: readonly string[]): string {
  let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at);
  const taken = new Set<string>();
  for (; scope; scope = scope.upper) {
    for (const variable of scope.variables) taken.add(variable.name);
    for (const ref of scope.through) taken.add(ref.identifier.name);
  }
  return candidates.find((c) => !taken.has(c)) ?? `${candidates[0] ?? 'once'}_${String(taken.size)}`;
}

function indentOf(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)?.[0] ?? '';
}
