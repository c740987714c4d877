/**
 * The same-file half of the dashboard-query analysis (the cross-file half is the analyzer in
 * `src/analyzers/dashboard-queries/`): entry points of one file, and the queries and timers each
 * reaches through calls to functions of the same file, with whether a cache read comes first.
 *
 * Calls are followed in evaluation order. A cache read (a `cache-read` or `cache-wrap` operation
 * of the library tables, a `cache.helpers` name, or a function that does one) guards everything
 * after it on the path; a function handed to a cache wrapper runs only on a miss and is not
 * followed at all. Functions passed as arguments are followed where the callee calls them
 * (`cacheAside(key, ttl, load)` → `load()`), inline callbacks of iteration and promise methods
 * where they appear; listeners and timers registered on the way are entry points of their own.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  ImportTracker,
  childNodes,
  isFunctionNode,
  staticMemberName,
  stringValue,
  unwrap,
  type FunctionNode,
} from '../../knowledge/tracking/estree.js';
import { ITERATION_CALLBACK_METHODS, LISTENER_METHODS, ONCE_LISTENER_METHODS } from '../../knowledge/generic.js';
import type { OperationDef, QueryShape, QueryTextDef, TypeId } from '../../knowledge/model.js';
import {
  NEXT_DYNAMIC_EXPORT,
  NEXT_PAGES_FILE,
  NEXT_REVALIDATE_EXPORT,
  NEXT_ROUTE_FILE,
  NEXT_SERVER_PROPS_EXPORT,
  NEXT_STATIC_DYNAMIC_VALUES,
  ONE_SHOT_TIMER,
  READ_HTTP_VERBS,
  READ_ROUTE_METHODS,
  REGISTRATION_NAMES,
  SAME_FILE_DEPTH,
  STREAM_START_CONSTRUCTORS,
  STREAM_START_METHOD,
  TIMER_MODULES,
  USE_CACHE_DIRECTIVE,
  requestHandlerLabel,
  REQUEST_LISTENER_LABEL,
  WEB_STREAM_MODULES,
  WRITE_EVENT_NAME,
  isHelperName,
  looksLikeCacheRead,
  strongerShape,
  type DashboardScope,
  type EntryKind,
  type QueryCost,
} from '../../knowledge/dashboard.js';
import { readDashboardSql } from '../../sql/dashboard-shape.js';
import { walk } from './walk.js';
import { PLACEHOLDER_CHAR } from '../../sql/tokenize.js';
import { configList } from './settings.js';

export interface Step {
  node: TSESTree.Node;
  label: string;
}

export interface Entry {
  kind: EntryKind;
  fns: FunctionNode[];
  /** Where findings about this entry point are reported. */
  report: TSESTree.Node;
  /** `GET /api/stats`, `the ws 'connection' handler`, `the Next.js GET handler`. */
  label: string;
  route?: string;
}

export interface QueryHit {
  node: TSESTree.Node;
  cost: QueryCost;
  engine?: string;
  path: readonly Step[];
  /** Reached inside a self-rescheduling `setTimeout` loop: a poller, reported by `no-per-client-polling`. */
  inPoller: boolean;
}

export interface TimerHit {
  node: TSESTree.CallExpression;
  callback: FunctionNode;
  /** The calls from the entry point to the function that starts the timer. */
  path: readonly Step[];
  timer: string;
}

interface Frame {
  path: Step[];
  depth: number;
  stack: ReadonlySet<FunctionNode>;
  bindings: ReadonlyMap<TSESLint.Scope.Variable, TSESTree.Node>;
  inPoller: boolean;
}

interface State {
  guarded: boolean;
}

type CallKind =
  | { type: 'query'; op: Extract<OperationDef, { kind: 'query' }> }
  | { type: 'cache-read' }
  /** Runs the function argument at `fn` only on a cache miss. */
  | { type: 'cache-wrap'; fn?: number }
  | { type: 'timer'; callback: FunctionNode; timer: string }
  /** Registers a function to run later (listener, library callback, one-shot timer). */
  | { type: 'registration' }
  /** Calls its function arguments here and now (`map`, `then`, `new Promise`). */
  | { type: 'inline' }
  /** Calls these functions, found in its arguments, here and now (`new ReadableStream({ start() {…} })`). */
  | { type: 'runs'; fns: FunctionNode[] }
  | { type: 'function'; fn: FunctionNode; name: string; args: readonly TSESTree.Node[] }
  | { type: 'unknown' };

const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
const MAX_TEXT_DEPTH = 8;
const MAX_NESTING = 400;

export class DashboardPaths {
  readonly #tracker: ImportTracker;
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #scope: DashboardScope;
  readonly #maxDepth: number;
  readonly #typed: ((node: TSESTree.Node) => TypeId | undefined) | undefined;
  readonly #selfScheduling = new Map<FunctionNode, boolean>();
  #queries: QueryHit[] = [];
  #timers: TimerHit[] = [];

  /**
   * `typed`: what a receiver is when import tracking cannot tell (a client imported from another
   * project module), from the program when the file is linted with type information.
   */
  constructor(
    sourceCode: Readonly<TSESLint.SourceCode>,
    tracker: ImportTracker,
    scope: DashboardScope,
    maxDepth = SAME_FILE_DEPTH,
    typed?: (node: TSESTree.Node) => TypeId | undefined,
  ) {
    this.#sourceCode = sourceCode;
    this.#tracker = tracker;
    this.#typed = typed;
    this.#scope = scope;
    this.#maxDepth = maxDepth;
  }

  // --- entry points ------------------------------------------------------------------------

  /** Read routes, per-connection handlers and Next.js handlers declared in this file. */
  entries(program: TSESTree.Program, filename: string): Entry[] {
    const entries: Entry[] = [];
    const file = filename.replace(/\\/g, '/');
    if (NEXT_ROUTE_FILE.test(file) && !nextSegmentIsCached(program)) entries.push(...this.#nextExports(program, READ_HTTP_VERBS, 'route'));
    if (NEXT_PAGES_FILE.test(file)) entries.push(...this.#nextExports(program, new Set([NEXT_SERVER_PROPS_EXPORT]), 'page'));
    walk(program, (node) => {
      if (node.type === 'CallExpression' && REGISTRATION_NAMES.has(calleeName(node.callee) ?? '')) {
        const entry = this.#registration(node);
        if (entry) entries.push(entry);
      }
      return true;
    });
    return entries;
  }

  #nextExports(program: TSESTree.Program, names: ReadonlySet<string>, kind: EntryKind): Entry[] {
    const found: Entry[] = [];
    for (const statement of program.body) {
      if (statement.type !== 'ExportNamedDeclaration' || !statement.declaration) continue;
      const decl = statement.declaration;
      if (decl.type === 'FunctionDeclaration' && decl.id && names.has(decl.id.name)) {
        found.push({ kind, fns: [decl], report: decl.id, label: nextLabel(decl.id.name) });
      }
      if (decl.type === 'VariableDeclaration') {
        for (const d of decl.declarations) {
          if (d.id.type !== 'Identifier' || !names.has(d.id.name) || !d.init) continue;
          const fn = this.#functionOf(d.init);
          if (fn) found.push({ kind, fns: [fn], report: d.id, label: nextLabel(d.id.name) });
        }
      }
    }
    return found;
  }

  /** `router.get(path, handler)`, `wss.on('connection', fn)`, `app.route({ method, url, handler })`. */
  #registration(call: TSESTree.CallExpression): Entry | undefined {
    const callee = unwrap(call.callee);
    const knowledge = this.#tracker.knowledge;
    if (callee.type === 'MemberExpression') {
      const method = staticMemberName(callee);
      const receiver = method === undefined ? undefined : this.#instanceType(callee.object);
      if (method === undefined || receiver === undefined) return undefined;
      if (LISTENER_METHODS.has(method)) {
        const event = stringValue(call.arguments[0]);
        const def = event === undefined ? undefined : knowledge.handler(receiver, 'events', event);
        const fns = this.#functionArgs(call.arguments.slice(1));
        if (!def || event === undefined || fns.length === 0) return undefined;
        if (def.kind === 'connection') return { kind: 'connection', fns, report: call.callee, label: `the '${event}' handler` };
        if (def.kind === 'socket-message' && !WRITE_EVENT_NAME.test(event)) {
          return { kind: 'socket-message', fns, report: call.callee, label: `the '${event}' handler` };
        }
        if (def.kind === 'request') return { kind: 'request', fns, report: call.callee, label: REQUEST_LISTENER_LABEL };
        return undefined;
      }
      const routeHandler = knowledge.handler(receiver, 'callbacks', method);
      if (routeHandler?.kind === 'request') {
        const fns = this.#functionArgs(call.arguments);
        if (fns.length === 0) return undefined;
        if (!READ_ROUTE_METHODS.has(method)) {
          // Write routes are never dashboard reads, but a timer started per request still polls per client.
          if (method === 'use') return undefined;
          const label = requestHandlerLabel(method);
          return { kind: 'request', fns, report: call.callee, label };
        }
        const route = stringValue(call.arguments[0]) ?? chainedRoutePath(callee.object);
        return { kind: 'route', fns, report: call.callee, label: `GET ${route ?? 'route'}`, route };
      }
      const options = call.arguments[0];
      if (options?.type === 'ObjectExpression' && knowledge.optionHandler(receiver, method, 'handler')?.kind === 'request') {
        const handler = propertyValue(options, 'handler');
        const fn = handler && this.#functionOf(handler);
        if (!fn) return undefined;
        const verbs = httpVerbs(propertyValue(options, 'method'));
        const route = stringValue(propertyValue(options, 'url') ?? propertyValue(options, 'path'));
        const reads = verbs.some((v) => READ_HTTP_VERBS.has(v));
        return reads
          ? { kind: 'route', fns: [fn], report: call.callee, label: `GET ${route ?? 'route'}`, route }
          : { kind: 'request', fns: [fn], report: call.callee, label: `${verbs[0] ?? 'HTTP'} handler` };
      }
      return undefined;
    }
    // http.createServer((req, res) => …)
    const value = this.#tracker.resolve(callee);
    if (value?.kind === 'member' && knowledge.handler(value.owner, 'callbacks', value.name)?.kind === 'request') {
      const fns = this.#functionArgs(call.arguments);
      return fns.length > 0 ? { kind: 'request', fns, report: call.callee, label: REQUEST_LISTENER_LABEL } : undefined;
    }
    return undefined;
  }

  #functionArgs(args: readonly TSESTree.Node[]): FunctionNode[] {
    const fns: FunctionNode[] = [];
    for (const arg of args) {
      const fn = this.#functionOf(arg);
      if (fn) fns.push(fn);
    }
    return fns;
  }

  /** The function an expression is in this file: inline, a declaration, or a const alias of one. */
  #functionOf(node: TSESTree.Node): FunctionNode | undefined {
    const n = unwrap(node);
    if (isFunctionNode(n)) return n;
    if (n.type !== 'Identifier' && n.type !== 'MemberExpression') return undefined;
    const value = this.#tracker.resolve(n);
    if (value?.kind === 'function') return value.node;
    return n.type === 'MemberExpression' ? this.#objectMethod(n) : undefined;
  }

  /** `stats.daily()` where `const stats = { daily() {…}, weekly: () => … }` in this file. */
  #objectMethod(member: TSESTree.MemberExpression): FunctionNode | undefined {
    const name = staticMemberName(member);
    const object = unwrap(member.object);
    if (name === undefined || object.type !== 'Identifier') return undefined;
    const init = this.#constInit(object);
    if (init?.type !== 'ObjectExpression') return undefined;
    const value = propertyValue(init, name);
    if (!value) return undefined;
    const v = unwrap(value);
    if (isFunctionNode(v)) return v;
    if (v.type === 'Identifier') {
      const resolved = this.#tracker.resolve(v);
      return resolved?.kind === 'function' ? resolved.node : undefined;
    }
    return undefined;
  }

  /** The initializer of a variable written once (`const x = …`). */
  #constInit(id: TSESTree.Identifier): TSESTree.Expression | undefined {
    const variable = this.#tracker.variableOf(id);
    if (!variable || variable.references.filter((r) => r.isWrite()).length > 1) return undefined;
    const def = variable.defs[0];
    if (def?.type !== 'Variable' || def.node.id.type !== 'Identifier') return undefined;
    return def.node.init ?? undefined;
  }

  // --- paths -------------------------------------------------------------------------------

  /** Queries and timers an entry function reaches, each with the calls that lead there. */
  walk(fn: FunctionNode): { queries: QueryHit[]; timers: TimerHit[] } {
    this.#queries = [];
    this.#timers = [];
    this.#walkFunction(fn, { path: [], depth: 0, stack: new Set([fn]), bindings: new Map(), inPoller: this.#isSelfScheduling(fn) }, false);
    return { queries: dedupe(this.#queries), timers: dedupe(this.#timers) };
  }

  #walkFunction(fn: FunctionNode, frame: Frame, guarded: boolean): boolean {
    if (hasUseCacheDirective(fn) || hasUseCacheDirective(this.#sourceCode.ast)) return true;
    const state: State = { guarded };
    this.#visit(fn.body, frame, state);
    return state.guarded;
  }

  #visit(node: TSESTree.Node, frame: Frame, state: State, level = 0): void {
    // Generated code can nest expressions thousands deep; what lies below this is not followed.
    if (isFunctionNode(node) || node.type === 'ClassBody' || level > MAX_NESTING) return;
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      this.#call(node, frame, state);
      return;
    }
    if (node.type === 'TaggedTemplateExpression') {
      this.#tagged(node, frame, state);
      return;
    }
    for (const child of childNodes(node)) this.#visit(child, frame, state, level + 1);
  }

  #call(call: TSESTree.CallExpression | TSESTree.NewExpression, frame: Frame, state: State): void {
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression') {
      this.#visit(callee.object, frame, state);
      if (callee.computed) this.#visit(callee.property, frame, state);
    } else if (callee.type !== 'Identifier' && !isFunctionNode(callee)) {
      this.#visit(callee, frame, state);
    }
    const kind = call.type === 'NewExpression' ? this.#classifyNew(call) : this.#classify(call, frame);
    const args = call.arguments;
    switch (kind.type) {
      case 'query':
        this.#visitValues(args, frame, state);
        if (!state.guarded) this.#recordQuery(call, kind.op, frame);
        return;
      case 'cache-read':
        this.#visitValues(args, frame, state);
        state.guarded = true;
        return;
      case 'cache-wrap':
        this.#visitValues(args, frame, state);
        state.guarded = true;
        return;
      case 'timer':
        this.#visitValues(args, frame, state);
        this.#timers.push({ node: call as TSESTree.CallExpression, callback: kind.callback, path: frame.path, timer: kind.timer });
        return;
      case 'registration':
      case 'unknown':
        this.#visitValues(args, frame, state);
        return;
      case 'inline':
        for (const arg of args) {
          const fn = isFunctionNode(unwrap(arg)) ? (unwrap(arg) as FunctionNode) : undefined;
          if (fn) {
            if (!frame.stack.has(fn)) state.guarded = this.#walkFunction(fn, { ...frame, stack: new Set([...frame.stack, fn]) }, state.guarded);
          } else {
            this.#visit(arg, frame, state);
          }
        }
        if (isFunctionNode(callee)) {
          state.guarded = this.#walkFunction(callee, { ...frame, stack: new Set([...frame.stack, callee]) }, state.guarded);
        }
        return;
      case 'function':
        this.#visitValues(args, frame, state);
        this.#follow(kind, call, frame, state);
        return;
      case 'runs':
        this.#visitValues(args, frame, state);
        for (const fn of kind.fns) {
          if (!frame.stack.has(fn)) state.guarded = this.#walkFunction(fn, { ...frame, stack: new Set([...frame.stack, fn]) }, state.guarded);
        }
        return;
    }
  }

  /** Arguments evaluated at the call: everything but functions, which run later or elsewhere. */
  #visitValues(args: readonly TSESTree.Node[], frame: Frame, state: State): void {
    for (const arg of args) if (!isFunctionNode(unwrap(arg))) this.#visit(arg, frame, state);
  }

  #tagged(node: TSESTree.TaggedTemplateExpression, frame: Frame, state: State): void {
    for (const expression of node.quasi.expressions) this.#visit(expression, frame, state);
    const op = this.#operationOfCallee(node.tag);
    if (op?.kind === 'query' && !state.guarded) this.#recordQuery(node, op, frame);
  }

  #follow(kind: Extract<CallKind, { type: 'function' }>, call: TSESTree.Node, frame: Frame, state: State): void {
    if (frame.depth >= this.#maxDepth || frame.stack.has(kind.fn)) return;
    const bindings = new Map(frame.bindings);
    kind.fn.params.forEach((param, i) => {
      const id = param.type === 'AssignmentPattern' ? param.left : param;
      const arg = kind.args[i];
      if (id.type !== 'Identifier' || !arg || arg.type === 'SpreadElement') return;
      const variable = this.#tracker.variableOf(id);
      if (variable) bindings.set(variable, this.#boundTarget(arg, frame));
    });
    const inner: Frame = {
      path: [...frame.path, { node: call, label: `calls ${kind.name}()` }],
      depth: frame.depth + 1,
      stack: new Set([...frame.stack, kind.fn]),
      bindings,
      inPoller: frame.inPoller || this.#isSelfScheduling(kind.fn),
    };
    state.guarded = this.#walkFunction(kind.fn, inner, state.guarded);
  }

  /** A parameter passed on unchanged keeps pointing at what the outer caller gave. */
  #boundTarget(arg: TSESTree.Node, frame: Frame): TSESTree.Node {
    const a = unwrap(arg);
    if (a.type === 'Identifier') {
      const variable = this.#tracker.variableOf(a);
      const outer = variable && frame.bindings.get(variable);
      if (outer) return outer;
    }
    return a;
  }

  // --- what a call is ----------------------------------------------------------------------

  #classifyNew(call: TSESTree.NewExpression): CallKind {
    const callee = unwrap(call.callee);
    // The executor of `new Promise(...)` runs immediately.
    if (callee.type === 'Identifier' && callee.name === 'Promise' && this.#tracker.variableOf(callee) === null) return { type: 'inline' };
    if (callee.type === 'Identifier' && STREAM_START_CONSTRUCTORS.has(callee.name) && this.#isWebStream(callee)) {
      const source = call.arguments[0] && unwrap(call.arguments[0]);
      const start = source?.type === 'ObjectExpression' ? propertyValue(source, STREAM_START_METHOD) : undefined;
      const fn = start && this.#functionOf(start);
      return fn ? { type: 'runs', fns: [fn] } : { type: 'unknown' };
    }
    return { type: 'unknown' };
  }

  #classify(call: TSESTree.CallExpression, frame: Frame): CallKind {
    const callee = unwrap(call.callee);
    if (isFunctionNode(callee)) return { type: 'inline' };
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticMemberName(callee) : undefined;

    // A function the caller passed in: `load()` inside `cacheAside(key, ttl, load)`.
    if (callee.type === 'Identifier') {
      const variable = this.#tracker.variableOf(callee);
      const bound = variable ? frame.bindings.get(variable) : undefined;
      if (bound) return this.#classifyTarget(bound, name ?? 'function', call.arguments);
    }

    const timer = this.#timer(call);
    if (timer) return timer;

    if (callee.type === 'MemberExpression' && name !== undefined) {
      const receiver = this.#instanceType(callee.object);
      if (receiver !== undefined) {
        const op = this.#tracker.knowledge.operation(receiver, name);
        if (op) return kindOfOperation(op);
        if (this.#tracker.knowledge.handler(receiver, 'callbacks', name)) return { type: 'registration' };
      }
      if (LISTENER_METHODS.has(name) || ONCE_LISTENER_METHODS.has(name)) return { type: 'registration' };
      if ((ITERATION_CALLBACK_METHODS.has(name) || PROMISE_METHODS.has(name)) && call.arguments.some((a) => isFunctionNode(unwrap(a)))) {
        return { type: 'inline' };
      }
    }

    const op = this.#operationOfCallee(callee);
    if (op) return kindOfOperation(op);
    const value = this.#tracker.resolve(callee);
    if (value?.kind === 'member' && this.#tracker.knowledge.handler(value.owner, 'callbacks', value.name)) return { type: 'registration' };

    return this.#classifyTarget(callee, name ?? 'function', call.arguments);
  }

  /** What calling `target` does: a function of this file, a cached function, a helper, or unknown. */
  #classifyTarget(target: TSESTree.Node, name: string, args: readonly TSESTree.Node[]): CallKind {
    const t = unwrap(target);
    if (isFunctionNode(t)) return { type: 'function', fn: t, name, args };
    // `const getStats = unstable_cache(…)` / `= cache(…)` (React) / `= withCache(…)`
    if (t.type === 'Identifier') {
      const init = this.#constInit(t);
      if (init?.type === 'CallExpression') {
        const wrapperName = calleeName(init.callee);
        const op = this.#operationOfCallee(init.callee);
        if (op?.kind === 'cache-wrap' || isHelperName(wrapperName, this.#scope) || isHelperName(this.#importedName(init.callee), this.#scope)) {
          return { type: 'cache-read' };
        }
        if (op?.kind === 'request-memo') {
          const wrapped = init.arguments[op.fn];
          const fn = wrapped && this.#functionOf(wrapped);
          if (fn) return { type: 'function', fn, name, args };
        }
      }
    }
    if (isHelperName(name, this.#scope) || isHelperName(this.#importedName(t), this.#scope)) return { type: 'cache-wrap' };
    const fn = this.#functionOf(t);
    if (fn) return { type: 'function', fn, name, args };
    // Something this file cannot see into, named like a cache read: quieter, never louder.
    if (looksLikeCacheRead(name)) return { type: 'cache-wrap' };
    return { type: 'unknown' };
  }

  #instanceType(node: TSESTree.Node): TypeId | undefined {
    return this.#tracker.instanceType(node) ?? this.#typed?.(unwrap(node));
  }

  /** `withCache` for `wc` in `import { withCache as wc } from …`: `cache.helpers` names the export. */
  #importedName(node: TSESTree.Node): string | undefined {
    const n = unwrap(node);
    if (n.type !== 'Identifier') return undefined;
    const def = this.#tracker.variableOf(n)?.defs[0];
    if (def?.type !== 'ImportBinding' || def.node.type !== 'ImportSpecifier') return undefined;
    const imported = def.node.imported;
    return imported.type === 'Identifier' ? imported.name : imported.value;
  }

  /** An operation of the library tables for a callee or template tag: `redis.get`, `unstable_cache`, `` sql`…` ``. */
  #operationOfCallee(callee: TSESTree.Node): OperationDef | undefined {
    const c = unwrap(callee);
    const knowledge = this.#tracker.knowledge;
    if (c.type === 'MemberExpression') {
      const name = staticMemberName(c);
      const receiver = this.#instanceType(c.object);
      if (name !== undefined && receiver !== undefined) {
        const op = knowledge.operation(receiver, name);
        if (op) return op;
      }
    }
    const value = this.#tracker.resolve(c);
    if (value?.kind === 'member') return knowledge.operation(value.owner, value.name);
    if (value?.kind === 'instance') return knowledge.callOperation(value.type);
    return undefined;
  }

  /** `setInterval(fn)` anywhere, and a `setTimeout(fn)` whose callback schedules itself again. */
  #timer(call: TSESTree.CallExpression): CallKind | undefined {
    const callee = unwrap(call.callee);
    const value = this.#tracker.resolve(callee);
    const callbackArg = call.arguments[0];
    if (value?.kind === 'member' && this.#tracker.knowledge.handler(value.owner, 'callbacks', value.name)?.kind === 'timer') {
      const callback = callbackArg && this.#functionOf(callbackArg);
      return callback ? { type: 'timer', callback, timer: `\`${value.name}\`` } : { type: 'registration' };
    }
    if (!this.#isOneShotTimer(callee)) return undefined;
    const callback = callbackArg && this.#functionOf(callbackArg);
    if (!callback) return { type: 'registration' };
    // `setTimeout(tick, ms)` inside `tick`, or `setTimeout(() => tick(), ms)`: the loop is `tick`.
    const loop = this.#enclosingLoopFunction(call, callback);
    if (loop) return { type: 'timer', callback: loop, timer: 'a self-rescheduling `setTimeout`' };
    if (this.#isSelfScheduling(callback)) return { type: 'timer', callback, timer: 'a self-rescheduling `setTimeout`' };
    return { type: 'registration' };
  }

  /** The global web stream class, or one imported from `node:stream/web`. */
  #isWebStream(callee: TSESTree.Identifier): boolean {
    const variable = this.#tracker.variableOf(callee);
    // With type information the default library's globals are variables without definitions.
    if (variable === null || variable.defs.length === 0) return true;
    const def = variable.defs[0];
    return def?.type === 'ImportBinding' && def.parent.type === 'ImportDeclaration' && WEB_STREAM_MODULES.has(def.parent.source.value);
  }

  #isOneShotTimer(callee: TSESTree.Node): boolean {
    if (callee.type !== 'Identifier' || callee.name !== ONE_SHOT_TIMER) return false;
    const variable = this.#tracker.variableOf(callee);
    if (variable === null) return true;
    const def = variable.defs[0];
    return def?.type === 'ImportBinding' && def.parent.type === 'ImportDeclaration' && TIMER_MODULES.has(def.parent.source.value);
  }

  /** The named function around `call` that the timer's callback is (or calls): the body of a `setTimeout` loop. */
  #enclosingLoopFunction(call: TSESTree.Node, callback: FunctionNode): FunctionNode | undefined {
    for (let n: TSESTree.Node | undefined = call.parent; n; n = n.parent) {
      if (!isFunctionNode(n)) continue;
      if (n === callback || this.#refersTo(callback, n)) return n;
    }
    return undefined;
  }

  /** Does `fn` contain a `setTimeout` whose callback is `fn` again? */
  #isSelfScheduling(fn: FunctionNode): boolean {
    const known = this.#selfScheduling.get(fn);
    if (known !== undefined) return known;
    this.#selfScheduling.set(fn, false);
    let found = false;
    walk(fn.body, (node) => {
      if (found) return false;
      if (node.type === 'CallExpression' && this.#isOneShotTimer(unwrap(node.callee))) {
        const arg = node.arguments[0];
        const cb = arg && this.#functionOf(arg);
        if (cb && (cb === fn || this.#refersTo(cb, fn))) found = true;
      }
      return true;
    });
    this.#selfScheduling.set(fn, found);
    return found;
  }

  /** Does the small function `fn` call `target` (`() => tick()`)? */
  #refersTo(fn: FunctionNode, target: FunctionNode): boolean {
    let found = false;
    walk(fn.body, (node) => {
      if (found) return false;
      if (node.type === 'Identifier') {
        const value = this.#tracker.resolve(node);
        if (value?.kind === 'function' && value.node === target) found = true;
      }
      return true;
    });
    return found;
  }

  // --- queries -----------------------------------------------------------------------------

  #recordQuery(node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression, op: Extract<OperationDef, { kind: 'query' }>, frame: Frame): void {
    // A builder chain (`knex('t').where(…).groupBy(…)`) is one query, recorded at its first link.
    if (node.type === 'CallExpression' && this.#innerQueryLink(node)) return;
    let shape: QueryShape = op.shape;
    let engine = op.engine;
    for (const link of this.#outerLinks(node)) {
      shape = strongerShape(shape, link.shape);
      engine ??= link.engine;
    }
    const cost = this.#cost(node, shape, op.text);
    this.#queries.push({ node, cost, engine, path: frame.path, inPoller: frame.inPoller });
  }

  #innerQueryLink(call: TSESTree.CallExpression): boolean {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return false;
    const inner = unwrap(callee.object);
    if (inner.type !== 'CallExpression' && inner.type !== 'TaggedTemplateExpression') return false;
    const op = inner.type === 'CallExpression' ? this.#operationOfCallee(inner.callee) : this.#operationOfCallee(inner.tag);
    return op?.kind === 'query';
  }

  *#outerLinks(node: TSESTree.Node): Generator<Extract<OperationDef, { kind: 'query' }>> {
    let current: TSESTree.Node = node;
    for (;;) {
      const member = current.parent;
      const call = member?.parent;
      if (member?.type !== 'MemberExpression' || member.object !== current || call?.type !== 'CallExpression' || call.callee !== member) return;
      const name = staticMemberName(member);
      const receiver = this.#instanceType(current);
      const op = name !== undefined && receiver !== undefined ? this.#tracker.knowledge.operation(receiver, name) : undefined;
      if (op?.kind === 'query') yield op;
      current = call;
    }
  }

  #cost(node: TSESTree.Node, shape: QueryShape, text: QueryTextDef | undefined): QueryCost {
    let sql: string | undefined;
    if (node.type === 'TaggedTemplateExpression') sql = templateText(node.quasi);
    else if ((node.type === 'CallExpression' || node.type === 'NewExpression') && text) {
      const arg = node.arguments[text.arg];
      sql = arg && this.#text(arg, text.options ?? [], 0);
    }
    if (shape !== 'sql') {
      const reading = sql === undefined ? undefined : readDashboardSql(sql, this.#scope.precomputedTables);
      return { cost: shape, precomputed: reading?.precomputed ?? false };
    }
    if (sql === undefined) return { cost: 'unknown', precomputed: false };
    const reading = readDashboardSql(sql, this.#scope.precomputedTables);
    return { cost: reading.cost, precomputed: reading.precomputed, ...(reading.reason !== undefined ? { reason: reading.reason } : {}) };
  }

  /** The query text an expression holds: literals, templates, `+`, constants of this file, `{ text }` objects. */
  #text(node: TSESTree.Node, options: readonly string[], depth: number): string | undefined {
    if (depth > MAX_TEXT_DEPTH) return undefined;
    const n = unwrap(node);
    switch (n.type) {
      case 'Literal':
        return typeof n.value === 'string' ? n.value : undefined;
      case 'TemplateLiteral':
        return templateText(n);
      case 'TaggedTemplateExpression':
        return templateText(n.quasi);
      case 'BinaryExpression': {
        if (n.operator !== '+') return undefined;
        const left = this.#text(n.left, [], depth + 1);
        const right = this.#text(n.right, [], depth + 1);
        return left === undefined && right === undefined ? undefined : `${left ?? PLACEHOLDER_CHAR}${right ?? PLACEHOLDER_CHAR}`;
      }
      case 'Identifier': {
        const init = this.#constInit(n);
        return init ? this.#text(init, options, depth + 1) : undefined;
      }
      case 'ObjectExpression': {
        for (const option of options) {
          const value = propertyValue(n, option);
          if (value) return this.#text(value, [], depth + 1);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** For messages: the source of a node's first line. */
  text(node: TSESTree.Node): string {
    return this.#sourceCode.getText(node).split('\n')[0] ?? '';
  }
}

function kindOfOperation(op: OperationDef): CallKind {
  switch (op.kind) {
    case 'query':
      return { type: 'query', op };
    case 'cache-read':
      return { type: 'cache-read' };
    case 'cache-wrap':
      return { type: 'cache-wrap', fn: op.fn };
    // Building a per-request memo runs nothing yet; writes and expiries read nothing.
    default:
      return { type: 'unknown' };
  }
}

function templateText(template: TSESTree.TemplateLiteral): string {
  return template.quasis.map((q) => q.value.cooked ?? q.value.raw).join(PLACEHOLDER_CHAR);
}

function calleeName(callee: TSESTree.Node): string | undefined {
  const c = unwrap(callee);
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression') return staticMemberName(c);
  return undefined;
}

export function propertyValue(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | undefined {
  for (const prop of object.properties) {
    if (prop.type !== 'Property') continue;
    const key = prop.computed ? stringValue(prop.key) : prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
    if (key === name) return prop.value;
  }
  return undefined;
}

/** `method: 'GET'` or `method: ['GET', 'HEAD']`, upper-cased. */
function httpVerbs(node: TSESTree.Node | undefined): string[] {
  if (!node) return [];
  const n = unwrap(node);
  const single = stringValue(n);
  if (single !== undefined) return [single.toUpperCase()];
  if (n.type === 'ArrayExpression') return n.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? httpVerbs(e) : []));
  return [];
}

/** `router.route('/stats').get(handler)`: the path given to `route()`. */
function chainedRoutePath(object: TSESTree.Node): string | undefined {
  let n = unwrap(object);
  while (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') {
    if (staticMemberName(n.callee) === 'route') return stringValue(n.arguments[0]);
    n = unwrap(n.callee.object);
  }
  return undefined;
}

function nextLabel(name: string): string {
  return name === NEXT_SERVER_PROPS_EXPORT ? '`getServerSideProps`' : `the Next.js ${name} route handler`;
}

/** `export const revalidate = 60` (or `false`), `export const dynamic = 'force-static'`: Next.js caches the route. */
function nextSegmentIsCached(program: TSESTree.Program): boolean {
  for (const statement of program.body) {
    if (statement.type !== 'ExportNamedDeclaration' || statement.declaration?.type !== 'VariableDeclaration') continue;
    for (const d of statement.declaration.declarations) {
      if (d.id.type !== 'Identifier' || !d.init) continue;
      const init = unwrap(d.init);
      if (d.id.name === NEXT_REVALIDATE_EXPORT && init.type === 'Literal') {
        if (init.value === false || (typeof init.value === 'number' && init.value > 0)) return true;
      }
      if (d.id.name === NEXT_DYNAMIC_EXPORT && NEXT_STATIC_DYNAMIC_VALUES.has(stringValue(init) ?? '')) return true;
    }
  }
  return false;
}

function hasUseCacheDirective(node: FunctionNode | TSESTree.Program | undefined): boolean {
  if (!node) return false;
  const body = node.type === 'Program' ? node.body : node.body.type === 'BlockStatement' ? node.body.body : [];
  for (const statement of body) {
    if (statement.type !== 'ExpressionStatement' || statement.directive === undefined) return false;
    if (USE_CACHE_DIRECTIVE.test(statement.directive)) return true;
  }
  return false;
}

function dedupe<T extends { node: TSESTree.Node }>(hits: readonly T[]): T[] {
  const seen = new Set<TSESTree.Node>();
  return hits.filter((h) => (seen.has(h.node) ? false : (seen.add(h.node), true)));
}

/** Rule options merged with what the audit passes from `rta.config.yaml` (`settings.rta.cache`). */
export function dashboardScope(
  options: { helpers?: readonly string[]; dashboardRoutes?: readonly string[]; precomputedTables?: readonly string[] } | undefined,
  settings: Readonly<Record<string, unknown>>,
): DashboardScope {
  const fromConfig = (key: string): string[] => configList(settings, 'cache', key);
  return {
    helpers: [...(options?.helpers ?? []), ...fromConfig('helpers')],
    dashboardRoutes: [...(options?.dashboardRoutes ?? []), ...fromConfig('dashboardRoutes')],
    precomputedTables: [...(options?.precomputedTables ?? []), ...fromConfig('precomputedTables')],
  };
}

/** The file's path relative to ESLint's cwd, forward slashes, for `cache.dashboardRoutes` file globs. */
export function relativeFilename(context: { filename: string; cwd: string }): string {
  const file = context.filename.replace(/\\/g, '/');
  const cwd = context.cwd.replace(/\\/g, '/').replace(/\/$/, '');
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

/** `via loadStats() → queryTotals()` for messages, or nothing when the query is in the handler itself. */
export function describePath(path: readonly Step[]): string {
  return path.length === 0 ? '' : ` via ${path.map((s) => s.label.replace(/^calls /, '')).join(' → ')}`;
}
