/**
 * Builds the pipeline map from the ts-morph program: which values are Kafka consumers and
 * producers, HTTP routes, socket servers, stream stages, databases, caches and metrics comes from
 * the knowledge tables through the same import tracking the other analyzers use (MorphResolver),
 * never from names. Entry points (consumer handlers, routes, socket listeners, stream stages,
 * timers that reach a sink) are walked, following calls into project functions, and every query,
 * cache call, metric record and producer send on the way becomes an edge to that sink.
 */
import path from 'node:path';
import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import type { PipelineEdge, PipelineGraph, PipelineNode, PipelineNodeKind, PipelineScope } from '../../findings/pipeline.js';
import type { TypeId } from '../../knowledge/model.js';
import { KAFKA_CONSUMER_GROUPS, type ConsumerGroupDef } from '../../knowledge/libraries/kafka.js';
import { MOUNTED_ROUTERS } from '../../knowledge/libraries/http-frameworks.js';
import { PRODUCER_SENDS, type ProducerSend } from '../../knowledge/producer-sends.js';
import { LISTENER_METHODS, MANAGED_PIPELINE_FUNCTIONS } from '../../knowledge/generic.js';
import { LIBRARIES } from '../../knowledge/registry.js';
import { MorphResolver, isFunctionLike, memberName, unwrapExpression, type FunctionLike, type Trail } from '../dashboard-queries/resolve.js';
import { MetricCollector, constInitializer, constantString } from '../sla-coverage/metrics.js';
import { callsIn, callsWithin, newsIn } from '../calls.js';

/** How many project calls deep a walk from an entry point follows. */
const MAX_DEPTH = 5;
/** Stream types whose subclasses in the project are stages. */
const STREAM_TYPES: readonly TypeId[] = ['node:stream.Readable', 'node:stream.Writable'];
const SOCKET_TYPE: TypeId = 'node:net.Socket';
const SEND_METHODS: ReadonlySet<string> = new Set(PRODUCER_SENDS.map((s) => s.method));
const LIBRARY_CALLBACKS = LIBRARIES.flatMap((library) => Object.values(library.types).flatMap((type) => Object.entries(type.callbacks ?? {})));
/** Functions that run a callback on a timer (`setInterval`), from the tables. */
const TIMER_NAMES: ReadonlySet<string> = new Set(LIBRARY_CALLBACKS.filter(([, def]) => def.kind === 'timer').map(([name]) => name));
/**
 * Every name under which something the map draws is registered, subscribed, sent or chained, from
 * the tables: calls by other names are skipped before anything is resolved.
 */
const ENTRY_NAMES: ReadonlySet<string> = new Set([
  ...LIBRARY_CALLBACKS.map(([name]) => name),
  ...LIBRARIES.flatMap((library) => Object.values(library.types).flatMap((type) => Object.keys(type.optionHandlers ?? {}))),
  ...LISTENER_METHODS,
  ...Object.values(KAFKA_CONSUMER_GROUPS).flatMap((group) => [...group.join, ...group.manual]),
  ...SEND_METHODS,
  ...MANAGED_PIPELINE_FUNCTIONS,
  'pipe',
  'use',
]);

/** What one function does by itself: the sink nodes it touches, the project functions it calls. */
interface Effects {
  sinks: Set<string>;
  calls: FunctionLike[];
}

export class PipelineMapBuilder {
  readonly #resolver = new MorphResolver();
  readonly #metrics = new MetricCollector(this.#resolver);
  readonly #nodes = new Map<string, PipelineNode>();
  readonly #edges: PipelineEdge[] = [];
  /** Declarations of routers mounted under a path: `app.use('/api', router)`. */
  readonly #mounts = new Map<Node, string>();
  /** Project stream classes, by declaration. */
  readonly #stages = new Map<Node, string>();
  readonly #effectsCache = new Map<Node, Effects>();
  /** The call expressions of each file, collected once. */
  readonly #calls = new Map<SourceFile, CallExpression[]>();

  constructor(
    private readonly root: string,
    /** Absolute paths of the audited files: walks do not leave them. */
    private readonly audited: ReadonlySet<string>,
  ) {}

  build(files: readonly SourceFile[]): PipelineGraph {
    for (const file of files) this.#collectMountsAndStages(file);
    for (const file of files) this.#collectEntries(file);
    for (const file of files) this.#collectTimers(file);
    return { nodes: [...this.#nodes.values()], edges: this.#edges };
  }

  // --- nodes ---------------------------------------------------------------------------------

  #relative(file: SourceFile): string {
    return path.relative(this.root, file.getFilePath()).split(path.sep).join('/');
  }

  #line(node: Node): number {
    return node.getSourceFile().getLineAndColumnAtPos(node.getStart()).line;
  }

  #scope(node: Node, direct: boolean): PipelineScope {
    const file = node.getSourceFile();
    return {
      file: this.#relative(file),
      startLine: file.getLineAndColumnAtPos(node.getStart()).line,
      endLine: file.getLineAndColumnAtPos(node.getEnd()).line,
      direct,
    };
  }

  #node(kind: PipelineNodeKind, at: Node, key: string, label: string, detail?: string): PipelineNode {
    const file = this.#relative(at.getSourceFile());
    const line = this.#line(at);
    const id = `${kind}:${key}`;
    let node = this.#nodes.get(id);
    if (!node) {
      node = { id, kind, label, file, line, ...(detail !== undefined ? { detail } : {}) };
      this.#nodes.set(id, node);
    }
    return node;
  }

  #addScope(node: PipelineNode, scope: PipelineScope): void {
    const scopes = (node.scopes ??= []);
    const same = scopes.find((s) => s.file === scope.file && s.startLine === scope.startLine && s.endLine === scope.endLine);
    if (!same) scopes.push(scope);
    else if (scope.direct) same.direct = true;
  }

  #edge(from: string, to: string): void {
    if (from !== to && !this.#edges.some((e) => e.from === from && e.to === to)) this.#edges.push({ from, to });
  }

  /**
   * The declaration that identifies the value an expression holds (`const pool = new Pool()`,
   * a class field, an object property), so every use of one client is one node. A parameter or
   * anything else without a declaration of its own gives undefined.
   */
  #identity(expression: Node): Node | undefined {
    const n = unwrapExpression(expression);
    if (Node.isNewExpression(n) || Node.isCallExpression(n)) {
      // `const pool = new Pool()`: the declaration, as for every later use of `pool`.
      let holder: Node | undefined = n.getParent();
      while (holder && (Node.isParenthesizedExpression(holder) || Node.isAsExpression(holder) || Node.isNonNullExpression(holder) || Node.isSatisfiesExpression(holder))) holder = holder.getParent();
      return (Node.isVariableDeclaration(holder) || Node.isPropertyDeclaration(holder)) && holder.getInitializer() !== undefined ? holder : n;
    }
    if (!Node.isIdentifier(n) && !Node.isPropertyAccessExpression(n)) return undefined;
    return this.#resolver
      .declarationsOf(n, new Set())
      .find((d) => Node.isVariableDeclaration(d) || Node.isPropertyDeclaration(d) || Node.isPropertyAssignment(d) || Node.isBindingElement(d));
  }

  #key(at: Node): string {
    return `${this.#relative(at.getSourceFile())}:${String(this.#line(at))}:${String(at.getSourceFile().getLineAndColumnAtPos(at.getStart()).column)}`;
  }

  /** The node of a client value (database, cache, producer, consumer, socket server): one per declaration, else one per type. */
  #instanceNode(kind: PipelineNodeKind, expression: Node, type: TypeId, detail: string | undefined, label?: (declaration: Node) => string | undefined): PipelineNode {
    const declaration = this.#identity(expression);
    if (!declaration) return this.#node(kind, expression, type, shortType(type), detail);
    const name = label?.(declaration) ?? declarationName(declaration);
    return this.#node(kind, declaration, this.#key(declaration), name, detail);
  }

  #isA(type: TypeId | undefined, ids: readonly TypeId[]): boolean {
    if (type === undefined) return false;
    for (const [id] of this.#resolver.knowledge.lineage(type)) if (ids.includes(id)) return true;
    return false;
  }

  // --- pass 1: router mounts and stream classes ------------------------------------------------

  #callsOf(file: SourceFile): CallExpression[] {
    let calls = this.#calls.get(file);
    if (!calls) {
      calls = [...callsIn(file)];
      this.#calls.set(file, calls);
    }
    return calls;
  }

  #collectMountsAndStages(file: SourceFile): void {
    for (const call of this.#callsOf(file)) {
      const callee = unwrapExpression(call.getExpression());
      if (memberName(callee) !== 'use' || !(Node.isPropertyAccessExpression(callee) || Node.isElementAccessExpression(callee))) continue;
      const [first, ...rest] = call.getArguments();
      const prefix = first === undefined ? undefined : constantString(first);
      if (prefix === undefined) continue;
      for (const arg of rest) {
        const type = this.#resolver.instanceType(arg, new Set());
        const declaration = type !== undefined && [...MOUNTED_ROUTERS].some((r) => this.#isA(type, [r])) ? this.#identity(arg) : undefined;
        if (declaration) this.#mounts.set(declaration, prefix.replace(/\/+$/, ''));
      }
    }
    for (const cls of file.getDescendantsOfKind(SyntaxKind.ClassDeclaration)) {
      if (!cls.getExtends()) continue;
      const name = cls.getNameNode();
      const value = name ? this.#resolver.resolve(name, new Set()) : undefined;
      if (value?.kind !== 'constructor' || !this.#isA(value.instance, STREAM_TYPES)) continue;
      const node = this.#node('stage', cls, this.#key(cls), cls.getName() ?? 'stream stage', shortType(value.instance));
      this.#addScope(node, this.#scope(cls, true));
      this.#stages.set(cls, node.id);
    }
  }

  // --- pass 2: consumers, producers, routes, sockets, stages ----------------------------------

  #collectEntries(file: SourceFile): void {
    for (const [cls, id] of this.#stages) {
      if (cls.getSourceFile() === file) this.#walk(id, [cls]);
    }
    for (const call of this.#callsOf(file)) {
      const callee = unwrapExpression(call.getExpression());
      const name = Node.isIdentifier(callee) ? callee.getText() : memberName(callee);
      if (name === undefined || !ENTRY_NAMES.has(name)) continue;
      try {
        this.#entryCall(call);
      } catch {
        // One call the resolver cannot follow does not cost the rest of the map.
      }
    }
    for (const expression of newsIn(file)) {
      const type = this.#resolver.instanceType(expression, new Set());
      if (type !== undefined && this.#socketServerRole(type)) this.#socketServer(expression, type);
    }
  }

  #socketServerRole(type: TypeId): boolean {
    const k = this.#resolver.knowledge;
    return k.hasRole(type, 'ws-server') || k.hasRole(type, 'socketio-server');
  }

  #socketServer(expression: Node, type: TypeId): PipelineNode {
    const first = Node.isNewExpression(expression) || Node.isCallExpression(expression) ? expression.getArguments()[0] : undefined;
    const options = first === undefined ? undefined : unwrapExpression(first);
    const route = Node.isObjectLiteralExpression(options) ? propertyString(options, 'path') : undefined;
    const library = this.#resolver.knowledge.hasRole(type, 'socketio-server') ? 'socket.io' : 'ws';
    const node = this.#instanceNode('socket', expression, type, library, () => (route !== undefined ? `WebSocket ${route}` : undefined));
    // A server set up inside a function: that function wires its timers and listeners.
    const setup = enclosingFunction(expression);
    if (setup && !this.#hasScope(node, setup)) {
      this.#addScope(node, this.#scope(setup, true));
      this.#walk(node.id, [setup]);
    }
    return node;
  }

  #hasScope(node: PipelineNode, at: Node): boolean {
    const scope = this.#scope(at, true);
    return (node.scopes ?? []).some((s) => s.file === scope.file && s.startLine === scope.startLine && s.endLine === scope.endLine);
  }

  #entryCall(call: CallExpression): void {
    const callee = unwrapExpression(call.getExpression());
    const args = call.getArguments();
    const knowledge = this.#resolver.knowledge;
    if (Node.isPropertyAccessExpression(callee) || Node.isElementAccessExpression(callee)) {
      const method = memberName(callee);
      const receiver = callee.getExpression();
      const type = method === undefined ? undefined : this.#resolver.instanceType(receiver, new Set());
      if (method === undefined || type === undefined) {
        if (method === 'pipe') this.#pipeChain(call);
        return;
      }
      const group = consumerGroup(type, (t, ids) => this.#isA(t, ids));
      if (group && (group.join.includes(method) || group.manual.includes(method))) {
        const consumer = this.#consumer(receiver, type, group);
        for (const topic of this.#topics(args[group.topicsArgument])) this.#edge(this.#topic(topic, call).id, consumer.id);
        return;
      }
      const options = args[0] === undefined ? undefined : unwrapExpression(args[0]);
      if (Node.isObjectLiteralExpression(options)) {
        for (const property of options.getProperties()) {
          if (!Node.isPropertyAssignment(property) && !Node.isMethodDeclaration(property) && !Node.isShorthandPropertyAssignment(property)) continue;
          const def = knowledge.optionHandler(type, method, property.getName());
          const fn = Node.isMethodDeclaration(property) ? property : this.#functionOf(Node.isPropertyAssignment(property) ? property.getInitializerOrThrow() : property.getNameNode());
          if (!def || !fn) continue;
          if (def.kind === 'consumer-message' || def.kind === 'consumer-batch') {
            this.#handler(group ? this.#consumer(receiver, type, group) : this.#instanceNode('consumer', receiver, type, shortType(type)), fn);
          } else if (def.kind === 'request') {
            this.#route(call, receiver, method, [fn], options);
          }
        }
      }
      if (LISTENER_METHODS.has(method)) {
        this.#listener(call, receiver, type, args);
        return;
      }
      if (knowledge.handler(type, 'callbacks', method)?.kind === 'request' && method !== 'use') {
        const fns = args.flatMap((a) => this.#functionOf(a) ?? []);
        if (fns.length > 0) this.#route(call, receiver, method, fns, undefined);
        return;
      }
      if (method === 'pipe') this.#pipeChain(call);
      for (const send of PRODUCER_SENDS) {
        if (send.method === method && this.#isA(type, send.types)) this.#send(call, receiver, type, send);
      }
      return;
    }
    if (Node.isIdentifier(callee) && MANAGED_PIPELINE_FUNCTIONS.has(callee.getText())) this.#pipelineCall(call);
    const value = this.#resolver.resolve(callee, new Set());
    if (value?.kind === 'member' && knowledge.handler(value.owner, 'callbacks', value.name)?.kind === 'request') {
      const fns = args.flatMap((a) => this.#functionOf(a) ?? []);
      if (fns.length > 0) this.#handler(this.#node('route', call, this.#key(call), 'HTTP requests', value.owner.replace(/^node:/, '')), ...fns);
    }
  }

  /** `x.on(event, fn)`: connection and message handlers of sockets, request listeners, instrumentation of consumers. */
  #listener(call: CallExpression, receiver: Node, type: TypeId, args: readonly Node[]): void {
    const knowledge = this.#resolver.knowledge;
    const fns = args.slice(1).flatMap((a) => this.#functionOf(a) ?? []);
    if (fns.length === 0) return;
    const event = args[0] === undefined ? undefined : constantString(args[0]);
    const def = event === undefined ? undefined : knowledge.handler(type, 'events', event);
    const group = consumerGroup(type, (t, ids) => this.#isA(t, ids));
    if (group) {
      // Every listener on a consumer (messages, instrumentation events) is part of it.
      this.#handler(this.#consumer(receiver, type, group), ...fns);
      return;
    }
    if (this.#socketServerRole(type) || def?.kind === 'connection') {
      const declaration = this.#identity(receiver);
      const server = declaration && Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
      const node = server && this.#socketServerRole(type) ? this.#socketServer(server, type) : this.#instanceNode('socket', receiver, type, shortType(type));
      this.#handler(node, ...fns);
      return;
    }
    if (def?.kind === 'request') {
      this.#handler(this.#instanceNode('route', receiver, type, 'http', () => 'HTTP requests'), ...fns);
      return;
    }
    if (def?.kind === 'socket-message' && this.#identity(receiver) !== undefined) {
      this.#handler(this.#instanceNode('socket', receiver, type, shortType(type)), ...fns);
    }
  }

  #consumer(receiver: Node, type: TypeId, group: ConsumerGroupDef): PipelineNode {
    return this.#instanceNode('consumer', receiver, type, `${libraryOf(type)} group`, (declaration) => {
      const init = Node.isVariableDeclaration(declaration) || Node.isPropertyDeclaration(declaration) ? declaration.getInitializer() : undefined;
      const call = init === undefined ? undefined : unwrapExpression(init);
      if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return undefined;
      const options = call.getArguments()[group.groupId.argument];
      const object = options === undefined ? undefined : unwrapExpression(options);
      if (!Node.isObjectLiteralExpression(object)) return undefined;
      for (const route of group.groupId.paths) {
        const value = propertyPath(object, route);
        const id = value === undefined ? undefined : constantString(value);
        if (id !== undefined) return id;
      }
      return undefined;
    });
  }

  #topic(name: string, at: Node): PipelineNode {
    return this.#node('topic', at, name, name);
  }

  /** The topics a subscribe/assign/send argument names: strings, constants, arrays, `{ topic }`, `{ topics }`. */
  #topics(argument: Node | undefined, depth = 0): string[] {
    if (!argument || depth > 4) return [];
    const n = unwrapExpression(argument);
    const text = constantString(n);
    if (text !== undefined) return [text];
    if (Node.isRegularExpressionLiteral(n)) return [n.getText()];
    if (Node.isArrayLiteralExpression(n)) return n.getElements().flatMap((e) => this.#topics(e, depth + 1));
    if (Node.isObjectLiteralExpression(n)) {
      const one = propertyPath(n, ['topic']);
      const many = propertyPath(n, ['topics']);
      return [...this.#topics(one, depth + 1), ...this.#topics(many, depth + 1)];
    }
    if (Node.isIdentifier(n)) {
      const init = constInitializer(n);
      if (init) return this.#topics(init, depth + 1);
      // In `{ topic }` the name is the property; its value is the variable of that name.
      const shorthand = n.getParent();
      const declarations = Node.isShorthandPropertyAssignment(shorthand) ? (shorthand.getValueSymbol()?.getDeclarations() ?? []) : this.#resolver.declarationsOf(n, new Set());
      const parameter = declarations.find((d) => Node.isParameterDeclaration(d));
      if (parameter) {
        const passed = this.#callerArguments(parameter).flatMap((arg) => this.#topics(arg, depth + 1));
        return passed.length > 0 ? [...new Set(passed)] : [`‹${n.getText()}›`];
      }
    }
    return [`‹${truncate(n.getText().replace(/\s+/g, ' '), 40)}›`];
  }

  /** What the project's calls of a function pass for one of its parameters (`publish(CLICKS_TOPIC, …)`). */
  #callerArguments(parameter: Node): Node[] {
    const fn = parameter.getParent();
    if (!fn || !isFunctionLike(fn) || !Node.isParameterDeclaration(parameter)) return [];
    const index = fn.getParameters().indexOf(parameter);
    const holder = fn.getParent();
    const name = Node.isFunctionDeclaration(fn) ? fn.getNameNode() : Node.isVariableDeclaration(holder) ? holder.getNameNode() : undefined;
    if (!name || !Node.isIdentifier(name) || index < 0) return [];
    return name.findReferencesAsNodes().flatMap((reference) => {
      const call = reference.getParent();
      if (!Node.isCallExpression(call) || call.getExpression() !== reference) return [];
      if (!this.audited.has(path.resolve(call.getSourceFile().getFilePath()))) return [];
      const arg = call.getArguments()[index];
      return arg === undefined || Node.isSpreadElement(arg) ? [] : [arg];
    });
  }

  #send(call: CallExpression, receiver: Node, type: TypeId, send: ProducerSend): void {
    const producer = this.#instanceNode('producer', receiver, type, libraryOf(type));
    const args = call.getArguments();
    const shape = send.shape;
    const topics =
      shape.kind === 'positional'
        ? this.#topics(args[shape.topicArgument])
        : shape.kind === 'record'
          ? this.#topics(objectProperty(args[0], shape.topic))
          : (() => {
              const list = objectProperty(args[0], shape.list);
              const array = list === undefined ? undefined : unwrapExpression(list);
              const items = Node.isArrayLiteralExpression(array) ? array.getElements() : [];
              return items.flatMap((item) => this.#topics(objectProperty(item, shape.topic)));
            })();
    for (const topic of topics) this.#edge(producer.id, this.#topic(topic, call).id);
  }

  #route(call: CallExpression, receiver: Node, method: string, fns: readonly FunctionLike[], options: Node | undefined): void {
    const args = call.getArguments();
    let route = options && Node.isObjectLiteralExpression(options) ? (propertyString(options, 'url') ?? propertyString(options, 'path')) : args[0] === undefined ? undefined : constantString(args[0]);
    let verb = method.toUpperCase();
    if (options && Node.isObjectLiteralExpression(options)) {
      const declared = propertyPath(options, ['method']);
      verb = (declared === undefined ? undefined : constantString(declared))?.toUpperCase() ?? 'ROUTE';
    }
    // `router.route('/path').get(handler)`: the path is on the chain.
    let base = unwrapExpression(receiver);
    if (route === undefined && Node.isCallExpression(base) && memberName(unwrapExpression(base.getExpression())) === 'route') {
      const first = base.getArguments()[0];
      route = first === undefined ? undefined : constantString(first);
      const inner = unwrapExpression(base.getExpression());
      if (Node.isPropertyAccessExpression(inner)) base = inner.getExpression();
    }
    const declaration = this.#identity(base);
    const prefix = declaration ? (this.#mounts.get(declaration) ?? '') : '';
    const label = `${verb} ${prefix}${route ?? ''}`.trim();
    const type = this.#resolver.instanceType(receiver, new Set());
    this.#handler(this.#node('route', call, this.#key(call), label, type === undefined ? undefined : libraryOf(type)), ...fns);
  }

  /** A readable's `.pipe()` chain, from its outermost call: consecutive project stages are connected. */
  #pipeChain(call: CallExpression): void {
    const parent = call.getParent();
    if (Node.isPropertyAccessExpression(parent) && parent.getName() === 'pipe' && Node.isCallExpression(parent.getParent())) return;
    const elements: Node[] = [];
    let current: Node = call;
    while (Node.isCallExpression(current)) {
      const callee = unwrapExpression(current.getExpression());
      if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'pipe') break;
      const arg = current.getArguments()[0];
      if (arg) elements.unshift(arg);
      current = unwrapExpression(callee.getExpression());
    }
    elements.unshift(current);
    const stages = this.#connect(elements, call);
    // What reads the end of the chain (`for await (const row of chain)`) is the last stage's work.
    const last = stages.at(-1);
    let declaration: Node | undefined = call.getParent();
    while (declaration && (Node.isParenthesizedExpression(declaration) || Node.isAsExpression(declaration) || Node.isNonNullExpression(declaration) || Node.isSatisfiesExpression(declaration))) {
      declaration = declaration.getParent();
    }
    if (last && Node.isVariableDeclaration(declaration)) {
      const fn = enclosingFunction(declaration);
      for (const loop of fn?.getDescendantsOfKind(SyntaxKind.ForOfStatement) ?? []) {
        const iterated = unwrapExpression(loop.getExpression());
        if (Node.isIdentifier(iterated) && this.#resolver.declarationsOf(iterated, new Set()).includes(declaration)) {
          this.#walk(last, [loop.getStatement()]);
        }
      }
    }
  }

  /** `pipeline(a, b, c)` (and compose, pump): its stream arguments in order. */
  #pipelineCall(call: CallExpression): void {
    const streams = call.getArguments().filter((a) => this.#isA(this.#resolver.instanceType(a, new Set()), STREAM_TYPES));
    if (streams.length >= 2) this.#connect(streams, call);
  }

  /** Edges between the project stages of a chain; the chain's code belongs to its first stage. */
  #connect(elements: readonly Node[], chain: Node): string[] {
    const stages = elements.flatMap((element) => {
      const n = unwrapExpression(element);
      const target = Node.isNewExpression(n) ? n.getExpression() : n;
      if (!Node.isIdentifier(target)) return [];
      const cls = this.#resolver.declarationsOf(target, new Set()).find((d) => Node.isClassDeclaration(d));
      const id = cls === undefined ? undefined : this.#stages.get(cls);
      return id === undefined ? [] : [id];
    });
    stages.forEach((id, i) => {
      const next = stages[i + 1];
      if (next !== undefined) this.#edge(id, next);
    });
    const first = stages[0] === undefined ? undefined : this.#nodes.get(stages[0]);
    if (first) this.#addScope(first, this.#scope(chain, true));
    return stages;
  }

  /** Functions registered on a node: its own code (direct scopes), walked for what they reach. */
  #handler(node: PipelineNode, ...fns: FunctionLike[]): void {
    for (const fn of fns) {
      if (this.#hasScope(node, fn)) continue;
      this.#addScope(node, this.#scope(fn, true));
      this.#walk(node.id, [fn]);
    }
  }

  // --- pass 3: timers that reach a sink from outside every other node ----------------------------

  #collectTimers(file: SourceFile): void {
    const knowledge = this.#resolver.knowledge;
    for (const call of this.#callsOf(file)) {
      const callee = unwrapExpression(call.getExpression());
      const name = Node.isIdentifier(callee) ? callee.getText() : memberName(callee);
      if (name === undefined || !TIMER_NAMES.has(name)) continue;
      const value = this.#resolver.resolve(callee, new Set());
      if (value?.kind !== 'member' || knowledge.handler(value.owner, 'callbacks', value.name)?.kind !== 'timer') continue;
      const first = call.getArguments()[0];
      const fn = first === undefined ? undefined : this.#functionOf(first);
      if (!fn || this.#insideDirectScope(fn)) continue;
      // A timer that talks through a socket server (`io.emit`, `wss.clients`) is that server's.
      const server = this.#socketServerUsedBy(fn);
      if (server) {
        this.#handler(server, fn);
        continue;
      }
      const called = callsWithin(fn).flatMap((c) => {
        const target = this.#functionOf(c.getExpression());
        return target ? [functionName(target, c)] : [];
      });
      const label = called[0] === undefined ? `timer in ${path.posix.basename(this.#relative(file))}` : `timer: ${called[0]}()`;
      const id = `stage:${this.#key(call)}`;
      const before = this.#edges.length;
      const node = this.#node('stage', call, this.#key(call), label, value.name);
      this.#handler(node, fn);
      if (!this.#edges.slice(before).some((e) => e.from === id)) this.#nodes.delete(id);
    }
  }

  #socketServerUsedBy(fn: Node): PipelineNode | undefined {
    for (const access of fn.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
      const receiver = access.getExpression();
      const type = this.#resolver.instanceType(receiver, new Set());
      if (type === undefined || !this.#socketServerRole(type)) continue;
      const declaration = this.#identity(receiver);
      const node = declaration ? this.#nodes.get(`socket:${this.#key(declaration)}`) : undefined;
      if (node) return node;
    }
    return undefined;
  }

  #insideDirectScope(fn: Node): boolean {
    const scope = this.#scope(fn, true);
    for (const node of this.#nodes.values()) {
      for (const s of node.scopes ?? []) {
        if (s.direct && s.file === scope.file && s.startLine <= scope.startLine && scope.endLine <= s.endLine) return true;
      }
    }
    return false;
  }

  // --- walks ---------------------------------------------------------------------------------------

  /**
   * Everything `roots` reach, for `source`: the sinks each function touches itself (computed once
   * per function, whichever entry point gets there) and, breadth first up to MAX_DEPTH calls
   * deep, those of the project functions it calls or hands over. Helpers become indirect scopes.
   */
  #walk(source: string, roots: readonly Node[]): void {
    const node = this.#nodes.get(source);
    const seen = new Set<Node>(roots);
    let level: Node[] = [...roots];
    for (let depth = 0; level.length > 0; depth++) {
      const next: Node[] = [];
      for (const fn of level) {
        const effects = this.#effects(fn);
        for (const sink of effects.sinks) this.#edge(source, sink);
        if (depth >= MAX_DEPTH) continue;
        for (const callee of effects.calls) {
          if (seen.has(callee)) continue;
          seen.add(callee);
          if (node) this.#addScope(node, this.#scope(callee, false));
          next.push(callee);
        }
      }
      level = next;
    }
  }

  /** The sinks a function (or statement) touches in its own code, and the project functions it calls. */
  #effects(body: Node): Effects {
    const cached = this.#effectsCache.get(body);
    if (cached) return cached;
    const effects: Effects = { sinks: new Set(), calls: [] };
    this.#effectsCache.set(body, effects);
    for (const call of callsWithin(body)) {
      try {
        this.#callEffects(call, effects);
      } catch {
        // A construct the resolver cannot follow: the rest of the function still counts.
      }
    }
    for (const tagged of body.getDescendantsOfKind(SyntaxKind.TaggedTemplateExpression)) {
      const op = this.#resolver.operationOf(tagged.getTag(), new Set());
      const sink = op?.kind === 'query' ? this.#sink('database', tagged.getTag(), op.engine) : undefined;
      if (sink !== undefined) effects.sinks.add(sink);
    }
    return effects;
  }

  #callEffects(call: CallExpression, effects: Effects): void {
    const callee = unwrapExpression(call.getExpression());
    const trail: Trail = new Set();
    const receiver = Node.isPropertyAccessExpression(callee) || Node.isElementAccessExpression(callee) ? callee.getExpression() : undefined;
    const add = (sink: string | undefined) => {
      if (sink !== undefined) effects.sinks.add(sink);
    };
    const op = this.#resolver.operationOf(callee, trail);
    if (op?.kind === 'query') add(this.#sink('database', receiver ?? callee, op.engine));
    else if (op && (op.kind === 'cache-read' || op.kind === 'cache-write' || op.kind === 'cache-expire')) add(this.#sink('cache', receiver ?? callee, undefined));

    const record = this.#metrics.recordOf(call);
    if (record && record.measures !== 'select' && record.receiver) add(this.#metricSink(record.receiver));

    if (receiver) {
      const method = memberName(callee);
      const type = method !== undefined && SEND_METHODS.has(method) ? this.#resolver.instanceType(receiver, trail) : undefined;
      if (method !== undefined && type !== undefined) {
        for (const send of PRODUCER_SENDS) {
          if (send.method === method && this.#isA(type, send.types)) add(this.#instanceNode('producer', receiver, type, libraryOf(type)).id);
        }
      }
    } else {
      const value = this.#resolver.resolve(callee, trail);
      const made = value?.kind === 'member' ? this.#resolver.knowledge.member(value.owner, 'methods', value.name) : undefined;
      if (made !== undefined && this.#isA(made, [SOCKET_TYPE])) add(this.#tcpSink(call));
    }

    // Project functions it calls, and those it hands over (`cacheAside(key, ttl, loadStats)`).
    const handed = call.getArguments().filter((a) => {
      const n = unwrapExpression(a);
      return Node.isIdentifier(n) || Node.isPropertyAccessExpression(n);
    });
    for (const target of [callee, ...handed]) {
      const fn = this.#functionOf(target);
      if (fn && this.audited.has(path.resolve(fn.getSourceFile().getFilePath())) && !effects.calls.includes(fn)) effects.calls.push(fn);
    }
  }

  #sink(kind: 'database' | 'cache', receiver: Node, engine: string | undefined): string | undefined {
    const type = this.#resolver.instanceType(receiver, new Set());
    if (type === undefined) return undefined;
    const detail = kind === 'database' ? (engine ?? libraryOf(type)) : libraryOf(type);
    return this.#instanceNode(kind, receiver, type, detail).id;
  }

  #metricSink(receiver: Node): string | undefined {
    // `histogram.labels(...).observe()`: the instrument is the value `labels` was called on.
    let base = unwrapExpression(receiver);
    while (Node.isCallExpression(base)) {
      const callee = unwrapExpression(base.getExpression());
      if (!Node.isPropertyAccessExpression(callee)) break;
      base = unwrapExpression(callee.getExpression());
    }
    const declaration = this.#identity(base);
    const init = declaration && (Node.isVariableDeclaration(declaration) || Node.isPropertyDeclaration(declaration)) ? declaration.getInitializer() : undefined;
    const definition = init === undefined ? undefined : unwrapExpression(init);
    const found = definition === undefined ? undefined : this.#metrics.definitionAt(definition);
    const type = found?.type ?? this.#resolver.instanceType(base, new Set());
    if (type === undefined) return undefined;
    const instrument = this.#resolver.knowledge.metric(type)?.instrument;
    let name: string | undefined;
    if (found && definition && (Node.isNewExpression(definition) || Node.isCallExpression(definition))) {
      const args = definition.getArguments();
      const named = found.metric.definition?.name === 'argument' ? args[0] : objectProperty(args[0], 'name');
      name = named === undefined ? undefined : constantString(named);
    }
    const node =
      name !== undefined && declaration
        ? this.#node('metric', declaration, name, name, instrument)
        : this.#instanceNode('metric', base, type, instrument);
    return node.id;
  }

  #tcpSink(call: CallExpression): string {
    const host = objectProperty(call.getArguments()[0], 'host');
    const label = host === undefined ? 'TCP connection' : `TCP ${constantString(host) ?? truncate(host.getText(), 28)}`;
    return this.#node('socket', call, this.#key(call), label, 'node:net').id;
  }

  /** The function an expression is or names (inline, a declaration, an import of one). */
  #functionOf(expression: Node): FunctionLike | undefined {
    const n = unwrapExpression(expression);
    if (isFunctionLike(n)) return n;
    if (!Node.isIdentifier(n) && !Node.isPropertyAccessExpression(n)) return undefined;
    const value = this.#resolver.resolve(n, new Set());
    return value?.kind === 'function' ? value.node : undefined;
  }
}

function consumerGroup(type: TypeId, isA: (type: TypeId, ids: readonly TypeId[]) => boolean): ConsumerGroupDef | undefined {
  for (const [id, def] of Object.entries(KAFKA_CONSUMER_GROUPS)) if (isA(type, [id])) return def;
  return undefined;
}

function enclosingFunction(node: Node): FunctionLike | undefined {
  return node.getFirstAncestor((a): a is FunctionLike => isFunctionLike(a));
}

function functionName(fn: FunctionLike, call: Node): string {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) return fn.getName() ?? 'function';
  const holder = fn.getParent();
  if (Node.isVariableDeclaration(holder)) return holder.getName();
  return memberName(call) ?? call.getText().split('(')[0] ?? 'function';
}

function declarationName(declaration: Node): string {
  if (Node.isVariableDeclaration(declaration) || Node.isPropertyDeclaration(declaration) || Node.isPropertyAssignment(declaration) || Node.isBindingElement(declaration)) {
    return declaration.getName();
  }
  if (Node.isNewExpression(declaration) || Node.isCallExpression(declaration)) return `${truncate(declaration.getExpression().getText(), 30)}()`;
  return truncate(declaration.getText(), 30);
}

/** `pg.Pool` → `Pool`, `node:stream.Transform` → `Transform`. */
function shortType(type: TypeId): string {
  return type.slice(type.lastIndexOf('.') + 1) || type;
}

/** `ioredis.Redis` → `ioredis`, `node:net.Socket` → `node:net`. */
function libraryOf(type: TypeId): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function objectProperty(object: Node | undefined, name: string): Node | undefined {
  const n = object === undefined ? undefined : unwrapExpression(object);
  return Node.isObjectLiteralExpression(n) ? propertyPath(n, [name]) : undefined;
}

/** The value at a property path of an object literal (`{ kafkaJS: { groupId } }`); names may be quoted. */
function propertyPath(object: import('ts-morph').ObjectLiteralExpression, route: readonly string[]): Node | undefined {
  let current: Node = object;
  for (const name of route) {
    if (!Node.isObjectLiteralExpression(current)) return undefined;
    const property = current.getProperties().find((p) => (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) && p.getName().replace(/^['"]|['"]$/g, '') === name);
    if (Node.isPropertyAssignment(property)) current = unwrapExpression(property.getInitializerOrThrow());
    else if (Node.isShorthandPropertyAssignment(property)) current = property.getNameNode();
    else return undefined;
  }
  return current;
}

function propertyString(object: import('ts-morph').ObjectLiteralExpression, name: string): string | undefined {
  const value = propertyPath(object, [name]);
  return value === undefined ? undefined : constantString(value);
}
