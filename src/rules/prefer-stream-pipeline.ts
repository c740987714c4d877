import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from './support/create-rule.js';
import { ImportTracker, staticMemberName, stringValue, unwrap, type FunctionNode } from '../knowledge/tracking/estree.js';
import { typeServices } from '../knowledge/tracking/typed.js';
import {
  EMITTER_CHAINING_METHODS,
  LISTENER_METHODS,
  MANAGED_PIPELINE_FUNCTIONS,
  ONCE_LISTENER_METHODS,
  STREAM_TEARDOWN_EVENTS,
  STREAM_TEARDOWN_METHODS,
} from '../knowledge/generic.js';
import { STREAM_PROMISES_SPECIFIERS, STREAM_SPECIFIERS } from '../knowledge/libraries/node.js';
import { addNamedImport, importedName } from './support/imports.js';
import { walk } from './support/walk.js';
import {
  enclosingFunction,
  freeName,
  isInside,
  listenerFunction,
  listenerRegistrations,
  playsRole,
  type ListenerRegistration,
} from './support/streams.js';

type Options = [{ ignoreGulpfiles?: boolean }];
type MessageIds = 'unmanagedPipe' | 'callbackPipeline';

const GULPFILE = /^gulpfile\./i;
const STDIO_NAMES: ReadonlySet<string> = new Set(['stdout', 'stderr']);
/** How deep teardown is followed into helper functions of the same file. */
const HELPER_DEPTH = 2;

/** A listener registration written into the chain itself: `a.on('error', f).pipe(b)`. */
interface InlineListener {
  /** Index in `Chain.streams` of the stream the listener is attached to. */
  index: number;
  call: TSESTree.CallExpression;
}

interface Chain {
  /** The last `.pipe()` call: its value is the last destination. */
  outer: TSESTree.CallExpression;
  /** The node whose value the surrounding code sees: `outer` or listener calls chained onto it. */
  top: TSESTree.Node;
  pipes: TSESTree.CallExpression[];
  /** The receiver of the first `.pipe()` as written (listener registrations on it included). */
  headAsWritten: TSESTree.Node;
  /** The source without listener wrappers, then every destination (undefined: a spread or missing argument). */
  streams: (TSESTree.Node | undefined)[];
  inline: InlineListener[];
  /** `a.pipe(b).pipe(c)` with plain arguments (listeners only on the source) maps onto `pipeline(a, b, c)`. */
  rewritable: boolean;
}

export default createRule<Options, MessageIds>({
  name: 'prefer-stream-pipeline',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require `pipeline()` instead of `.pipe()` chains of Node streams unless every stream is torn down when another one fails',
      category: 'backpressure',
      recommended: 'warn',
      strict: 'error',
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          ignoreGulpfiles: {
            type: 'boolean',
            description: 'Skip files named gulpfile.* (gulp tasks are built from `.pipe()` chains of vinyl streams).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreGulpfiles: true }],
    messages: {
      unmanagedPipe:
        "`.pipe()` neither forwards errors nor destroys the other streams when one fails, and nothing here tears down `{{stream}}` when another stream of this chain fails: file descriptors, sockets and buffers leak and the failure goes unnoticed. Use `pipeline()`, which destroys every stream and reports the error once.",
      callbackPipeline:
        "Replace the chain with `pipeline({{streams}}, (err) => …)` from 'node:stream': every stream is destroyed when one fails and the callback gets the error.",
    },
  },
  create(context, [options]) {
    if (options.ignoreGulpfiles !== false && GULPFILE.test(path.basename(context.filename))) return {};
    const sourceCode = context.sourceCode;
    const tracker = new ImportTracker(sourceCode);
    const services = typeServices(context);
    let registrations: ListenerRegistration[] | undefined;
    const fileRegistrations = () => (registrations ??= listenerRegistrations(sourceCode.ast));

    return {
      CallExpression(call) {
        if (!isPipeCall(call) || isInnerPipe(call)) return;
        const chain = decompose(call);
        const head = chain.streams[0];
        // `s.pipe()` pipes nothing; leave malformed calls to the type checker.
        if (!head || chain.pipes.some((p) => p.arguments.length === 0)) return;
        // RxJS `source$.pipe(op…)` and any other non-stream `pipe` fail this: it must be a Node Readable.
        if (tracker.hasRole(head, 'observable') || !playsRole(tracker, services, head, 'readable')) return;
        if (isManaged(chain.top)) return;
        const last = chain.streams.at(-1);
        // stdout/stderr are never closed by `.pipe()` and live as long as the process.
        if (last && isStdio(last, tracker)) return;

        const unreleasedIndex = chain.streams.findIndex((stream, index) => !isReleased(stream, index, chain, fileRegistrations(), tracker));
        if (unreleasedIndex < 0) return;
        const unreleased = chain.streams[unreleasedIndex];
        const streamName = unreleased ? shorten(sourceCode.getText(unreleased)) : 'a destination';

        const args = pipelineArguments(chain, sourceCode);
        const autofix = args !== undefined && isAutofixable(chain, sourceCode, tracker);
        context.report({
          node: chain.outer,
          messageId: 'unmanagedPipe',
          data: { stream: streamName },
          fix: args && autofix ? (fixer) => pipelineFix(fixer, sourceCode, chain.outer, args, 'promise') : null,
          suggest:
            args && !autofix
              ? [
                  {
                    messageId: 'callbackPipeline',
                    data: { streams: shorten(args.join(', '), 60) },
                    fix: (fixer) => pipelineFix(fixer, sourceCode, chain.outer, args, 'callback'),
                  },
                ]
              : [],
        });
      },
    };
  },
});

function isPipeCall(node: TSESTree.Node): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  return callee.type === 'MemberExpression' && staticMemberName(callee) === 'pipe';
}

function isListenerCall(node: TSESTree.Node): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return false;
  const method = staticMemberName(callee);
  return method !== undefined && EMITTER_CHAINING_METHODS.has(method);
}

const TRANSPARENT_PARENTS: ReadonlySet<string> = new Set(['ChainExpression', 'TSNonNullExpression', 'TSAsExpression', 'TSSatisfiesExpression']);

/**
 * Walks up from a call through value-preserving wrappers and listener calls chained onto it, and
 * gives the outermost node that still has the same stream as its value.
 */
function climbChainedListeners(call: TSESTree.Node): { top: TSESTree.Node; listeners: TSESTree.CallExpression[] } {
  let top = call;
  const listeners: TSESTree.CallExpression[] = [];
  for (;;) {
    const parent = top.parent;
    if (!parent) break;
    if (TRANSPARENT_PARENTS.has(parent.type)) {
      top = parent;
      continue;
    }
    if (
      parent.type === 'MemberExpression' &&
      parent.object === top &&
      parent.parent.type === 'CallExpression' &&
      parent.parent.callee === parent &&
      isListenerCall(parent.parent)
    ) {
      listeners.push(parent.parent);
      top = parent.parent;
      continue;
    }
    break;
  }
  return { top, listeners };
}

/** A `.pipe()` call whose value is piped on (`a.pipe(b).pipe(c)`): the chain is handled at its last call. */
function isInnerPipe(call: TSESTree.CallExpression): boolean {
  const { top } = climbChainedListeners(call);
  const parent = top.parent;
  return parent?.type === 'MemberExpression' && parent.object === top && parent.parent.type === 'CallExpression' && parent.parent.callee === parent && isPipeCall(parent.parent);
}

function decompose(outer: TSESTree.CallExpression): Chain {
  const pipes: TSESTree.CallExpression[] = [];
  const destinations: (TSESTree.Node | undefined)[] = [];
  const pendingByPipe: TSESTree.CallExpression[][] = [];
  let rewritable = true;
  const { top, listeners: outerListeners } = climbChainedListeners(outer);
  let pending: TSESTree.CallExpression[] = [];
  let node: TSESTree.Node = outer;
  let headAsWritten: TSESTree.Node = outer;
  for (;;) {
    const current = unwrap(node);
    if (current.type === 'CallExpression' && isPipeCall(current)) {
      const callee = unwrap(current.callee) as TSESTree.MemberExpression;
      const [arg, ...extra] = current.arguments;
      // `pipe(dest, { end: false })` has no pipeline() equivalent per stage; optional calls may not run.
      if (extra.length > 0 || !arg || arg.type === 'SpreadElement' || callee.optional || current.optional || node !== current) rewritable = false;
      if (pending.length > 0 && pipes.length > 0) rewritable = false;
      pipes.unshift(current);
      destinations.unshift(arg && arg.type !== 'SpreadElement' ? arg : undefined);
      pendingByPipe.unshift(pending);
      pending = [];
      headAsWritten = callee.object;
      node = callee.object;
      continue;
    }
    if (current.type === 'CallExpression' && isListenerCall(current)) {
      pending.push(current);
      node = (unwrap(current.callee) as TSESTree.MemberExpression).object;
      continue;
    }
    if (current.type === 'SequenceExpression') rewritable = false;
    node = current;
    break;
  }
  const streams: (TSESTree.Node | undefined)[] = [node, ...destinations];
  const inline: InlineListener[] = [
    ...pending.map((call) => ({ index: 0, call })),
    // Listeners found just outside pipe k attach to its destination, stream k + 1.
    ...pendingByPipe.flatMap((calls, k) => calls.map((call) => ({ index: k + 1, call }))),
    ...outerListeners.map((call) => ({ index: streams.length - 1, call })),
  ];
  return { outer, top, pipes, headAsWritten, streams, inline, rewritable };
}

/** The chain is handed to `pipeline(...)`, `pump(...)` or `compose(...)`, which manage errors themselves. */
function isManaged(top: TSESTree.Node): boolean {
  let node = top;
  while (node.parent && (TRANSPARENT_PARENTS.has(node.parent.type) || node.parent.type === 'ArrayExpression')) node = node.parent;
  const parent = node.parent;
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(node as TSESTree.CallExpressionArgument)) return false;
  const callee = unwrap(parent.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
  return name !== undefined && MANAGED_PIPELINE_FUNCTIONS.has(name);
}

function isStdio(node: TSESTree.Node, tracker: ImportTracker): boolean {
  if (tracker.hasRole(node, 'stdio')) return true;
  const n = unwrap(node);
  return n.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'process' && STDIO_NAMES.has(staticMemberName(n) ?? '');
}

/**
 * Manual cleanup per Node's `readable.pipe()` caveat: some 'error'/'close' listener on *another*
 * emitter (another stream of the chain, or e.g. the request of a response) destroys this stream.
 */
function isReleased(
  stream: TSESTree.Node | undefined,
  index: number,
  chain: Chain,
  registrations: readonly ListenerRegistration[],
  tracker: ImportTracker,
): boolean {
  if (!stream || !isReference(stream)) return false;
  const teardownListeners: { listener: TSESTree.Node; onSelf: boolean }[] = [];
  for (const inline of chain.inline) {
    const callee = unwrap(inline.call.callee);
    const method = callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;
    // `off`/`removeListener` are chained too, but register nothing.
    if (method === undefined || !(LISTENER_METHODS.has(method) || ONCE_LISTENER_METHODS.has(method))) continue;
    const event = stringValue(inline.call.arguments[0]);
    const listener = inline.call.arguments[1];
    if (event !== undefined && STREAM_TEARDOWN_EVENTS.has(event) && listener) {
      teardownListeners.push({ listener, onSelf: inline.index === index });
    }
  }
  for (const reg of registrations) {
    if (!STREAM_TEARDOWN_EVENTS.has(reg.event) && reg.event !== 'finished') continue;
    // Listeners written into the chain were placed on their stream above.
    if (chain.inline.some((inline) => inline.call === reg.call)) continue;
    teardownListeners.push({ listener: reg.listener, onSelf: tracker.sameReference(reg.emitter, stream) });
  }
  return teardownListeners.some(
    ({ listener, onSelf }) => !onSelf && teardownTargets(listener, tracker, 0).some((target) => tracker.sameReference(target, stream)),
  );
}

/** A value a listener elsewhere can name: a variable or a member chain of one (`this.out`, `res`). */
function isReference(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier' || n.type === 'ThisExpression') return true;
  return n.type === 'MemberExpression' && staticMemberName(n) !== undefined && isReference(n.object);
}

/**
 * What a listener tears down: receivers of `destroy()`/`close()`/`end()`/`abort()`, helpers of the
 * same file it calls, and, once it tears anything down, the streams it hands around
 * (`[a, b].forEach((s) => s.destroy())`, `destroyAll(a, b)`).
 */
function teardownTargets(listener: TSESTree.Node, tracker: ImportTracker, depth: number): TSESTree.Node[] {
  const node = unwrap(listener);
  // `dst.on('close', src.destroy.bind(src))`
  if (node.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    if (callee.type === 'MemberExpression' && staticMemberName(callee) === 'bind') {
      const bound = unwrap(callee.object);
      if (bound.type === 'MemberExpression' && STREAM_TEARDOWN_METHODS.has(staticMemberName(bound) ?? '')) return [bound.object];
    }
    return [];
  }
  const fn = listenerFunction(node, tracker);
  return fn ? functionTeardownTargets(fn, tracker, depth) : [];
}

function functionTeardownTargets(fn: FunctionNode, tracker: ImportTracker, depth: number): TSESTree.Node[] {
  const direct: TSESTree.Node[] = [];
  const handed: TSESTree.Node[] = [];
  // An object, not a `let`: the walk callback sets it and control-flow narrowing cannot see that.
  const state = { tearsDown: false };
  walk(fn.body, (node) => {
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression' && STREAM_TEARDOWN_METHODS.has(staticMemberName(callee) ?? '')) {
        direct.push(callee.object);
        state.tearsDown = true;
      }
      for (const arg of node.arguments) if (isReference(arg)) handed.push(arg);
      if (depth < HELPER_DEPTH && callee.type === 'Identifier') {
        const helper = listenerFunction(callee, tracker);
        if (helper && helper !== fn) {
          const nested = functionTeardownTargets(helper, tracker, depth + 1);
          if (nested.length > 0 || containsTeardownCall(helper)) state.tearsDown = true;
          direct.push(...nested);
        }
      }
    }
    if (node.type === 'ArrayExpression') {
      for (const element of node.elements) if (element && isReference(element)) handed.push(element);
    }
    return true;
  });
  return state.tearsDown ? [...direct, ...handed] : direct;
}

function containsTeardownCall(fn: FunctionNode): boolean {
  let found = false;
  walk(fn.body, (node) => {
    if (found) return false;
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression' && STREAM_TEARDOWN_METHODS.has(staticMemberName(callee) ?? '')) found = true;
    }
    return !found;
  });
  return found;
}

function pipelineArguments(chain: Chain, sourceCode: Readonly<TSESLint.SourceCode>): string[] | undefined {
  if (!chain.rewritable) return undefined;
  const texts: string[] = [];
  const parts = [chain.headAsWritten, ...chain.streams.slice(1)];
  for (const part of parts) {
    if (!part) return undefined;
    const text = sourceCode.getText(part);
    texts.push(unwrap(part).type === 'SequenceExpression' ? `(${text})` : text);
  }
  return texts;
}

/**
 * `await pipeline(...)` only where nothing can observe the difference inside the function: the
 * chain is the async function's last statement, its value unused, and its streams used nowhere else;
 * and only where the function's promise reaches code that handles it. A rejected promise nobody
 * handles ends the process: an async request handler or event listener that awaits `pipeline()`
 * crashes the server on the first client that hangs up (ERR_STREAM_PREMATURE_CLOSE), where the
 * `.pipe()` chain only leaked a descriptor.
 */
function isAutofixable(chain: Chain, sourceCode: Readonly<TSESLint.SourceCode>, tracker: ImportTracker): boolean {
  if (chain.top !== chain.outer || chain.inline.length > 0) return false;
  const statement = chain.outer.parent;
  if (statement.type !== 'ExpressionStatement') return false;
  const fn = enclosingFunction(statement);
  if (!fn?.async || fn.body.type !== 'BlockStatement' || fn.body.body.at(-1) !== statement) return false;
  if (!isPromiseHandedOn(fn, sourceCode)) return false;
  return chain.streams.every((stream) => stream !== undefined && !isReferencedElsewhere(stream, statement, sourceCode, tracker));
}

/** Parentheses aside, the node whose value the surrounding code sees. */
function valueNode(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.parent && TRANSPARENT_PARENTS.has(n.parent.type)) n = n.parent;
  return n;
}

/**
 * The function's promise goes back to its callers, and no caller this file shows drops it. A
 * function handed to another call (`createServer(async …)`, `app.get(path, async …)`,
 * `emitter.on(…, async …)`), assigned to a property (`ws.onmessage = async …`) or otherwise put
 * where its caller cannot be seen is assumed to be called by code that ignores its promise, as
 * Node's emitters and Express 4 do.
 */
function isPromiseHandedOn(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (fn.type === 'FunctionDeclaration') {
    // The declared variables of a function include its parameters: only its name matters here.
    const name = fn.id?.name;
    return name === undefined || variablesHandOn(sourceCode.getDeclaredVariables(fn).filter((v) => v.name === name));
  }
  const at = valueNode(fn);
  const parent = at.parent;
  if (!parent) return false;
  // An immediately invoked function: its promise is the call's value.
  if (parent.type === 'CallExpression' && parent.callee === at) return !isDropped(parent);
  if (parent.type === 'VariableDeclarator' && parent.init === at && parent.id.type === 'Identifier') {
    return variablesHandOn(sourceCode.getDeclaredVariables(parent));
  }
  if (parent.type === 'ExportDefaultDeclaration') return true;
  if ((parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') && parent.value === at) {
    return methodHandsOn(parent, sourceCode);
  }
  return false;
}

/** Every use of the function's name in the file is a call whose promise is kept. */
function variablesHandOn(variables: readonly TSESLint.Scope.Variable[]): boolean {
  return variables.every((variable) =>
    variable.references.every((ref) => {
      if (ref.init) return true;
      const at = valueNode(ref.identifier);
      const parent = at.parent;
      // `export { handler }` hands it to callers that cannot be seen, as `export function` does.
      if (parent?.type === 'ExportSpecifier') return true;
      return parent?.type === 'CallExpression' && parent.callee === at && !isDropped(parent);
    }),
  );
}

/** Uses of `.name` in the file: calls must keep the promise, and the method must not be handed around (`this.handle`, `.bind`). */
function methodHandsOn(
  member: TSESTree.MethodDefinition | TSESTree.Property | TSESTree.PropertyDefinition,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const name = member.computed ? undefined : member.key.type === 'Identifier' ? member.key.name : stringValue(member.key);
  if (name === undefined) return false;
  let handsOn = true;
  walk(sourceCode.ast, (node) => {
    if (!handsOn) return false;
    if (node.type === 'MemberExpression' && staticMemberName(node) === name) {
      const at = valueNode(node);
      const parent = at.parent;
      if (!(parent?.type === 'CallExpression' && parent.callee === at && !isDropped(parent))) handsOn = false;
    }
    return handsOn;
  });
  return handsOn;
}

/** A call whose value nothing reads: `f();` or `void f();`. */
function isDropped(call: TSESTree.Node): boolean {
  const parent = valueNode(call).parent;
  return parent?.type === 'ExpressionStatement' || (parent?.type === 'UnaryExpression' && parent.operator === 'void');
}

function isReferencedElsewhere(
  stream: TSESTree.Node,
  statement: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  tracker: ImportTracker,
): boolean {
  const node = unwrap(stream);
  if (node.type === 'Identifier') {
    const variable = tracker.variableOf(node);
    if (!variable) return true;
    return variable.references.some((r) => !r.init && !isInside(r.identifier, statement));
  }
  if (!isReference(node)) return false;
  let found = false;
  walk(sourceCode.ast, (n) => {
    if (found || n === statement) return false;
    if (n.type === node.type && tracker.sameReference(n, node)) found = true;
    return !found;
  });
  return found;
}

const PIPELINE_FORMS = {
  promise: {
    specifiers: STREAM_PROMISES_SPECIFIERS,
    names: ['pipeline', 'pipelineAsync', 'pipelinePromise'],
    call: (local: string, args: string) => `await ${local}(${args})`,
  },
  // The callback form returns the last stream, as `.pipe()` did, so the chain's value keeps its
  // meaning (`return src.pipe(res)`, `.pipe(out).on('finish', …)`). Every stream is already
  // destroyed when the callback runs: what is left to do is to make the failure visible.
  callback: {
    specifiers: STREAM_SPECIFIERS,
    names: ['pipeline', 'pipelineCallback', 'streamPipeline'],
    call: (local: string, args: string) => `${local}(${args}, (err) => { if (err) console.error('pipeline failed', err); })`,
  },
} as const;

/** Replaces the chain with `pipeline(...)` and imports it (reusing an import, aliasing on a name clash). */
function pipelineFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  outer: TSESTree.CallExpression,
  args: readonly string[],
  form: keyof typeof PIPELINE_FORMS,
): TSESLint.RuleFix[] {
  const { specifiers, names, call } = PIPELINE_FORMS[form];
  const existing = importedName(sourceCode, specifiers, 'pipeline');
  const local = existing ?? freeName(sourceCode, outer, names);
  const fixes = [fixer.replaceText(outer, call(local, args.join(', ')))];
  if (!existing) fixes.push(...addImport(fixer, sourceCode, specifiers[0], 'pipeline', local));
  return fixes;
}

/**
 * `addNamedImport`, except that a CommonJS file (requires, no import/export) gets a `require`
 * next to its others: an `import` statement would not load there.
 */
function addImport(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  specifier: string,
  name: string,
  local: string,
): TSESLint.RuleFix[] {
  const body = sourceCode.ast.body;
  const esm = body.some((s) => s.type === 'ImportDeclaration' || s.type.startsWith('Export'));
  const requires = body.filter((s) => s.type === 'VariableDeclaration' && s.declarations.some((d) => d.init && isRequireCall(d.init)));
  const lastRequire = requires.at(-1);
  if (esm || !lastRequire) return addNamedImport(fixer, sourceCode, specifier, name, local);
  const binding = local === name ? name : `${name}: ${local}`;
  return [fixer.insertTextAfter(lastRequire, `\nconst { ${binding} } = require('${specifier}');`)];
}

function isRequireCall(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type === 'MemberExpression') return isRequireCall(n.object);
  return n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require';
}

function shorten(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
