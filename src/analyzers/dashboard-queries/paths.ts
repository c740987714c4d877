/**
 * Entry points and the calls they make, followed across modules. Mirrors the same-file walk of
 * the ESLint rules (`src/rules/support/dashboard-paths.ts`) on ts-morph nodes: evaluation order,
 * a cache read guards what follows it, a function handed to a cache wrapper runs only on a miss,
 * functions passed as arguments are followed where the callee calls them, listeners and timers
 * registered on the way are entry points of their own. Each step remembers whether it left the
 * entry point's file, which decides whether the finding is the analyzer's or the rule's.
 */
import { Node, SyntaxKind, type CallExpression, type NewExpression, type SourceFile, type TaggedTemplateExpression } from 'ts-morph';
import type { OperationDef, QueryShape, QueryTextDef } from '../../knowledge/model.js';
import { ITERATION_CALLBACK_METHODS, LISTENER_METHODS, ONCE_LISTENER_METHODS } from '../../knowledge/generic.js';
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
import { PLACEHOLDER_CHAR } from '../../sql/tokenize.js';
import { MorphResolver, importedFrom, isFunctionLike, memberName, stringLiteralValue, unwrapExpression, type FunctionLike, type Trail } from './resolve.js';
import { callsIn, callsWithin } from '../calls.js';

export interface Step {
  /** The call. */
  node: Node;
  label: string;
  /** The function it enters. */
  target: Node;
}

export interface Entry {
  kind: EntryKind;
  fns: FunctionLike[];
  report: Node;
  label: string;
  route?: string;
  /** Telling it is an entry point took another file (the router or handler is imported). */
  crossed: boolean;
}

export interface QueryHit {
  node: Node;
  cost: QueryCost;
  engine?: string;
  path: readonly Step[];
  inPoller: boolean;
  /** Some step, or the resolution of the query's client, left the entry point's file. */
  crossed: boolean;
}

export interface TimerHit {
  node: CallExpression;
  callback: FunctionLike;
  path: readonly Step[];
  timer: string;
  crossed: boolean;
}

interface Frame {
  origin: SourceFile;
  path: Step[];
  depth: number;
  stack: ReadonlySet<Node>;
  bindings: ReadonlyMap<Node, Node>;
  inPoller: boolean;
  crossed: boolean;
}

interface State {
  guarded: boolean;
}

type CallKind =
  | { type: 'query'; op: Extract<OperationDef, { kind: 'query' }> }
  | { type: 'cache-read' }
  | { type: 'timer'; callback: FunctionLike; timer: string }
  | { type: 'registration' }
  | { type: 'inline' }
  /** Calls these functions, found in its arguments, here and now (`new ReadableStream({ start() {…} })`). */
  | { type: 'runs'; fns: FunctionLike[] }
  | { type: 'function'; fn: FunctionLike; name: string; args: readonly Node[] }
  | { type: 'unknown' };

const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
const MAX_TEXT_DEPTH = 8;
const MAX_NESTING = 400;

export class CrossFilePaths {
  readonly #resolver: MorphResolver;
  readonly #scope: DashboardScope;
  readonly #maxDepth: number;
  readonly #selfScheduling = new Map<Node, boolean>();
  #queries: QueryHit[] = [];
  #timers: TimerHit[] = [];

  constructor(resolver: MorphResolver, scope: DashboardScope, maxDepth: number) {
    this.#resolver = resolver;
    this.#scope = scope;
    this.#maxDepth = maxDepth;
  }

  // --- entry points ------------------------------------------------------------------------

  entries(file: SourceFile, relativePath: string): Entry[] {
    const entries: Entry[] = [];
    if (NEXT_ROUTE_FILE.test(relativePath) && !nextSegmentIsCached(file)) entries.push(...this.#nextExports(file, READ_HTTP_VERBS, 'route'));
    if (NEXT_PAGES_FILE.test(relativePath)) entries.push(...this.#nextExports(file, new Set([NEXT_SERVER_PROPS_EXPORT]), 'page'));
    for (const call of callsIn(file)) {
      const callee = unwrapExpression(call.getExpression());
      const name = Node.isIdentifier(callee) ? callee.getText() : memberName(callee);
      if (name === undefined || !REGISTRATION_NAMES.has(name)) continue;
      const entry = this.#registration(call, file);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  #nextExports(file: SourceFile, names: ReadonlySet<string>, kind: EntryKind): Entry[] {
    const found: Entry[] = [];
    for (const fn of file.getFunctions()) {
      const name = fn.getName();
      if (name !== undefined && fn.isExported() && names.has(name)) {
        found.push({ kind, fns: [fn], report: fn.getNameNode() ?? fn, label: nextLabel(name), crossed: false });
      }
    }
    for (const statement of file.getVariableStatements()) {
      if (!statement.isExported()) continue;
      for (const decl of statement.getDeclarations()) {
        const init = decl.getInitializer();
        const trail: Trail = new Set();
        const fn = init && this.#functionOf(init, trail);
        if (fn && names.has(decl.getName())) {
          found.push({ kind, fns: [fn], report: decl.getNameNode(), label: nextLabel(decl.getName()), crossed: leftFile(trail, file) });
        }
      }
    }
    return found;
  }

  #registration(call: CallExpression, file: SourceFile): Entry | undefined {
    const callee = unwrapExpression(call.getExpression());
    const knowledge = this.#resolver.knowledge;
    const trail: Trail = new Set();
    const args = call.getArguments();
    const done = (entry: Omit<Entry, 'crossed'>): Entry => ({ ...entry, crossed: leftFile(trail, file) });
    if (Node.isPropertyAccessExpression(callee) || Node.isElementAccessExpression(callee)) {
      const method = memberName(callee);
      const receiver = method === undefined ? undefined : this.#resolver.instanceType(callee.getExpression(), trail);
      if (method === undefined || receiver === undefined) return undefined;
      if (LISTENER_METHODS.has(method)) {
        const event = stringLiteralValue(args[0]);
        const def = event === undefined ? undefined : knowledge.handler(receiver, 'events', event);
        const fns = this.#functionArgs(args.slice(1), trail);
        if (!def || event === undefined || fns.length === 0) return undefined;
        if (def.kind === 'connection') return done({ kind: 'connection', fns, report: callee, label: `the '${event}' handler` });
        if (def.kind === 'socket-message' && !WRITE_EVENT_NAME.test(event)) {
          return done({ kind: 'socket-message', fns, report: callee, label: `the '${event}' handler` });
        }
        if (def.kind === 'request') return done({ kind: 'request', fns, report: callee, label: REQUEST_LISTENER_LABEL });
        return undefined;
      }
      if (knowledge.handler(receiver, 'callbacks', method)?.kind === 'request') {
        const fns = this.#functionArgs(args, trail);
        if (fns.length === 0 || method === 'use') return undefined;
        if (!READ_ROUTE_METHODS.has(method)) {
          const label = requestHandlerLabel(method);
          return done({ kind: 'request', fns, report: callee, label });
        }
        const route = stringLiteralValue(args[0]) ?? chainedRoutePath(callee.getExpression());
        return done({ kind: 'route', fns, report: callee, label: `GET ${route ?? 'route'}`, ...(route !== undefined ? { route } : {}) });
      }
      const options = args[0] && unwrapExpression(args[0]);
      if (Node.isObjectLiteralExpression(options) && knowledge.optionHandler(receiver, method, 'handler')?.kind === 'request') {
        const handler = propertyValue(options, 'handler');
        const fn = handler && this.#functionOf(handler, trail);
        if (!fn) return undefined;
        const verbs = httpVerbs(propertyValue(options, 'method'));
        const route = stringLiteralValue(propertyValue(options, 'url') ?? propertyValue(options, 'path'));
        return verbs.some((v) => READ_HTTP_VERBS.has(v))
          ? done({ kind: 'route', fns: [fn], report: callee, label: `GET ${route ?? 'route'}`, ...(route !== undefined ? { route } : {}) })
          : done({ kind: 'request', fns: [fn], report: callee, label: `${verbs[0] ?? 'HTTP'} handler` });
      }
      return undefined;
    }
    const value = this.#resolver.resolve(callee, trail);
    if (value?.kind === 'member' && knowledge.handler(value.owner, 'callbacks', value.name)?.kind === 'request') {
      const fns = this.#functionArgs(args, trail);
      return fns.length > 0 ? done({ kind: 'request', fns, report: callee, label: REQUEST_LISTENER_LABEL }) : undefined;
    }
    return undefined;
  }

  #functionArgs(args: readonly Node[], trail: Trail): FunctionLike[] {
    const fns: FunctionLike[] = [];
    for (const arg of args) {
      const fn = this.#functionOf(arg, trail);
      if (fn) fns.push(fn);
    }
    return fns;
  }

  /** The function an expression names, in this file or another (imports, re-exports, object members). */
  #functionOf(node: Node, trail: Trail): FunctionLike | undefined {
    const n = unwrapExpression(node);
    if (isFunctionLike(n)) return n;
    if (!Node.isIdentifier(n) && !Node.isPropertyAccessExpression(n)) return undefined;
    const value = this.#resolver.resolve(n, trail);
    return value?.kind === 'function' ? value.node : undefined;
  }

  // --- paths -------------------------------------------------------------------------------

  walk(fn: FunctionLike, origin: SourceFile, crossed: boolean): { queries: QueryHit[]; timers: TimerHit[] } {
    this.#queries = [];
    this.#timers = [];
    const frame: Frame = {
      origin,
      path: [],
      depth: 0,
      stack: new Set([fn]),
      bindings: new Map(),
      inPoller: this.#isSelfScheduling(fn),
      crossed: crossed || fn.getSourceFile() !== origin,
    };
    this.#walkFunction(fn, frame, false);
    return { queries: dedupe(this.#queries), timers: dedupe(this.#timers) };
  }

  #walkFunction(fn: FunctionLike, frame: Frame, guarded: boolean): boolean {
    if (hasUseCacheDirective(fn) || hasUseCacheDirective(fn.getSourceFile())) return true;
    const body = fn.getBody();
    if (!body) return guarded;
    const state: State = { guarded };
    this.#visit(body, frame, state);
    return state.guarded;
  }

  #visit(node: Node, frame: Frame, state: State, level = 0): void {
    // Generated code can nest expressions thousands deep; what lies below this is not followed.
    if (isFunctionLike(node) || Node.isClassDeclaration(node) || Node.isClassExpression(node) || level > MAX_NESTING) return;
    if (Node.isCallExpression(node) || Node.isNewExpression(node)) {
      this.#call(node, frame, state);
      return;
    }
    if (Node.isTaggedTemplateExpression(node)) {
      this.#tagged(node, frame, state);
      return;
    }
    node.forEachChild((child) => {
      this.#visit(child, frame, state, level + 1);
    });
  }

  #call(call: CallExpression | NewExpression, frame: Frame, state: State): void {
    const callee = unwrapExpression(call.getExpression());
    if (Node.isPropertyAccessExpression(callee)) this.#visit(callee.getExpression(), frame, state);
    else if (Node.isElementAccessExpression(callee)) {
      this.#visit(callee.getExpression(), frame, state);
      this.#visit(callee.getArgumentExpressionOrThrow(), frame, state);
    } else if (!Node.isIdentifier(callee) && !isFunctionLike(callee)) this.#visit(callee, frame, state);
    const trail: Trail = new Set();
    const kind = Node.isNewExpression(call) ? this.#classifyNew(call) : this.#classify(call, frame, trail);
    const args = call.getArguments();
    switch (kind.type) {
      case 'query':
        this.#visitValues(args, frame, state);
        if (!state.guarded) this.#recordQuery(call, kind.op, frame, trail);
        return;
      case 'cache-read':
        this.#visitValues(args, frame, state);
        state.guarded = true;
        return;
      case 'timer':
        this.#visitValues(args, frame, state);
        if (Node.isCallExpression(call)) {
          this.#timers.push({ node: call, callback: kind.callback, path: frame.path, timer: kind.timer, crossed: frame.crossed || leftFile(trail, frame.origin) });
        }
        return;
      case 'registration':
      case 'unknown':
        this.#visitValues(args, frame, state);
        return;
      case 'inline':
        for (const arg of args) {
          const a = unwrapExpression(arg);
          if (isFunctionLike(a)) {
            if (!frame.stack.has(a)) state.guarded = this.#walkFunction(a, { ...frame, stack: new Set([...frame.stack, a]) }, state.guarded);
          } else {
            this.#visit(arg, frame, state);
          }
        }
        if (isFunctionLike(callee)) state.guarded = this.#walkFunction(callee, { ...frame, stack: new Set([...frame.stack, callee]) }, state.guarded);
        return;
      case 'function':
        this.#visitValues(args, frame, state);
        this.#follow(kind, call, frame, state, trail);
        return;
      case 'runs':
        this.#visitValues(args, frame, state);
        for (const fn of kind.fns) {
          if (!frame.stack.has(fn)) state.guarded = this.#walkFunction(fn, { ...frame, stack: new Set([...frame.stack, fn]) }, state.guarded);
        }
        return;
    }
  }

  #visitValues(args: readonly Node[], frame: Frame, state: State): void {
    for (const arg of args) if (!isFunctionLike(unwrapExpression(arg))) this.#visit(arg, frame, state);
  }

  #tagged(node: TaggedTemplateExpression, frame: Frame, state: State): void {
    const template = node.getTemplate();
    if (Node.isTemplateExpression(template)) for (const span of template.getTemplateSpans()) this.#visit(span.getExpression(), frame, state);
    const trail: Trail = new Set();
    const op = this.#resolver.operationOf(node.getTag(), trail);
    if (op?.kind === 'query' && !state.guarded) this.#recordQuery(node, op, frame, trail);
  }

  #follow(kind: Extract<CallKind, { type: 'function' }>, call: Node, frame: Frame, state: State, trail: Trail): void {
    if (frame.depth >= this.#maxDepth || frame.stack.has(kind.fn)) return;
    const bindings = new Map(frame.bindings);
    kind.fn.getParameters().forEach((param, i) => {
      const arg = kind.args[i];
      if (!arg || Node.isSpreadElement(arg) || !Node.isIdentifier(param.getNameNode())) return;
      bindings.set(param, this.#boundTarget(arg, frame));
    });
    const inner: Frame = {
      origin: frame.origin,
      path: [...frame.path, { node: call, label: `calls ${kind.name}()`, target: kind.fn }],
      depth: frame.depth + 1,
      stack: new Set([...frame.stack, kind.fn]),
      bindings,
      inPoller: frame.inPoller || this.#isSelfScheduling(kind.fn),
      crossed: frame.crossed || leftFile(trail, frame.origin) || kind.fn.getSourceFile() !== frame.origin,
    };
    state.guarded = this.#walkFunction(kind.fn, inner, state.guarded);
  }

  #boundTarget(arg: Node, frame: Frame): Node {
    const a = unwrapExpression(arg);
    if (Node.isIdentifier(a)) {
      const param = this.#parameterOf(a);
      const outer = param && frame.bindings.get(param);
      if (outer) return outer;
    }
    return a;
  }

  /** The parameter declaration an identifier refers to, if it is one. */
  #parameterOf(id: Node): Node | undefined {
    const decl = id.getSymbol()?.getDeclarations()[0];
    return Node.isParameterDeclaration(decl) ? decl : undefined;
  }

  // --- what a call is ----------------------------------------------------------------------

  #classifyNew(call: NewExpression): CallKind {
    const callee = unwrapExpression(call.getExpression());
    if (Node.isIdentifier(callee) && callee.getText() === 'Promise') return { type: 'inline' };
    if (Node.isIdentifier(callee) && STREAM_START_CONSTRUCTORS.has(callee.getText()) && isWebStream(callee)) {
      const source = call.getArguments()[0];
      const object = source && unwrapExpression(source);
      const start = Node.isObjectLiteralExpression(object) ? propertyValue(object, STREAM_START_METHOD) : undefined;
      const fn = start && unwrapExpression(start);
      return isFunctionLike(fn) ? { type: 'runs', fns: [fn] } : { type: 'unknown' };
    }
    return { type: 'unknown' };
  }

  #classify(call: CallExpression, frame: Frame, trail: Trail): CallKind {
    const callee = unwrapExpression(call.getExpression());
    const args = call.getArguments();
    if (isFunctionLike(callee)) return { type: 'inline' };
    const name = Node.isIdentifier(callee) ? callee.getText() : memberName(callee);

    if (Node.isIdentifier(callee)) {
      const param = this.#parameterOf(callee);
      const bound = param && frame.bindings.get(param);
      if (bound) return this.#classifyTarget(bound, name ?? 'function', args, trail);
    }

    const timer = this.#timer(call, trail);
    if (timer) return timer;

    const knowledge = this.#resolver.knowledge;
    if ((Node.isPropertyAccessExpression(callee) || Node.isElementAccessExpression(callee)) && name !== undefined) {
      const receiver = this.#resolver.instanceType(callee.getExpression(), trail);
      if (receiver !== undefined) {
        const op = knowledge.operation(receiver, name);
        if (op) return kindOfOperation(op);
        if (knowledge.handler(receiver, 'callbacks', name)) return { type: 'registration' };
      }
      if (LISTENER_METHODS.has(name) || ONCE_LISTENER_METHODS.has(name)) return { type: 'registration' };
      if ((ITERATION_CALLBACK_METHODS.has(name) || PROMISE_METHODS.has(name)) && args.some((a) => isFunctionLike(unwrapExpression(a)))) {
        return { type: 'inline' };
      }
    }
    const op = this.#resolver.operationOf(callee, trail);
    if (op) return kindOfOperation(op);
    const value = this.#resolver.resolve(callee, trail);
    if (value?.kind === 'member' && knowledge.handler(value.owner, 'callbacks', value.name)) return { type: 'registration' };
    return this.#classifyTarget(callee, name ?? 'function', args, trail);
  }

  #classifyTarget(target: Node, name: string, args: readonly Node[], trail: Trail): CallKind {
    const t = unwrapExpression(target);
    if (isFunctionLike(t)) return { type: 'function', fn: t, name, args };
    // `const getStats = unstable_cache(…)` here or in another module, `= cache(…)` (React), `= withCache(…)`.
    if (Node.isIdentifier(t) || Node.isPropertyAccessExpression(t)) {
      for (const decl of this.#resolver.declarationsOf(t, trail)) {
        if (!Node.isVariableDeclaration(decl)) continue;
        const init = decl.getInitializer();
        const call = init && unwrapExpression(init);
        if (!Node.isCallExpression(call)) continue;
        const wrapper = unwrapExpression(call.getExpression());
        const wrapperName = Node.isIdentifier(wrapper) ? wrapper.getText() : memberName(wrapper);
        const op = this.#resolver.operationOf(wrapper, trail);
        if (op?.kind === 'cache-wrap' || isHelperName(wrapperName, this.#scope) || isHelperName(importedName(wrapper), this.#scope)) {
          return { type: 'cache-read' };
        }
        if (op?.kind === 'request-memo') {
          const wrapped = call.getArguments()[op.fn];
          const fn = wrapped && this.#functionOf(wrapped, trail);
          if (fn) return { type: 'function', fn, name, args };
        }
      }
    }
    if (isHelperName(name, this.#scope) || isHelperName(importedName(t), this.#scope)) return { type: 'cache-read' };
    const fn = this.#functionOf(t, trail);
    if (fn) return { type: 'function', fn, name, args };
    if (looksLikeCacheRead(name)) return { type: 'cache-read' };
    return { type: 'unknown' };
  }

  #timer(call: CallExpression, trail: Trail): CallKind | undefined {
    const callee = unwrapExpression(call.getExpression());
    const value = this.#resolver.resolve(callee, trail);
    const callbackArg = call.getArguments()[0];
    if (value?.kind === 'member' && this.#resolver.knowledge.handler(value.owner, 'callbacks', value.name)?.kind === 'timer') {
      const callback = callbackArg && this.#functionOf(callbackArg, trail);
      return callback ? { type: 'timer', callback, timer: `\`${value.name}\`` } : { type: 'registration' };
    }
    if (!this.#isOneShotTimer(callee)) return undefined;
    const callback = callbackArg && this.#functionOf(callbackArg, trail);
    if (!callback) return { type: 'registration' };
    const loop = this.#enclosingLoopFunction(call, callback);
    if (loop) return { type: 'timer', callback: loop, timer: 'a self-rescheduling `setTimeout`' };
    if (this.#isSelfScheduling(callback)) return { type: 'timer', callback, timer: 'a self-rescheduling `setTimeout`' };
    return { type: 'registration' };
  }

  #isOneShotTimer(callee: Node): boolean {
    if (!Node.isIdentifier(callee) || callee.getText() !== ONE_SHOT_TIMER) return false;
    const decls = callee.getSymbol()?.getDeclarations() ?? [];
    if (decls.length === 0 || decls.every((d) => d.getSourceFile().isDeclarationFile())) return true;
    return decls.some((d) => Node.isImportSpecifier(d) && TIMER_MODULES.has(importedFrom(d) ?? ''));
  }

  #enclosingLoopFunction(call: Node, callback: FunctionLike): FunctionLike | undefined {
    for (let n = call.getParent(); n; n = n.getParent()) {
      if (!isFunctionLike(n)) continue;
      if (n === callback || this.#refersTo(callback, n)) return n;
    }
    return undefined;
  }

  #isSelfScheduling(fn: FunctionLike): boolean {
    const known = this.#selfScheduling.get(fn);
    if (known !== undefined) return known;
    this.#selfScheduling.set(fn, false);
    let found = false;
    for (const call of callsWithin(fn)) {
      if (!this.#isOneShotTimer(unwrapExpression(call.getExpression()))) continue;
      const arg = call.getArguments()[0];
      const cb = arg && this.#functionOf(arg, new Set());
      if (cb && (cb === fn || this.#refersTo(cb, fn))) {
        found = true;
        break;
      }
    }
    this.#selfScheduling.set(fn, found);
    return found;
  }

  #refersTo(fn: FunctionLike, target: FunctionLike): boolean {
    return fn.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => {
      const value = this.#resolver.resolve(id, new Set());
      return value?.kind === 'function' && value.node === target;
    });
  }

  // --- queries -----------------------------------------------------------------------------

  #recordQuery(node: CallExpression | NewExpression | TaggedTemplateExpression, op: Extract<OperationDef, { kind: 'query' }>, frame: Frame, trail: Trail): void {
    if (Node.isCallExpression(node) && this.#innerQueryLink(node)) return;
    let shape: QueryShape = op.shape;
    let engine = op.engine;
    for (const link of this.#outerLinks(node)) {
      shape = strongerShape(shape, link.shape);
      engine ??= link.engine;
    }
    const cost = this.#cost(node, shape, op.text, trail);
    this.#queries.push({
      node,
      cost,
      ...(engine !== undefined ? { engine } : {}),
      path: frame.path,
      inPoller: frame.inPoller,
      crossed: frame.crossed || leftFile(trail, frame.origin) || node.getSourceFile() !== frame.origin,
    });
  }

  #innerQueryLink(call: CallExpression): boolean {
    const callee = unwrapExpression(call.getExpression());
    if (!Node.isPropertyAccessExpression(callee)) return false;
    const inner = unwrapExpression(callee.getExpression());
    const trail: Trail = new Set();
    if (Node.isCallExpression(inner)) return this.#resolver.operationOf(inner.getExpression(), trail)?.kind === 'query';
    if (Node.isTaggedTemplateExpression(inner)) return this.#resolver.operationOf(inner.getTag(), trail)?.kind === 'query';
    return false;
  }

  *#outerLinks(node: Node): Generator<Extract<OperationDef, { kind: 'query' }>> {
    let current: Node = node;
    for (;;) {
      const member = current.getParent();
      const call = member?.getParent();
      if (!Node.isPropertyAccessExpression(member) || member.getExpression() !== current || !Node.isCallExpression(call) || call.getExpression() !== member) return;
      const receiver = this.#resolver.instanceType(current, new Set());
      const op = receiver === undefined ? undefined : this.#resolver.knowledge.operation(receiver, member.getName());
      if (op?.kind === 'query') yield op;
      current = call;
    }
  }

  #cost(node: CallExpression | NewExpression | TaggedTemplateExpression, shape: QueryShape, text: QueryTextDef | undefined, trail: Trail): QueryCost {
    let sql: string | undefined;
    if (Node.isTaggedTemplateExpression(node)) sql = templateText(node.getTemplate());
    else if (text) {
      const arg = node.getArguments()[text.arg];
      sql = arg && this.#text(arg, text.options ?? [], 0, trail);
    }
    if (shape !== 'sql') {
      const reading = sql === undefined ? undefined : readDashboardSql(sql, this.#scope.precomputedTables);
      return { cost: shape, precomputed: reading?.precomputed ?? false };
    }
    if (sql === undefined) return { cost: 'unknown', precomputed: false };
    const reading = readDashboardSql(sql, this.#scope.precomputedTables);
    return { cost: reading.cost, precomputed: reading.precomputed, ...(reading.reason !== undefined ? { reason: reading.reason } : {}) };
  }

  /** Query text: literals, templates, `+`, constants (in any module), `{ text }` objects. */
  #text(node: Node, options: readonly string[], depth: number, trail: Trail): string | undefined {
    if (depth > MAX_TEXT_DEPTH) return undefined;
    const n = unwrapExpression(node);
    if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return n.getLiteralValue();
    if (Node.isTemplateExpression(n)) return templateText(n);
    if (Node.isTaggedTemplateExpression(n)) return templateText(n.getTemplate());
    if (Node.isBinaryExpression(n)) {
      if (n.getOperatorToken().getKind() !== SyntaxKind.PlusToken) return undefined;
      const left = this.#text(n.getLeft(), [], depth + 1, trail);
      const right = this.#text(n.getRight(), [], depth + 1, trail);
      return left === undefined && right === undefined ? undefined : `${left ?? PLACEHOLDER_CHAR}${right ?? PLACEHOLDER_CHAR}`;
    }
    if (Node.isIdentifier(n) || Node.isPropertyAccessExpression(n)) {
      for (const decl of this.#resolver.declarationsOf(n, trail)) {
        if (Node.isVariableDeclaration(decl)) {
          const init = decl.getInitializer();
          if (init) return this.#text(init, options, depth + 1, trail);
        }
        if (Node.isPropertyAssignment(decl)) {
          const init = decl.getInitializer();
          if (init) return this.#text(init, options, depth + 1, trail);
        }
      }
      return undefined;
    }
    if (Node.isObjectLiteralExpression(n)) {
      for (const option of options) {
        const value = propertyValue(n, option);
        if (value) return this.#text(value, [], depth + 1, trail);
      }
    }
    return undefined;
  }
}

function kindOfOperation(op: OperationDef): CallKind {
  switch (op.kind) {
    case 'query':
      return { type: 'query', op };
    case 'cache-read':
    case 'cache-wrap':
      return { type: 'cache-read' };
    default:
      return { type: 'unknown' };
  }
}

/** The global web stream class (declared only in the default libraries), or one imported from `node:stream/web`. */
function isWebStream(callee: Node): boolean {
  const decls = callee.getSymbol()?.getDeclarations() ?? [];
  if (decls.length === 0 || decls.every((d) => d.getSourceFile().isDeclarationFile())) return true;
  return decls.some((d) => Node.isImportSpecifier(d) && WEB_STREAM_MODULES.has(importedFrom(d) ?? ''));
}

/** `withCache` for `wc` in `import { withCache as wc } from …`: `cache.helpers` names the export. */
function importedName(node: Node): string | undefined {
  if (!Node.isIdentifier(node)) return undefined;
  for (const decl of node.getSymbol()?.getDeclarations() ?? []) {
    if (Node.isImportSpecifier(decl)) return decl.getName();
  }
  return undefined;
}

function leftFile(trail: Trail, origin: SourceFile): boolean {
  for (const file of trail) if (file !== origin) return true;
  return false;
}

function templateText(template: Node): string {
  if (Node.isNoSubstitutionTemplateLiteral(template)) return template.getLiteralValue();
  if (!Node.isTemplateExpression(template)) return '';
  const parts = [template.getHead().getLiteralText(), ...template.getTemplateSpans().map((s) => s.getLiteral().getLiteralText())];
  return parts.join(PLACEHOLDER_CHAR);
}

function propertyValue(object: import('ts-morph').ObjectLiteralExpression, name: string): Node | undefined {
  const prop = object.getProperty(name);
  if (Node.isPropertyAssignment(prop)) return prop.getInitializer();
  if (Node.isShorthandPropertyAssignment(prop)) return prop.getNameNode();
  if (Node.isMethodDeclaration(prop)) return prop;
  return undefined;
}

function httpVerbs(node: Node | undefined): string[] {
  if (!node) return [];
  const n = unwrapExpression(node);
  const single = stringLiteralValue(n);
  if (single !== undefined) return [single.toUpperCase()];
  if (Node.isArrayLiteralExpression(n)) return n.getElements().flatMap((e) => httpVerbs(e));
  return [];
}

function chainedRoutePath(object: Node): string | undefined {
  let n = unwrapExpression(object);
  while (Node.isCallExpression(n)) {
    const callee = unwrapExpression(n.getExpression());
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    if (callee.getName() === 'route') return stringLiteralValue(n.getArguments()[0]);
    n = unwrapExpression(callee.getExpression());
  }
  return undefined;
}

function nextLabel(name: string): string {
  return name === NEXT_SERVER_PROPS_EXPORT ? '`getServerSideProps`' : `the Next.js ${name} route handler`;
}

function nextSegmentIsCached(file: SourceFile): boolean {
  for (const statement of file.getVariableStatements()) {
    if (!statement.isExported()) continue;
    for (const decl of statement.getDeclarations()) {
      const init = decl.getInitializer();
      if (!init) continue;
      const value = unwrapExpression(init);
      if (decl.getName() === NEXT_REVALIDATE_EXPORT) {
        if (Node.isFalseLiteral(value) || (Node.isNumericLiteral(value) && value.getLiteralValue() > 0)) return true;
      }
      if (decl.getName() === NEXT_DYNAMIC_EXPORT && NEXT_STATIC_DYNAMIC_VALUES.has(stringLiteralValue(value) ?? '')) return true;
    }
  }
  return false;
}

function hasUseCacheDirective(node: FunctionLike | SourceFile): boolean {
  const statements = Node.isSourceFile(node) ? node.getStatements() : ((): Node[] => {
    const body = node.getBody();
    return body && Node.isBlock(body) ? body.getStatements() : [];
  })();
  for (const statement of statements) {
    if (!Node.isExpressionStatement(statement)) return false;
    const expression = statement.getExpression();
    if (!Node.isStringLiteral(expression)) return false;
    if (USE_CACHE_DIRECTIVE.test(expression.getLiteralValue())) return true;
  }
  return false;
}

/**
 * One hit per node. A same-file path wins over one through another module, whichever the walk
 * met first, so the finding reads as the editor's rule finding does for the same pair.
 */
function dedupe<T extends { node: Node; crossed: boolean }>(hits: readonly T[]): T[] {
  const kept = new Map<Node, T>();
  for (const hit of hits) {
    const before = kept.get(hit.node);
    if (!before || (before.crossed && !hit.crossed)) kept.set(hit.node, hit);
  }
  return [...kept.values()];
}
